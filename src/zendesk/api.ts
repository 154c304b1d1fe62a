// Typed Zendesk endpoints (https://developer.zendesk.com/api-reference/ticketing/introduction/) over a ZendeskClient.
// Lists use cursor pagination (`page[size]`, `page[after]`;
// https://developer.zendesk.com/api-reference/introduction/pagination/), except search, which Zendesk offers with
// offsets only.
import * as l10n from '@vscode/l10n';
import { InvalidInputError, InvalidTokenError, NetworkError } from './errors';
import type { ZendeskClient } from './http';
import type {
  Attachment,
  CursorMeta,
  CustomStatus,
  Group,
  Macro,
  MacroResult,
  NewTicket,
  Ticket,
  TicketComment,
  TicketField,
  TicketForm,
  TicketPatch,
  View,
  ViewCount,
  ZendeskUser,
} from './types';

export type * from './types';

/** Zendesk's maximum page size for cursor lists. */
export const MAX_PAGE_SIZE = 100;

/** The signed-in user. Zendesk answers an unauthenticated `/users/me` with 200 and an anonymous user whose id is
 * null (https://developer.zendesk.com/api-reference/ticketing/users/users/#show-self), so that answer is treated as a rejected token, not as a user. */
export async function getMe(c: ZendeskClient, signal?: AbortSignal): Promise<ZendeskUser> {
  const { user } = await c.request<{ user: ZendeskUser | null }>('GET', '/api/v2/users/me', { signal });
  if (!user || typeof user.id !== 'number') {
    throw new InvalidTokenError(l10n.t('Zendesk answered /users/me as an anonymous user.'));
  }
  return user;
}

/** What Zendesk says about the token a request carries (`GET /api/v2/oauth/tokens/current.json`, "Show Token",
 * https://developer.zendesk.com/api-reference/ticketing/oauth/oauth_tokens/#show-token): whose it is and its scopes.
 * A token with a resource scope only (`tickets:read`) may not read `/users/me`, but may show itself. */
export async function getCurrentToken(
  c: ZendeskClient,
  signal?: AbortSignal,
): Promise<{ userId: number; scopes: string[] }> {
  const { token } = await c.request<{ token?: { user_id?: unknown; scopes?: unknown } | null }>(
    'GET',
    '/api/v2/oauth/tokens/current.json',
    { signal },
  );
  const scopes = Array.isArray(token?.scopes) ? token.scopes.filter((x): x is string => typeof x === 'string') : [];
  if (typeof token?.user_id !== 'number') {
    throw new InvalidTokenError(l10n.t('Zendesk did not say whose token this is.'));
  }
  return { userId: token.user_id, scopes };
}

export interface CursorPageOptions {
  pageSize?: number;
  after?: string;
  signal?: AbortSignal;
}
export interface TicketListOptions extends CursorPageOptions {
  sort?: string;
  include?: string[];
}
export interface TicketPage {
  tickets: Ticket[];
  users?: ZendeskUser[];
  groups?: Group[];
  hasMore: boolean;
  afterCursor?: string;
}

export async function listTicketsPage(c: ZendeskClient, o: TicketListOptions = {}): Promise<TicketPage> {
  const res = await c.request<{ tickets: Ticket[]; users?: ZendeskUser[]; meta?: CursorMeta }>(
    'GET',
    '/api/v2/tickets',
    {
      query: { ...cursorQuery(o), sort: o.sort, include: o.include?.length ? o.include.join(',') : undefined },
      signal: o.signal,
    },
  );
  return { tickets: checkedTickets(res.tickets), users: res.users, ...cursorOf(res.meta) };
}

/** Every ticket, a page at a time (each page with its sideloads). Stops on `has_more: false`, and also on an empty
 * page: when the total is an exact multiple of the page size, Zendesk's last full page can still say
 * `has_more: true` (https://developer.zendesk.com/api-reference/introduction/pagination/). A page, not a ticket,
 * per step: an await per ticket cost more than the client itself. */
export function ticketPages(c: ZendeskClient, o: Omit<TicketListOptions, 'after'> = {}): AsyncIterable<TicketPage> {
  return cursorPages(
    (after) => listTicketsPage(c, { ...o, after }),
    (p) => p.tickets.length,
  );
}

export async function getTicket(c: ZendeskClient, id: number, signal?: AbortSignal): Promise<Ticket> {
  return checkedTicket(
    (await c.request<{ ticket: Ticket }>('GET', `/api/v2/tickets/${checkId(id, 'ticket')}`, { signal })).ticket,
  );
}

