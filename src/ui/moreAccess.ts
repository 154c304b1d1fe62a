import * as vscode from 'vscode';

/** "Changing tickets needs write access to acme. Allow it?": a modal, since a browser sign-in follows an Allow. */
export async function askForMoreAccess(question: string): Promise<boolean> {
  const allow = vscode.l10n.t('Allow');
  const answer = await vscode.window.showWarningMessage(
    question,
    {
      modal: true,
      detail: vscode.l10n.t(
        'Zendesk opens in your browser to ask for the added access. Your current session stays until the new one is in place.',
      ),
    },
    allow,
  );
  return answer === allow;
}
