/**
 * Where Zendesk's docs (https://developer.zendesk.com/api-reference/) leave a behaviour open, the sandbox makes a
 * choice. The choices that are values live here; the ones that are behaviour are marked `// CHOICE:` at the
 * single place that implements them (grep -rn "CHOICE:" test/sandbox). README.md lists them all.
 */

// CHOICE: access-token lifetime when the client sends no expires_in: 30 minutes (spec §1.5 default TTL table).
export const DEFAULT_ACCESS_TTL_SECONDS = 1800;
export const DEFAULT_REFRESH_TTL_SECONDS = 2_592_000;

// CHOICE: the lifetime bounds are exclusive ("more than" / "less than", spec §1.5): expires_in must be
// > 300 and < 172800; refresh_token_expires_in > 604800 (and > expires_in) and < 7776000.
export const ACCESS_TTL_BOUNDS = { above: 300, below: 172_800 } as const;
export const REFRESH_TTL_BOUNDS = { above: 604_800, below: 7_776_000 } as const;

// CHOICE: authorization codes live 120 s (spec §1.4, DOC) and are single use (spec §6.5 bracket).
export const CODE_TTL_SECONDS = 120;

// CHOICE: a pending sign-in (between the login page and Allow/Deny) lives 10 minutes.
export const PENDING_AUTHORIZATION_TTL_SECONDS = 600;

// CHOICE: a client_credentials request without `scope` gets "read" (Zendesk's default is not documented).
export const CLIENT_CREDENTIALS_DEFAULT_SCOPE = 'read';

// CHOICE: Doorkeeper's texts for the RFC 6749 errors (spec §1.5, §6.2): invalid_client 401, the rest 400.
export const OAUTH_ERROR_TEXT = {
  invalid_client:
    'The client identifier provided is invalid, the client failed to authenticate, the client did not include its credentials, provided multiple client credentials, or used unsupported credentials type.',
  invalid_grant:
    'The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.',
  invalid_request:
    'The request is missing a required parameter, includes an unsupported parameter value, or is otherwise malformed.',
  unsupported_grant_type: 'The authorization grant type is not supported by the authorization server.',
  unauthorized_client: 'The client is not authorized to perform this request using this method.',
  access_denied: 'The end-user or authorization server denied the request.',
  unsupported_response_type: 'The authorization server does not support this response type.',
} as const;

// CHOICE: the account-level 429 is text/plain with this text (spec §4.2, §6.10 bracket: a text body).
export const ACCOUNT_RATE_LIMIT_TEXT = 'Number of allowed API requests per minute exceeded';
export const TICKET_UPDATE_LIMIT_TEXT =
  'Rate limit for ticket updates exceeded, please wait before updating this ticket again';
export const TICKET_UPDATES_PER_WINDOW = 30;
export const TICKET_UPDATE_WINDOW_SECONDS = 600;
// Update Ticket: 100 requests a minute per account on most plans (https://developer.zendesk.com/api-reference/introduction/rate-limits/).
export const TICKET_UPDATES_PER_ACCOUNT_MINUTE = 100;
// CHOICE: the text of the per-account Update Ticket 429 (Zendesk documents the limit, not its body).
export const TICKET_UPDATE_ACCOUNT_LIMIT_TEXT = 'Number of allowed ticket updates per minute exceeded';
// views/count_many takes at most 20 view ids. CHOICE: more is 400 TooManyValues, the shape show_many uses.
export const VIEW_COUNT_MANY_MAX_IDS = 20;
// CHOICE: a view's count may be asked 5 times a minute per view per user, through views/{id}/count or count_many
// alike (Zendesk documents 5 a minute per view per agent for a view's count; count_many is held to the same).
export const VIEW_COUNTS_PER_VIEW_MINUTE = 5;
export const VIEW_COUNT_LIMIT_TEXT = 'Number of allowed view count requests per minute exceeded';

// CHOICE: offset pagination refuses a page whose last record would lie past 10,000 (tickets, views,
// comments; 400 InvalidPaginationDepth) or past 1,000 for search (422 invalid), i.e. page * per_page > limit.
export const OFFSET_DEPTH_LIMIT = 10_000;
export const SEARCH_RESULT_LIMIT = 1_000;
export const MAX_PAGE_SIZE = 100;

// CHOICE: text of the 422 when a closed ticket is updated (spec §6.11).
export const CLOSED_TICKET_TEXT = 'Status: closed prevents ticket update';
// CHOICE: body of the 409 for a failed safe_update (spec §6.11; the test-double shape).
export const UPDATE_CONFLICT_TEXT =
  'Safe Update prevented the update due to outdated ticket data. Please fetch the latest ticket data and try again.';

// CHOICE: the anonymous /users/me object (spec §6.9 bracket).
export const ANONYMOUS_USER = {
  id: null,
  url: null,
  name: 'Anonymous user',
  email: 'invalid@example.com',
  role: 'end-user',
} as const;

// CHOICE: the fixed span the seeded tickets are spread over, so the same seed gives the same timestamps.
export const SEED_EPOCH_START = Date.UTC(2024, 0, 1) / 1000;
export const SEED_EPOCH_SPAN_SECONDS = 365 * 86_400;

// CHOICE: what `GET /api/v2/custom_statuses` says on an account without custom ticket statuses (a 403; Zendesk does
// not document that answer).
export const CUSTOM_STATUSES_OFF_TEXT = 'Custom ticket statuses are not activated on this account';