/** A ticket with its people and group sideloaded: one request for everything the header shows. */
export async function getTicketWithUsers(
  c: ZendeskClient,
  id: number,
  signal?: AbortSignal,
): Promise<{ ticket: Ticket; users: ZendeskUser[]; groups: Group[] }> {
  const res = await c.request<{ ticket: Ticket; users?: ZendeskUser[]; groups?: Group[] }>(
    'GET',
    `/api/v2/tickets/${checkId(id, 'ticket')}`,
    {
      query: { include: 'users,groups' },
      signal,
    },
  );
  return { ticket: checkedTicket(res.ticket), users: res.users ?? [], groups: res.groups ?? [] };
}

/**
 * Updates a ticket only if nobody changed it since `updatedStamp` (the `updated_at` the user saw): Zendesk answers
 * 409 (ConflictError) otherwise, so a reply or a status change never silently overwrites someone else's.
 */
export async function safeUpdateTicket(
  c: ZendeskClient,
  id: number,
  patch: TicketPatch,
  updatedStamp: string,
  signal?: AbortSignal,
): Promise<Ticket> {
  return (await safeUpdateTicketAnswer(c, id, patch, updatedStamp, signal)).ticket;
}

/** What Zendesk answers an update with: the ticket as it is now and the audit of the change, whose `Comment` event is
 * the comment just added (https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#update-ticket). */
export interface TicketUpdate {
  ticket: Ticket;
  /** The comment the update added, if any, as the conversation lists it. */
  comment?: TicketComment;
}

/** `safeUpdateTicket` keeping the audit's comment, so the caller shows the change without reading the ticket again. */
export async function safeUpdateTicketAnswer(
  c: ZendeskClient,
  id: number,
  patch: TicketPatch,
  updatedStamp: string,
  signal?: AbortSignal,
): Promise<TicketUpdate> {
  const path = `/api/v2/tickets/${checkId(id, 'ticket')}`;
  const body = { ticket: { ...patch, safe_update: true, updated_stamp: updatedStamp } };
  const res = await c.request<{
    ticket: Ticket;
    audit?: { created_at?: string; author_id?: number; events?: (Partial<TicketComment> & { type?: string })[] };
  }>('PUT', path, { body, signal });
  const ticket = checkedTicket(res.ticket);
  const event = res.audit?.events?.find((e) => e.type === 'Comment' && Number.isSafeInteger(e.id));
  const comment: TicketComment | undefined =
    event && typeof event.body === 'string'
      ? {
          id: event.id as number,
          author_id: event.author_id ?? res.audit?.author_id ?? 0,
          body: event.body,
          html_body: event.html_body,
          plain_body: event.plain_body,
          public: event.public !== false,
          // An audit's events carry no time of their own: the audit's is theirs.
          created_at: event.created_at ?? res.audit?.created_at ?? ticket.updated_at,
          attachments: event.attachments,
        }
      : undefined;
  return comment ? { ticket, comment } : { ticket };
}

/** `PUT /api/v2/tickets/{id}`; a comment is added through the ticket, as Zendesk has no create-comment endpoint. */
export async function updateTicket(
  c: ZendeskClient,
  id: number,
  patch: TicketPatch,
  signal?: AbortSignal,
): Promise<Ticket> {
  const path = `/api/v2/tickets/${checkId(id, 'ticket')}`;
  return checkedTicket((await c.request<{ ticket: Ticket }>('PUT', path, { body: { ticket: patch }, signal })).ticket);
}

/** All comments of a ticket, oldest first. */
export async function listComments(c: ZendeskClient, id: number, signal?: AbortSignal): Promise<TicketComment[]> {
  const path = `/api/v2/tickets/${checkId(id, 'ticket')}/comments`;
  const out: TicketComment[] = [];
  const pages = itemPages(async (after) => {
    const res = await c.request<{ comments: TicketComment[]; meta?: CursorMeta }>('GET', path, {
      query: cursorQuery({ pageSize: MAX_PAGE_SIZE, after }),
      signal,
    });
    return { items: res.comments ?? [], ...cursorOf(res.meta) };
  });
  for await (const page of pages) out.push(...page.items);
  return out;
}

