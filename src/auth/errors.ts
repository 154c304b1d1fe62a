import * as l10n from '@vscode/l10n';
import { CancelledError } from '../zendesk/errors';
// Typed errors of the auth layer, named like the Zendesk layer's (zendesk/errors.ts): callers branch on the class,
// `name` is set by hand (bundles are minified), and no message ever holds a token.

export class AuthError extends Error {
  override readonly name: string = 'AuthError';
}

/** No signed-in session for the account asked for (or none at all). */
export class NotSignedInError extends AuthError {
  override readonly name = 'NotSignedInError';
  constructor(readonly accountId?: string) {
    super(accountId ? l10n.t('Not signed in to {0}.', accountId) : l10n.t('Not signed in to Zendesk.'));
  }
}

/** A name a user typed (a request file's `# @account`, a chat tool's `account`, a command argument) is the subdomain of
 * several signed-in users: which one is meant is not guessed. */
export class AmbiguousAccountError extends AuthError {
  override readonly name = 'AmbiguousAccountError';
  constructor(
    readonly account: string,
    /** The signed-in users it could be, as `SUBDOMAIN/USER_ID (Name)`. */
    readonly candidates: readonly { accountId: string; userName: string }[],
  ) {
    super(
      l10n.t(
        'Several signed-in accounts are on {0}: {1}.',
        account,
        candidates.map((c) => `${c.accountId} (${c.userName})`).join(', '),
      ),
    );
  }
}

/** Asked for more access on one user's behalf, the browser signed in as another: nothing was changed. */
export class WrongUserError extends AuthError {
  override readonly name = 'WrongUserError';
  constructor(
    readonly expected: string,
    readonly got: string,
  ) {
    super(l10n.t('You allowed access as {0}, not {1}.', got, expected));
  }
}

/** Another extension passed a session it was not given by VS Code (forged, stale, or signed out). */
export class SessionNotGrantedError extends AuthError {
  override readonly name = 'SessionNotGrantedError';
  constructor() {
    super(
      l10n.t(
        "This Zendesk session was not given to the caller, or has been signed out. Ask for it again with vscode.authentication.getSession('zendesk', scopes).",
      ),
    );
  }
}

/** The session is gone (refresh token rejected, revoked, or removed): the user has to sign in again. */
export class SessionEndedError extends AuthError {
  override readonly name = 'SessionEndedError';
  constructor(
    readonly session: { id: string; accountLabel: string } | undefined,
    reason: string,
  ) {
    super(reason);
  }
}

/** The keychain (SecretStorage) failed: nothing was stored or read. */
export class SecretStorageError extends AuthError {
  override readonly name = 'SecretStorageError';
  constructor(
    readonly operation: 'read' | 'write' | 'delete',
    cause: unknown,
  ) {
    super(
      l10n.t(
        'Could not {0} the Zendesk session in the OS keychain: {1}',
        operation,
        cause instanceof Error ? cause.message : String(cause),
      ),
    );
  }
}

/** The user said no to more access (a step-up): nothing was changed, and nothing is to be retried on its own. A
 * cancellation: it is the user's choice, not a failure, so it shows no error. */
export class AccessDeclinedError extends CancelledError {
  override readonly name = 'AccessDeclinedError';
  constructor(readonly missing: readonly string[]) {
    super(l10n.t('More access was not allowed; nothing was changed.'));
  }
}

/** A confidential client's secret is neither in the keychain nor given when asked: it cannot sign in without it. */
export class NoClientSecretError extends AuthError {
  override readonly name = 'NoClientSecretError';
  constructor(readonly clientId: string) {
    super(l10n.t('No client secret for {0}.', clientId));
  }
}
