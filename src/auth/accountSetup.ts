// The UI steps of signing in: which account (or a new one, in one multi-step input), the client secret,
// the redirect URL to register, and "Having trouble? Try another way".
import * as vscode from 'vscode';
import type { AccountConfig, ClientKind, Config } from '../config';
import { parseScopes, validateScopes } from '../zendesk/scopes';
import { baseUrlOf, configForAccountId, sameConfiguredAccount } from './accounts';
import { parseAddress } from './address';
import { NoClientSecretError } from './errors';
import { RedirectCancelledError, createStrategy, type StrategyId } from './redirect';
import type { SessionStore } from './sessionStore';
import type { Dialogs } from '../dialogs';

export interface ChosenAccount {
  config: AccountConfig;
  isNew: boolean;
}

const TITLE = vscode.l10n.t('Add a Zendesk Account');
const STEPS = 4;
const SCOPE_CHOICES = [
  'read',
  'write',
  'impersonate',
  ...['tickets', 'users', 'organizations', 'macros', 'triggers'].flatMap((r) => [`${r}:read`, `${r}:write`]),
];

/** The questions of account setup: the person's answers, through `Ui` (src/ui/ui.ts), so a test can give them. */
export type AccountSetupDialogs = Pick<
  Dialogs,
  'showQuickPick' | 'showInputBox' | 'showWarningMessage' | 'showInformationMessage'
>;

export class AccountSetup {
  constructor(
    private readonly config: Config,
    private readonly store: SessionStore,
    private readonly ui: AccountSetupDialogs,
  ) {}

  /** The account to sign in to: the only one, a picked one, or a new one set up here. */
  async chooseAccount(o: { accountId?: string; addNew?: boolean; kind?: ClientKind } = {}): Promise<ChosenAccount> {
    const accounts = this.config.accounts().filter((a) => !o.kind || a.clientKind === o.kind);
    if (o.accountId) {
      const match = configForAccountId(accounts, await this.store.list(), o.accountId);
      if (match) return { config: match, isNew: false };
    }
    if (!o.addNew && accounts.length === 1) return { config: accounts[0], isNew: false };
    if (!o.addNew && accounts.length > 1) {
      const add = { label: vscode.l10n.t('$(add) Add a Zendesk account…'), account: undefined };
      const picked = await this.ui.showQuickPick(
        [
          ...accounts.map((a) => ({
            label: a.subdomain,
            description: describe(a),
            account: a as AccountConfig | undefined,
          })),
          add,
        ],
        {
          title: vscode.l10n.t('Sign in to Zendesk'),
          placeHolder: vscode.l10n.t('Choose the Zendesk account'),
          ignoreFocusOut: true,
        },
      );
      if (!picked) throw new RedirectCancelledError();
      if (picked.account) return { config: picked.account, isNew: false };
    }
    return { config: await this.addAccount(o.kind), isNew: true };
  }

  /** Removes an account from settings with its client secret (Forget Account, or a new account that cannot work). */
  async forget(account: AccountConfig): Promise<void> {
    await this.store.deleteClientSecret(baseUrlOf(account), account.clientId);
    await this.config.saveAccounts(this.config.accounts().filter((a) => !sameConfiguredAccount(a, account)));
  }

  /** The client secret of a confidential client: from the keychain, or asked once and kept there. */
  async clientSecret(chosen: ChosenAccount, baseUrl: string): Promise<string | undefined> {
    if (chosen.config.clientKind !== 'confidential') return undefined;
    const stored = await this.store.getClientSecret(baseUrl, chosen.config.clientId);
    if (stored) return stored;
    const secret = await askSecret(this.ui, vscode.l10n.t('Client secret of {0}', chosen.config.clientId));
    if (!secret) throw new NoClientSecretError(chosen.config.clientId);
    await this.store.setClientSecret(baseUrl, chosen.config.clientId, secret);
    return secret;
  }

  /** "Zendesk: Update Client Secret": replaces a confidential client's stored secret. */
  async updateClientSecret(): Promise<AccountConfig | undefined> {
    const account = await this.pickConfigured(vscode.l10n.t('Update the client secret of'), 'confidential');
    if (!account) return undefined;
    const secret = await askSecret(this.ui, vscode.l10n.t('New client secret of {0}', account.clientId));
    if (!secret) return undefined;
    await this.store.setClientSecret(baseUrlOf(account), account.clientId, secret);
    return account;
  }

  async pickConfigured(title: string, kind?: ClientKind): Promise<AccountConfig | undefined> {
    const accounts = this.config.accounts().filter((a) => !kind || a.clientKind === kind);
    if (!accounts.length) {
      void this.ui.showInformationMessage(
        kind
          ? vscode.l10n.t('No Zendesk account with a confidential client is set up.')
          : vscode.l10n.t('No Zendesk account is set up.'),
        {},
      );
      return undefined;
    }
    const picked = await this.ui.showQuickPick(
      accounts.map((a) => ({ label: a.subdomain, description: describe(a), account: a })),
      { title, ignoreFocusOut: true },
    );
    return picked?.account;
  }

  /** Shows the redirect URL to register in Admin Center, with Copy, before the browser opens. */
  async confirmRedirectUrl(url: string, note?: string): Promise<boolean> {
    const copy = vscode.l10n.t('Copy URL and Continue');
    const go = vscode.l10n.t('Continue');
    const answer = await this.ui.showInformationMessage(
      vscode.l10n.t(
        'Register this redirect URL on the OAuth client in Zendesk Admin Center (Apps and integrations > APIs > OAuth clients), then continue.',
      ),
      { modal: true, detail: note ?? url },
      copy,
      go,
    );
    if (answer === copy) await vscode.env.clipboard.writeText(url);
    return answer === copy || answer === go;
  }

