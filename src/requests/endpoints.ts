// Common Zendesk Support endpoints, for completion and for knowing which lists page by cursor (zendesk-api.md §2,
// §3). `{name}` marks a part the user fills in. No `vscode` import.
import type { Method } from './parser';

export interface Endpoint {
  method: Method;
  path: string;
  summary: string;
  /** Lists that accept `page[size]` and answer `meta.has_more` with `links.next` (§3.8). */
  cursor?: boolean;
  /** An example body for writes. */
  body?: unknown;
}

export const ENDPOINTS: readonly Endpoint[] = [
  { method: 'GET', path: '/api/v2/users/me.json', summary: 'The signed-in user' },
  { method: 'GET', path: '/api/v2/users/{user_id}.json', summary: 'Show a user' },
  { method: 'GET', path: '/api/v2/users/show_many.json?ids={ids}', summary: 'Show several users by id' },
  { method: 'GET', path: '/api/v2/users/me/session.json', summary: 'The current session' },
  { method: 'GET', path: '/api/v2/tickets.json', summary: 'List tickets', cursor: true },
  { method: 'GET', path: '/api/v2/tickets/{ticket_id}.json', summary: 'Show a ticket' },
  { method: 'GET', path: '/api/v2/tickets/show_many.json?ids={ids}', summary: 'Show up to 100 tickets by id' },
  { method: 'GET', path: '/api/v2/tickets/count.json', summary: 'Count tickets (approximate)' },
  { method: 'GET', path: '/api/v2/tickets/recent.json', summary: 'Recently viewed tickets' },
  { method: 'POST', path: '/api/v2/tickets.json', summary: 'Create a ticket', body: { ticket: { subject: 'Subject', comment: { body: 'First comment' } } } },
  { method: 'PUT', path: '/api/v2/tickets/{ticket_id}.json', summary: 'Update a ticket', body: { ticket: { status: 'open', comment: { body: 'A comment', public: false } } } },
  { method: 'DELETE', path: '/api/v2/tickets/{ticket_id}.json', summary: 'Delete a ticket' },
  { method: 'GET', path: '/api/v2/tickets/{ticket_id}/comments.json', summary: 'List a ticket\'s comments', cursor: true },
  { method: 'GET', path: '/api/v2/tickets/{ticket_id}/comments/count.json', summary: 'Count a ticket\'s comments' },
  { method: 'PUT', path: '/api/v2/tickets/{ticket_id}/comments/{comment_id}/make_private.json', summary: 'Make a comment private' },
  { method: 'GET', path: '/api/v2/tickets/{ticket_id}/tags.json', summary: 'A ticket\'s tags' },
  { method: 'PUT', path: '/api/v2/tickets/{ticket_id}/tags.json', summary: 'Add tags to a ticket', body: { tags: ['tag'] } },
  { method: 'POST', path: '/api/v2/tickets/{ticket_id}/tags.json', summary: 'Replace a ticket\'s tags', body: { tags: ['tag'] } },
  { method: 'DELETE', path: '/api/v2/tickets/{ticket_id}/tags.json', summary: 'Remove tags from a ticket', body: { tags: ['tag'] } },
  { method: 'GET', path: '/api/v2/organizations/{organization_id}/tickets.json', summary: 'An organization\'s tickets', cursor: true },
  { method: 'GET', path: '/api/v2/users/{user_id}/tickets/requested.json', summary: 'Tickets a user requested', cursor: true },
  { method: 'GET', path: '/api/v2/users/{user_id}/tickets/ccd.json', summary: 'Tickets a user is copied on', cursor: true },
  { method: 'GET', path: '/api/v2/users/{user_id}/tickets/followed.json', summary: 'Tickets a user follows', cursor: true },
  { method: 'GET', path: '/api/v2/users/{user_id}/tickets/assigned.json', summary: 'Tickets assigned to a user', cursor: true },
  { method: 'GET', path: '/api/v2/search.json?query={query}', summary: 'Search (offset pages, at most 1000 results)' },
  { method: 'GET', path: '/api/v2/search/count.json?query={query}', summary: 'Count search results' },
  { method: 'GET', path: '/api/v2/search/export.json?query={query}&filter[type]=ticket', summary: 'Export search results', cursor: true },
  { method: 'GET', path: '/api/v2/views.json', summary: 'List views', cursor: true },
  { method: 'GET', path: '/api/v2/views/active.json', summary: 'Active views' },
  { method: 'GET', path: '/api/v2/views/{view_id}.json', summary: 'Show a view' },
  { method: 'GET', path: '/api/v2/views/{view_id}/tickets.json', summary: 'A view\'s tickets', cursor: true },
  { method: 'GET', path: '/api/v2/views/{view_id}/count.json', summary: 'Count a view\'s tickets' },
  { method: 'GET', path: '/api/v2/views/count_many.json?ids={ids}', summary: 'Count several views' },
  { method: 'GET', path: '/api/v2/requests.json', summary: 'Your requests (end users)' },
  { method: 'GET', path: '/api/v2/requests/{request_id}.json', summary: 'Show a request' },
  { method: 'GET', path: '/api/v2/incremental/tickets/cursor.json?start_time={unix_time}', summary: 'Incremental ticket export (admins)' },
  { method: 'GET', path: '/api/v2/account/settings.json', summary: 'Account settings' },
  { method: 'GET', path: '/api/v2/brands.json', summary: 'Brands' },
  { method: 'GET', path: '/api/v2/oauth/tokens.json', summary: 'Your OAuth tokens', cursor: true },
  { method: 'GET', path: '/api/v2/oauth/tokens/current.json', summary: 'The token in use (first 10 characters only)' },
];

/** The endpoint a concrete path matches (`/api/v2/tickets/35.json?x=1` matches `/api/v2/tickets/{ticket_id}.json`). */
export function matchEndpoint(method: string, pathOrUrl: string): Endpoint | undefined {
  const path = normalise(pathOf(pathOrUrl));
  return ENDPOINTS.find((e) => e.method === method && normalise(e.path.split('?')[0]) === path)
    // `/tickets/count` is a fixed path, not a ticket id: fixed segments win over `{...}`.
    ?? ENDPOINTS.find((e) => e.method === method && matchesTemplate(normalise(e.path.split('?')[0]), path));
}

/** Whether Send All Pages applies: a GET of a list that pages by cursor. */
export function isCursorPaginated(method: string, pathOrUrl: string): boolean {
  return method === 'GET' && matchEndpoint(method, pathOrUrl)?.cursor === true;
}

function pathOf(pathOrUrl: string): string {
  const noQuery = pathOrUrl.split(/[?#]/)[0];
  const m = /^https?:\/\/[^/]+(\/.*)?$/i.exec(noQuery);
  return m ? m[1] ?? '/' : noQuery;
}

function normalise(path: string): string {
  return path.replace(/\/+$/, '').replace(/\.json$/, '');
}

function matchesTemplate(template: string, path: string): boolean {
  const t = template.split('/');
  const p = path.split('/');
  return t.length === p.length && t.every((seg, i) => (seg.startsWith('{') && seg.endsWith('}') ? p[i] !== '' : seg === p[i]));
}
