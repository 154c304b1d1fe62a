// The account commands: Sign In, Sign In with Client Credentials, Sign Out, the account menu (status bar click),
// Use This Account in This Workspace, Update Client Secret and Forget Account.
import * as vscode from 'vscode';
import type { AccountSetup } from '../auth/accountSetup';
import { configOfSession, type AccountService } from '../auth/accounts';
import type { ZendeskAuthenticationProvider } from '../auth/provider';
import type { SessionStore, StoredSession } from '../auth/sessionStore';
import type { StrategyId } from '../auth/redirect';
import type { SignInService } from '../auth/signIn';
import type { Config } from '../config';
import { Commands } from '../constants';
import type { Logger } from '../log';
import { showError } from './messages';
import { pickAnotherWay, type SignInNotices } from './signInOutcome';
import type { Dialogs } from '../dialogs';

/**
 * What "Zendesk: Sign In" may be given: the scopes a failed action needs, for which account, and the way back
 * from the browser: given, or picked first (`chooseWay`: "Try Another Way" after a failed sign-in).
 */
export interface SignInArgs {
  scopes?: string[];
  accountId?: string;
  strategy?: StrategyId;
  chooseWay?: boolean;
}

const STRATEGIES: readonly StrategyId[] = ['loopback', 'relay', 'manual'];

export class AccountCommands {
  constructor(
    private readonly provider: ZendeskAuthenticationProvider,
    private readonly signInService: SignInService,
    private readonly setup: AccountSetup,
    private readonly store: SessionStore,
    private readonly accounts: AccountService,
    private readonly config: Config,
    private readonly notices: SignInNotices,
    private readonly ui: Dialogs,
    private readonly log: Logger,
  ) {}

  register(): vscode.Disposable[] {
    return [
      vscode.commands.registerCommand(Commands.signIn, (args?: SignInArgs) => this.signIn(false, args)),
      vscode.commands.registerCommand(Commands.signInWithClientCredentials, () =>
        this.run(vscode.l10n.t('Sign in'), () => this.signInService.signInWithClientCredentials()),
      ),
      vscode.commands.registerCommand(Commands.signOut, (s?: StoredSession) => this.signOut(s)),
      vscode.commands.registerCommand(Commands.accountMenu, () => this.accountMenu()),
      vscode.commands.registerCommand(Commands.useAccountInWorkspace, (arg?: string | { accountId?: string }) =>
        this.useInWorkspace(typeof arg === 'string' ? arg : arg?.accountId),
      ),
      vscode.commands.registerCommand(Commands.updateClientSecret, () => this.updateClientSecret()),
      vscode.commands.registerCommand(Commands.forgetAccount, () => this.forgetAccount()),
    ];
  }

  async signIn(addAccount = false, args: SignInArgs = {}): Promise<StoredSession | undefined> {
    const scopes = Array.isArray(args.scopes) ? args.scopes.filter((s): s is string => typeof s === 'string') : [];
    const account = typeof args.accountId === 'string' ? { id: args.accountId, label: args.accountId } : undefined;
    this.notices.starting();
    const strategy =
      args.chooseWay === true
        ? await pickAnotherWay(this.config, this.ui)
        : STRATEGIES.find((id) => id === args.strategy);
    if (args.chooseWay === true && !strategy) return undefined;
    return this.run(
      vscode.l10n.t('Sign in'),
      () => this.signInService.signIn(scopes, { addAccount, account, strategy }),
      (e) => this.notices.failed(e, { scopes, accountId: account?.id }),
    );
  }

  private async run(
    action: string,
    fn: () => Promise<StoredSession>,
    onError?: (e: unknown) => void,
  ): Promise<StoredSession | undefined> {
    this.notices.starting();
    try {
      const s = await fn();
      await this.provider.syncFromStore();
      await this.accounts.settled();
      await this.accounts.setActive(s.accountId);
      this.notices.succeeded(s);
      return s;
    } catch (e) {
      if (onError) onError(e);
      else await showError(e, this.log, action);
      return undefined;
    }
  }

  async signOut(session?: StoredSession): Promise<void> {
    try {
      const target = session ?? (await this.pickSession(vscode.l10n.t('Sign out of Zendesk')));
      if (!target) return;
      // Every session of the account goes: its own and those signed in for other extensions.
      // The provider says "Signed out of …" (as it does for VS Code's Accounts menu).
      await this.provider.signOut(target.accountId);
      await this.accounts.settled();
    } catch (e) {
      await showError(e, this.log, vscode.l10n.t('Sign out'));
    }
  }

  private async pickSession(title: string): Promise<StoredSession | undefined> {
    const all = this.accounts.all();
    if (all.length <= 1) return all[0];
    const picked = await this.ui.showQuickPick(
      all.map((s) => ({ label: s.accountLabel, description: s.user.email, s })),
      { title },
    );
    return picked?.s;
  }

