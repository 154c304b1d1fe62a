// The Tickets tree over the model, in plain Node with just enough of `vscode` (fakeVscode, imported first): what
// "Load more" costs (nodes and items of the loaded pages are kept, only the new page is made, and only the view's
// branch is redrawn) and that what it keeps never goes stale (a refresh, a ticket met again, the clock).
import './fakeVscode';
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { TicketChanges } from '../../../src/tickets/ticketChanges';
import { searchSource, TicketModel, viewSource } from '../../../src/tickets/ticketModel';
import { TicketTreeProvider, type TicketNode } from '../../../src/tickets/ticketTree';
import { updateTicket, viewTicketsPage } from '../../../src/zendesk/api';
import { ZendeskClient } from '../../../src/zendesk/http';
import { FakeTransport, json } from '../zendesk/fakeTransport';
import { adminToken, useSandboxOverHttp } from '../../support/sandboxClient';
import { readsOf } from '../fakes/reads';

const ACCOUNT = 'acct';
type TicketItemNode = Extract<TicketNode, { kind: 'ticket' }>;
const isTicket = (n: TicketNode): n is TicketItemNode => n.kind === 'ticket';

/** The provider over one account's model, wired as the Tickets view wires them; records the change events. */
function treeOver(client: ZendeskClient, now: () => number = Date.now) {
  const events: (TicketNode | undefined)[] = [];
  let tree: TicketTreeProvider;
  const model = new TicketModel(readsOf(client), (listKey) => tree.fire(ACCOUNT, listKey), 10);
  tree = new TicketTreeProvider(
    { list: () => [{ accountId: ACCOUNT, label: 'Acme' }], model: () => model, searches: () => [] },
    now,
  );
  tree.onDidChangeTreeData((e) => events.push(e as TicketNode | undefined));
  return { tree, model, events };
}

