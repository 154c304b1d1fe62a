// The account commands: Sign In, Sign In with Client Credentials, Sign Out, the account menu (status bar click),
// Update Client Secret and Forget Account.
import * as vscode from 'vscode';
import type { AccountSetup } from '../auth/accountSetup';
import type { ZendeskAuthenticationProvider } from '../auth/provider';
import type { SessionStore, StoredSession } from '../auth/sessionStore';
import type { SignInService } from '../auth/signIn';
import type { Config } from '../config';
import { Commands } from '../constants';
import type { Logger } from '../log';
import { accountBaseUrl } from '../zendesk/subdomain';
import type { AccountState } from './accountState';
import { showError } from './messages';

export class AccountCommands {
  constructor(
    private readonly provider: ZendeskAuthenticationProvider,
    private readonly signInService: SignInService,
    private readonly setup: AccountSetup,
    private readonly store: SessionStore,
    private readonly state: AccountState,
    private readonly config: Config,
    private readonly log: Logger,
  ) {}

  register(): vscode.Disposable[] {
    return [
      vscode.commands.registerCommand(Commands.signIn, () => this.signIn()),
      vscode.commands.registerCommand(Commands.signInWithClientCredentials, () => this.run('Sign in', () => this.signInService.signInWithClientCredentials())),
      vscode.commands.registerCommand(Commands.signOut, (s?: StoredSession) => this.signOut(s)),
      vscode.commands.registerCommand(Commands.accountMenu, () => this.accountMenu()),
      vscode.commands.registerCommand(Commands.updateClientSecret, () => this.updateClientSecret()),
      vscode.commands.registerCommand(Commands.forgetAccount, () => this.forgetAccount()),
    ];
  }

  signIn(addAccount = false): Promise<StoredSession | undefined> {
    return this.run('Sign in', () => this.signInService.signIn([], { addAccount }));
  }

  private async run(action: string, fn: () => Promise<StoredSession>): Promise<StoredSession | undefined> {
    try {
      const s = await fn();
      await this.provider.syncFromStore();
      await this.state.setActive(s);
      await this.state.reload();
      void vscode.window.showInformationMessage(`Signed in to Zendesk as ${s.accountLabel}.`);
      return s;
    } catch (e) {
      await showError(e, this.log, action);
      return undefined;
    }
  }

  async signOut(session?: StoredSession): Promise<void> {
    const target = session ?? (await this.pickSession('Sign out of Zendesk'));
    if (!target) return;
    try {
      await this.provider.removeSession(target.id);
      await this.state.reload();
      void vscode.window.showInformationMessage(`Signed out of ${target.accountLabel}.`);
    } catch (e) {
      await showError(e, this.log, 'Sign out');
    }
  }

  private async pickSession(title: string): Promise<StoredSession | undefined> {
    const all = this.state.all();
    if (all.length <= 1) return all[0];
    const picked = await vscode.window.showQuickPick(all.map((s) => ({ label: s.accountLabel, description: s.user.email, s })), { title });
    return picked?.s;
  }

  async accountMenu(): Promise<void> {
    const active = this.state.active();
    type Item = vscode.QuickPickItem & { run?: () => Promise<unknown> };
    const items: Item[] = [];
    for (const s of this.state.all()) {
      items.push({ label: `${s === active ? '$(check)' : '$(account)'} ${s.accountLabel}`, description: s.user.email, detail: s === active ? 'Active account' : 'Switch to this account', run: () => this.state.setActive(s) });
    }
    if (items.length) items.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
    items.push({ label: active ? '$(add) Sign in to another Zendesk account…' : '$(sign-in) Sign in to Zendesk…', run: () => this.signIn(!!active) });
    if (active) items.push({ label: `$(sign-out) Sign out of ${active.accountLabel}`, run: () => this.signOut(active) });
    items.push({ label: '$(output) Show Log', run: () => Promise.resolve(vscode.commands.executeCommand(Commands.showLog)) });
    const picked = await vscode.window.showQuickPick(items, { title: 'Zendesk Accounts' });
    await picked?.run?.();
  }

  async updateClientSecret(): Promise<void> {
    try {
      const account = await this.setup.updateClientSecret();
      if (account) void vscode.window.showInformationMessage(`Updated the client secret of ${account.clientId}.`);
    } catch (e) {
      await showError(e, this.log, 'Update the client secret');
    }
  }

  /** Removes an account from settings with all its sessions (revoked where Zendesk answers) and its client secret. */
  async forgetAccount(): Promise<void> {
    const account = await this.setup.pickConfigured('Forget which Zendesk account?');
    if (!account) return;
    const baseUrl = accountBaseUrl(account.subdomain, account.baseUrl);
    try {
      for (const s of await this.store.list()) {
        if (s.baseUrl === baseUrl && s.clientId === account.clientId) await this.provider.removeSession(s.id);
      }
      await this.store.deleteClientSecret(baseUrl, account.clientId);
      await this.config.saveAccounts(this.config.accounts().filter((a) => !(a.subdomain === account.subdomain && a.clientId === account.clientId && a.baseUrl === account.baseUrl)));
      await this.state.reload();
      void vscode.window.showInformationMessage(`Forgot the Zendesk account ${account.subdomain}.`);
    } catch (e) {
      await showError(e, this.log, 'Forget the account');
    }
  }
}
