import * as vscode from 'vscode';

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
  constructor(private readonly item: vscode.StatusBarItem, private readonly commands: { signIn: string; menu: string }) {
    item.name = 'Zendesk Account';
    this.render({ accounts: [] });
    item.show();
  }

  render(state: StatusState): void {
    const { item } = this;
    const active = state.active ?? state.accounts[0];
    if (!active) {
      item.text = '$(account) Zendesk: Sign In';
      item.tooltip = 'Sign in to Zendesk';
      item.accessibilityInformation = { label: 'Zendesk: signed out. Sign in.' };
    } else {
      const more = state.accounts.length > 1 ? ` (+${state.accounts.length - 1})` : '';
      const marker = `${state.pinnedHere ? ' $(pin)' : ''}${active.customBaseUrl ? ' $(beaker)' : ''}`;
      item.text = `${state.needsAttention ? '$(warning)' : '$(account)'} ${active.label}${more}${marker}`;
      item.tooltip = tooltip(active, state);
      item.accessibilityInformation = { label: `Zendesk: signed in as ${active.label}${more ? `, ${state.accounts.length} accounts` : ''}` };
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
  md.appendMarkdown(`**Zendesk** — ${escape(a.user)}\n\n`);
  md.appendMarkdown(`Subdomain: \`${escape(a.subdomain)}\`${a.customBaseUrl ? ` at ${escape(a.customBaseUrl)} (not zendesk.com)` : ''}\n\n`);
  md.appendMarkdown(`Scopes: ${a.scopes.map((s) => `\`${escape(s)}\``).join(' ')}\n\n`);
  if (a.expiresAt) md.appendMarkdown(`Token expires: ${new Date(a.expiresAt).toLocaleString()}\n\n`);
  if (state.pinnedHere) md.appendMarkdown('$(pin) Used in this workspace (its own choice).\n\n');
  if (state.needsAttention) md.appendMarkdown(`$(warning) ${escape(state.needsAttention)}\n\n`);
  if (state.accounts.length > 1) md.appendMarkdown(`${state.accounts.length} accounts signed in. Click to switch.`);
  else md.appendMarkdown('Click for account actions.');
  return md;
}

function escape(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, '\\$&');
}
