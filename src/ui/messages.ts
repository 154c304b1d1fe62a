// How an error reads to a user: one short, actionable sentence per kind, with "Show Log" (and "Sign In" where
// that is the next step). Decided here and nowhere else.
import * as vscode from 'vscode';
import { Commands } from '../constants';
import type { Logger } from '../log';
import { RedirectUriNotRegisteredError } from '../auth/preflight';
import {
  AuthorizationDeniedError, InvalidCallbackError, PortInUseError, RedirectCancelledError, RedirectError,
  RedirectTimeoutError, StateMismatchError,
} from '../auth/redirect';
import { SecretStorageError } from '../auth/sessionStore';
import { SessionEndedError } from '../auth/tokenManager';
import {
  ForbiddenError, HostNotAllowedError, InvalidInputError, InvalidTokenError, NetworkError, OAuthError, RateLimitedError,
  ScopeMissingError, ServerError, ZendeskError,
} from '../zendesk/errors';

export interface UserMessage { text: string; signIn?: boolean }

export function describeError(e: unknown, action = 'Sign in'): UserMessage {
  if (e instanceof AuthorizationDeniedError || e instanceof StateMismatchError || e instanceof PortInUseError || e instanceof RedirectTimeoutError || e instanceof InvalidCallbackError) {
    return { text: `${action} failed: ${e.message}` };
  }
  if (e instanceof RedirectUriNotRegisteredError) return { text: `${action} failed: ${e.message}` };
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
  if (e instanceof ScopeMissingError) return { text: `Your Zendesk session lacks the scope ${e.missing.join(', ')}. Sign in again with it.`, signIn: true };
  if (e instanceof ForbiddenError) return { text: 'Your Zendesk role does not allow this. Ask a Zendesk admin for access.' };
  if (e instanceof InvalidTokenError) return { text: 'Zendesk no longer accepts your token. Sign in again.', signIn: true };
  if (e instanceof RateLimitedError) return { text: `Zendesk's rate limit was reached. Try again in ${e.retryAfterSeconds} s.` };
  if (e instanceof ServerError) return { text: `Zendesk had a problem (HTTP ${e.status}). Try again shortly.` };
  if (e instanceof NetworkError) return { text: `Could not reach Zendesk: check your connection and try again. Your session is kept.` };
  if (e instanceof HostNotAllowedError) return { text: `Refused to send your Zendesk token to another host: ${e.message}` };
  if (e instanceof SecretStorageError) {
    return { text: `${e.message}. On Linux, make sure a keyring (GNOME Keyring or KWallet) is running and unlocked, or set "password-store" in VS Code's argv.json.` };
  }
  if (e instanceof InvalidInputError || e instanceof ZendeskError || e instanceof RedirectError) return { text: `${action} failed: ${e.message}` };
  return { text: `${action} failed: ${e instanceof Error ? e.message : String(e)}` };
}

export function isCancellation(e: unknown): boolean {
  return e instanceof RedirectCancelledError || (e instanceof Error && e.name === 'Canceled');
}

/** Logs the error and shows its message; cancellations stay quiet. */
export async function showError(e: unknown, log: Logger, action?: string): Promise<void> {
  if (isCancellation(e)) {
    log.info(`${action ?? 'operation'} cancelled`);
    return;
  }
  log.error(e instanceof Error ? e : String(e));
  const m = describeError(e, action);
  const buttons = m.signIn ? ['Sign In', 'Show Log'] : ['Show Log'];
  const choice = await vscode.window.showErrorMessage(m.text, ...buttons);
  if (choice === 'Show Log') await vscode.commands.executeCommand(Commands.showLog);
  if (choice === 'Sign In') await vscode.commands.executeCommand(Commands.signIn);
}
