// How an error reads to a user: one short, actionable sentence per kind. Decided here and nowhere else.
// No `vscode` import: unit-tested in plain Node.
import { RedirectUriNotRegisteredError } from '../auth/preflight';
import { RedirectCancelledError, RedirectError } from '../auth/redirect';
import { SecretStorageError } from '../auth/session';
import { NotSignedInError, SessionNotGrantedError, WrongUserError } from '../auth/errors';
import { SessionEndedError } from '../auth/tokenManager';
import {
  ForbiddenError, HostNotAllowedError, InvalidInputError, InvalidTokenError, NetworkError, OAuthError, RateLimitedError,
  ScopeMissingError, ServerError, ZendeskError,
} from '../zendesk/errors';

/** `signIn` offers "Sign In"; with `scopes`, the sign-in asks for them on top of what the account holds. */
export interface UserMessage { text: string; signIn?: boolean; scopes?: string[] }

export function describeError(e: unknown, action = 'Sign in'): UserMessage {
  if (e instanceof OAuthError) {
    switch (e.code) {
      case 'access_denied': return { text: `${action} failed: access was denied in Zendesk. Sign in again and choose Allow.` };
      case 'invalid_grant': return { text: `${action} failed: the sign-in code expired or was already used. Sign in again.`, signIn: true };
      case 'invalid_client': return { text: `${action} failed: Zendesk rejected the OAuth client. Check its identifier (not the numeric id) and secret ("Zendesk: Update Client Secret").` };
      case 'invalid_scope': return { text: `${action} failed: Zendesk does not allow the requested scopes for this client or your role.` };
      default: return { text: `${action} failed: Zendesk answered ${e.code}${e.description ? ` (${e.description})` : ''}.` };
    }
  }
  if (e instanceof SessionEndedError) return { text: 'Your Zendesk session has ended. Sign in again?', signIn: true };
  if (e instanceof ScopeMissingError) return { text: `${action} failed: your Zendesk session lacks ${e.missing.join(', ')} access. Sign in to allow it.`, signIn: true, scopes: [...e.missing] };
  if (e instanceof NotSignedInError) return { text: `${action} failed: ${e.message} Sign in first.`, signIn: true };
  if (e instanceof WrongUserError) return { text: `${action} failed: ${e.message} Nothing was changed; sign in as ${e.expected} to allow it.` };
  if (e instanceof SessionNotGrantedError) return { text: e.message };
  if (e instanceof ForbiddenError) return { text: 'Your Zendesk role does not allow this. Ask a Zendesk admin for access.' };
  if (e instanceof InvalidTokenError) return { text: 'Zendesk no longer accepts your token. Sign in again.', signIn: true };
  if (e instanceof RateLimitedError) return { text: `Zendesk's rate limit was reached. Try again in ${e.retryAfterSeconds} s.` };
  if (e instanceof ServerError) return { text: `Zendesk had a problem (HTTP ${e.status}). Try again shortly.` };
  if (e instanceof NetworkError) return { text: 'Could not reach Zendesk. Check your connection and try again; your session is kept.' };
  if (e instanceof HostNotAllowedError) return { text: `Refused to send your Zendesk token to another host. ${e.message}` };
  if (e instanceof SecretStorageError) {
    return { text: `${e.message.replace(/\.$/, '')}. On Linux, start and unlock a keyring (GNOME Keyring or KWallet), or set "password-store" in VS Code's argv.json, then try again.` };
  }
  // Redirect errors (state mismatch, Deny, time-out, busy port, ...), an unregistered redirect URL and bad input
  // carry their own short, actionable sentence.
  if (e instanceof RedirectError || e instanceof RedirectUriNotRegisteredError || e instanceof InvalidInputError || e instanceof ZendeskError) {
    return { text: `${action} failed: ${e.message}` };
  }
  return { text: `${action} failed: ${e instanceof Error ? e.message : String(e)}` };
}

export function isCancellation(e: unknown): boolean {
  return e instanceof RedirectCancelledError || (e instanceof Error && e.name === 'Canceled');
}

