import * as vscode from 'vscode';
import type { SessionStore, StoredSession } from '../auth/sessionStore';
import { Commands, ContextKeys } from '../constants';
import type { Logger } from '../log';
import { accountBaseUrl } from '../zendesk/subdomain';
import type { AccountStatusBar, StatusAccount } from './statusBar';

const ACTIVE_KEY = 'zendesk.activeAccount';

/** Which sessions exist and which one is active; keeps the status bar and the `zendesk.signedIn` context key in step. */
export class AccountState implements vscode.Disposable {
  private sessions: StoredSession[] = [];
  private attention: string | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly store: SessionStore,
    private readonly memento: vscode.Memento,
    private readonly statusBar: AccountStatusBar,
    private readonly log: Logger,
  ) {
    this.subscription = store.onDidChange(() => void this.reload());
  }

  async reload(): Promise<void> {
    try {
      this.sessions = await this.store.list();
    } catch (e) {
      this.log.error(e as Error);
    }
    if (this.sessions.length) this.attention = undefined;
    this.render();
    await vscode.commands.executeCommand('setContext', ContextKeys.signedIn, this.sessions.length > 0);
    this.changed.fire();
  }

  all(): readonly StoredSession[] {
    return this.sessions;
  }

  active(): StoredSession | undefined {
    const id = this.memento.get<string>(ACTIVE_KEY);
    return this.sessions.find((s) => s.accountId === id) ?? this.sessions[0];
  }

  async setActive(s: StoredSession): Promise<void> {
    await this.memento.update(ACTIVE_KEY, s.accountId);
    this.render();
    this.changed.fire();
  }

  /** A session ended on its own (refresh token rejected): the status bar and a message ask the user to act. */
  async sessionEnded(s: StoredSession): Promise<void> {
    await this.reload();
    this.attention = `Your Zendesk session for ${s.accountLabel} has ended. Sign in again.`;
    this.render();
    const choice = await vscode.window.showWarningMessage('Your Zendesk session has ended. Sign in again?', 'Sign In');
    if (choice === 'Sign In') await vscode.commands.executeCommand(Commands.signIn);
  }

  private render(): void {
    const toStatus = (s: StoredSession): StatusAccount => ({
      label: s.accountLabel,
      subdomain: s.subdomain,
      user: `${s.user.name} <${s.user.email}>`,
      scopes: s.scopes,
      expiresAt: s.expiresAt,
      customBaseUrl: s.baseUrl !== accountBaseUrl(s.subdomain) ? s.baseUrl : undefined,
    });
    const active = this.active();
    this.statusBar.render({ accounts: this.sessions.map(toStatus), active: active && toStatus(active), needsAttention: this.attention });
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
