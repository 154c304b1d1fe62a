// How an error reads: decided here, once. One ordered table says what kind of error each is (classify); each
// audience has its words for every kind: the user's here (a notification, the ticket tab, the tree), a language
// model's in chat/toolErrors.ts (a chat tool's result). The types make both say something for every kind.
// Messages hold no token (the typed errors never do). No `vscode` import: unit-tested in plain Node.
import { AuthorizationDeniedError } from '../auth/redirect';
import { SecretStorageError } from '../auth/session';
import {
  AccessDeclinedError,
  AmbiguousAccountError,
  NoClientSecretError,
  NotSignedInError,
  SessionNotGrantedError,
  WrongUserError,
} from '../auth/errors';
import { SessionEndedError } from '../auth/tokenManager';
import {
  BadRequestError,
  CancelledError,
  ConflictError,
  ForbiddenError,
  HostNotAllowedError,
  HostNotFoundError,
  InvalidTokenError,
  isCancellation,
  NetworkError,
  NotFoundError,
  OAuthError,
  RateLimitedError,
  ScopeMissingError,
  ServerError,
  ValidationError,
  validationText,
} from '../zendesk/errors';
import { Commands } from '../constants';
import * as l10n from '@vscode/l10n';

export { isCancellation } from '../zendesk/errors';

/** Each kind of error, and the error its words are given (the class classify() recognised it by). */
export interface ErrorOf {
  /** The user said no to more access: a cancellation, told apart. */
  declined: AccessDeclinedError;
  /** Any other cancellation (isCancellation). */
  cancelled: unknown;
  /** Deny in Zendesk's consent page (from the redirect or the token endpoint). */
  denied: AuthorizationDeniedError | OAuthError;
  codeExpired: OAuthError;
  clientRejected: OAuthError;
  scopeNotAllowed: OAuthError;
  oauth: OAuthError;
  noClientSecret: NoClientSecretError;
  sessionEnded: SessionEndedError;
  tokenRejected: InvalidTokenError;
  scopeMissing: ScopeMissingError;
  notSignedIn: NotSignedInError;
  /** A name that several signed-in accounts share (chat input, a request file's host). */
  ambiguousAccount: AmbiguousAccountError;
  wrongUser: WrongUserError;
  notGranted: SessionNotGrantedError;
  forbidden: ForbiddenError;
  rateLimited: RateLimitedError;
  /** A 422: its `details` read once, into `problems`, when the error was made. */
  refused: ValidationError;
  conflict: ConflictError;
  notFound: NotFoundError;
  badRequest: BadRequestError;
  server: ServerError;
  /** A well-formed host name that does not resolve (a subdomain that does not exist). */
  hostNotFound: HostNotFoundError;
  network: NetworkError;
  hostNotAllowed: HostNotAllowedError;
  keychain: SecretStorageError;
  /** Anything else: its message says it (redirect errors, an unregistered redirect URL, bad input...). */
  other: unknown;
}

export type ErrorKind = keyof ErrorOf;

/** One audience's words for every kind of error, each given the error as its kind's class and the caller's context. */
export type Words<C, R> = { [K in ErrorKind]: (e: ErrorOf[K], context: C) => R };

const oauth =
  (code: string) =>
  (e: unknown): boolean =>
    e instanceof OAuthError && e.code === code;

const of =
  (cls: abstract new (...args: never[]) => unknown) =>
  (e: unknown): boolean =>
    e instanceof cls;

/** Most specific first (a subclass before its class): the first that matches is the kind. */
const KINDS: readonly (readonly [ErrorKind, (e: unknown) => boolean])[] = [
  ['declined', of(AccessDeclinedError)],
  ['cancelled', isCancellation],
  [
    'denied',
    (e) => (e instanceof AuthorizationDeniedError && e.error === 'access_denied') || oauth('access_denied')(e),
  ],
  ['codeExpired', oauth('invalid_grant')],
  ['clientRejected', oauth('invalid_client')],
  ['scopeNotAllowed', oauth('invalid_scope')],
  ['oauth', of(OAuthError)],
  ['noClientSecret', of(NoClientSecretError)],
  ['sessionEnded', of(SessionEndedError)],
  ['tokenRejected', of(InvalidTokenError)],
  ['scopeMissing', of(ScopeMissingError)],
  ['notSignedIn', of(NotSignedInError)],
  ['ambiguousAccount', of(AmbiguousAccountError)],
  ['wrongUser', of(WrongUserError)],
  ['notGranted', of(SessionNotGrantedError)],
  ['forbidden', of(ForbiddenError)],
  ['rateLimited', of(RateLimitedError)],
  ['refused', of(ValidationError)],
  ['conflict', of(ConflictError)],
  ['notFound', of(NotFoundError)],
  ['badRequest', of(BadRequestError)],
  ['server', of(ServerError)],
  ['hostNotFound', of(HostNotFoundError)],
  ['network', of(NetworkError)],
  ['hostNotAllowed', of(HostNotAllowedError)],
  ['keychain', of(SecretStorageError)],
];

