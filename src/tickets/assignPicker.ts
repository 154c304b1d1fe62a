// "Assign…": the agents of the ticket's group in a quick pick (VS Code's own, so keyboard and screen reader work),
// loaded only when asked for, so opening a ticket stays at two requests. It is the real `Ui.pickAgent` (ui.ts): the
// ticket tab and the tree reach it only through `ui`, so it calls VS Code's dialogs directly.
import * as vscode from 'vscode';
import { listGroupUsers } from '../zendesk/api';
import type { ZendeskClient } from '../zendesk/http';

export interface AssignTarget {
  groupId: number | null | undefined;
  assigneeId: number | null;
  ticketId: number;
}

/** The chosen agent (id and name, so the ticket tab can show a staged assignee by name), or undefined. */
export async function pickAgent(
  c: ZendeskClient,
  t: AssignTarget,
  meId: number | undefined,
): Promise<{ id: number; name: string } | undefined> {
  if (!t.groupId) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        '#{0} has no group, so there are no agents to choose from. Use Assign to Me, or set a group in Zendesk.',
        t.ticketId,
      ),
    );
    return undefined;
  }
  const agents = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Loading agents…') },
    () => listGroupUsers(c, t.groupId as number),
  );
  const items = agents
    .filter((u) => u.active !== false && u.suspended !== true)
    .sort((a, b) => Number(b.id === meId) - Number(a.id === meId) || a.name.localeCompare(b.name))
    .map((u) => ({
      label: u.name,
      description: [
        u.id === meId ? vscode.l10n.t('you') : '',
        u.id === t.assigneeId ? vscode.l10n.t('assigned now') : '',
      ]
        .filter(Boolean)
        .join(' · '),
      detail: u.email ?? undefined,
      id: u.id,
    }));
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Assign #{0} to an agent of its group', t.ticketId),
    placeHolder: vscode.l10n.t('Type a name or an email'),
    matchOnDetail: true,
  });
  return picked && picked.id !== t.assigneeId ? { id: picked.id, name: picked.label } : undefined;
}
