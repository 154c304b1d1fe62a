// "Add Follower…": the account's agents in a quick pick (VS Code's own, so keyboard and screen reader work). Followers
// are agents (https://support.zendesk.com/hc/en-us/articles/4408843795482): the list is the agents of the groups the
// agent may assign to, loaded only when asked for, so opening a ticket costs nothing more.
import * as vscode from 'vscode';
import { listAssignableGroups, listGroupUsers } from '../../zendesk/api';
import type { ZendeskClient } from '../../zendesk/http';
import type { ZendeskUser } from '../../zendesk/types';

/** The chosen agent, or undefined when the agent cancelled. `already`: the ticket's followers, left out. */
export async function pickFollower(
  c: ZendeskClient,
  ticketId: number,
  already: readonly number[],
): Promise<ZendeskUser | undefined> {
  const agents = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Loading agents…') },
    async () => {
      const groups = await listAssignableGroups(c);
      const byId = new Map<number, ZendeskUser>();
      for (const members of await Promise.all(groups.map((g) => listGroupUsers(c, g.id)))) {
        for (const u of members) if (u.role !== 'end-user') byId.set(u.id, u);
      }
      return [...byId.values()];
    },
  );
  const items = agents
    .filter((u) => u.active !== false && u.suspended !== true && !already.includes(u.id))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((u) => ({ label: u.name, detail: u.email ?? undefined, user: u }));
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Add a follower to #{0}', ticketId),
    placeHolder: vscode.l10n.t('Type a name or an email'),
    matchOnDetail: true,
  });
  return picked?.user;
}