/** All comments of a ticket, oldest first, with their authors sideloaded: one request for up to 100 comments. */
export async function listCommentsWithUsers(
  c: ZendeskClient,
  id: number,
  signal?: AbortSignal,
): Promise<{ comments: TicketComment[]; users: ZendeskUser[] }> {
  const path = `/api/v2/tickets/${checkId(id, 'ticket')}/comments`;
  const comments: TicketComment[] = [];
  const users: ZendeskUser[] = [];
  const pages = itemPages(async (after) => {
    const res = await c.request<{ comments: TicketComment[]; users?: ZendeskUser[]; meta?: CursorMeta }>('GET', path, {
      query: { ...cursorQuery({ pageSize: MAX_PAGE_SIZE, after }), include: 'users' },
      signal,
    });
    users.push(...(res.users ?? []));
    return { items: res.comments ?? [], ...cursorOf(res.meta) };
  });
  for await (const page of pages) comments.push(...page.items);
  return { comments, users };
}

/** One page of a ticket's comments, NEWEST first, with their authors sideloaded: cursor paging with
 * `sort=-created_at` (https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_comments/#list-comments),
 * so a long conversation opens on its latest 100 and earlier pages come on request (`after`: the previous page's
 * cursor). The sort goes with every page: the cursor continues the order it is asked with. */
export async function latestCommentsWithUsers(
  c: ZendeskClient,
  id: number,
  o: { after?: string; signal?: AbortSignal } = {},
): Promise<{ comments: TicketComment[]; users: ZendeskUser[]; hasMore: boolean; afterCursor?: string }> {
  const path = `/api/v2/tickets/${checkId(id, 'ticket')}/comments`;
  const res = await c.request<{ comments: TicketComment[]; users?: ZendeskUser[]; meta?: CursorMeta }>('GET', path, {
    query: { ...cursorQuery({ pageSize: MAX_PAGE_SIZE, after: o.after }), sort: '-created_at', include: 'users' },
    signal: o.signal,
  });
  return { comments: res.comments ?? [], users: res.users ?? [], ...cursorOf(res.meta) };
}

export interface SearchOptions {
  page?: number;
  perPage?: number;
  include?: string[];
  signal?: AbortSignal;
}
export interface TicketSearchPage {
  tickets: Ticket[];
  users?: ZendeskUser[];
  groups?: Group[];
  count: number;
  hasMore: boolean;
  nextPage?: number;
}

/** Zendesk search returns at most this many results in all, whatever `count` says. */
export const SEARCH_RESULT_LIMIT = 1000;

/** Zendesk search restricted to tickets (`type:ticket` is added unless the query names a type). Offset pages only;
 * Zendesk returns at most 1000 results in all and answers 422 past that. */
export async function searchTickets(c: ZendeskClient, query: string, o: SearchOptions = {}): Promise<TicketSearchPage> {
  const q = /(^|\s)type:/.test(query) ? query : `type:ticket ${query}`.trim();
  const page = o.page ?? 1;
  const res = await c.request<{
    results: (Ticket & { result_type?: string })[];
    users?: ZendeskUser[];
    groups?: Group[];
    count: number;
    next_page: string | null;
  }>('GET', '/api/v2/search', {
    // Search sideloads per result type: `tickets(users,groups)`. The flat `users,groups` the other lists take is
    // ignored on /search (https://developer.zendesk.com/api-reference/ticketing/ticket-management/search/#side-loading).
    query: {
      query: q,
      page,
      per_page: o.perPage,
      include: o.include?.length ? `tickets(${o.include.join(',')})` : undefined,
    },
    signal: o.signal,
  });
  const tickets = checkedTickets(
    (res.results ?? []).filter((r) => r.result_type === undefined || r.result_type === 'ticket'),
  );
  const hasMore = typeof res.next_page === 'string' && res.next_page !== '';
  return {
    tickets,
    ...(res.users ? { users: res.users } : {}),
    ...(res.groups ? { groups: res.groups } : {}),
    count: res.count ?? tickets.length,
    hasMore,
    nextPage: hasMore ? page + 1 : undefined,
  };
}

/** How many tickets a search finds (the true total, even past the 1,000 results search will page through). */
export async function countSearch(c: ZendeskClient, query: string, signal?: AbortSignal): Promise<number> {
  const q = /(^|\s)type:/.test(query) ? query : `type:ticket ${query}`.trim();
  return (await c.request<{ count: number }>('GET', '/api/v2/search/count', { query: { query: q }, signal })).count;
}

