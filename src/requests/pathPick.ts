// The path pick of "Zendesk: Send API Request…": a path from the table of common endpoints or typed freely, with its
// `{...}` parts filled in. It is the real `Ui.pickRequestPath` (ui.ts), a dialog of its own, so it calls VS Code's
// quick pick and input box directly; commands reach it only through `ui`.
import * as vscode from 'vscode';
import { ENDPOINTS } from './endpoints';
import type { Method } from './parser';

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