describe('the Tickets tree: "Load more" (against the sandbox)', () => {
  const env = useSandboxOverHttp({ tickets: 120, seed: 4 });
  let client: ZendeskClient;

  before(async () => {
    const token = await adminToken(env.sandbox);
    client = new ZendeskClient({
      baseUrl: env.base,
      transport: env.http,
      tokens: { getAccessToken: async () => token },
      maxRetries: 0,
    });
  });

  async function viewNode(tree: TicketTreeProvider, title: string): Promise<Extract<TicketNode, { kind: 'view' }>> {
    const node = (await tree.getChildren()).find((n) => n.kind === 'view' && n.view.title === title);
    assert.ok(node?.kind === 'view', `no view "${title}"`);
    return node;
  }

  it('appends the next page after the loaded ones, keeps their nodes and items, and redraws only the view', async () => {
    const { tree, model, events } = treeOver(client);
    const view = await viewNode(tree, 'All unsolved tickets');
    const first = await tree.getChildren(view);
    const firstTickets = first.filter(isTicket);
    const firstItems = firstTickets.map((n) => tree.getTreeItem(n));
    const more = first.at(-1);
    assert.equal(more?.kind, 'more');
    events.length = 0;

    await model.loadMore(view.source.key);
    assert.equal(events.length, 1, 'one change event per "Load more"');
    assert.equal(events[0], view, 'the change event names the view, so VS Code redraws that branch only');

    const second = (await tree.getChildren(view)).filter(isTicket);
    // What Zendesk pages in that order: the first two pages of the view, 10 a page.
    const p1 = await viewTicketsPage(client, view.view.id, { pageSize: 10 });
    const p2 = await viewTicketsPage(client, view.view.id, { pageSize: 10, after: p1.afterCursor });
    assert.deepEqual(
      second.map((n) => n.ticket.id),
      [...p1.tickets, ...p2.tickets].map((t) => t.id),
    );
    for (let i = 0; i < firstTickets.length; i++) {
      assert.equal(second[i], firstTickets[i], `node ${i} of the first page was made again`);
      assert.equal(tree.getTreeItem(second[i]), firstItems[i], `tree item ${i} of the first page was made again`);
    }
    const newItems = second.slice(firstTickets.length).map((n) => tree.getTreeItem(n));
    assert.ok(newItems.every((item) => !firstItems.includes(item)));
    assert.equal(new Set(second.map((n) => tree.getTreeItem(n).id)).size, 20, 'two rows with one id');
  });

  it('a refresh keeps the loaded pages and shows a changed ticket as it is now', async () => {
    const { tree, model, events } = treeOver(client);
    const view = await viewNode(tree, 'All unsolved tickets');
    await tree.getChildren(view);
    await model.loadMore(view.source.key);
    const before = (await tree.getChildren(view)).filter(isTicket);
    const target = before.slice(10).find((n) => n.ticket.status === 'open');
    assert.ok(target, 'no open ticket on the second page');
    const oldItem = tree.getTreeItem(target);
    assert.match(String(oldItem.description), /^Open · /);

    await updateTicket(client, target.ticket.id, { status: 'hold' });
    events.length = 0;
    model.refresh();
    assert.deepEqual(events, [undefined], 'a refresh redraws the whole tree');
    const after = await tree.getChildren(view);
    assert.equal(after.filter(isTicket).length, 20, 'the refresh dropped the page "Load more" had added');
    assert.equal(after.at(-1)?.kind, 'more');
    const now = after.filter(isTicket).find((n) => n.ticket.id === target.ticket.id);
    assert.ok(now, `#${target.ticket.id} is gone after the refresh`);
    assert.match(
      String(tree.getTreeItem(now).description),
      /^On-hold · /,
      'the row still shows the status before the change',
    );
  });

  it('keeps what was loaded when a page fails, shows the error after it, and loads the page on retry', async () => {
    const { tree, model } = treeOver(client);
    const view = await viewNode(tree, 'All unsolved tickets');
    const first = (await tree.getChildren(view)).filter(isTicket);
    env.sandbox.admin.failNext('GET /api/v2/views/{id}/tickets', 1, { status: 500 });
    await model.loadMore(view.source.key);
    const failed = await tree.getChildren(view);
    assert.ok(
      failed.length === first.length + 1 && first.every((n, i) => failed[i] === n),
      'the loaded tickets changed with a failed page',
    );
    const error = failed.at(-1)!;
    assert.equal(error.kind, 'error');
    assert.equal(tree.getTreeItem(error).tooltip, 'Click to try again.');
    model.retry(view.source.key);
    await model.loadMore(view.source.key);
    const again = (await tree.getChildren(view)).filter(isTicket);
    assert.equal(again.length, 20);
    assert.ok(
      first.every((n, i) => again[i] === n),
      'the first page was made again',
    );
  });

  it('a ticket updated while paging a view sorted oldest update first is listed once, in its first place, as it is now', async () => {
    const { tree, model } = treeOver(client);
    const view = await viewNode(tree, 'Pending tickets');
    const first = (await tree.getChildren(view)).filter(isTicket);
    assert.equal(first.length, 10);
    // The update makes it the newest, so Zendesk now pages it last: it comes again on a later page.
    const moved = first[2].ticket.id;
    await updateTicket(client, moved, { tags: ['moved-while-paging'] });
    while ((await tree.getChildren(view)).at(-1)?.kind === 'more') await model.loadMore(view.source.key);
    const all = (await tree.getChildren(view)).filter(isTicket);
    const ids = all.map((n) => n.ticket.id);
    assert.equal(new Set(ids).size, ids.length, `a ticket is listed twice: ${ids.join(',')}`);
    assert.equal(ids.indexOf(moved), 2);
    assert.deepEqual(all[2].ticket.tags, ['moved-while-paging']);
    const tooltip = (tree.getTreeItem(all[2]).tooltip as vscode.MarkdownString).value;
    assert.match(tooltip, /moved\\-while\\-paging/);
    const pending = (
      await client.request<{ count: number }>('GET', '/api/v2/search/count', {
        query: { query: 'type:ticket status:pending' },
      })
    ).count;
    assert.equal(ids.length, pending, 'every pending ticket once');
  });

  it("a search pages the same way: the first page's nodes stay", async () => {
    const { tree, model } = treeOver(client);
    const src = searchSource('status:open');
    const node: TicketNode = {
      kind: 'search',
      accountId: ACCOUNT,
      search: { label: 'Open', query: 'status:open' },
      source: src,
    };
    const first = (await tree.getChildren(node)).filter(isTicket);
    await model.loadMore(src.key);
    const second = (await tree.getChildren(node)).filter(isTicket);
    assert.ok(second.length > first.length);
    assert.ok(
      first.every((n, i) => second[i] === n),
      'the first page was made again',
    );
  });
});

