import * as vscode from 'vscode';
import { codeSpan, escapeMarkdown } from '../escape';

export interface StatusAccount {
  label: string;
  subdomain: string;
  user: string;
  scopes: readonly string[];
  expiresAt?: number;
  /** Base URL when the account is not on https://SUBDOMAIN.zendesk.com (a sandbox): marked in the UI. */
  customBaseUrl?: string;
}

export interface StatusState {
  accounts: readonly StatusAccount[];
  /** The account in use in this workspace. */
  active?: StatusAccount;
  /** This workspace picked its account ("Use This Account in This Workspace"). */
  pinnedHere?: boolean;
  /** A session ended or failed to refresh: the user has to act. */
  needsAttention?: string;
}

/** The account indicator: "$(account) Zendesk: Sign In" signed out, the account in use here signed in. */
export class AccountStatusBar implements vscode.Disposable {
  /** `commands.signIn` runs on a click while signed out, `commands.menu` (switch, sign in/out, log) once signed in. */
  constructor(
    private readonly item: vscode.StatusBarItem,
    private readonly commands: { signIn: string; menu: string },
  ) {
    item.name = vscode.l10n.t('Zendesk Account');
    this.render({ accounts: [] });
    item.show();
  }

  render(state: StatusState): void {
    const { item } = this;
    const active = state.active ?? state.accounts[0];
    if (!active) {
      item.text = vscode.l10n.t('$(account) Zendesk: Sign In');
      item.tooltip = vscode.l10n.t('Sign in to Zendesk');
      item.accessibilityInformation = { label: vscode.l10n.t('Zendesk: signed out. Sign in.') };
    } else {
      const more = state.accounts.length > 1 ? ` (+${state.accounts.length - 1})` : '';
      const marker = `${state.pinnedHere ? ' $(pin)' : ''}${active.customBaseUrl ? ' $(beaker)' : ''}`;
      item.text = `${state.needsAttention ? '$(warning)' : '$(account)'} ${active.label}${more}${marker}`;
      item.tooltip = tooltip(active, state);
      item.accessibilityInformation = {
        label: more
          ? vscode.l10n.t('Zendesk: signed in as {0}, {1} accounts', active.label, state.accounts.length)
          : vscode.l10n.t('Zendesk: signed in as {0}', active.label),
      };
    }
    item.backgroundColor = state.needsAttention ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    item.command = active ? this.commands.menu : this.commands.signIn;
  }

  dispose(): void {
    this.item.dispose();
  }
}

function tooltip(a: StatusAccount, state: StatusState): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**Zendesk** — ${escapeMarkdown(a.user)}\n\n`);
  md.appendMarkdown(
    `${a.customBaseUrl ? vscode.l10n.t('Subdomain: {0} at {1} (not zendesk.com)', codeSpan(a.subdomain), escapeMarkdown(a.customBaseUrl)) : vscode.l10n.t('Subdomain: {0}', codeSpan(a.subdomain))}\n\n`,
  );
  md.appendMarkdown(`${vscode.l10n.t('Scopes: {0}', a.scopes.map(codeSpan).join(' '))}\n\n`);
  if (a.expiresAt) md.appendMarkdown(vscode.l10n.t('Token expires: {0}\n\n', new Date(a.expiresAt).toLocaleString()));
  if (state.pinnedHere) md.appendMarkdown(vscode.l10n.t('$(pin) Used in this workspace (its own choice).\n\n'));
  if (state.needsAttention) md.appendMarkdown(`$(warning) ${escapeMarkdown(state.needsAttention)}\n\n`);
  if (state.accounts.length > 1) {
    md.appendMarkdown(vscode.l10n.t('{0} accounts signed in. Click to switch.', state.accounts.length));
  } else md.appendMarkdown(vscode.l10n.t('Click for account actions.'));
  return md;
}
