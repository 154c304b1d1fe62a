// How a sign-in ended, told to the user whoever started it: "Signed in to Zendesk as …", or what went wrong with
// the next step ("Try Another Way", "Sign In" after Deny, "Show Log"). Cancelling stays quiet.
//
// VS Code lets an extension close no notification but a progress one, so a failure is shown as one, its actions
// as command links in its text, and it ends when the next sign-in starts: a stale "Sign in failed" never stays up
// beside "Signed in to Zendesk as …".
import * as vscode from 'vscode';
import type { SignInOutcome } from '../auth/provider';
import { chooseStrategies, createStrategy, type StrategyId } from '../auth/redirect';
import type { StoredSession } from '../auth/sessionStore';
import type { Config } from '../config';
import type { Logger } from '../log';
import type { Dialogs } from '../dialogs';
import { commandLink, isCancellation, signInFailureNotice } from './errorText';

/** What "Zendesk: Sign In" is run with to try again: the same scopes and account. */
export interface RetryArgs {
  scopes: readonly string[];
  accountId?: string;
}

export class SignInNotices implements vscode.Disposable {
  private endFailure?: () => void;

  constructor(
    private readonly ui: Pick<Dialogs, 'showInformationMessage'>,
    private readonly log: Logger,
  ) {}

  /** A sign-in starts: the last failure's notification ends. */
  starting(): void {
    this.endFailure?.();
    this.endFailure = undefined;
  }

  succeeded(s: StoredSession): void {
    this.starting();
    void this.ui.showInformationMessage(vscode.l10n.t('Signed in to Zendesk as {0}.', s.accountLabel), {});
  }

  /** Logs the failure and shows it until the next sign-in starts (or the user closes it). */
  failed(e: unknown, retry: RetryArgs): void {
    if (isCancellation(e)) {
      this.log.info('sign-in cancelled');
      return;
    }
    this.log.error(e instanceof Error ? e : String(e));
    this.starting();
    const notice = signInFailureNotice(e, retry);
    let end!: () => void;
    const shown = new Promise<void>((resolve) => {
      end = resolve;
    });
    this.endFailure = end;
    // Cancellable: VS Code shows a notification with a button in full (one without is cut to a line, hiding the
    // links), and Cancel dismisses it. The bar is shown full: nothing is in progress.
    void vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `${notice.text} ${notice.actions.map(commandLink).join(' · ')}`,
        cancellable: true,
      },
      (progress, dismissed) => {
        progress.report({ increment: 100 });
        dismissed.onCancellationRequested(end);
        return shown;
      },
    );
  }

  /** An account's last session went: by our Sign Out or by VS Code's Accounts menu, told once either way. */
  signedOut(s: StoredSession): void {
    void this.ui.showInformationMessage(vscode.l10n.t('Signed out of {0}.', s.subdomain), {});
  }

  /** For sign-ins VS Code started for another extension (the provider's createSession), and every sign-out. */
  outcome(): SignInOutcome {
    return {
      succeeded: (s) => this.succeeded(s),
      failed: (e, retry) => this.failed(e, retry),
      signedOut: (s) => this.signedOut(s),
    };
  }

  dispose(): void {
    this.starting();
  }
}

/** "Try Another Way": the ways back from the browser that work here, for the user to pick. */
export async function pickAnotherWay(
  config: Config,
  ui: Pick<Dialogs, 'showQuickPick'>,
): Promise<StrategyId | undefined> {
  const oauth = config.oauth();
  const ways = chooseStrategies({
    uiKind: vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop',
    remoteName: vscode.env.remoteName,
    mode: 'auto',
    relayUrl: oauth.relayUrl,
  });
  const picked = await ui.showQuickPick(
    ways.map((id) => {
      const s = createStrategy(id);
      return { label: s.label, detail: s.description, id };
    }),
    { title: vscode.l10n.t('Sign in to Zendesk another way'), ignoreFocusOut: true },
  );
  return picked?.id;
}
