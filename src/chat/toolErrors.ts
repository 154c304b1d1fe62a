// A failed tool call as text a model can act on: what failed, on which account, and what to do next (retry later,
// ask the user, correct the input). Tools return this as their result instead of throwing, so the chat never shows
// a stack trace and the model is not left guessing. Messages hold no token (the typed errors never do).
// No `vscode` import.
import { AmbiguousAccountError, NotSignedInError, WrongUserError } from '../auth/errors';
import { RedirectCancelledError } from '../auth/redirect/errors';
import { SessionEndedError } from '../auth/tokenManager';
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  HostNotAllowedError,
  InvalidInputError,
  InvalidTokenError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  ScopeMissingError,
  ServerError,
  ValidationError,
  validationText,
  ZendeskError,
} from '../zendesk/errors';

export interface FailedCall {
  /** What was being done, lower case: "reading ticket 123", "adding a comment to ticket 123". */
  doing: string;
  /** The account's subdomain, when known. */
  account?: string;
  /** What a 404 means here: "ticket 123", "view 7". */
  record?: string;
  /** True for changes: the text then says whether anything was changed. */
  write?: boolean;
}

export function toolErrorText(e: unknown, c: FailedCall): string {
  const on = c.account ? ` on ${c.account}` : '';
  const unchanged = c.write ? ' Nothing was changed.' : '';
  if (e instanceof NotFoundError) {
    return `${capitalise(c.record ?? 'the record')} not found${on} (or this user may not see it). Check the number, for example with zendesk_searchTickets.`;
  }
  if (e instanceof RateLimitedError) {
    return `Zendesk rate limited ${c.doing}${on}; retry in ${e.retryAfterSeconds} s.${unchanged}`;
  }
  if (e instanceof RedirectCancelledError) {
    // The user said no to more access (or closed the sign-in): not something to retry on one's own.
    return `The user did not allow the access ${c.doing} needs${on}.${unchanged} Do not retry unless the user asks.`;
  }
  if (e instanceof ScopeMissingError) {
    return `${capitalise(c.doing)} needs ${e.missing.join(' and ')} access${on}, which this sign-in does not have.${unchanged} Ask the user to allow it when VS Code asks, or to sign in again.`;
  }
  if (e instanceof NotSignedInError) {
    return `Not signed in to Zendesk${e.accountId ? ` as ${e.accountId}` : ''}. Ask the user to run "Zendesk: Sign In".`;
  }
  if (e instanceof AmbiguousAccountError) {
    return `${e.message} Give the account id as "account". Nothing was sent to Zendesk.`;
  }
  if (e instanceof WrongUserError) return `${e.message}${unchanged} Ask the user to sign in as ${e.expected}.`;
  if (e instanceof SessionEndedError || e instanceof InvalidTokenError) {
    return `The Zendesk session${on} has ended.${unchanged} Ask the user to sign in again ("Zendesk: Sign In").`;
  }
  if (e instanceof ForbiddenError) {
    return `Zendesk refused ${c.doing}${on}: this user's role does not allow it.${unchanged}`;
  }
  if (e instanceof ValidationError) {
    return `Zendesk refused ${c.doing}${on}: ${validationText(e.problems) || e.message}.${unchanged}`;
  }
  if (e instanceof ConflictError) {
    return `Someone changed the record at the same time as ${c.doing}${on}.${unchanged} Read it again, then retry.`;
  }
  if (e instanceof BadRequestError) {
    return `Zendesk did not accept ${c.doing}${on} (HTTP ${e.status}): ${e.message} Correct the input and retry.`;
  }
  if (e instanceof ServerError) {
    const when = e.retryAfterSeconds !== undefined ? `retry in ${e.retryAfterSeconds} s` : 'retry in a minute';
    return `Zendesk had a problem ${c.doing}${on} (HTTP ${e.status}); ${when}.${c.write ? ' The change may or may not have been made: read the ticket before retrying.' : ''}`;
  }
  if (e instanceof NetworkError) {
    return `Could not reach Zendesk ${c.doing}${on}.${c.write ? ' The change may or may not have been made: read the ticket before retrying.' : ' Retry shortly.'}`;
  }
  if (e instanceof HostNotAllowedError) return `Refused ${c.doing}${on}: ${e.message}`;
  if (e instanceof InvalidInputError || e instanceof ZendeskError) {
    return `${capitalise(c.doing)}${on} failed: ${e.message}`;
  }
  if (e instanceof Error && (e.name === 'Canceled' || e.name === 'AbortError')) {
    return `${capitalise(c.doing)} was cancelled.${unchanged}`;
  }
  // Unknown: the message only, never the stack.
  return `${capitalise(c.doing)}${on} failed: ${e instanceof Error ? e.message : String(e)}`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
