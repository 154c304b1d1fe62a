// A failed tool call as text a model can act on: what failed, on which account, and what to do next (retry later,
// ask the user, correct the input). Tools return this as their result instead of throwing, so the chat never shows
// a stack trace and the model is not left guessing. The kind of error is the one mapper's (ui/errorText.ts
// classify); these are its words for a model, one per kind, in English like the tools' descriptions. Messages hold
// no token (the typed errors never do). No `vscode` import.
import { inWords, messageOf, type Words } from '../ui/errorText';
import { validationText } from '../zendesk/errors';

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

/** The call, with the phrases every text uses worked out once. */
interface Call extends FailedCall {
  /** `doing`, capitalised, to start a sentence. */
  Doing: string;
  /** " on acme", or nothing. */
  on: string;
  /** " Nothing was changed." for a write, or nothing. */
  unchanged: string;
}

const signInAgain = 'Ask the user to sign in again ("Zendesk: Sign In").';

function failed(e: unknown, c: Call): string {
  return `${c.Doing}${c.on} failed: ${messageOf(e)}`;
}

/** After a write that may have reached Zendesk before the answer was lost. */
function mayHaveChanged(c: Call, otherwise: string): string {
  return c.write ? ' The change may or may not have been made: read the ticket before retrying.' : otherwise;
}

function sessionEnded(_e: unknown, c: Call): string {
  return `The Zendesk session${c.on} has ended.${c.unchanged} ${signInAgain}`;
}

const CHAT: Words<Call, string> = {
  declined: (_e, c) =>
    `The user did not allow the access ${c.doing} needs${c.on}.${c.unchanged} Do not retry unless the user asks.`,
  cancelled: (_e, c) => `${c.Doing} was cancelled.${c.unchanged}`,
  denied: (_e, c) => `The user denied access in Zendesk${c.on}.${c.unchanged} Do not retry unless the user asks.`,
  codeExpired: (_e, c) => `${c.Doing}${c.on} failed: the sign-in code expired.${c.unchanged} ${signInAgain}`,
  clientRejected: (_e, c) =>
    `${c.Doing}${c.on} failed: Zendesk rejected the OAuth client.${c.unchanged} Ask the user to check its identifier and secret ("Zendesk: Update Client Secret").`,
  scopeNotAllowed: (_e, c) =>
    `${c.Doing}${c.on} failed: Zendesk does not allow the requested scopes for this client or this user's role.${c.unchanged}`,
  oauth: (e, c) => `${c.Doing}${c.on} failed: Zendesk answered ${e.code} to the sign-in.${c.unchanged} ${signInAgain}`,
  noClientSecret: (e, c) =>
    `${c.Doing}${c.on} needs the client secret of ${e.clientId}, which is not stored.${c.unchanged} Ask the user to run "Zendesk: Update Client Secret".`,
  sessionEnded,
  tokenRejected: sessionEnded,
  scopeMissing: (e, c) =>
    `${c.Doing} needs ${e.missing.join(' and ')} access${c.on}, which this sign-in does not have.${c.unchanged} Ask the user to allow it when VS Code asks, or to sign in again.`,
  notSignedIn: (e) =>
    `Not signed in to Zendesk${e.accountId ? ` as ${e.accountId}` : ''}. Ask the user to run "Zendesk: Sign In".`,
  ambiguousAccount: (e) => `${e.message} Give the account id as "account". Nothing was sent to Zendesk.`,
  wrongUser: (e, c) => `${e.message}${c.unchanged} Ask the user to sign in as ${e.expected}.`,
  notGranted: (e) => e.message,
  forbidden: (_e, c) => `Zendesk refused ${c.doing}${c.on}: this user's role does not allow it.${c.unchanged}`,
  rateLimited: (e, c) => `Zendesk rate limited ${c.doing}${c.on}; retry in ${e.retryAfterSeconds} s.${c.unchanged}`,
  refused: (e, c) => `Zendesk refused ${c.doing}${c.on}: ${validationText(e.problems) || e.message}.${c.unchanged}`,
  conflict: (_e, c) =>
    `Someone changed the record at the same time as ${c.doing}${c.on}.${c.unchanged} Read it again, then retry.`,
  notFound: (_e, c) =>
    `${capitalise(c.record ?? 'the record')} not found${c.on} (or this user may not see it). Check the number, for example with zendesk_searchTickets.`,
  badRequest: (e, c) =>
    `Zendesk did not accept ${c.doing}${c.on} (HTTP ${e.status}): ${e.message} Correct the input and retry.`,
  server: (e, c) => {
    const when = e.retryAfterSeconds !== undefined ? `retry in ${e.retryAfterSeconds} s` : 'retry in a minute';
    return `Zendesk had a problem ${c.doing}${c.on} (HTTP ${e.status}); ${when}.${mayHaveChanged(c, '')}`;
  },
  // Named, and no "could not reach": no connection helps a subdomain that does not exist.
  hostNotFound: (e, c) =>
    `${c.Doing}${c.on} failed: ${e.host} does not resolve, so Zendesk was not reached.${c.unchanged} Ask the user to check the Zendesk subdomain for typos, then their connection.`,
  network: (_e, c) => `Could not reach Zendesk ${c.doing}${c.on}.${mayHaveChanged(c, ' Retry shortly.')}`,
  // Its message already says what was refused and why ("Refusing to send …"): said once.
  hostNotAllowed: (e, c) => `${e.message}${c.write ? ' Nothing was sent, so nothing was changed.' : ''}`,
  keychain: (e, c) =>
    `${c.Doing}${c.on} failed: ${e.message.replace(/\.$/, '')}.${c.unchanged} Ask the user to unlock their OS keychain.`,
  other: failed,
};

export function toolErrorText(e: unknown, call: FailedCall): string {
  return inWords(CHAT, e, {
    ...call,
    Doing: capitalise(call.doing),
    on: call.account ? ` on ${call.account}` : '',
    unchanged: call.write ? ' Nothing was changed.' : '',
  });
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
