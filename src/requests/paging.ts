// "Send All Pages": follows `links.next` while `meta.has_more` (cursor pagination), or `next_page` until it is null
// (offset pagination, as `/search` answers) (https://developer.zendesk.com/api-reference/introduction/pagination/),
// and gathers every page's arrays into one. Search stops at Zendesk's 1,000-result cap and says so. It stops on its own when a cursor repeats (which would loop forever), at the page cap, when
// the user cancels, and when Zendesk keeps answering 429 after the client waited Retry-After. No `vscode` import.
import type { Exchange, ExchangeOptions, RetryNotice } from '../zendesk/http';
import * as l10n from '@vscode/l10n';

export type PageFetch = (pathOrUrl: string, o: Pick<ExchangeOptions, 'signal' | 'onRetry'>) => Promise<Exchange>;

export type PagingProgress =
  { kind: 'page'; pages: number; items: number } | { kind: 'waiting'; pages: number; seconds: number; status: number };

export type StopReason = 'done' | 'cap' | 'result-cap' | 'repeated-cursor' | 'cancelled' | 'rate-limited' | 'failed';

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

/** Zendesk's largest page, cursor or offset. */
const PAGE_SIZE = 100;

/** Search answers at most 1,000 results, whatever its `count`; asking past them is a 422
 * (https://developer.zendesk.com/api-reference/ticketing/ticket-management/search/#pagination). */
export const SEARCH_RESULT_CAP = 1000;

/** `/api/v2/search`: offset pages only (`page[size]` is refused), and capped. Not `/search/export` (cursor) or
 * `/search/count`. */
export function isSearch(target: string): boolean {
  return /^(?:https?:\/\/[^/]+)?\/api\/v2\/search(?:\.json)?(?:[?#]|$)/i.test(target);
}

/** The first page's address: cursor pagination starts only when `page[size]` (or a cursor) is sent; search, which
 * has offset pages only, is asked for its largest page instead. */
export function firstPageTarget(target: string): string {
  const [beforeHash, hash] = target.split('#', 2);
  const joiner = beforeHash.includes('?') ? '&' : '?';
  const tail = hash !== undefined ? `#${hash}` : '';
  if (isSearch(target)) {
    return /[?&]per_page=/.test(beforeHash) ? target : `${beforeHash}${joiner}per_page=${PAGE_SIZE}${tail}`;
  }
  if (/[?&]page(\[|%5B)(size|after|before)(\]|%5D)=/i.test(target)) return target;
  return `${beforeHash}${joiner}page[size]=${PAGE_SIZE}${tail}`;
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

    const follow = nextOf(body, itemsOnPage, pages);
    if ('stop' in follow) return result('done', follow.stop);
    if (asked.has(keyOf(follow.next))) {
      return result(
        'repeated-cursor',
        l10n.t(
          'Stopped after {0}: Zendesk gave a next page that was already fetched (a repeated cursor), which would loop forever.',
          pageCount(pages),
        ),
      );
    }
    const count = typeof body.count === 'number' ? body.count : undefined;
    if (isSearch(target) && (gathered.results?.length ?? 0) >= SEARCH_RESULT_CAP) {
      return result(
        'result-cap',
        l10n.t(
          "Stopped at Zendesk's cap of {0} search results ({1} match). Narrow the query (such as created>2024-01-01), or use /api/v2/search/export.json, which has no cap.",
          SEARCH_RESULT_CAP,
          count ?? '?',
        ),
      );
    }
    if (pages >= o.maxPages) {
      return result(
        'cap',
        l10n.t('Stopped at the cap of {0} (setting zendesk.requests.maxPages); there are more.', pageCount(o.maxPages)),
      );
    }
    next = follow.next;
  }
}

/** Where the next page is: cursor pagination (`meta.has_more`, `links.next`) when the page has `meta`, offset
 * pagination (`next_page`, null on the last page) otherwise; or why there is none. */
function nextOf(
  body: Record<string, unknown>,
  itemsOnPage: number,
  pages: number,
): { next: string } | { stop: string } {
  const meta = body.meta as { has_more?: unknown } | undefined;
  if (meta === undefined && 'next_page' in body) {
    const next = body.next_page;
    if (typeof next !== 'string' || next === '') {
      return { stop: l10n.t('All {0}: next_page is null.', pageCount(pages)) };
    }
    if (itemsOnPage === 0) return { stop: l10n.t('All {0}: the last page was empty.', pageCount(pages)) };
    return { next };
  }
  const links = body.links as { next?: unknown } | undefined;
  if (meta?.has_more !== true) return { stop: l10n.t('All {0}: has_more is false.', pageCount(pages)) };
  // When the total is a multiple of the page size, the last full page may still say has_more.
  if (itemsOnPage === 0) return { stop: l10n.t('All {0}: the last page was empty.', pageCount(pages)) };
  if (typeof links?.next !== 'string' || links.next === '') {
    return {
      stop: l10n.t('Stopped after {0}: has_more is true but there is no links.next to follow.', pageCount(pages)),
    };
  }
  return { next: links.next };
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