  /**
   * The account menu. Picking an account makes it the one in use here: the workspace's own choice when it has
   * one, the user-wide active account otherwise.
   */
  async accountMenu(): Promise<void> {
    try {
      const inUse = this.accounts.inUse();
      const pinned = this.accounts.workspaceChoice();
      type Item = vscode.QuickPickItem & { run?: () => Promise<unknown> };
      const items: Item[] = [];
      for (const s of this.accounts.all()) {
        const here = s.accountId === inUse?.accountId;
        items.push({
          label: `${here ? '$(check)' : '$(account)'} ${s.accountLabel}`,
          description: s.user.email,
          detail: here
            ? pinned
              ? vscode.l10n.t('In use in this workspace (its own choice)')
              : vscode.l10n.t('In use')
            : vscode.l10n.t('Switch to this account'),
          run: () => (pinned ? this.accounts.useInWorkspace(s.accountId) : this.accounts.setActive(s.accountId)),
        });
      }
      if (items.length) items.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
      if (inUse && !pinned && this.accounts.all().length > 1) {
        items.push({
          label: vscode.l10n.t('$(pin) Use {0} in This Workspace', inUse.accountLabel),
          detail: vscode.l10n.t('This workspace keeps this account whatever is active elsewhere.'),
          run: () => this.accounts.useInWorkspace(inUse.accountId),
        });
      }
      if (pinned) {
        items.push({
          label: vscode.l10n.t('$(pinned) Stop Choosing an Account for This Workspace'),
          detail: vscode.l10n.t('Use the active account, as other workspaces do.'),
          run: () => this.accounts.useInWorkspace(undefined),
        });
      }
      items.push({
        label: inUse
          ? vscode.l10n.t('$(add) Sign in to another Zendesk account…')
          : vscode.l10n.t('$(sign-in) Sign in to Zendesk…'),
        run: () => this.signIn(!!inUse),
      });
      if (inUse) {
        items.push({
          label: vscode.l10n.t('$(sign-out) Sign out of {0}', inUse.accountLabel),
          run: () => this.signOut(inUse),
        });
      }
      items.push({
        label: vscode.l10n.t('$(output) Show Log'),
        run: () => Promise.resolve(vscode.commands.executeCommand(Commands.showLog)),
      });
      const picked = await this.ui.showQuickPick(items, { title: vscode.l10n.t('Zendesk Accounts') });
      await picked?.run?.();
    } catch (e) {
      await showError(e, this.log, vscode.l10n.t('Switch accounts'));
    }
  }

  /** "Zendesk: Use This Account in This Workspace": picks among the signed-in accounts (or the one given: an account
   * id, or the account node of the Tickets view). */
  async useInWorkspace(accountId?: string): Promise<void> {
    try {
      let id = accountId;
      if (id === undefined) {
        const all = this.accounts.all();
        if (!all.length) {
          void this.ui
            .showInformationMessage(vscode.l10n.t('Sign in to Zendesk first.'), {}, vscode.l10n.t('Sign In'))
            .then((c) => (c ? vscode.commands.executeCommand(Commands.signIn) : undefined));
          return;
        }
        const picked = await this.ui.showQuickPick(
          [
            ...all.map((s) => ({
              label: s.accountLabel,
              description: s.user.email,
              id: s.accountId as string | undefined,
            })),
            {
              label: vscode.l10n.t('The active account'),
              description: vscode.l10n.t('No choice of its own'),
              id: undefined,
            },
          ],
          { title: vscode.l10n.t('Use which Zendesk account in this workspace?') },
        );
        if (!picked) return;
        id = picked.id;
      }
      await this.accounts.useInWorkspace(id);
    } catch (e) {
      await showError(e, this.log, vscode.l10n.t('Choose the account'));
    }
  }

  async updateClientSecret(): Promise<void> {
    try {
      const account = await this.setup.updateClientSecret();
      if (account) {
        void this.ui.showInformationMessage(vscode.l10n.t('Updated the client secret of {0}.', account.clientId), {});
      }
    } catch (e) {
      await showError(e, this.log, vscode.l10n.t('Update the client secret'));
    }
  }

  /** Removes an account from settings with all its sessions (revoked where Zendesk answers) and its client secret. */
  async forgetAccount(): Promise<void> {
    try {
      const account = await this.setup.pickConfigured(vscode.l10n.t('Forget which Zendesk account?'));
      if (!account) return;
      for (const s of await this.store.list()) {
        if (configOfSession([account], s)) await this.provider.removeSession(s.id, { quiet: true });
      }
      await this.setup.forget(account);
      await this.accounts.settled();
      void this.ui.showInformationMessage(vscode.l10n.t('Forgot the Zendesk account {0}.', account.subdomain), {});
    } catch (e) {
      await showError(e, this.log, vscode.l10n.t('Forget the account'));
    }
  }
}