/** The views the user can see (shared and personal), all pages. `active` filters on the view's state. */
export async function listViews(c: ZendeskClient, o: { active?: boolean; signal?: AbortSignal } = {}): Promise<View[]> {
  const out: View[] = [];
  const pages = itemPages(async (after) => {
    const res = await c.request<{ views: View[]; meta?: CursorMeta }>('GET', '/api/v2/views', {
      query: {
        ...cursorQuery({ pageSize: MAX_PAGE_SIZE, after }),
        active: o.active === undefined ? undefined : String(o.active),
      },
      signal: o.signal,
    });
    return { items: res.views ?? [], ...cursorOf(res.meta) };
  });
  for await (const page of pages) out.push(...page.items);
  return out;
}

export async function viewTicketsPage(
  c: ZendeskClient,
  viewId: number,
  o: CursorPageOptions & { include?: string[] } = {},
): Promise<TicketPage> {
  const path = `/api/v2/views/${checkId(viewId, 'view')}/tickets`;
  const query = { ...cursorQuery(o), include: o.include?.length ? o.include.join(',') : undefined };
  const res = await c.request<{ tickets: Ticket[]; users?: ZendeskUser[]; groups?: Group[]; meta?: CursorMeta }>(
    'GET',
    path,
    { query, signal: o.signal },
  );
  return { tickets: checkedTickets(res.tickets), users: res.users, groups: res.groups, ...cursorOf(res.meta) };
}

/** The view's ticket count; `value` is null while Zendesk is still counting. */
export async function countView(c: ZendeskClient, viewId: number, signal?: AbortSignal): Promise<ViewCount> {
  const path = `/api/v2/views/${checkId(viewId, 'view')}/count`;
  return (await c.request<{ view_count: ViewCount }>('GET', path, { signal })).view_count;
}

/**
 * The account's custom ticket statuses, active and inactive (a ticket can still carry one deactivated since), in one
 * unpaginated answer. An account without custom ticket statuses answers with an error, which callers take as "the
 * system statuses only".
 */
export async function listCustomStatuses(c: ZendeskClient, signal?: AbortSignal): Promise<CustomStatus[]> {
  const res = await c.request<{ custom_statuses?: CustomStatus[] }>('GET', '/api/v2/custom_statuses', { signal });
  return (res?.custom_statuses ?? []).filter(
    (s) =>
      Number.isSafeInteger(s?.id) &&
      s.id > 0 &&
      typeof s.agent_label === 'string' &&
      typeof s.status_category === 'string',
  );
}

/**
 * Every ticket field of the account, system and custom, active or not (a ticket can still carry a value of a
 * deactivated one), in cursor pages of 100 (https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_fields/#list-ticket-fields).
 * Checked at the boundary: a field without a numeric id, a type or a title is left out.
 */
export async function listTicketFields(c: ZendeskClient, signal?: AbortSignal): Promise<TicketField[]> {
  const out: TicketField[] = [];
  const pages = itemPages(async (after) => {
    const res = await c.request<{ ticket_fields?: TicketField[]; meta?: CursorMeta }>('GET', '/api/v2/ticket_fields', {
      query: cursorQuery({ pageSize: MAX_PAGE_SIZE, after }),
      signal,
    });
    return { items: res?.ticket_fields ?? [], ...cursorOf(res?.meta) };
  });
  for await (const page of pages) out.push(...page.items);
  return out.filter(
    (f) => Number.isSafeInteger(f?.id) && f.id > 0 && typeof f.type === 'string' && typeof f.title === 'string',
  );
}

/**
 * The account's active ticket forms, with their fields and conditions, in one unpaginated answer
 * (https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_forms/#list-ticket-forms). An account
 * without ticket forms answers an empty list or an error; callers then show the fields in the account's order.
 */
export async function listTicketForms(c: ZendeskClient, signal?: AbortSignal): Promise<TicketForm[]> {
  const res = await c.request<{ ticket_forms?: TicketForm[] }>('GET', '/api/v2/ticket_forms', {
    query: { active: 'true' },
    signal,
  });
  return (res?.ticket_forms ?? []).filter(
    (f) => Number.isSafeInteger(f?.id) && f.id > 0 && typeof f.name === 'string' && Array.isArray(f.ticket_field_ids),
  );
}

