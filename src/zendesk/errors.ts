// Typed errors of the Zendesk layer. Callers branch on the class (`instanceof`), never on the message;
// the message is for the log and may quote Zendesk's own description. No message ever holds a token.
//
// Each class sets `name` by hand: the production bundle is minified, so a class's own name is not kept.

export class ZendeskError extends Error {
  override readonly name: string = 'ZendeskError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Bad user input or configuration, caught before any request was sent (a bad subdomain, a lifetime out of bounds). */
export class InvalidInputError extends ZendeskError {
  override readonly name = 'InvalidInputError';
}

/** The token endpoint said no, with an RFC 6749 error code (`invalid_grant`, `invalid_client`, ...). */
export class OAuthError extends ZendeskError {
  override readonly name = 'OAuthError';
  constructor(
    readonly code: string,
    readonly description?: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(description ? `${code}: ${description}` : code, options);
  }
}

/** 401: the access token is expired, revoked or invalid. */
export class InvalidTokenError extends ZendeskError {
  override readonly name = 'InvalidTokenError';
}

/** 403 "You are missing the following required scopes: ...": signing in again with more scopes helps. */
export class ScopeMissingError extends ZendeskError {
  override readonly name = 'ScopeMissingError';
  constructor(
    message: string,
    readonly missing: string[],
  ) {
    super(message);
  }
}

/** 403 for any other reason: the user's role or the account's plan does not allow it. */
export class ForbiddenError extends ZendeskError {
  override readonly name = 'ForbiddenError';
}

/** 404: no such record or endpoint. */
export class NotFoundError extends ZendeskError {
  override readonly name = 'NotFoundError';
}

/**
 * What a 422 says about one field. Zendesk keys `details` by any attribute of the record: `base` (the record as a
 * whole), `status` (a closed ticket), `name`, `priority`, a custom field's id... each with a list of
 * `{description, error}` (https://developer.zendesk.com/api-reference/introduction/requests/ shows the envelope).
 */
export interface FieldProblem {
  field: string;
  description: string;
  /** The ticket field a problem is about, when Zendesk names it (a field required to solve comes under `base` with
   * its `ticket_field_id`): the tab shows the problem at that field. */
  ticketFieldId?: number;
}

/** Every `{description}` of a 422's `details`, under whatever field name it comes; nothing else is trusted. */
export function validationProblems(details: unknown): FieldProblem[] {
  if (typeof details !== 'object' || details === null || Array.isArray(details)) return [];
  const out: FieldProblem[] = [];
  for (const [field, list] of Object.entries(details as Record<string, unknown>)) {
    for (const d of Array.isArray(list) ? list : [list]) {
      const text =
        typeof d === 'object' && d !== null
          ? (d as { description?: unknown }).description
          : typeof d === 'string'
            ? d
            : undefined;
      const fieldId =
        typeof d === 'object' && d !== null ? (d as { ticket_field_id?: unknown }).ticket_field_id : undefined;
      if (typeof text === 'string' && text.trim()) {
        out.push({
          field,
          description: text.trim(),
          ...(typeof fieldId === 'number' && Number.isSafeInteger(fieldId) && fieldId > 0
            ? { ticketFieldId: fieldId }
            : {}),
        });
      }
    }
  }
  return out;
}

/**
 * The problems as one line that names each field: Zendesk's descriptions usually start with the field's label
 * ("Status: closed prevents ticket update"), and then it is not repeated; `base` is the record itself, never named.
 */
export function validationText(problems: readonly FieldProblem[]): string {
  const plain = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  return problems
    .map(({ field, description }) => {
      const text = description.replace(/\.$/, '');
      return field === 'base' || plain(text).startsWith(plain(field)) ? text : `${field}: ${text}`;
    })
    .join('; ');
}

/** 422: well formed but refused, such as updating a closed ticket. `details` is Zendesk's `details` object. */
export class ValidationError extends ZendeskError {
  override readonly name = 'ValidationError';
  /** `details` read once, by field. */
  readonly problems: readonly FieldProblem[];
  constructor(
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.problems = validationProblems(details);
  }
}

/** 409: a concurrent change to the same record. */
export class ConflictError extends ZendeskError {
  override readonly name = 'ConflictError';
}

/** 400 or another 4xx that none of the classes above covers (bad pagination parameters, for example). */
export class BadRequestError extends ZendeskError {
  override readonly name = 'BadRequestError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** 429 after the client's own retries were used up (or the wait asked for was too long to sit through). */
export class RateLimitedError extends ZendeskError {
  override readonly name = 'RateLimitedError';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** 5xx. A 503 with Retry-After is a transient database timeout; without it, maintenance. */
export class ServerError extends ZendeskError {
  override readonly name = 'ServerError';
  constructor(
    message: string,
    readonly status: number,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** The request or its answer did not make it: refused, reset, timed out, or a truncated or invalid JSON body. */
export class NetworkError extends ZendeskError {
  override readonly name: string = 'NetworkError';
}

/** The host name does not resolve (DNS ENOTFOUND or EAI_AGAIN): a mistyped or nonexistent subdomain, or no DNS. */
export class HostNotFoundError extends NetworkError {
  override readonly name = 'HostNotFoundError';
  constructor(
    readonly host: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A token would have been sent to a host other than the account's own. */
export class HostNotAllowedError extends ZendeskError {
  override readonly name = 'HostNotAllowedError';
}

/**
 * Something stopped because the user (or a newer request) asked it to: never an error to show. Not a ZendeskError:
 * nothing went wrong at Zendesk. Subclasses say what was stopped (a sign-in, a request the user did not confirm).
 */
export class CancelledError extends Error {
  override readonly name: string = 'CancelledError';
}

/**
 * Whether `e` is a cancellation, whoever raised it: a CancelledError, the `AbortError` an AbortController's abort
 * rejects with (DOM and undici's fetch alike, a DOMException), or VS Code's `CancellationError` (named `Canceled`).
 * A time-out (`TimeoutError`) is not a cancellation: nobody asked for it to stop. The one such check.
 */
export function isCancellation(e: unknown): boolean {
  if (e instanceof CancelledError) return true;
  // By name: a DOMException need not be an Error in every runtime, and VS Code's class is not importable here.
  const name = typeof e === 'object' && e !== null ? (e as { name?: unknown }).name : undefined;
  return name === 'AbortError' || name === 'Canceled';
}
