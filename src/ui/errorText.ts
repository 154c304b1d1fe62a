// How an error reads to a user: one short, actionable sentence per kind. Decided here and nowhere else.
// No `vscode` import: unit-tested in plain Node.
import { RedirectUriNotRegisteredError } from '../auth/preflight';
import { AuthorizationDeniedError, RedirectCancelledError, RedirectError } from '../auth/redirect';
import { SecretStorageError } from '../auth/session';
import { AmbiguousAccountError, NotSignedInError, SessionNotGrantedError, WrongUserError } from '../auth/errors';
import { SessionEndedError } from '../auth/tokenManager';
import {
  ForbiddenError,
  HostNotAllowedError,
  HostNotFoundError,
  InvalidInputError,
  InvalidTokenError,
  NetworkError,
  OAuthError,
  RateLimitedError,
  ScopeMissingError,
  ServerError,
  ValidationError,
  validationText,
  ZendeskError,
} from '../zendesk/errors';
import { Commands } from '../constants';
import * as l10n from '@vscode/l10n';

/** `signIn` offers "Sign In"; with `scopes`, the sign-in asks for them on top of what the account holds. */
export interface UserMessage {
  text: string;
  signIn?: boolean;
  scopes?: string[];
}

export function describeError(e: unknown, action = l10n.t('Sign in')): UserMessage {
  if (e instanceof OAuthError) {
    switch (e.code) {
      case 'access_denied':
        return {
          text: l10n.t('{0} failed: access was denied in Zendesk. Sign in again and choose Allow.', action),
          signIn: true,
        };
      case 'invalid_grant':
        return {
          text: l10n.t('{0} failed: the sign-in code expired or was already used. Sign in again.', action),
          signIn: true,
        };
      case 'invalid_client':
        return {
          text: l10n.t(
            '{0} failed: Zendesk rejected the OAuth client. Check its identifier (not the numeric id) and secret ("Zendesk: Update Client Secret").',
            action,
          ),
        };
      case 'invalid_scope':
        return {
          text: l10n.t('{0} failed: Zendesk does not allow the requested scopes for this client or your role.', action),
        };
      default:
        return {
          text: l10n.t(
            '{0} failed: Zendesk answered {1}{2}.',
            action,
            e.code,
            e.description ? ` (${e.description})` : '',
          ),
        };
    }
  }
  if (e instanceof SessionEndedError) {
    return { text: l10n.t('Your Zendesk session has ended. Sign in again?'), signIn: true };
  }
  if (e instanceof ScopeMissingError) {
    return {
      text: l10n.t(
        '{0} failed: your Zendesk session lacks {1} access. Sign in to allow it.',
        action,
        e.missing.join(', '),
      ),
      signIn: true,
      scopes: [...e.missing],
    };
  }
  if (e instanceof NotSignedInError) {
    return { text: l10n.t('{0} failed: {1} Sign in first.', action, e.message), signIn: true };
  }
  if (e instanceof AmbiguousAccountError) {
    return {
      text: l10n.t(
        '{0} failed: {1} Name one by its account id, such as {2}.',
        action,
        e.message,
        e.candidates[0]?.accountId ?? 'SUBDOMAIN/USER_ID',
      ),
    };
  }
  if (e instanceof WrongUserError) {
    return {
      text: l10n.t('{0} failed: {1} Nothing was changed; sign in as {2} to allow it.', action, e.message, e.expected),
    };
  }
  if (e instanceof SessionNotGrantedError) return { text: e.message };
  if (e instanceof ForbiddenError) {
    return { text: l10n.t('Your Zendesk role does not allow this. Ask a Zendesk admin for access.') };
  }
  if (e instanceof InvalidTokenError) {
    return { text: l10n.t('Zendesk no longer accepts your token. Sign in again.'), signIn: true };
  }
  if (e instanceof RateLimitedError) {
    return { text: l10n.t("Zendesk's rate limit was reached. Try again in {0} s.", e.retryAfterSeconds) };
  }
  // A 422 names what Zendesk refused, by field, whatever the field (a custom field's id, `name`, `status`...).
  if (e instanceof ValidationError && e.problems.length) {
    return {
      text: l10n.t(
        '{0} failed: Zendesk refused it ({1}). Correct it and try again.',
        action,
        validationText(e.problems),
      ),
    };
  }
  if (e instanceof ServerError) {
    return { text: l10n.t('Zendesk had a problem (HTTP {0}). Try again shortly.', e.status) };
  }
  if (e instanceof HostNotFoundError) {
    return {
      text: l10n.t(
        '{0} failed: {1} does not resolve. Check the Zendesk subdomain for typos, then your connection.',
        action,
        e.host,
      ),
    };
  }
  if (e instanceof NetworkError) {
    return { text: l10n.t('Could not reach Zendesk. Check your connection and try again; your session is kept.') };
  }
  // Its message already says what was refused and why ("Refusing to send …").
  if (e instanceof HostNotAllowedError) return { text: e.message };
  if (e instanceof SecretStorageError) {
    return {
      text: l10n.t(
        '{0}. On Linux, start and unlock a keyring (GNOME Keyring or KWallet), or set "password-store" in VS Code\'s argv.json, then try again.',
        e.message.replace(/\.$/, ''),
      ),
    };
  }
  if (e instanceof AuthorizationDeniedError && e.error === 'access_denied') {
    return { text: l10n.t('{0} failed: {1}', action, e.message), signIn: true };
  }
  // Redirect errors (state mismatch, Deny, time-out, busy port, ...), an unregistered redirect URL and bad input
  // carry their own short, actionable sentence.
  if (
    e instanceof RedirectError ||
    e instanceof RedirectUriNotRegisteredError ||
    e instanceof InvalidInputError ||
    e instanceof ZendeskError
  ) {
    return { text: l10n.t('{0} failed: {1}', action, e.message) };
  }
  return { text: l10n.t('{0} failed: {1}', action, e instanceof Error ? e.message : String(e)) };
}

/** A failed sign-in: its words, and whether another way back from the browser could help ("Try Another Way").
 * It cannot when the user said no in Zendesk, the host does not resolve, or Zendesk refused the client itself. */
export function describeSignInFailure(e: unknown): UserMessage & { anotherWay: boolean } {
  const m = describeError(e, l10n.t('Sign in'));
  const saidNo =
    (e instanceof AuthorizationDeniedError && e.error === 'access_denied') ||
    (e instanceof OAuthError && e.code === 'access_denied');
  const notTheWayBack = e instanceof HostNotFoundError || (e instanceof OAuthError && e.code === 'invalid_client');
  return { ...m, anotherWay: !saidNo && !notTheWayBack };
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
 * "Try Another Way" where another way back could help, "Sign In" after Deny, "Show Log" always.
 */
export function signInFailureNotice(
  e: unknown,
  retry: { scopes: readonly string[]; accountId?: string },
): { text: string; actions: NoticeAction[] } {
  const m = describeSignInFailure(e);
  const again = { scopes: [...retry.scopes], accountId: retry.accountId };
  const actions: NoticeAction[] = [];
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

export function isCancellation(e: unknown): boolean {
  return e instanceof RedirectCancelledError || (e instanceof Error && e.name === 'Canceled');
}