/** The groups an agent may assign tickets to (`/groups/assignable`), all pages. */
export async function listAssignableGroups(c: ZendeskClient, signal?: AbortSignal): Promise<Group[]> {
  const out: Group[] = [];
  const pages = itemPages(async (after) => {
    const res = await c.request<{ groups?: Group[]; meta?: CursorMeta }>('GET', '/api/v2/groups/assignable', {
      query: cursorQuery({ pageSize: MAX_PAGE_SIZE, after }),
      signal,
    });
    return { items: res?.groups ?? [], ...cursorOf(res?.meta) };
  });
  for await (const page of pages) out.push(...page.items);
  return out.filter((g) => Number.isSafeInteger(g?.id) && g.id > 0 && typeof g.name === 'string' && !g.deleted);
}

/** The agents of a group (for "Assign…"), all pages. */
export async function listGroupUsers(c: ZendeskClient, groupId: number, signal?: AbortSignal): Promise<ZendeskUser[]> {
  const path = `/api/v2/groups/${checkId(groupId, 'group')}/users`;
  const out: ZendeskUser[] = [];
  const pages = itemPages(async (after) => {
    const res = await c.request<{ users: ZendeskUser[]; meta?: CursorMeta }>('GET', path, {
      query: cursorQuery({ pageSize: MAX_PAGE_SIZE, after }),
      signal,
    });
    return { items: res.users ?? [], ...cursorOf(res.meta) };
  });
  for await (const page of pages) out.push(...page.items);
  return out;
}

/** The most view ids `views/count_many` takes in one request
 * (https://developer.zendesk.com/api-reference/ticketing/business-rules/views/#count-tickets-in-views). */
export const VIEW_COUNT_BATCH = 20;

/** The counts of up to 20 views in one request (`value` null while Zendesk is still counting). More ids are refused
 * here rather than by Zendesk: the caller splits them, so a failed batch does not cost the others. */
export async function countViews(
  c: ZendeskClient,
  viewIds: readonly number[],
  signal?: AbortSignal,
): Promise<ViewCount[]> {
  if (!viewIds.length) return [];
  if (viewIds.length > VIEW_COUNT_BATCH) {
    throw new InvalidInputError(
      l10n.t('Zendesk counts at most {0} views per request; got {1}.', VIEW_COUNT_BATCH, viewIds.length),
    );
  }
  const ids = viewIds.map((id) => checkId(id, 'view')).join(',');
  return (
    (await c.request<{ view_counts: ViewCount[] }>('GET', '/api/v2/views/count_many', { query: { ids }, signal }))
      .view_counts ?? []
  );
}

/** `GET /api/v2/users/{id}/tickets/assigned`, cursor pages: the tickets assigned to a user, at once (search lags
 * minutes behind a change and stops at 1,000 results). */
export function assignedTicketPages(
  c: ZendeskClient,
  userId: number,
  o: { pageSize?: number; signal?: AbortSignal } = {},
): AsyncIterable<TicketPage> {
  const path = `/api/v2/users/${checkId(userId, 'user')}/tickets/assigned`;
  return cursorPages(
    async (after) => {
      const res = await c.request<{ tickets: Ticket[]; meta?: CursorMeta }>('GET', path, {
        query: cursorQuery({ pageSize: o.pageSize, after }),
        signal: o.signal,
      });
      return { tickets: res.tickets ?? [], ...cursorOf(res.meta) };
    },
    (p) => p.tickets.length,
  );
}

function cursorQuery(o: CursorPageOptions): Record<string, string | number | undefined> {
  const size = o.pageSize ?? MAX_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw new InvalidInputError(
      l10n.t('The page size must be a whole number from 1 to {0}; got {1}.', MAX_PAGE_SIZE, size),
    );
  }
  return { 'page[size]': size, 'page[after]': o.after };
}

function cursorOf(meta: CursorMeta | undefined): { hasMore: boolean; afterCursor?: string } {
  const afterCursor = meta?.after_cursor ?? undefined;
  return { hasMore: meta?.has_more === true && afterCursor !== undefined, afterCursor };
}

/** Walks cursor pages until `has_more` is false, a page is empty, or a cursor repeats (which would loop forever).
 * Yields whole pages: one await per page, whatever their size. */
async function* cursorPages<P extends { hasMore: boolean; afterCursor?: string }>(
  fetchPage: (after?: string) => Promise<P>,
  count: (page: P) => number,
): AsyncGenerator<P> {
  const seen = new Set<string>();
  let after: string | undefined;
  for (;;) {
    const page = await fetchPage(after);
    if (count(page) === 0) return;
    yield page;
    if (!page.hasMore || page.afterCursor === undefined || seen.has(page.afterCursor)) return;
    seen.add(page.afterCursor);
    after = page.afterCursor;
  }
}

