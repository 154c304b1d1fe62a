import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TicketNode } from '../../src/tickets/ticketTree';
import { ScriptedBrowser, testing, until, useSandbox } from './helpers';
import { apiGet } from './apiHelpers';

describe('the Tickets view (extension host, against the sandbox)', () => {
  const env = useSandbox();

  async function signedInTree() {
    const t = await testing();
    t.ui.openExternal = new ScriptedBrowser().open;
    await t.provider.createSession(['read'], {});
    await until(() => t.accounts.all().length === 1);
    return t.tickets.provider;
  }

  it('is empty while signed out (the welcome view shows instead)', async () => {
    const t = await testing();
    assert.deepEqual(await t.tickets.provider.getChildren(), []);
  });

  it('lists the agent\'s active Zendesk views, and a view\'s tickets with "Load more…"', async () => {
    const tree = await signedInTree();
    const views = await tree.getChildren();
    const titles = views.map((n) => tree.getTreeItem(n).label as string);
    assert.deepEqual(titles.slice(0, 3), ['Your unsolved tickets', 'Unassigned tickets', 'All unsolved tickets']);
    const all = views[titles.indexOf('All unsolved tickets')];
    const children = await tree.getChildren(all);
    const tickets = children.filter((n): n is Extract<TicketNode, { kind: 'ticket' }> => n.kind === 'ticket');
    assert.equal(tickets.length, 25);
    const item = tree.getTreeItem(tickets[0]);
    assert.equal(item.label, `#${tickets[0].ticket.id} ${tickets[0].ticket.subject}`);
    assert.match(String(item.description), /^(New|Open|Pending|On-hold) · /);
    const more = tree.getTreeItem(children[children.length - 1]);
    assert.equal(more.label, 'Load more…');
    // "Load more…" runs its command; the branch then has the next page.
    await vscode.commands.executeCommand(more.command!.command, ...(more.command!.arguments ?? []));
    const after = await tree.getChildren(all);
    const count = (
      await apiGet<{ view_count: { value: number } }>(
        `/api/v2/views/${(all as { view: { id: number } }).view.id}/count`,
      )
    ).view_count.value;
    assert.ok(count > 25 && count <= 50, `the sandbox view has ${count} tickets`);
    assert.equal(after.filter((n) => n.kind === 'ticket').length, count);
    assert.notEqual(after[after.length - 1].kind, 'more', 'all loaded, yet "Load more…" is still offered');
  });

  it('shows a failure as an item that says what happened and retries on click', async () => {
    const tree = await signedInTree();
    await vscode.commands.executeCommand('zendesk.refreshTickets');
    env.sandbox.admin.failNext('GET /api/v2/views', 1, { status: 500 });
    const [error] = await tree.getChildren();
    const item = tree.getTreeItem(error);
    assert.match(String(item.label), /^Loading tickets failed|Zendesk had a problem \(HTTP 500\)/);
    assert.equal(item.command?.command, 'zendesk.refreshTickets');
    await vscode.commands.executeCommand('zendesk.refreshTickets');
    assert.ok((await tree.getChildren()).every((n) => n.kind === 'view'));
  });

  it('forgets the tickets when the user signs out', async () => {
    const tree = await signedInTree();
    assert.ok((await tree.getChildren()).length > 0);
    const t = await testing();
    for (const s of await t.provider.getSessions([], {})) await t.provider.removeSession(s.id);
    await until(() => t.accounts.all().length === 0);
    assert.deepEqual(await tree.getChildren(), []);
  });
});
