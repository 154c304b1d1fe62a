// Typed errors of the redirect step, named like every other layer's (zendesk/errors.ts, auth/errors.ts): callers
// branch on the class, `name` is set by hand (bundles are minified). The UI maps them to short messages
// (`Sign in failed: ...`); nothing here ever carries a code, a state value or a callback URL with its query.
import { Settings } from '../../constants';
import { CancelledError } from '../../zendesk/errors';
import * as l10n from '@vscode/l10n';

export const LOOPBACK_PORT_SETTING = `${Settings.section}.${Settings.loopbackPort}`;
export const RELAY_URL_SETTING = `${Settings.section}.${Settings.relayUrl}`;

export class RedirectError extends Error {
  override readonly name: string = 'RedirectError';
}

/** The `state` that came back is not this flow's: a stale tab, another flow, or a forged request. */
export class StateMismatchError extends RedirectError {
  override readonly name = 'StateMismatchError';
  constructor() {
    super(l10n.t('The sign-in response did not match this sign-in attempt. Start the sign-in again.'));
  }
}

/** Nothing came back within the time limit (the caller aborts with this as the signal's reason). */
export class RedirectTimeoutError extends RedirectError {
  override readonly name = 'RedirectTimeoutError';
  constructor(message = l10n.t('Sign-in timed out before the browser came back. Start the sign-in again.')) {
    super(message);
  }
}

/** The user cancelled the sign-in (a prompt dismissed, Cancel), a newer sign-in replaced this one, or the pending
 * redirect was disposed. A CancelledError (never shown as an error) whose message says it was the sign-in. */
export class RedirectCancelledError extends CancelledError {
  override readonly name = 'RedirectCancelledError';
  constructor(message = l10n.t('Sign-in was cancelled.')) {
    super(message);
  }
}

export class PortInUseError extends RedirectError {
  override readonly name = 'PortInUseError';
  constructor(readonly port: number) {
    super(
      l10n.t(
        'Port {0} on 127.0.0.1 is in use (another program, or another VS Code window signing in). Free it, or set {1} to a free port and register http://127.0.0.1:PORT/callback with that port in Zendesk.',
        port,
        LOOPBACK_PORT_SETTING,
      ),
    );
  }
}

/** Zendesk redirected back with `error=` (access_denied when the user clicked Deny, ...). */
export class AuthorizationDeniedError extends RedirectError {
  override readonly name = 'AuthorizationDeniedError';
  constructor(
    readonly error: string,
    readonly description?: string,
  ) {
    super(
      error === 'access_denied'
        ? l10n.t('Access was denied in Zendesk. Sign in again and choose Allow.')
        : l10n.t('Zendesk refused the sign-in ({0}){1}.', error, description ? `: ${description}` : ''),
    );
  }
}

/** The callback carried no code, or a pasted URL could not be read. */
export class InvalidCallbackError extends RedirectError {
  override readonly name = 'InvalidCallbackError';
}

/** A strategy cannot start with the current settings (e.g. relay without zendesk.oauth.relayUrl). */
export class RedirectConfigError extends RedirectError {
  override readonly name = 'RedirectConfigError';
}
