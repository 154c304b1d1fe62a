// Common Zendesk Support endpoints, for completion and for knowing which lists page by cursor
// (https://developer.zendesk.com/api-reference/introduction/pagination/). `{name}` marks a part the user fills in.
// No `vscode` import.
import type { Method } from './parser';
import * as l10n from '@vscode/l10n';

export interface Endpoint {
  method: Method;
  path: string;
  summary: string;
  /** Lists that accept `page[size]` and answer `meta.has_more` with `links.next`. */
  cursor?: boolean;
  /** Lists with offset pages only (`next_page`), such as search. */
  offset?: boolean;
  /** An example body for writes. */
  body?: unknown;
}

export const ENDPOINTS: readonly Endpoint[] = [
  { method: 'GET', path: '/api/v2/users/me.json', summary: l10n.t('The signed-in user') },
  { method: 'GET', path: '/api/v2/users/{user_id}.json', summary: l10n.t('Show a user') },
  { method: 'GET', path: '/api/v2/users/show_many.json?ids={ids}', summary: l10n.t('Show several users by id') },
  { method: 'GET', path: '/api/v2/users/me/session.json', summary: l10n.t('The current session') },
  { method: 'GET', path: '/api/v2/tickets.json', summary: l10n.t('List tickets'), cursor: true },
  { method: 'GET', path: '/api/v2/tickets/{ticket_id}.json', summary: l10n.t('Show a ticket') },
  { method: 'GET', path: '/api/v2/tickets/show_many.json?ids={ids}', summary: l10n.t('Show up to 100 tickets by id') },
  { method: 'GET', path: '/api/v2/tickets/count.json', summary: l10n.t('Count tickets (approximate)') },
  { method: 'GET', path: '/api/v2/tickets/recent.json', summary: l10n.t('Recently viewed tickets') },
  {
    method: 'POST',
    path: '/api/v2/tickets.json',
    summary: l10n.t('Create a ticket'),
    body: { ticket: { subject: l10n.t('Subject'), comment: { body: l10n.t('First comment') } } },
  },
  {
    method: 'PUT',
    path: '/api/v2/tickets/{ticket_id}.json',
    summary: l10n.t('Update a ticket'),
    body: { ticket: { status: 'open', comment: { body: l10n.t('A comment'), public: false } } },
  },
  { method: 'DELETE', path: '/api/v2/tickets/{ticket_id}.json', summary: l10n.t('Delete a ticket') },
  {
    method: 'GET',
    path: '/api/v2/tickets/{ticket_id}/comments.json',
    summary: l10n.t("List a ticket's comments"),
    cursor: true,
  },
  {
    method: 'GET',
    path: '/api/v2/tickets/{ticket_id}/comments/count.json',
    summary: l10n.t("Count a ticket's comments"),
  },
  {
    method: 'PUT',
    path: '/api/v2/tickets/{ticket_id}/comments/{comment_id}/make_private.json',
    summary: l10n.t('Make a comment private'),
  },
  { method: 'GET', path: '/api/v2/tickets/{ticket_id}/tags.json', summary: l10n.t("A ticket's tags") },
  {
    method: 'PUT',
    path: '/api/v2/tickets/{ticket_id}/tags.json',
    summary: l10n.t('Add tags to a ticket'),
    body: { tags: ['tag'] },
  },
  {
    method: 'POST',
    path: '/api/v2/tickets/{ticket_id}/tags.json',
    summary: l10n.t("Replace a ticket's tags"),
    body: { tags: ['tag'] },
  },
  {
    method: 'DELETE',
    path: '/api/v2/tickets/{ticket_id}/tags.json',
    summary: l10n.t('Remove tags from a ticket'),
    body: { tags: ['tag'] },
  },
  {
    method: 'GET',
    path: '/api/v2/organizations/{organization_id}/tickets.json',
    summary: l10n.t("An organization's tickets"),
    cursor: true,
  },
  {
    method: 'GET',
    path: '/api/v2/users/{user_id}/tickets/requested.json',
    summary: l10n.t('Tickets a user requested'),
    cursor: true,
  },
  {
    method: 'GET',
    path: '/api/v2/users/{user_id}/tickets/ccd.json',
    summary: l10n.t('Tickets a user is copied on'),
    cursor: true,
  },
  {
    method: 'GET',
    path: '/api/v2/users/{user_id}/tickets/followed.json',
    summary: l10n.t('Tickets a user follows'),
    cursor: true,
  },
  {
    method: 'GET',
    path: '/api/v2/users/{user_id}/tickets/assigned.json',
    summary: l10n.t('Tickets assigned to a user'),
    cursor: true,
  },
  {
    method: 'GET',
    path: '/api/v2/search.json?query={query}',
    summary: l10n.t('Search (offset pages, at most 1000 results)'),
    offset: true,
  },
  { method: 'GET', path: '/api/v2/search/count.json?query={query}', summary: l10n.t('Count search results') },
  {
    method: 'GET',
    path: '/api/v2/search/export.json?query={query}&filter[type]=ticket',
    summary: l10n.t('Export search results'),
    cursor: true,
  },
  { method: 'GET', path: '/api/v2/views.json', summary: l10n.t('List views'), cursor: true },
  { method: 'GET', path: '/api/v2/views/active.json', summary: l10n.t('Active views') },
  { method: 'GET', path: '/api/v2/views/{view_id}.json', summary: l10n.t('Show a view') },
  { method: 'GET', path: '/api/v2/views/{view_id}/tickets.json', summary: l10n.t("A view's tickets"), cursor: true },
  { method: 'GET', path: '/api/v2/views/{view_id}/count.json', summary: l10n.t("Count a view's tickets") },
  { method: 'GET', path: '/api/v2/views/count_many.json?ids={ids}', summary: l10n.t('Count several views') },
  { method: 'GET', path: '/api/v2/requests.json', summary: l10n.t('Your requests (end users)') },
  { method: 'GET', path: '/api/v2/requests/{request_id}.json', summary: l10n.t('Show a request') },
  {
    method: 'GET',
    path: '/api/v2/incremental/tickets/cursor.json?start_time={unix_time}',
    summary: l10n.t('Incremental ticket export (admins)'),
  },
  { method: 'GET', path: '/api/v2/account/settings.json', summary: l10n.t('Account settings') },
  { method: 'GET', path: '/api/v2/brands.json', summary: l10n.t('Brands') },
  { method: 'GET', path: '/api/v2/oauth/tokens.json', summary: l10n.t('Your OAuth tokens'), cursor: true },
  {
    method: 'GET',
    path: '/api/v2/oauth/tokens/current.json',
    summary: l10n.t('The token in use (first 10 characters only)'),
  },
];

