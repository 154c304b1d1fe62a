// Keeps the status bar and the `zendesk.signedIn` context key in step with the account service, and tells the user
// when a session ends on its own.
import * as vscode from 'vscode';
import { isTestServer, type AccountService } from '../auth/accounts';
import type { StoredSession } from '../auth/session';
import { Commands, ContextKeys } from '../constants';
import type { Logger } from '../log';
import type { AccountStatusBar, StatusAccount } from './statusBar';

export class AccountIndicator implements vscode.Disposable {
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly accounts: AccountService,
    private readonly statusBar: AccountStatusBar,
    private readonly log: Logger,
  ) {
    this.subscription = accounts.onDidChange(() => this.render());
    this.render();
  }

  private render(): void {
    const toStatus = (s: StoredSession): StatusAccount => ({
      label: s.accountLabel,
      subdomain: s.subdomain,
      // A user signed in only for another extension's narrow scope is known by id (its token may not read /users/me).
      user: !s.user.name ? s.accountLabel : s.user.email ? `${s.user.name} <${s.user.email}>` : s.user.name,
      scopes: s.scopes,
      expiresAt: s.expiresAt,
      customBaseUrl: isTestServer(s) ? s.baseUrl : undefined,
    });
    const inUse = this.accounts.inUse();
    this.statusBar.render({
      accounts: this.accounts.all().map(toStatus),
      active: inUse && toStatus(inUse),
      pinnedHere: !!this.accounts.workspaceChoice(),
      needsAttention: this.accounts.attention(),
    });
    vscode.commands
      .executeCommand('setContext', ContextKeys.signedIn, this.accounts.all().length > 0)
      .then(undefined, (e: unknown) => this.log.error(e instanceof Error ? e : String(e)));
  }

  /** A session ended on its own: the status bar shows it (account service), and a message offers to sign in. */
  async sessionEnded(s: Pick<StoredSession, 'accountLabel' | 'accountId'>): Promise<void> {
    if (!(await this.accounts.sessionEnded(s))) return;
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Your Zendesk session for {0} has ended. Sign in again?', s.accountLabel),
      vscode.l10n.t('Sign In'),
    );
    if (choice === vscode.l10n.t('Sign In')) await vscode.commands.executeCommand(Commands.signIn);
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