/** cursorPages for a list whose page is a plain array of items. */
function itemPages<T>(
  fetchPage: (after?: string) => Promise<{ items: T[]; hasMore: boolean; afterCursor?: string }>,
): AsyncGenerator<{ items: T[]; hasMore: boolean; afterCursor?: string }> {
  return cursorPages(fetchPage, (page) => page.items.length);
}

/** Ids go into paths, so only positive integers pass: nothing else can change which URL is called. */
/**
 * A ticket from Zendesk, checked before anything uses it: its id goes into paths, node ids and the ticket page, so
 * an id that is not a positive whole number (a misbehaving server's `"<img src=x onerror=…>"`) is refused here, at
 * the boundary, and a subject that is not text reads as empty.
 */
export function checkedTicket(t: Ticket | undefined): Ticket {
  if (typeof t !== 'object' || t === null || !Number.isSafeInteger(t.id) || t.id <= 0) {
    throw new NetworkError(
      l10n.t(
        'Zendesk sent a ticket without a valid id. Try again; if it persists, check the Zendesk URL of the account.',
      ),
    );
  }
  return typeof t.subject === 'string' ? t : { ...t, subject: '' };
}

function checkedTickets(ts: Ticket[] | undefined): Ticket[] {
  return (ts ?? []).map(checkedTicket);
}

function checkId(id: number, what: string): number {
  if (!Number.isSafeInteger(id) || id <= 0) {
    throw new InvalidInputError(l10n.t('Invalid {0} id: {1}.', what, String(id)));
  }
  return id;
}

/** Zendesk's limit of ids per `show_many`. */
export const SHOW_MANY_LIMIT = 100;

/** `GET /api/v2/users/show_many?ids=…`: the users with these ids, one request per 100 distinct ids
 * (https://developer.zendesk.com/api-reference/ticketing/users/users/#show-many-users). Ids that are not positive
 * integers (an unassigned ticket's null) are skipped; users Zendesk does not return are absent. */
export async function showManyUsers(
  c: ZendeskClient,
  ids: Iterable<number | null | undefined>,
  signal?: AbortSignal,
): Promise<Map<number, ZendeskUser>> {
  const wanted = [
    ...new Set([...ids].filter((id): id is number => typeof id === 'number' && Number.isSafeInteger(id) && id > 0)),
  ];
  const out = new Map<number, ZendeskUser>();
  for (let i = 0; i < wanted.length; i += SHOW_MANY_LIMIT) {
    const chunk = wanted.slice(i, i + SHOW_MANY_LIMIT);
    const res = await c.request<{ users?: ZendeskUser[] }>('GET', '/api/v2/users/show_many', {
      query: { ids: chunk.join(',') },
      signal,
    });
    for (const u of res.users ?? []) if (typeof u.id === 'number') out.set(u.id, u);
  }
  return out;
}

/** The most users the New Ticket form's requester search shows: the first page of Zendesk's answer. */
export const USER_SEARCH_LIMIT = 10;

/** Users whose name or email matches what the agent typed ("Search Users", `GET /api/v2/users/search?query=`,
 * https://developer.zendesk.com/api-reference/ticketing/users/users/#search-users): the first page only, a picker's
 * worth. Records without an id or a name are left out. */
export async function searchUsers(c: ZendeskClient, query: string, signal?: AbortSignal): Promise<ZendeskUser[]> {
  const res = await c.request<{ users?: ZendeskUser[] }>('GET', '/api/v2/users/search', {
    query: { query, per_page: String(USER_SEARCH_LIMIT) },
    signal,
  });
  return (res?.users ?? [])
    .filter((u) => Number.isSafeInteger(u?.id) && u.id > 0 && typeof u.name === 'string')
    .slice(0, USER_SEARCH_LIMIT);
}

/** Zendesk refuses attachments larger than 50 MB; the client refuses them before sending a byte. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/** What `POST /api/v2/uploads` gave for one file: the token a comment names in `uploads`, and the file as stored. */
export interface UploadedFile {
  token: string;
  attachment: Attachment;
  expiresAt?: string;
}

/**
 * `POST /api/v2/uploads?filename=`: the file's raw bytes, one upload token per call. The request goes through the
 * client, so it carries the account's token to the account's own host only; the log line it makes names the path,
 * never the query (the file name, an upload token) nor the bytes.
 */
