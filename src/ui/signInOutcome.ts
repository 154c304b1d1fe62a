// How a sign-in ended, told to the user whoever started it: "Signed in to Zendesk as …", or what went wrong
// with "Try Another Way" (another way back from the browser) and "Show Log". Cancelling stays quiet.
import * as vscode from 'vscode';
import type { SignInOutcome } from '../auth/provider';
import { chooseStrategies, createStrategy, type StrategyId } from '../auth/redirect';
import type { StoredSession } from '../auth/sessionStore';
import type { Config } from '../config';
import { Commands } from '../constants';
import type { Logger } from '../log';
import { describeSignInFailure, isCancellation } from './errorText';

export const TRY_ANOTHER_WAY = vscode.l10n.t('Try Another Way');
export const SHOW_LOG = vscode.l10n.t('Show Log');
export const SIGN_IN = vscode.l10n.t('Sign In');

/** What "Zendesk: Sign In" is run with to try again: the same scopes and account, another way back. */
export interface RetryArgs { scopes: readonly string[]; accountId?: string }

export function announceSignedIn(s: StoredSession): void {
  void vscode.window.showInformationMessage(vscode.l10n.t('Signed in to Zendesk as {0}.', s.accountLabel));
}

/**
 * Logs the failure and shows it. "Try Another Way" (where another way back could help) runs the sign-in again
 * through the way the user picks; "Sign In" (after Deny) runs it again the same way.
 */
export async function showSignInFailure(e: unknown, log: Logger, config: Config, retry: RetryArgs): Promise<void> {
  if (isCancellation(e)) {
    log.info('sign-in cancelled');
    return;
  }
  log.error(e instanceof Error ? e : String(e));
  const m = describeSignInFailure(e);
  const first = m.anotherWay ? [TRY_ANOTHER_WAY] : m.signIn ? [SIGN_IN] : [];
  const choice = await vscode.window.showErrorMessage(m.text, ...first, SHOW_LOG);
  if (choice === SHOW_LOG) await vscode.commands.executeCommand(Commands.showLog);
  if (choice === SIGN_IN) await vscode.commands.executeCommand(Commands.signIn, { scopes: [...retry.scopes], accountId: retry.accountId });
  if (choice !== TRY_ANOTHER_WAY) return;
  const oauth = config.oauth();
  const ways = chooseStrategies({
    uiKind: vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop',
    remoteName: vscode.env.remoteName,
    mode: 'auto',
    relayUrl: oauth.relayUrl,
  });
  const picked = await vscode.window.showQuickPick(
    ways.map((id) => { const s = createStrategy(id); return { label: s.label, detail: s.description, id }; }),
    { title: vscode.l10n.t('Sign in to Zendesk another way'), ignoreFocusOut: true },
  );
  if (!picked) return;
  const strategy: StrategyId = picked.id;
  await vscode.commands.executeCommand(Commands.signIn, { scopes: [...retry.scopes], accountId: retry.accountId, strategy });
}

/** For sign-ins VS Code started for another extension (the provider's createSession). */
export function signInOutcome(log: Logger, config: Config): SignInOutcome {
  return {
    succeeded: announceSignedIn,
    failed: (e, retry) => void showSignInFailure(e, log, config, retry).catch((err: unknown) => log.error(err as Error)),
  };
}
