/** The Zendesk error bodies the sandbox answers with (spec §1.6, §4.1). */
import { ACCOUNT_RATE_LIMIT_TEXT, OAUTH_ERROR_TEXT } from './choices';
import { json, Reply, text } from './reply';

export const INVALID_TOKEN_TEXT =
  'The access token provided is expired, revoked, malformed or invalid for other reasons.';

export function recordNotFound(): Reply {
  return json(404, { error: 'RecordNotFound', description: 'Not found' });
}

export function invalidEndpoint(): Reply {
  return json(404, { error: 'InvalidEndpoint', description: 'Not found' });
}

export function invalidToken(): Reply {
  // CHOICE: the bearer 401 also carries Doorkeeper's WWW-Authenticate header (spec §1.6 leaves it open).
  return json(
    401,
    { error: 'invalid_token', error_description: INVALID_TOKEN_TEXT },
    {
      'WWW-Authenticate': `Bearer realm="Doorkeeper", error="invalid_token", error_description="${INVALID_TOKEN_TEXT}"`,
    },
  );
}

/** No credentials, or Basic credentials (the sandbox has no API tokens or passwords for the API). */
export function couldNotAuthenticate(): Reply {
  return json(401, { error: "Couldn't authenticate you" }, { 'WWW-Authenticate': 'Basic realm="Web Password"' });
}

export function missingScopes(scopes: string): Reply {
  return json(403, { error: 'Forbidden', description: `You are missing the following required scopes: ${scopes}` });
}

export function roleForbidden(): Reply {
  return json(403, {
    error: {
      title: 'Forbidden',
      message:
        'You do not have access to this page. Please contact the account owner of this help desk for further help.',
    },
  });
}

/** One entry of a 422's `details`: Zendesk adds `ticket_field_id` and `ticket_field_type` for ticket fields, and
 * sends `error: null` for a field required to solve (a live probe, https://github.com/CloudSecurityAlliance/csa-zendesk
 * experiments/solve-required-fields). */
export interface DetailEntry {
  description: string;
  /** Absent on some live answers (the assignee-not-in-group refusal). */
  error?: string | null;
  ticket_field_id?: number;
  ticket_field_type?: string;
}

/** The refusal of an assignee who is not an agent of the ticket's group, as a live answer had it: both entries, the
 * second without `error` (https://github.com/facetoe/zenpy/issues/628). */
export const ASSIGNEE_NOT_IN_GROUP: readonly DetailEntry[] = [
  { description: 'Assignee: is invalid', error: 'InvalidValue' },
  { description: 'Assignee: is not a member of the group' },
];

export function recordInvalid(details: Record<string, DetailEntry[]>): Reply {
  return json(422, { error: 'RecordInvalid', description: 'Record validation errors', details });
}

export function badRequest(error: string, description: string): Reply {
  return json(400, { error, description });
}

export type OAuthErrorCode = keyof typeof OAUTH_ERROR_TEXT;

export function oauthError(code: OAuthErrorCode, description?: string): Reply {
  const status = code === 'invalid_client' ? 401 : 400;
  return json(
    status,
    { error: code, error_description: description ?? OAUTH_ERROR_TEXT[code] },
    { 'Cache-Control': 'no-store', Pragma: 'no-cache' },
  );
}

export function serverFault(status: 429 | 500 | 503, retryAfter?: number): Reply {
  // An injected 429 reads like the account limit's own (a storm of 429s without spending the budget for real).
  if (status === 429) return tooManyRequests(ACCOUNT_RATE_LIMIT_TEXT, retryAfter ?? 1);
  const headers: Record<string, string> = retryAfter === undefined ? {} : { 'Retry-After': String(retryAfter) };
  // CHOICE: injected faults answer JSON like other business errors (spec §4.1 gives no body for 5xx).
  return status === 503
    ? json(
        503,
        { error: 'ServiceUnavailable', description: 'The service is temporarily unavailable. Please try again later.' },
        headers,
      )
    : json(
        500,
        { error: 'InternalServerError', description: 'Something went wrong. Please try again later.' },
        headers,
      );
}

export function tooManyRequests(body: string, retryAfterSeconds: number): Reply {
  return text(429, body, { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) });
}
