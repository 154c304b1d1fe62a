// The picks of "Zendesk: Send API Request…": the account (when several), the method, and the path from the table
// of common endpoints or typed freely, with its `{...}` parts filled in.
import * as vscode from 'vscode';
import type { AccountAccess, AccountInfo } from '../auth/access';
import { accountNamed } from '../auth/accounts';
import { Commands } from '../constants';
import { ENDPOINTS } from './endpoints';
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

export async function pickAccount(access: AccountAccess, given?: string): Promise<AccountInfo | undefined> {
  const accounts = access.accounts();
  if (given) return accountNamed(accounts, given);
  if (accounts.length === 0) {
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Sign in to Zendesk to send API requests.'),
      vscode.l10n.t('Sign In'),
    );
    if (choice === vscode.l10n.t('Sign In')) await vscode.commands.executeCommand(Commands.signIn);
    return undefined;
  }
  if (accounts.length === 1) return accounts[0];
  const inUse = access.inUse();
  const picked = await vscode.window.showQuickPick(
    accounts.map((a) => ({
      label: a.label,
      description: a.accountId === inUse?.accountId ? vscode.l10n.t('in use') : a.baseUrl,
      account: a,
    })),
    { title: vscode.l10n.t('Zendesk: Send API Request… (account)') },
  );
  return picked?.account;
}

/** Endpoint paths from the table, or any path typed; `{...}` parts are then filled in. */
export async function pickPath(method: Method): Promise<string | undefined> {
  const qp = vscode.window.createQuickPick<vscode.QuickPickItem>();
  qp.title = vscode.l10n.t('Zendesk: Send API Request… ({0} path)', method);
  qp.placeholder = vscode.l10n.t('Pick an endpoint, or type a path such as /api/v2/tickets/35.json');
  const table = ENDPOINTS.filter((e) => e.method === method).map((e) => ({ label: e.path, description: e.summary }));
  qp.items = table;
  qp.onDidChangeValue((v) => {
    qp.items =
      v.startsWith('/') && !table.some((t) => t.label === v)
        ? [{ label: v, description: vscode.l10n.t('this path') }, ...table]
        : table;
  });
  const chosen = await new Promise<string | undefined>((resolve) => {
    qp.onDidAccept(() => resolve(qp.selectedItems[0]?.label ?? (qp.value || undefined)));
    qp.onDidHide(() => resolve(undefined));
    qp.show();
  });
  qp.dispose();
  if (!chosen) return undefined;
  // A request line ends at the first space: spaces typed in a path are sent encoded.
  return fillHoles(method, chosen.trim().replace(/ /g, '%20'));
}

async function fillHoles(method: Method, chosen: string): Promise<string | undefined> {
  const hole = /\{[^}]+\}/.exec(chosen);
  if (!hole) return chosen;
  const filled = await vscode.window.showInputBox({
    title: vscode.l10n.t('Zendesk: Send API Request… ({0})', method),
    prompt: vscode.l10n.t('Fill in the parts in braces.'),
    value: chosen,
    valueSelection: [hole.index, hole.index + hole[0].length],
    validateInput: (v) =>
      !v.startsWith('/')
        ? vscode.l10n.t('The path starts with "/".')
        : /\{[^}]*\}/.test(v)
          ? vscode.l10n.t('Fill in every part in braces.')
          : undefined,
  });
  return filled?.trim().replace(/ /g, '%20');
}