/** Every kind classify() can answer, in the table's order: 'other' last. */
export const ERROR_KINDS: readonly ErrorKind[] = [...KINDS.map(([kind]) => kind), 'other'];

/** What kind of error `e` is: the one classification every audience's words come from. */
export function classify(e: unknown): ErrorKind {
  return KINDS.find(([, is]) => is(e))?.[0] ?? 'other';
}

/** `e` in one audience's words: those of its kind. */
export function inWords<C, R>(words: Words<C, R>, e: unknown, context: C): R {
  // classify() chose the kind by `e`'s class, the one ErrorOf names for that kind.
  return (words[classify(e)] as (e: unknown, context: C) => R)(e, context);
}

/** An error's own message, never its stack. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** `signIn` offers "Sign In"; with `scopes`, the sign-in asks for them on top of what the account holds. `action`:
 * another next step, offered as a button or link (Update Client Secret). */
export interface UserMessage {
  text: string;
  signIn?: boolean;
  scopes?: string[];
  action?: NoticeAction;
}

/** For the user: what was being done ("Saving #7"), and what was kept although it failed ("Your text is kept as a
 * draft."), said after the words. */
export interface UserContext {
  action: string;
  kept?: string;
}

/** The words of anything without its own: "Saving failed: <its message>". */
function failed(e: unknown, action: string): UserMessage {
  return { text: l10n.t('{0} failed: {1}', action, messageOf(e)) };
}

function denied(_e: unknown, action: string): UserMessage {
  return {
    text: l10n.t('{0} failed: Access was denied in Zendesk. Sign in again and choose Allow.', action),
    signIn: true,
  };
}

/** The user's words: one short, actionable sentence per kind, with the next step where there is one. */
const USER: Words<string, UserMessage> = {
  // Quiet where shown as notifications (a cancellation); the ticket tab says it in place.
  declined: (e, action) => ({
    text: l10n.t('{0} cancelled: {1} access was not granted.', action, e.missing.join(', ')),
  }),
  // A CancelledError says what was stopped ("Not sent.", "Sign-in was cancelled."); an AbortError does not.
  cancelled: (e) => ({ text: e instanceof CancelledError ? e.message : l10n.t('Cancelled.') }),
  denied,
  codeExpired: (_e, action) => ({
    text: l10n.t('{0} failed: the sign-in code expired or was already used. Sign in again.', action),
    signIn: true,
  }),
  clientRejected: (_e, action) => ({
    text: l10n.t(
      '{0} failed: Zendesk rejected the OAuth client. Check its identifier (not the numeric id) and secret ("Zendesk: Update Client Secret").',
      action,
    ),
  }),
  scopeNotAllowed: (_e, action) => ({
    text: l10n.t('{0} failed: Zendesk does not allow the requested scopes for this client or your role.', action),
  }),
  oauth: (e, action) => ({
    text: l10n.t('{0} failed: Zendesk answered {1}{2}.', action, e.code, e.description ? ` (${e.description})` : ''),
  }),
  noClientSecret: (e, action) => ({
    text: l10n.t(
      '{0} failed: {1} is a confidential client, and signing in needs its client secret. Enter it with Update Client Secret.',
      action,
      e.clientId,
    ),
    action: { label: l10n.t('Update Client Secret'), command: Commands.updateClientSecret },
  }),
  sessionEnded: () => ({ text: l10n.t('Your Zendesk session has ended. Sign in again?'), signIn: true }),
  tokenRejected: () => ({ text: l10n.t('Zendesk no longer accepts your token. Sign in again.'), signIn: true }),
  scopeMissing: (e, action) => ({
    text: l10n.t(
      '{0} failed: your Zendesk session lacks {1} access. Sign in to allow it.',
      action,
      e.missing.join(', '),
    ),
    signIn: true,
    scopes: [...e.missing],
  }),
  notSignedIn: (e, action) => ({ text: l10n.t('{0} failed: {1} Sign in first.', action, e.message), signIn: true }),
  ambiguousAccount: (e, action) => ({
    text: l10n.t(
      '{0} failed: {1} Name one by its account id, such as {2}.',
      action,
      e.message,
      e.candidates[0]?.accountId ?? 'SUBDOMAIN/USER_ID',
    ),
  }),
  wrongUser: (e, action) => ({
    text: l10n.t('{0} failed: {1} Nothing was changed; sign in as {2} to allow it.', action, e.message, e.expected),
  }),
  // Its message is the whole answer, for the extension that passed the session.
  notGranted: (e) => ({ text: e.message }),
  forbidden: () => ({ text: l10n.t('Your Zendesk role does not allow this. Ask a Zendesk admin for access.') }),
  rateLimited: (e) => ({ text: l10n.t("Zendesk's rate limit was reached. Try again in {0} s.", e.retryAfterSeconds) }),
  // Names what Zendesk refused, by field, whatever the field (a custom field's id, `name`, `status`...).
  refused: (e, action) =>
    e.problems.length
      ? {
          text: l10n.t(
            '{0} failed: Zendesk refused it ({1}). Correct it and try again.',
            action,
            validationText(e.problems),
          ),
        }
      : failed(e, action),
  conflict: (_e, action) => ({
    text: l10n.t('{0} failed: someone changed it at the same time. Read the latest and try again.', action),
  }),
  notFound: (_e, action) => ({
    text: l10n.t('{0} failed: Zendesk found no such record, or your role may not see it.', action),
  }),
  badRequest: failed,
  server: (e) => ({ text: l10n.t('Zendesk had a problem (HTTP {0}). Try again shortly.', e.status) }),
  hostNotFound: (e, action) => ({
    text: l10n.t(
      '{0} failed: {1} does not resolve. Check the Zendesk subdomain for typos, then your connection.',
      action,
      e.host,
    ),
  }),
  network: () => ({
    text: l10n.t('Could not reach Zendesk. Check your connection and try again; your session is kept.'),
  }),
  // Its message already says what was refused and why ("Refusing to send …"): said once.
  hostNotAllowed: (e) => ({ text: e.message }),
  keychain: (e) => ({
    text: l10n.t(
      '{0}. On Linux, start and unlock a keyring (GNOME Keyring or KWallet), or set "password-store" in VS Code\'s argv.json, then try again.',
      e.message.replace(/\.$/, ''),
    ),
  }),
  other: failed,
};