  /** "Having trouble? Try another way": the remaining ways back from the browser. */
  async tryAnotherWay(error: Error, remaining: StrategyId[]): Promise<StrategyId | undefined> {
    if (!remaining.length) return undefined;
    const answer = await this.ui.showWarningMessage(
      vscode.l10n.t('{0} Having trouble? Try another way.', error.message),
      {},
      vscode.l10n.t('Try Another Way'),
    );
    if (!answer) return undefined;
    const picked = await this.ui.showQuickPick(
      remaining.map((id) => {
        const s = createStrategy(id);
        return { label: s.label, detail: s.description, id };
      }),
      { title: vscode.l10n.t('Sign in to Zendesk another way'), ignoreFocusOut: true },
    );
    return picked?.id;
  }

  /** The multi-step input: subdomain, client identifier, client kind (+ secret), scopes. Saved to user settings. */
  private async addAccount(kind?: ClientKind): Promise<AccountConfig> {
    const where = await input(this.ui, {
      step: 1,
      prompt: vscode.l10n.t(
        'Your Zendesk subdomain: acme, acme.zendesk.com or a pasted https://acme.zendesk.com/… URL',
      ),
      placeholder: 'acme',
      validate: (v) => {
        try {
          parseAddress(v);
          return undefined;
        } catch (e) {
          return (e as Error).message;
        }
      },
    });
    const { subdomain, baseUrl } = parseAddress(where);
    const clientId = (
      await input(this.ui, {
        step: 2,
        prompt: vscode.l10n.t(
          "The OAuth client's unique identifier (Admin Center > Apps and integrations > APIs > OAuth clients), not its numeric id",
        ),
        placeholder: 'my_vscode_client',
        validate: (v) => (/^\S+$/.test(v.trim()) ? undefined : vscode.l10n.t('Enter the identifier, without spaces.')),
      })
    ).trim();
    const clientKind =
      kind ??
      (await pick(this.ui, 3, vscode.l10n.t('Kind of OAuth client'), [
        {
          label: vscode.l10n.t('Public'),
          detail: vscode.l10n.t('No secret; signs in with PKCE only. Recommended for VS Code.'),
          value: 'public' as ClientKind,
        },
        {
          label: vscode.l10n.t('Confidential'),
          detail: vscode.l10n.t('Has a client secret, kept in the OS keychain. Needed for client credentials.'),
          value: 'confidential' as ClientKind,
        },
      ]));
    const scopes = await this.pickScopes();
    const account: AccountConfig = { subdomain, clientId, clientKind, scopes, ...(baseUrl ? { baseUrl } : {}) };
    if (clientKind === 'confidential') {
      const secret = await askSecret(
        this.ui,
        vscode.l10n.t('Client secret of {0} (kept in the OS keychain)', clientId),
      );
      if (!secret) throw new RedirectCancelledError();
      await this.store.setClientSecret(baseUrlOf(account), clientId, secret);
    }
    const others = this.config.accounts().filter((a) => !sameConfiguredAccount(a, account));
    await this.config.saveAccounts([...others, account]);
    return account;
  }

  private async pickScopes(): Promise<string[]> {
    const preset = await pick(this.ui, 4, vscode.l10n.t('Scopes to ask for (least privilege: read)'), [
      { label: 'read', detail: vscode.l10n.t('See tickets, users and views.'), value: ['read'] },
      // l10n: not user-facing (the label is the scopes asked for, as Zendesk names them)
      { label: 'read write', detail: vscode.l10n.t('Also update tickets and add comments.'), value: ['read', 'write'] },
      {
        label: vscode.l10n.t('Custom…'),
        detail: vscode.l10n.t('Pick read, write, impersonate or resource scopes such as tickets:write.'),
        value: [] as string[],
      },
    ]);
    if (preset.length) return preset;
    const picked = await vscode.window.showQuickPick(
      SCOPE_CHOICES.map((s) => ({ label: s, picked: s === 'read' })),
      {
        title: `${TITLE} (4/${STEPS})`,
        placeHolder: vscode.l10n.t('Scopes'),
        canPickMany: true,
        ignoreFocusOut: true,
      },
    );
    if (!picked?.length) throw new RedirectCancelledError();
    const scopes = parseScopes(picked.map((p) => p.label));
    validateScopes(scopes);
    return scopes;
  }
}

function describe(a: AccountConfig): string {
  return `${a.clientId} · ${a.clientKind}${a.baseUrl ? vscode.l10n.t(' · test server {0}', a.baseUrl) : ''}`;
}

async function input(
  ui: AccountSetupDialogs,
  o: {
    step: number;
    prompt: string;
    placeholder: string;
    validate: (v: string) => string | undefined;
  },
): Promise<string> {
  const value = await ui.showInputBox({
    title: `${TITLE} (${o.step}/${STEPS})`,
    prompt: o.prompt,
    placeHolder: o.placeholder,
    ignoreFocusOut: true,
    validateInput: o.validate,
  });
  if (value === undefined) throw new RedirectCancelledError();
  return value;
}

async function pick<T>(
  ui: AccountSetupDialogs,
  step: number,
  placeHolder: string,
  items: (vscode.QuickPickItem & { value: T })[],
): Promise<T> {
  const picked = await ui.showQuickPick(items, {
    title: `${TITLE} (${step}/${STEPS})`,
    placeHolder,
    ignoreFocusOut: true,
  });
  if (!picked) throw new RedirectCancelledError();
  return picked.value;
}

async function askSecret(ui: AccountSetupDialogs, prompt: string): Promise<string | undefined> {
  const value = await ui.showInputBox({
    title: vscode.l10n.t('Zendesk'),
    prompt,
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter the secret.')),
  });
  return value?.trim() || undefined;
}
