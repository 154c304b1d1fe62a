// Custom ticket statuses in a real VS Code against the sandbox: a ticket in one of the account's own statuses reads
// as it in the tree and the ticket tab, and takes another from both, the sandbox's custom_status_id changing; an
// account without custom statuses keeps Zendesk's system statuses.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TicketNode } from '../../src/tickets/ticketTree';
import type { Ticket } from '../../src/zendesk/types';
import { FIXTURES } from '../sandbox';
import { SEEDED_CUSTOM } from '../sandbox/customStatuses';
import { api, signIn as sandboxSignIn } from '../support/sandboxHttp';
import { getAs } from './apiHelpers';
import { ScriptedBrowser, setSetting, testing, until, useSandbox } from './helpers';

type TicketLeaf = Extract<TicketNode, { kind: 'ticket' }>;
const isTicket = (n: TicketNode): n is TicketLeaf => n.kind === 'ticket';

describe('custom ticket statuses (extension host, against the sandbox)', () => {
  const env = useSandbox();
  afterEach(async () => {
    env.sandbox.admin.setCustomStatuses(true);
    await setSetting('tickets.queries', undefined);
    (await testing()).tickets.details.closeAll();
  });

  async function signedIn() {
    const t = await testing();
    t.ui.openExternal = new ScriptedBrowser().open;
    const session = await t.provider.createSession(['read', 'write'], {});
    await until(() => t.accounts.all().length === 1);
    return { t, accountId: session.account.id, tree: t.tickets.provider };
  }

  const ticket = async (id: number) => (await getAs<{ ticket: Ticket }>(`/api/v2/tickets/${id}.json`)).ticket;

  /** An on-hold ticket the account marked "Waiting on engineering" (set by another agent when the seed has none). */
  async function waitingOnEngineering(): Promise<Ticket> {
    const { tickets } = await getAs<{ tickets: Ticket[] }>('/api/v2/tickets.json?per_page=100');
    const found = tickets.filter((x) => x.custom_status_id === SEEDED_CUSTOM.waitingOnEngineering);
    const pick = found[Math.floor(Math.random() * found.length)] ?? tickets.find((x) => x.status === 'open');
    assert.ok(pick, 'the sandbox has a ticket to use');
    if (pick.custom_status_id !== SEEDED_CUSTOM.waitingOnEngineering) {
      const admin = (await sandboxSignIn(env.sandbox, FIXTURES.users.admin)).access_token;
      assert.equal(
        (
          await api(env.sandbox, admin, 'PUT', `/api/v2/tickets/${pick.id}`, {
            ticket: { custom_status_id: SEEDED_CUSTOM.waitingOnEngineering },
          })
        ).status,
        200,
      );
    }
    return ticket(pick.id);
  }

  /** The ticket's row under a saved search for its status and subject. */
  async function row(tree: vscode.TreeDataProvider<TicketNode>, id: number): Promise<TicketLeaf> {
    const now = await ticket(id);
    await setSetting('tickets.queries', [{ label: `Ticket ${id}`, query: `status:${now.status} "${now.subject}"` }]);
    let found: TicketLeaf | undefined;
    await until(async () => {
      const roots = (await tree.getChildren()) ?? [];
      const search = roots.find((n) => n.kind === 'search' && n.search.label === `Ticket ${id}`);
      found = search && ((await tree.getChildren(search)) ?? []).filter(isTicket).find((n) => n.ticket.id === id);
      return found !== undefined;
    });
    return found!;
  }

  it('a ticket in a custom status shows its label in the tree and the tab, and takes another from each', async () => {
    const { t, accountId, tree } = await signedIn();
    const target = await waitingOnEngineering();
    const item = tree.getTreeItem(await row(tree, target.id));
    assert.match(String(item.description), /^Waiting on engineering · /);

    const panel = await t.tickets.details.open(accountId, target.id);
    assert.equal(panel.state.view?.statusLabel, 'Waiting on engineering');
    assert.equal(panel.state.fields?.status.label, 'Waiting on engineering');
    assert.deepEqual(
      panel.state.statuses?.groups().map((g) => g.label),
      ['New', 'Open', 'Pending', 'On-hold', 'Solved'],
    );

    // The tab's picker: the page sends the status's key, staged; Submit sends custom_status_id, the status follows.
    await panel.receive({ type: 'stage', field: 'status', value: String(SEEDED_CUSTOM.investigating) });
    assert.equal(panel.state.composer.submitWithoutText, 'Submit as Investigating');
    await panel.receive({ type: 'submit', body: '', mode: 'internal' });
    assert.deepEqual(
      [(await ticket(target.id)).status, (await ticket(target.id)).custom_status_id],
      ['open', SEEDED_CUSTOM.investigating],
    );
    assert.equal(panel.state.view?.statusLabel, 'Investigating');
    assert.equal(panel.state.fields?.status.label, 'Investigating');

    // "Submit as" with a reply.
    await panel.receive({ type: 'stage', field: 'status', value: String(SEEDED_CUSTOM.waitingOnEngineering) });
    await panel.receive({ type: 'submit', body: 'Handing this to engineering.', mode: 'internal' });
    assert.deepEqual(
      [(await ticket(target.id)).status, (await ticket(target.id)).custom_status_id],
      ['hold', SEEDED_CUSTOM.waitingOnEngineering],
    );

    // The tree's Change Status, then the row reads the new status once the list reloads.
    await vscode.commands.executeCommand(
      'zendesk.changeTicketStatus',
      await row(tree, target.id),
      String(SEEDED_CUSTOM.investigating),
    );
    assert.equal((await ticket(target.id)).custom_status_id, SEEDED_CUSTOM.investigating);
    await until(async () => /^Investigating · /.test(String(tree.getTreeItem(await row(tree, target.id)).description)));

    // A category's default by its category, as on an account without custom statuses: sent as its custom status.
    env.sandbox.admin.resetCounters();
    await vscode.commands.executeCommand('zendesk.changeTicketStatus', await row(tree, target.id), 'pending');
    assert.deepEqual(
      [(await ticket(target.id)).status, (await ticket(target.id)).custom_status_id],
      ['pending', 360_000_003],
    );
    assert.equal(
      env.sandbox.admin.counters().requests['GET /api/v2/custom_statuses'] ?? 0,
      0,
      'the statuses were asked for again',
    );
  });

  it('an account without custom statuses keeps the system statuses, and a change sends status', async () => {
    env.sandbox.admin.setCustomStatuses(false);
    const { t, accountId, tree } = await signedIn();
    const { tickets } = await getAs<{ tickets: Ticket[] }>('/api/v2/tickets.json?per_page=100');
    const held = tickets.filter((x) => x.status === 'hold');
    const target = held[Math.floor(Math.random() * held.length)];
    assert.ok(target, 'the sandbox has an on-hold ticket');
    assert.match(String(tree.getTreeItem(await row(tree, target.id)).description), /^On-hold · /);

    const panel = await t.tickets.details.open(accountId, target.id);
    assert.deepEqual([panel.state.fields?.status.label, panel.state.statuses?.custom], ['On-hold', false]);
    assert.deepEqual(
      panel.state.statuses?.choices.map((o) => o.label),
      ['New', 'Open', 'Pending', 'On-hold', 'Solved'],
    );
    await panel.receive({ type: 'stage', field: 'status', value: 'pending' });
    await panel.receive({ type: 'submit', body: '', mode: 'internal' });
    assert.equal((await ticket(target.id)).status, 'pending');
    // A custom status id from the page is not one of this account's: nothing is sent.
    env.sandbox.admin.resetCounters();
    await panel.receive({ type: 'stage', field: 'status', value: String(SEEDED_CUSTOM.investigating) });
    await panel.receive({ type: 'submit', body: '', mode: 'internal' });
    assert.equal(env.sandbox.admin.counters().requests['PUT /api/v2/tickets/{id}'], undefined);
  });
});
