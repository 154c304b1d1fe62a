// "Send All Pages": follows `links.next` while `meta.has_more`
// (https://developer.zendesk.com/api-reference/introduction/pagination/) and gathers every page's
// arrays into one. It stops on its own when a cursor repeats (which would loop forever), at the page cap, when
// the user cancels, and when Zendesk keeps answering 429 after the client waited Retry-After. No `vscode` import.
import type { Exchange, ExchangeOptions, RetryNotice } from '../zendesk/http';
import * as l10n from '@vscode/l10n';

export type PageFetch = (pathOrUrl: string, o: Pick<ExchangeOptions, 'signal' | 'onRetry'>) => Promise<Exchange>;

export type PagingProgress =
  { kind: 'page'; pages: number; items: number } | { kind: 'waiting'; pages: number; seconds: number; status: number };

export type StopReason = 'done' | 'cap' | 'repeated-cursor' | 'cancelled' | 'rate-limited' | 'failed';

export interface AllPagesResult {
  /** Pages that answered 2xx and were gathered. */
  pages: number;
  /** Every top-level array of every page, concatenated by key (`tickets`, sideloaded `users`, ...). */
  gathered: Record<string, unknown[]>;
  stop: StopReason;
  /** Why it stopped, in a sentence for the response tab. */
  reason: string;
  /** The last answer (the failing one when it failed), for its status and headers. */
  last?: Exchange;
  ms: number;
  size: number;
}

export interface AllPagesOptions {
  maxPages: number;
  signal?: AbortSignal;
  onProgress?: (p: PagingProgress) => void;
}

/** Zendesk's largest cursor page. */
const PAGE_SIZE = 100;

/** The first page's address: cursor pagination starts only when `page[size]` (or a cursor) is sent. */
export function firstPageTarget(target: string): string {
  if (/[?&]page(\[|%5B)(size|after|before)(\]|%5D)=/i.test(target)) return target;
  const [beforeHash, hash] = target.split('#', 2);
  const joiner = beforeHash.includes('?') ? '&' : '?';
  return `${beforeHash}${joiner}page[size]=${PAGE_SIZE}${hash !== undefined ? `#${hash}` : ''}`;
}

export async function sendAllPages(fetch: PageFetch, target: string, o: AllPagesOptions): Promise<AllPagesResult> {
  const started = Date.now();
  const gathered: Record<string, unknown[]> = {};
  const asked = new Set<string>();
  let pages = 0;
  let size = 0;
  let last: Exchange | undefined;
  let next = firstPageTarget(target);
  const result = (stop: StopReason, reason: string): AllPagesResult => ({
    pages,
    gathered,
    stop,
    reason,
    last,
    ms: Date.now() - started,
    size,
  });
  const onRetry = (n: RetryNotice): void =>
    o.onProgress?.({ kind: 'waiting', pages, seconds: n.waitSeconds, status: n.status });

  for (;;) {
    if (o.signal?.aborted) return result('cancelled', l10n.t('Cancelled after {0}.', pageCount(pages)));
    asked.add(keyOf(next));
    try {
      last = await fetch(next, { signal: o.signal, onRetry });
    } catch (e) {
      if (o.signal?.aborted) return result('cancelled', l10n.t('Cancelled after {0}.', pageCount(pages)));
      throw e;
    }
    size += last.size;
    if (last.status === 429) {
      return result(
        'rate-limited',
        l10n.t(
          'Stopped after {0}: Zendesk still answered 429 (rate limit) after waiting Retry-After.',
          pageCount(pages),
        ),
      );
    }
    if (last.status < 200 || last.status >= 300) {
      return result(
        'failed',
        l10n.t('Stopped after {0}: page {1} answered {2}.', pageCount(pages), pages + 1, last.status),
      );
    }
    const body = parseObject(last.body);
    if (!body) {
      return result('failed', l10n.t('Stopped after {0}: page {1} is not a JSON object.', pageCount(pages), pages + 1));
    }
    pages++;
    let itemsOnPage = 0;
    for (const [key, value] of Object.entries(body)) {
      if (!Array.isArray(value)) continue;
      gatherInto(gathered, key, value as unknown[]);
      itemsOnPage += value.length;
    }
    o.onProgress?.({ kind: 'page', pages, items: Object.values(gathered).reduce((n, a) => n + a.length, 0) });

    const meta = body.meta as { has_more?: unknown } | undefined;
    const links = body.links as { next?: unknown } | undefined;
    if (meta?.has_more !== true) return result('done', l10n.t('All {0}: has_more is false.', pageCount(pages)));
    // When the total is a multiple of the page size, the last full page may still say has_more.
    if (itemsOnPage === 0) return result('done', l10n.t('All {0}: the last page was empty.', pageCount(pages)));
    if (typeof links?.next !== 'string' || links.next === '') {
      return result(
        'done',
        l10n.t('Stopped after {0}: has_more is true but there is no links.next to follow.', pageCount(pages)),
      );
    }
    if (asked.has(keyOf(links.next))) {
      return result(
        'repeated-cursor',
        l10n.t(
          'Stopped after {0}: Zendesk gave a next page that was already fetched (a repeated cursor), which would loop forever.',
          pageCount(pages),
        ),
      );
    }
    if (pages >= o.maxPages) {
      return result(
        'cap',
        l10n.t('Stopped at the cap of {0} (setting zendesk.requests.maxPages); there are more.', pageCount(o.maxPages)),
      );
    }
    next = links.next;
  }
}

/**
 * Appends a page's array to what was gathered under `key`. The key comes from the server's JSON, so it may be
 * `__proto__` (JSON.parse makes it an own property): it is defined as an own property here too, never assigned
 * (an assignment would set the object's prototype, or push onto Object.prototype). Items are pushed one by one: a
 * spread of a 200,000-item page would pass 200,000 arguments and overflow the stack.
 */
function gatherInto(gathered: Record<string, unknown[]>, key: string, items: readonly unknown[]): void {
  let list = Object.prototype.hasOwnProperty.call(gathered, key) ? gathered[key] : undefined;
  if (!list) {
    list = [];
    Object.defineProperty(gathered, key, { value: list, enumerable: true, writable: true, configurable: true });
  }
  for (const item of items) list.push(item);
}

/** Two addresses of the same page compare equal: the cursor parameters decide, not their spelling. */
function keyOf(target: string): string {
  try {
    const u = new URL(target, 'http://relative.invalid');
    const params = [...u.searchParams.entries()].sort(([a], [b]) => a.localeCompare(b));
    return `${u.pathname.replace(/\.json$/, '')}?${new URLSearchParams(params).toString()}`;
  } catch {
    return target;
  }
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function pageCount(n: number): string {
  return n === 1 ? l10n.t('1 page') : l10n.t('{0} pages', n);
}
