// The picks of "Zendesk: Send API Request…" asked through the command's dialogs: the account (when several) and the
// method. The path's pick is a dialog of its own (pathPick.ts, `Ui.pickRequestPath`).
import * as vscode from 'vscode';
import type { AccountAccess, AccountInfo } from '../auth/access';
import { accountNamed } from '../auth/accounts';
import { Commands } from '../constants';
import type { RequestDialogs } from './commands';
import { METHODS, type Method } from './parser';

export async function pickMethod(
  account: AccountInfo,
  ui: Pick<RequestDialogs, 'showQuickPick'>,
): Promise<Method | undefined> {
  const picked = await ui.showQuickPick(
    METHODS.map((label) => ({ label })),
    {
      title: vscode.l10n.t('Zendesk: Send API Request… (method)'),
      placeHolder: vscode.l10n.t('As {0}', account.label),
    },
  );
  return picked?.label;
}

export async function pickAccount(
  access: AccountAccess,
  ui: Pick<RequestDialogs, 'showQuickPick' | 'showWarningMessage'>,
  given?: string,
): Promise<AccountInfo | undefined> {
  const accounts = access.accounts();
  if (given) return accountNamed(accounts, given);
  if (accounts.length === 0) {
    const choice = await ui.showWarningMessage(
      vscode.l10n.t('Sign in to Zendesk to send API requests.'),
      {},
      vscode.l10n.t('Sign In'),
    );
    if (choice === vscode.l10n.t('Sign In')) await vscode.commands.executeCommand(Commands.signIn);
    return undefined;
  }
  if (accounts.length === 1) return accounts[0];
  const inUse = access.inUse();
  const picked = await ui.showQuickPick(
    accounts.map((a) => ({
      label: a.label,
      description: a.accountId === inUse?.accountId ? vscode.l10n.t('in use') : a.baseUrl,
      account: a,
    })),
    { title: vscode.l10n.t('Zendesk: Send API Request… (account)') },
  );
  return picked?.account;
}