/** The endpoint a concrete path matches (`/api/v2/tickets/35.json?x=1` matches `/api/v2/tickets/{ticket_id}.json`). */
export function matchEndpoint(method: string, pathOrUrl: string): Endpoint | undefined {
  const path = normalise(pathOf(pathOrUrl));
  return (
    ENDPOINTS.find((e) => e.method === method && normalise(e.path.split('?')[0]) === path) ??
    // `/tickets/count` is a fixed path, not a ticket id: fixed segments win over `{...}`.
    ENDPOINTS.find((e) => e.method === method && matchesTemplate(normalise(e.path.split('?')[0]), path))
  );
}

/** Whether Send All Pages applies: a GET of a list that pages by cursor. */
export function isCursorPaginated(method: string, pathOrUrl: string): boolean {
  return method === 'GET' && matchEndpoint(method, pathOrUrl)?.cursor === true;
}

/** Lists Send All Pages follows: cursor or offset pages. */
export function isPaged(method: string, pathOrUrl: string): boolean {
  const e = method === 'GET' ? matchEndpoint(method, pathOrUrl) : undefined;
  return e?.cursor === true || e?.offset === true;
}

function pathOf(pathOrUrl: string): string {
  const noQuery = pathOrUrl.split(/[?#]/)[0];
  const m = /^https?:\/\/[^/]+(\/.*)?$/i.exec(noQuery);
  return m ? (m[1] ?? '/') : noQuery;
}

function normalise(path: string): string {
  return path.replace(/\/+$/, '').replace(/\.json$/, '');
}

function matchesTemplate(template: string, path: string): boolean {
  const t = template.split('/');
  const p = path.split('/');
  return (
    t.length === p.length &&
    t.every((seg, i) => (seg.startsWith('{') && seg.endsWith('}') ? p[i] !== '' : seg === p[i]))
  );
}
