/**
 * Zendesk's two pagination styles over an ordered list of ids (spec §3.8). Cursor pagination starts when
 * any `page[...]` parameter is sent; otherwise offset pagination (`page`, `per_page`).
 */
import { MAX_PAGE_SIZE } from './choices';
import { badRequest } from './errors';
import { Reply, ReplyError } from './reply';
import type { RequestContext } from './router';

/** Ids in order of (key, id), ascending, or descending when `desc`. */
export interface OrderedIds {
  ids: ArrayLike<number>;
  key: (id: number) => number;
  desc: boolean;
}

export interface Page {
  ids: number[];
  /** `meta` and `links`, or `next_page`, `previous_page` and `count`: spread into the response body. */
  fields: Record<string, unknown>;
}

export interface PagingRules {
  /** When set, cursor pagination is refused with this reply (search is offset-only). */
  cursorRefusal?: () => Reply;
  /** Offset pages whose last record lies past this many records are refused with `depthError`. */
  depthLimit: number;
  depthError: () => Reply;
}

const CURSOR_KEYS = ['page[size]', 'page[after]', 'page[before]'];

export function isCursorRequest(q: URLSearchParams): boolean {
  return CURSOR_KEYS.some((k) => q.has(k));
}

// CHOICE: bad paging parameters (page[size] over 100, a malformed cursor, page=0) are 400 InvalidPaginationParameter (spec §6.12).
function invalidPaging(description: string): ReplyError {
  return new ReplyError(badRequest('InvalidPaginationParameter', description));
}

/** An absolute URL of this same request with some paging parameters replaced; links always carry `.json`. */
export function pageUrl(ctx: RequestContext, set: Record<string, string>): string {
  const params: [string, string][] = [];
  for (const [k, v] of ctx.query) if (!(k in set) && !CURSOR_KEYS.includes(k) && k !== 'page') params.push([k, v]);
  for (const [k, v] of Object.entries(set)) params.push([k, v]);
  const qs = params
    .map(([k, v]) => `${encodeURIComponent(k).replace(/%5B/g, '[').replace(/%5D/g, ']')}=${encodeURIComponent(v)}`)
    .join('&');
  const path = ctx.url.pathname.replace(/\/+$/, '');
  return `${ctx.state.url}${path.endsWith('.json') ? path : `${path}.json`}${qs ? `?${qs}` : ''}`;
}

function positiveInt(q: URLSearchParams, name: string, fallback: number): number {
  const raw = q.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw invalidPaging(`${name} must be a positive integer`);
  return Number(raw);
}

function encodeCursor(key: number, id: number): string {
  return Buffer.from(JSON.stringify([key, id])).toString('base64url');
}

function decodeCursor(raw: string): [number, number] {
  try {
    const v: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' && typeof v[1] === 'number') return [v[0], v[1]];
  } catch {
    // fall through
  }
  throw invalidPaging('The cursor is invalid');
}

/** The first index whose item is at or after (strict: after) the cursor position, in list order. */
function seek(list: OrderedIds, cursor: [number, number], strict: boolean): number {
  const dir = list.desc ? -1 : 1;
  let lo = 0;
  let hi = list.ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const id = list.ids[mid] ?? 0;
    const c = dir * (list.key(id) - cursor[0] || id - cursor[1]);
    if (c > 0 || (!strict && c === 0)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function cursorPage(ctx: RequestContext, list: OrderedIds): Page {
  const q = ctx.query;
  const size = positiveInt(q, 'page[size]', MAX_PAGE_SIZE);
  if (size > MAX_PAGE_SIZE) throw invalidPaging(`page[size] must be less than or equal to ${MAX_PAGE_SIZE}`);
  const after = q.get('page[after]');
  const before = q.get('page[before]');
  if (after && before) throw invalidPaging('Send page[after] or page[before], not both');
  const n = list.ids.length;
  let start: number;
  let end: number;
  if (before) {
    end = seek(list, decodeCursor(before), false);
    start = Math.max(0, end - size);
  } else {
    start = after ? seek(list, decodeCursor(after), true) : 0;
    end = Math.min(n, start + size);
  }
  const ids = Array.from({ length: end - start }, (_, i) => list.ids[start + i] ?? 0);
  const first = ids[0];
  const last = ids[ids.length - 1];
  const beforeCursor = first === undefined ? null : encodeCursor(list.key(first), first);
  const afterCursor = last === undefined ? null : encodeCursor(list.key(last), last);
  const hasBefore = start > 0;
  const hasAfter = end < n;
  return {
    ids,
    fields: {
      // CHOICE: has_more is exact (no extra empty page when the total is a multiple of the page size).
      meta: { has_more: before ? hasBefore : hasAfter, after_cursor: afterCursor, before_cursor: beforeCursor },
      // As on Zendesk, a page's `links.next` is there whenever it has an after_cursor, even with `has_more: false`
      // (recorded live on a ticket's comments): a client stops on `has_more`, not on a missing link.
      // CHOICE: `links.prev` is null on the first page (Zendesk sends it on some lists and not on others).
      links: {
        prev:
          hasBefore && beforeCursor ? pageUrl(ctx, { 'page[size]': String(size), 'page[before]': beforeCursor }) : null,
        next: afterCursor ? pageUrl(ctx, { 'page[size]': String(size), 'page[after]': afterCursor }) : null,
      },
    },
  };
}

function offsetPage(ctx: RequestContext, list: OrderedIds, rules: PagingRules): Page {
  const page = positiveInt(ctx.query, 'page', 1);
  // CHOICE: per_page above 100 is clamped to 100 rather than refused.
  const perPage = Math.min(MAX_PAGE_SIZE, positiveInt(ctx.query, 'per_page', MAX_PAGE_SIZE));
  if (page * perPage > rules.depthLimit) throw new ReplyError(rules.depthError());
  const n = list.ids.length;
  const start = Math.min(n, (page - 1) * perPage);
  const end = Math.min(n, start + perPage);
  const ids = Array.from({ length: end - start }, (_, i) => list.ids[start + i] ?? 0);
  return {
    ids,
    fields: {
      next_page: end < n ? pageUrl(ctx, { page: String(page + 1) }) : null,
      previous_page: page > 1 ? pageUrl(ctx, { page: String(page - 1) }) : null,
      count: n,
    },
  };
}

export function paginate(ctx: RequestContext, list: OrderedIds, rules: PagingRules): Page {
  if (isCursorRequest(ctx.query)) {
    if (rules.cursorRefusal) throw new ReplyError(rules.cursorRefusal());
    return cursorPage(ctx, list);
  }
  return offsetPage(ctx, list, rules);
}