export async function uploadFile(
  c: ZendeskClient,
  name: string,
  bytes: Uint8Array,
  contentType?: string,
  signal?: AbortSignal,
): Promise<UploadedFile> {
  checkUpload(name, bytes.byteLength);
  const type = contentType && /^[\w.+-]+\/[\w.+-]+$/.test(contentType) ? contentType : undefined;
  const res = await c.request<{
    upload?: { token?: unknown; expires_at?: string; attachment?: Attachment; attachments?: Attachment[] };
  }>('POST', '/api/v2/uploads', {
    query: { filename: name },
    rawBody: { bytes, contentType: type },
    signal,
  });
  const up = res?.upload;
  const attachment = up?.attachment ?? up?.attachments?.at(-1);
  if (typeof up?.token !== 'string' || !isUploadToken(up.token) || !attachment) {
    throw new InvalidInputError(l10n.t('Zendesk answered the upload without a usable token.'));
  }
  return { token: up.token, attachment, ...(up.expires_at ? { expiresAt: up.expires_at } : {}) };
}

/** Zendesk's upload tokens are short runs of letters, digits, `_` and `-` (e.g. `6bk3gql82em5nmf`). */
export function isUploadToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{1,100}$/.test(token);
}

/** Throws InvalidInputError, with what to do, for a file Zendesk would refuse or that makes no sense to send. */
export function checkUpload(name: string, size: number): void {
  if (!name.trim() || name.length > 255 || /[\u0000-\u001f\u007f/\\]/.test(name)) {
    throw new InvalidInputError(
      l10n.t('"{0}" is not a file name Zendesk accepts: rename the file and attach it again.', name.slice(0, 80)),
    );
  }
  if (!Number.isSafeInteger(size) || size <= 0) {
    throw new InvalidInputError(l10n.t('{0} is empty: Zendesk does not take empty files.', name));
  }
  if (size > MAX_UPLOAD_BYTES) {
    throw new InvalidInputError(
      l10n.t(
        '{0} is larger than 50 MB, the most Zendesk accepts for one file: share it another way, or attach a smaller file.',
        name,
      ),
    );
  }
}

/** The active macros the user may apply, shared and personal, all pages ("List Active Macros",
 * https://developer.zendesk.com/api-reference/ticketing/business-rules/macros/#list-active-macros). Records without
 * an id or a title are left out: the titles go into a picker. */
export async function listActiveMacros(c: ZendeskClient, signal?: AbortSignal): Promise<Macro[]> {
  const out: Macro[] = [];
  const pages = itemPages(async (after) => {
    const res = await c.request<{ macros?: Macro[]; meta?: CursorMeta }>('GET', '/api/v2/macros/active', {
      query: cursorQuery({ pageSize: MAX_PAGE_SIZE, after }),
      signal,
    });
    return { items: res.macros ?? [], ...cursorOf(res.meta) };
  });
  for await (const page of pages) {
    out.push(...page.items.filter((m) => Number.isSafeInteger(m?.id) && m.id > 0 && typeof m.title === 'string'));
  }
  return out;
}

/** What the macro would do to the ticket, changing nothing ("Show Ticket After Changes",
 * https://developer.zendesk.com/api-reference/ticketing/business-rules/macros/#show-ticket-after-changes). */
export async function previewMacro(
  c: ZendeskClient,
  ticketId: number,
  macroId: number,
  signal?: AbortSignal,
): Promise<MacroResult> {
  const path = `/api/v2/tickets/${checkId(ticketId, 'ticket')}/macros/${checkId(macroId, 'macro')}/apply`;
  const res = await c.request<{ result?: { ticket?: MacroResult } }>('GET', path, { signal });
  const t = res?.result?.ticket;
  if (typeof t !== 'object' || t === null) {
    throw new NetworkError(l10n.t('Zendesk did not say what the macro would change. Try again.'));
  }
  return { ...t, id: ticketId };
}

/** `POST /api/v2/tickets` ("Create Ticket", https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#create-ticket):
 * the ticket Zendesk made. */
export async function createTicket(c: ZendeskClient, t: NewTicket, signal?: AbortSignal): Promise<Ticket> {
  return checkedTicket(
    (await c.request<{ ticket: Ticket }>('POST', '/api/v2/tickets', { body: { ticket: t }, signal })).ticket,
  );
}