describe('the Tickets tree: what it keeps does not go stale', () => {
  const BASE = 'https://acme.zendesk.com';
  const ticket = (id: number, subject: string, updatedAt: string) => ({
    id,
    subject,
    status: 'open',
    priority: null,
    requester_id: 7,
    assignee_id: null,
    tags: [],
    created_at: '2026-01-01T00:00:00Z',
    updated_at: updatedAt,
  });
  const page = (tickets: unknown[], after: string | null) =>
    json(200, {
      tickets,
      users: [{ id: 7, name: 'Casey Customer', email: 'casey@example.com', role: 'end-user' }],
      meta: { has_more: after !== null, after_cursor: after },
    });
  const clientOver = (http: FakeTransport) =>
    new ZendeskClient({ baseUrl: BASE, transport: http, tokens: { getAccessToken: async () => 'at' } });
  const viewNodeFor = (viewId: number): TicketNode => ({
    kind: 'view',
    accountId: ACCOUNT,
    view: { id: viewId, title: 'V', active: true },
    source: viewSource(viewId),
  });

  it('a ticket that comes again on a later page keeps its place and shows its newer state', async () => {
    const http = new FakeTransport().answer(
      page(
        [
          ticket(1, 'One', '2026-01-01T00:00:00Z'),
          ticket(2, 'Two', '2026-01-01T00:00:00Z'),
          ticket(3, 'Three', '2026-01-01T00:00:00Z'),
        ],
        'a',
      ),
      page([ticket(3, 'Three, renamed', '2026-01-02T00:00:00Z'), ticket(4, 'Four', '2026-01-01T00:00:00Z')], null),
    );
    const { tree, model } = treeOver(clientOver(http));
    const view = viewNodeFor(9);
    const first = (await tree.getChildren(view)).filter(isTicket);
    const oldThree = tree.getTreeItem(first[2]);
    await model.loadMore(viewSource(9).key);
    const all = (await tree.getChildren(view)).filter(isTicket);
    assert.deepEqual(
      all.map((n) => n.ticket.id),
      [1, 2, 3, 4],
    );
    assert.equal(tree.getTreeItem(all[2]).label, '#3 Three, renamed');
    assert.notEqual(tree.getTreeItem(all[2]), oldThree);
    assert.equal(all[0], first[0]);
    assert.equal((await model.tickets(viewSource(9))).tickets.length, 4);
  });

  it('a "ticket changed" event updates that row in place in every list showing it, with no request', async () => {
    const http = new FakeTransport().answer(
      page([ticket(1, 'One', '2026-01-01T00:00:00Z'), ticket(2, 'Two', '2026-01-01T00:00:00Z')], null),
      page([ticket(2, 'Two', '2026-01-01T00:00:00Z'), ticket(3, 'Three', '2026-01-01T00:00:00Z')], null),
      page([ticket(4, 'Four', '2026-01-01T00:00:00Z')], null),
    );
    const client = clientOver(http);
    const told: (string | undefined)[] = [];
    const model = new TicketModel(
      readsOf(client),
      (listKey) => {
        told.push(listKey);
        tree.fire(ACCOUNT, listKey);
      },
      10,
    );
    const tree = new TicketTreeProvider({
      list: () => [{ accountId: ACCOUNT, label: 'Acme' }],
      model: () => model,
      searches: () => [],
    });
    const changes = new TicketChanges();
    // As TicketsView wires it: the account's model hears every change of its tickets.
    changes.onDidChange((e) => (e.accountId === ACCOUNT ? model.ticketChanged(e.ticket) : undefined));
    const [a, b, c] = [viewNodeFor(9), viewNodeFor(10), viewNodeFor(11)];
    const before = await Promise.all([a, b, c].map(async (v) => (await tree.getChildren(v)).filter(isTicket)));
    const requests = http.requests.length;
    told.length = 0;

    const solved = { ...ticket(2, 'Two, solved', '2026-01-02T00:00:00Z'), status: 'solved' };
    changes.fire({ accountId: 'other/1', ticket: { ...solved, subject: 'not this account' } as never });
    changes.fire({ accountId: ACCOUNT, ticket: solved as never });

    assert.equal(http.requests.length, requests, 'a request was sent');
    // Only the two lists that show #2 were told to redraw, not the whole tree.
    assert.deepEqual(told.sort(), ['view:10', 'view:9']);
    const after = await Promise.all([a, b, c].map(async (v) => (await tree.getChildren(v)).filter(isTicket)));
    assert.equal(http.requests.length, requests, 'redrawing asked Zendesk again');
    assert.deepEqual(
      after.map((rows) => rows.map((n) => tree.getTreeItem(n).label)),
      [['#1 One', '#2 Two, solved'], ['#2 Two, solved', '#3 Three'], ['#4 Four']],
    );
    assert.match(String(tree.getTreeItem(after[0][1]).description), /^Solved · /);
    assert.equal(after[0][0], before[0][0], 'an unchanged row was made again');
    assert.equal(after[2][0], before[2][0]);

    // An older answer arriving late does not undo the newer state.
    changes.fire({ accountId: ACCOUNT, ticket: ticket(2, 'Two, stale', '2026-01-01T12:00:00Z') as never });
    assert.equal(tree.getTreeItem((await tree.getChildren(a)).filter(isTicket)[1]).label, '#2 Two, solved');
  });

  it("a kept row's age follows the clock", async () => {
    const http = new FakeTransport().answer(page([ticket(1, 'One', '2026-03-01T12:00:00Z')], null));
    let now = Date.parse('2026-03-01T12:05:00Z');
    const { tree } = treeOver(clientOver(http), () => now);
    const [node] = (await tree.getChildren(viewNodeFor(9))).filter(isTicket);
    const item = tree.getTreeItem(node);
    assert.equal(item.description, 'Open · Casey Customer · 5m ago');
    assert.equal(tree.getTreeItem(node), item, 'nothing changed, yet the item was made again');
    now += 3 * 86_400_000;
    const later = tree.getTreeItem(node);
    assert.equal(later.description, 'Open · Casey Customer · 3d ago');
    assert.match(later.accessibilityInformation?.label ?? '', /updated 3d ago$/);
  });

  it('keeps only what the tree shows of a ticket, not the whole API object', async () => {
    const big = {
      ...ticket(1, 'One', '2026-01-01T00:00:00Z'),
      description: 'x'.repeat(10_000),
      custom_fields: [{ id: 1, value: 'y' }],
      via: { channel: 'web' },
    };
    const http = new FakeTransport().answer(page([big], null));
    const { model } = treeOver(clientOver(http));
    const [kept] = (await model.tickets(viewSource(9))).tickets;
    assert.deepEqual(Object.keys(kept).sort(), [
      'assignee_id',
      'created_at',
      'custom_status_id',
      'group_id',
      'id',
      'priority',
      'requester_id',
      'status',
      'subject',
      'tags',
      'type',
      'updated_at',
    ]);
  });
});