/** An error in the user's words: one short, actionable sentence, with the next step where there is one. */
export function describeError(e: unknown, context: string | UserContext = l10n.t('Sign in')): UserMessage {
  const c = typeof context === 'string' ? { action: context } : context;
  const m = inWords(USER, e, c.action);
  return c.kept ? { ...m, text: `${m.text} ${c.kept}` } : m;
}

/** Kinds after which another way back from the browser cannot help: the user said no, the host does not resolve,
 * Zendesk refused the client itself, or the client has no secret to sign in with. */
const NO_OTHER_WAY: readonly ErrorKind[] = ['denied', 'hostNotFound', 'clientRejected', 'noClientSecret'];

/** A failed sign-in: its words, and whether another way back from the browser could help ("Try Another Way"). */
export function describeSignInFailure(e: unknown): UserMessage & { anotherWay: boolean } {
  return { ...describeError(e, l10n.t('Sign in')), anotherWay: !NO_OTHER_WAY.includes(classify(e)) };
}

/** An action offered as a link in a notification's text: runs `command` with `args`. */
export interface NoticeAction {
  label: string;
  command: string;
  args?: unknown;
}

/**
 * A failed sign-in as one notification text with its actions as command links, for a notification the extension
 * can end (a progress notification has no buttons; VS Code runs `command:` links in a notification's text).
 * Its own next step first (Update Client Secret), "Try Another Way" where another way back could help, "Sign In"
 * after Deny, "Show Log" always.
 */
export function signInFailureNotice(
  e: unknown,
  retry: { scopes: readonly string[]; accountId?: string },
): { text: string; actions: NoticeAction[] } {
  const m = describeSignInFailure(e);
  const again = { scopes: [...retry.scopes], accountId: retry.accountId };
  const actions: NoticeAction[] = [];
  if (m.action) actions.push(m.action);
  if (m.anotherWay) {
    actions.push({ label: l10n.t('Try Another Way'), command: Commands.signIn, args: { ...again, chooseWay: true } });
  } else if (m.signIn) actions.push({ label: l10n.t('Sign In'), command: Commands.signIn, args: again });
  actions.push({ label: l10n.t('Show Log'), command: Commands.showLog });
  return { text: m.text, actions };
}

/** `[label](command:id?args)`: the Markdown link VS Code runs as a command from a notification. */
export function commandLink(a: NoticeAction): string {
  // encodeURIComponent keeps ( and ), which would end the Markdown link early.
  const query =
    a.args === undefined
      ? ''
      : `?${encodeURIComponent(JSON.stringify([a.args]))
          .replace(/\(/g, '%28')
          .replace(/\)/g, '%29')}`;
  return `[${a.label.replace(/[[\]]/g, '')}](command:${a.command}${query})`;
}
