// Shows an error the way ui/errorText.ts words it, with its next step as a button ("Sign In", "Update Client
// Secret") and "Show Log".
import * as vscode from 'vscode';
import { Commands } from '../constants';
import type { Logger } from '../log';
import { describeError, isCancellation } from './errorText';

export { describeError } from './errorText';

/** Logs the error and shows its message; cancellations stay quiet. */
export async function showError(e: unknown, log: Logger, action?: string): Promise<void> {
  if (isCancellation(e)) {
    log.info(`${action ?? 'operation'} cancelled`);
    return;
  }
  log.error(e instanceof Error ? e : String(e));
  const m = describeError(e, action);
  const buttons = [
    ...(m.action ? [m.action.label] : []),
    ...(m.signIn ? [vscode.l10n.t('Sign In')] : []),
    vscode.l10n.t('Show Log'),
  ];
  const choice = await vscode.window.showErrorMessage(m.text, ...buttons);
  if (m.action && choice === m.action.label) {
    await vscode.commands.executeCommand(m.action.command, ...(m.action.args === undefined ? [] : [m.action.args]));
  }
  if (choice === vscode.l10n.t('Show Log')) await vscode.commands.executeCommand(Commands.showLog);
  if (choice === vscode.l10n.t('Sign In')) {
    await vscode.commands.executeCommand(Commands.signIn, m.scopes ? { scopes: m.scopes } : undefined);
  }
}
