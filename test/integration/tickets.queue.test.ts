// Working the queue in a real VS Code against the sandbox: the tree's counts and searches, the ticket detail, and
// every write (reply, note, status, assignment) changing the sandbox and the tree, with the scope prompt, conflicts,
// the per-ticket rate limit, validation errors and drafts.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TicketNode } from '../../src/tickets/ticketTree';
import { listGroupUsers } from '../../src/zendesk/api';
import type { Ticket, TicketComment } from '../../src/zendesk/types';
import { FIXTURES, type Sandbox } from '../sandbox';
import { api, signIn as sandboxSignIn } from '../support/sandboxHttp';
import { getAs } from './apiHelpers';
import {
  publicAccount,
  registerLoopback,
  resetExtension,
  sandboxForVsCode,
  ScriptedBrowser,
  setSetting,
  testing,
  until,
  useSandbox,
} from './helpers';

type TicketLeaf = Extract<TicketNode, { kind: 'ticket' }>;
const isTicket = (n: TicketNode): n is TicketLeaf => n.kind === 'ticket';

describe('working the queue (extension host, against the sandbox)', () => {
  const env = useSandbox();
  afterEach(async () => {
    await setSetting('tickets.queries', undefined);
    await setSetting('tickets.badge', undefined);
    await setSetting('tickets.pollMinutes', undefined);
    await setSetting('tickets.notifyAssigned', undefined);
    const t = await testing();
    t.ui.allowMoreAccess = undefined;
    t.tickets.details.closeAll();
  });

  async function signedIn(scopes = ['read', 'write']) {
    const t = await testing();
    t.ui.openExternal = new ScriptedBrowser().open;
    const session = await t.provider.createSession(scopes, {});
    await until(() => t.accounts.all().length === 1);
    return { t, accountId: session.account.id, tree: t.tickets.provider };
  }

  /** A token of another agent (the admin), to change tickets behind the user's back. */
  async function someoneElse(): Promise<string> {
    return (await sandboxSignIn(env.sandbox, FIXTURES.users.admin)).access_token;
  }

  async function comments(id: number): Promise<TicketComment[]> {
    return (await getAs<{ comments: TicketComment[] }>(`/api/v2/tickets/${id}/comments.json`)).comments;
  }

  async function ticket(id: number): Promise<Ticket> {
    return (await getAs<{ ticket: Ticket }>(`/api/v2/tickets/${id}.json`)).ticket;
  }

  /** Tickets a test of this suite took already. */
  const taken = new Set<number>();
  async function openTicketOf(status: string[] = ['open', 'new']): Promise<Ticket> {
    const { tickets } = await getAs<{ tickets: Ticket[] }>('/api/v2/tickets.json?per_page=50');
    const found = tickets.filter((x) => status.includes(x.status) && !taken.has(x.id));
    // Each test takes another ticket, so the per-ticket update limit of one test does not reach the next.
    const pick = found[Math.floor(Math.random() * found.length)];
    if (pick) taken.add(pick.id);
    assert.ok(pick, 'the sandbox has such a ticket');
    return pick;
  }

  async function viewNode(tree: vscode.TreeDataProvider<TicketNode>, title: string): Promise<TicketNode> {
    const roots = (await tree.getChildren()) ?? [];
    const node = roots.find((n) => n.kind === 'view' && n.view.title === title);
    assert.ok(node, `no view ${title}`);
    return node;
  }

  it('shows each view\'s count, then the saved searches, and a ticket as "#id Subject" with "status · requester · age"', async () => {
    await setSetting('tickets.queries', [
      { label: 'Pending for Casey', query: `status:pending requester:${FIXTURES.users.customer}` },
      { label: 'Everything open', query: 'status:open' },
    ]);
    const { tree } = await signedIn();
    const roots = await tree.getChildren();
    const pending = await viewNode(tree, 'Pending tickets');
    const expected = (
      await getAs<{ view_count: { value: number } }>(
        `/api/v2/views/${(pending as { view: { id: number } }).view.id}/count.json`,
      )
    ).view_count.value;
    await until(() => tree.getTreeItem(pending).description === String(expected));
    assert.deepEqual(
      roots.slice(-2).map((n) => tree.getTreeItem(n).label),
      ['Pending for Casey', 'Everything open'],
    );

    const search = roots[roots.length - 1];
    const found = (await tree.getChildren(search)).filter(isTicket);
    const truth = (await getAs<{ count: number }>('/api/v2/search/count.json?query=type:ticket%20status:open')).count;
    assert.equal(found.length, Math.min(truth, 25));
    assert.ok(found.every((n) => n.ticket.status === 'open'));
    await until(() => tree.getTreeItem(search).description === String(truth));

    const item = tree.getTreeItem(found[0]);
    const requester = (await getAs<{ user: { name: string } }>(`/api/v2/users/${found[0].ticket.requester_id}.json`))
      .user.name;
    assert.equal(item.label, `#${found[0].ticket.id} ${found[0].ticket.subject}`);
    assert.match(String(item.description), new RegExp(`^Open · ${requester} · (\\d+(y|mo|w|d|h|m) ago|just now)$`));
    const tooltip = (item.tooltip as vscode.MarkdownString).value;
    for (const label of ['Priority', 'Type', 'Requester', 'Assignee', 'Group', 'Tags', 'Created', 'Updated']) {
      assert.ok(tooltip.includes(`${label}:`), `${label} missing from the tooltip`);
    }
    assert.equal(item.command?.command, 'zendesk.openTicket');
  });

  it("a saved search shows each ticket's requester by name (search sideloads only with include=tickets(users))", async () => {
    await setSetting('tickets.queries', [{ label: 'Everything open', query: 'status<solved' }]);
    const { tree } = await signedIn();
    const search = (await tree.getChildren()).find((n) => n.kind === 'search');
    assert.ok(search);
    const found = (await tree.getChildren(search)).filter(isTicket);
    assert.ok(found.length > 5);
    const ids = [...new Set(found.map((n) => n.ticket.requester_id))].join(',');
    const people = (await getAs<{ users: { id: number; name: string }[] }>(`/api/v2/users/show_many.json?ids=${ids}`))
      .users;
    for (const n of found) {
      const name = people.find((u) => u.id === n.ticket.requester_id)?.name;
      assert.ok(name);
      assert.equal(String(tree.getTreeItem(n).description).split(' · ')[1], name, `#${n.ticket.id}`);
    }
  });

  it('"Search Tickets…" adds a temporary root first, with the tickets it finds; Clear Search removes it', async () => {
    const { tree } = await signedIn();
    await vscode.commands.executeCommand('zendesk.searchTickets', undefined, `requester:${FIXTURES.users.customer}`);
    const [first] = await tree.getChildren();
    assert.equal(first.kind, 'search');
    assert.equal(tree.getTreeItem(first).label, `Search: requester:${FIXTURES.users.customer}`);
    const found = (await tree.getChildren(first)).filter(isTicket);
    assert.ok(found.length > 0);
    assert.ok(found.every((n) => tree.getTreeItem(n).description?.toString().includes('Casey Customer')));
    await vscode.commands.executeCommand('zendesk.clearTicketSearch', first);
    assert.ok((await tree.getChildren()).every((n) => n.kind !== 'search'));
  });

  it('opens a ticket in one tab per ticket, reused, with the conversation, in two requests', async () => {
    const { t, accountId } = await signedIn();
    env.sandbox.admin.resetCounters();
    await vscode.commands.executeCommand('zendesk.openTicket', { accountId, ticketId: 3 });
    const panel = t.tickets.details.get(accountId, 3);
    assert.ok(panel);
    const requests = env.sandbox.admin.counters().requests;
    assert.equal(requests['GET /api/v2/tickets/{id}'], 1);
    assert.equal(requests['GET /api/v2/tickets/{id}/comments'], 1);
    assert.equal(panel.state.view?.requester, 'Casey Customer');
    assert.equal(panel.state.view?.comments.length, (await comments(3)).length);
    await vscode.commands.executeCommand('zendesk.openTicket', { accountId, ticketId: 3 });
    assert.equal(t.tickets.details.get(accountId, 3), panel, 'a second tab for the same ticket');
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((tab) => tab.label.startsWith('#3 '));
    assert.equal(tabs.length, 1);
  });

  it('an internal note submitted as Pending: one update and no other request, the draft is gone, the tab shows it', async () => {
    const { t, accountId } = await signedIn();
    const target = await openTicketOf();
    const panel = await t.tickets.details.open(accountId, target.id);
    await panel.receive({ type: 'stage', field: 'status', value: 'pending' });
    await panel.receive({ type: 'draft', body: 'Looked into it: **billing** bug.', mode: 'internal' });
    assert.ok(t.drafts.get(accountId, target.id));
    assert.ok(panel.state.title.startsWith('● '), 'the tab title has no draft marker');
    env.sandbox.admin.resetCounters();
    await panel.receive({ type: 'submit', body: 'Looked into it: **billing** bug.', mode: 'internal' });
    assert.deepEqual(
      env.sandbox.admin.counters().requests,
      { 'PUT /api/v2/tickets/{id}': 1 },
      'a request beyond the write itself',
    );

    const last = (await comments(target.id)).at(-1);
    assert.equal(last?.body, 'Looked into it: **billing** bug.');
    assert.equal(last?.public, false);
    assert.equal((await ticket(target.id)).status, 'pending');
    assert.equal(t.drafts.get(accountId, target.id), undefined, 'the draft outlived the send');
    assert.equal(panel.state.view?.status, 'pending', 'the detail still shows the old status');
    assert.equal(panel.state.notice?.text, 'Internal note added.');
    assert.equal(panel.state.view?.comments.at(-1)?.public, false);
    assert.ok(!panel.state.title.startsWith('● '), 'the draft marker outlived the send');
  });

  it('a public reply, then status, priority and Assign to Me staged and sent as ONE update, and from the tree', async () => {
    const { t, accountId } = await signedIn();
    const target = await openTicketOf();
    const panel = await t.tickets.details.open(accountId, target.id);
    await panel.receive({ type: 'submit', body: 'Thanks, we are on it.', mode: 'public' });
    const last = (await comments(target.id)).at(-1);
    assert.equal(last?.public, true);
    assert.equal(last?.body, 'Thanks, we are on it.');

    env.sandbox.admin.resetCounters();
    await panel.receive({ type: 'stage', field: 'priority', value: 'urgent' });
    await panel.receive({ type: 'stage', field: 'status', value: 'hold' });
    await panel.receive({ type: 'assignToMe' });
    assert.deepEqual(env.sandbox.admin.counters().requests, {}, 'a staged field was sent');
    await panel.receive({ type: 'submit', body: '', mode: 'public' });
    assert.deepEqual(env.sandbox.admin.counters().requests, { 'PUT /api/v2/tickets/{id}': 1 }, 'not ONE update');
    const after = await ticket(target.id);
    assert.deepEqual(
      [after.priority, after.status, after.assignee_id],
      ['urgent', 'hold', Number(accountId.split('/')[1])],
    );
    assert.equal(panel.state.fields?.assignee_id.value, Number(accountId.split('/')[1]));
    assert.deepEqual(panel.state.staged, {});

    const other = await openTicketOf(['new', 'open', 'pending']);
    const node: TicketNode = { kind: 'ticket', accountId, ticket: other, listKey: 'view:0' };
    await vscode.commands.executeCommand('zendesk.assignTicketToMe', node);
    assert.equal((await ticket(other.id)).assignee_id, Number(accountId.split('/')[1]));
  });

  it('a read-only session asks for write access once, then sends the reply', async () => {
    const { t, accountId } = await signedIn(['read']);
    const questions: string[] = [];
    t.ui.allowMoreAccess = async (q) => {
      questions.push(q);
      return true;
    };
    const target = await openTicketOf();
    const panel = await t.tickets.details.open(accountId, target.id);
    await panel.receive({ type: 'submit', body: 'Sent after the prompt.', mode: 'public' });
    assert.deepEqual(questions, ['Replying to tickets needs write access to sandbox. Allow it?']);
    assert.equal((await comments(target.id)).at(-1)?.body, 'Sent after the prompt.');
    // The account's session for the extension's own features (its own now, beside the read one signed in first).
    assert.deepEqual([...(t.accounts.find(accountId)?.scopes ?? [])].sort(), ['read', 'write']);
  });

  it('declining write access sends nothing and keeps the draft', async () => {
    const { t, accountId } = await signedIn(['read']);
    t.ui.allowMoreAccess = async () => false;
    const target = await openTicketOf();
    const panel = await t.tickets.details.open(accountId, target.id);
    env.sandbox.admin.resetCounters();
    await panel.receive({ type: 'submit', body: 'Not yet.', mode: 'internal' });
    assert.equal(env.sandbox.admin.counters().requests['PUT /api/v2/tickets/{id}'], undefined);
    assert.equal(t.drafts.get(accountId, target.id)?.body, 'Not yet.');
    assert.match(panel.state.notice?.text ?? '', /write access was not granted/);
  });

  it('a conflict (someone else changed the ticket) sends nothing, reloads, keeps the draft; sending again works', async () => {
    const { t, accountId } = await signedIn();
    const target = await openTicketOf();
    const panel = await t.tickets.details.open(accountId, target.id);
    const seen = panel.state.view?.updatedStamp;
    env.sandbox.admin.advanceClock(3);
    const put = await api(env.sandbox, await someoneElse(), 'PUT', `/api/v2/tickets/${target.id}`, {
      ticket: { comment: { body: 'Admin was here', public: false } },
    });
    assert.equal(put.status, 200);
    const before = (await comments(target.id)).length;

    await panel.receive({ type: 'stage', field: 'status', value: 'pending' });
    await panel.receive({ type: 'submit', body: 'My careful reply', mode: 'public' });

    assert.equal((await comments(target.id)).length, before, 'the reply went through despite the conflict');
    assert.equal(t.drafts.get(accountId, target.id)?.body, 'My careful reply');
    assert.match(panel.state.notice?.text ?? '', /changed since you opened it/);
    assert.ok(
      panel.state.view?.comments.some((c) => c.html.includes('Admin was here')),
      'the detail was not reloaded',
    );
    assert.equal(panel.state.composer.body, 'My careful reply', 'the composer lost the text');
    assert.deepEqual(panel.state.staged, { status: 'pending' }, 'the staged status was lost');
    assert.notEqual(panel.state.view?.updatedStamp, seen);

    await panel.receive({ type: 'submit', body: 'My careful reply', mode: 'public' });
    assert.equal((await comments(target.id)).at(-1)?.body, 'My careful reply');
    assert.equal(t.drafts.get(accountId, target.id), undefined);
  });

  it('a 429 from the per-ticket limit is waited out (the wait shown), then sent', async () => {
    const { t, accountId } = await signedIn();
    const target = await openTicketOf();
    // Use up the 30 updates per 10 minutes that Zendesk allows one user on one ticket.
    const token = (await t.store.list())[0].accessToken;
    for (let i = 0; i < 30; i++) {
      const r = await api(env.sandbox, token, 'PUT', `/api/v2/tickets/${target.id}`, {
        ticket: { priority: i % 2 ? 'low' : 'high' },
      });
      assert.equal(r.status, 200, r.text);
    }
    const panel = await t.tickets.details.open(accountId, target.id);
    let seconds = 0;
    // The client's wait passes by moving the sandbox's clock, not by waiting in the test.
    const shown: (string | undefined)[] = [];
    t.clock.sleep = async (ms) => {
      shown.push(panel.state.busy?.text);
      seconds += ms / 1000;
      env.sandbox.admin.advanceClock(Math.ceil(ms / 1000));
    };
    try {
      await panel.receive({ type: 'submit', body: 'After the wait', mode: 'internal' });
    } finally {
      t.clock.sleep = undefined;
    }
    assert.ok(seconds > 500 && seconds <= 600, `waited ${seconds} s`);
    assert.match(shown[0] ?? '', /^Zendesk is busy: retrying in \d+ s…$/, 'the wait is shown beside Cancel');
    assert.equal((await comments(target.id)).at(-1)?.body, 'After the wait');
    assert.equal(t.drafts.get(accountId, target.id), undefined);
  });

  it('Cancel during the wait sends nothing and keeps the draft', async () => {
    const { t, accountId } = await signedIn();
    const target = await openTicketOf();
    const token = (await t.store.list())[0].accessToken;
    for (let i = 0; i < 30; i++) {
      await api(env.sandbox, token, 'PUT', `/api/v2/tickets/${target.id}`, {
        ticket: { priority: i % 2 ? 'low' : 'high' },
      });
    }
    const panel = await t.tickets.details.open(accountId, target.id);
    await panel.receive({ type: 'stage', field: 'status', value: 'hold' });
    let n = 0;
    t.clock.sleep = async (_ms, signal) => {
      n++;
      await panel.receive({ type: 'cancel' });
      signal?.throwIfAborted();
    };
    try {
      await panel.receive({ type: 'submit', body: 'Maybe later', mode: 'public' });
    } finally {
      t.clock.sleep = undefined;
    }
    assert.equal(n, 1, 'cancelled during the one wait');
    assert.notEqual((await comments(target.id)).at(-1)?.body, 'Maybe later');
    assert.equal(t.drafts.get(accountId, target.id)?.body, 'Maybe later');
    assert.deepEqual(t.drafts.get(accountId, target.id)?.staged, { status: 'hold' });
    // The agent cancelled: said as information, not as an error, with what was kept.
    assert.equal(panel.state.notice?.kind, 'info');
    assert.match(panel.state.notice?.text ?? '', /kept/);
  });

  it("Zendesk's validation error shows next to the field and keeps the draft", async () => {
    const { t, accountId } = await signedIn();
    const closed = await openTicketOf(['closed']);
    const panel = await t.tickets.details.open(accountId, closed.id);
    await panel.receive({ type: 'submit', body: 'Reopen please', mode: 'public' });
    // Zendesk names the field that forbids it, `status`: the error shows next to the Status control.
    assert.equal(panel.state.fieldErrors.status, 'Status: closed prevents ticket update');
    assert.equal(t.drafts.get(accountId, closed.id)?.body, 'Reopen please');
  });

  it('a draft survives closing the tab and comes back in the composer with its reply type', async () => {
    const { t, accountId } = await signedIn();
    const target = await openTicketOf();
    const panel = await t.tickets.details.open(accountId, target.id);
    await panel.receive({ type: 'stage', field: 'status', value: 'hold' });
    await panel.receive({ type: 'draft', body: 'Half-written <answer>', mode: 'public' });
    panel.dispose();
    assert.equal(t.tickets.details.get(accountId, target.id), undefined);
    const again = await t.tickets.details.open(accountId, target.id);
    assert.notEqual(again, panel);
    assert.equal(again.state.composer.body, 'Half-written <answer>');
    assert.equal(again.state.composer.mode, 'public');
    assert.equal(again.state.composer.submitWithoutText, 'Submit as On-hold');
    assert.ok(again.state.fields?.status.staged);
    assert.ok(again.state.title.startsWith('● '));
  });

  it('the badge counts the chosen view', async () => {
    const { t } = await signedIn();
    await setSetting('tickets.badge', 'view:Pending tickets');
    await t.badge.check();
    const pending = (await t.tickets.model(t.accounts.all()[0].accountId)?.listViews())?.find(
      (v) => v.title === 'Pending tickets',
    );
    const count = (await getAs<{ view_count: { value: number } }>(`/api/v2/views/${pending?.id}/count.json`)).view_count
      .value;
    assert.equal(t.tickets.view.badge?.value, count);
    // A count Zendesk is still computing (value null) leaves the badge as it was.
    assert.ok(pending);
    env.sandbox.admin.computeViewCounts({ viewIds: [pending.id], asks: 1 });
    await t.badge.check();
    assert.equal(t.tickets.view.badge?.value, count, 'a count still being computed emptied the badge');
    await setSetting('tickets.badge', '');
    await t.badge.check();
    assert.equal(t.tickets.view.badge, undefined);
  });

  it('notices a ticket newly assigned to the user by someone else, once, when asked to', async () => {
    const { t, accountId } = await signedIn();
    await setSetting('tickets.pollMinutes', 0);
    const found: number[][] = [];
    const sub = t.badge.onDidFindNewlyAssigned((e) => found.push(e.ticketIds));
    try {
      await setSetting('tickets.notifyAssigned', true);
      await t.badge.check(); // the baseline: what is assigned already is not news
      const unassigned = (
        await getAs<{ results: Ticket[] }>('/api/v2/search.json?query=type:ticket%20assignee:none%20status%3Csolved')
      ).results[0];
      assert.ok(unassigned, 'the sandbox has an unassigned open ticket');
      const me = Number(accountId.split('/')[1]);
      const put = await api(env.sandbox, await someoneElse(), 'PUT', `/api/v2/tickets/${unassigned.id}`, {
        ticket: { assignee_id: me },
      });
      assert.equal(put.status, 200, put.text);
      await t.badge.check();
      await t.badge.check();
      assert.deepEqual(found, [[unassigned.id]]);
      await setSetting('tickets.notifyAssigned', false);
      await api(env.sandbox, await someoneElse(), 'PUT', `/api/v2/tickets/${unassigned.id + 1}`, {
        ticket: { assignee_id: me },
      });
      await t.badge.check();
      assert.deepEqual(found, [[unassigned.id]], 'noticed with the setting off');
    } finally {
      sub.dispose();
    }
  });

  it('"Assign…" offers the agents of the ticket\'s group and assigns the one picked', async () => {
    const { t, accountId } = await signedIn();
    const target = (await getAs<{ tickets: Ticket[] }>('/api/v2/tickets.json?per_page=50')).tickets.find(
      (x) =>
        x.group_id && x.status !== 'closed' && x.assignee_id !== Number(accountId.split('/')[1]) && !taken.has(x.id),
    );
    assert.ok(target);
    taken.add(target.id);
    const panel = await t.tickets.details.open(accountId, target.id);
    assert.ok(panel.state.view?.groupId, 'Assign… is offered on a ticket with a group');
    const offered: number[][] = [];
    const c = await t.access.withClient(accountId, { scopes: ['read'], purpose: 'Reading tickets' }, async (x) => x);
    assert.ok(c);
    // The user's pick in the quick pick: someone other than the current assignee, from the list the client loads.
    t.ui.pickAgent = async (_client, tt) => {
      const agents = await listGroupUsers(c, tt.groupId as number);
      offered.push(agents.map((u) => u.id));
      const a = agents.find((u) => u.id !== tt.assigneeId);
      return a && { id: a.id, name: a.name };
    };
    try {
      await panel.receive({ type: 'assign' });
      await panel.receive({ type: 'submit', body: '', mode: 'internal' });
    } finally {
      t.ui.pickAgent = undefined;
    }
    const after = await ticket(target.id);
    assert.equal(offered.length, 1);
    assert.ok(offered[0].includes(after.assignee_id as number));
    assert.notEqual(after.assignee_id, target.assignee_id);
    const agent = (
      await getAs<{ user: { default_group_id: number; name: string } }>(`/api/v2/users/${after.assignee_id}.json`)
    ).user;
    assert.equal(agent.default_group_id, target.group_id, 'an agent from another group was offered');
    assert.equal(panel.state.fields?.assignee_id.value, after.assignee_id, 'the detail shows the old assignee');
    assert.equal(panel.state.fields?.assignee_id.label, agent.name);
  });

  it('opens only web and mail links from a ticket; command:, file: and javascript: links go nowhere', async () => {
    const { t, accountId } = await signedIn();
    const panel = await t.tickets.details.open(accountId, 3);
    const opened: string[] = [];
    t.ui.openLink = async (u) => {
      opened.push(u.toString(true));
      return true;
    };
    try {
      for (const href of [
        'https://example.com/docs?a=1',
        'mailto:help@example.com',
        'command:workbench.action.quit',
        'command:zendesk.signOut',
        'file:///etc/passwd',
        'javascript:alert(1)',
        'vscode://settings/zendesk',
        'http://127.0.0.1:1/x',
      ]) {
        await panel.receive({ type: 'openLink', href });
      }
    } finally {
      delete t.ui.openLink;
    }
    assert.deepEqual(opened, ['https://example.com/docs?a=1', 'mailto:help@example.com', 'http://127.0.0.1:1/x']);
  });

  it("lists a comment's attachments as links to their content", async () => {
    const { t, accountId } = await signedIn();
    const target = await openTicketOf();
    const token = (await t.store.list())[0].accessToken;
    const up = await fetch(`${env.sandbox.url}/api/v2/uploads?filename=trace%20log.txt`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/plain' },
      body: 'boom',
    });
    assert.equal(up.status, 201);
    const { upload } = (await up.json()) as { upload: { token: string; attachment: { content_url: string } } };
    const put = await api(env.sandbox, token, 'PUT', `/api/v2/tickets/${target.id}`, {
      ticket: { comment: { body: 'Log attached', public: false, uploads: [upload.token] } },
    });
    assert.equal(put.status, 200, put.text);
    const panel = await t.tickets.details.open(accountId, target.id);
    assert.deepEqual(panel.state.view?.comments.at(-1)?.attachments, [
      { name: 'trace log.txt', url: upload.attachment.content_url, size: '4 B' },
    ]);
  });
});

describe("a search past Zendesk's 1,000 results (extension host)", () => {
  let big: Sandbox;
  before(async () => {
    const { sandbox, loopbackUri } = await sandboxForVsCode({ tickets: 1100, seed: 9 });
    big = sandbox;
    await resetExtension();
    registerLoopback(big, loopbackUri);
    await setSetting('accounts', [publicAccount(big)]);
  });
  after(async () => {
    await setSetting('tickets.queries', undefined);
    await resetExtension();
    await big?.close();
  });

  it('says on the node that it shows the first 1,000 of all it found, and ends its list saying so', async () => {
    const t = await testing();
    t.ui.openExternal = new ScriptedBrowser().open;
    await setSetting('tickets.queries', [{ label: 'Everything', query: 'type:ticket' }]);
    await t.provider.createSession(['read'], {});
    await until(() => t.accounts.all().length === 1);
    const tree = t.tickets.provider;
    const search = (await tree.getChildren()).find((n) => n.kind === 'search');
    assert.ok(search);
    await tree.getChildren(search);
    await until(() => tree.getTreeItem(search).description === 'first 1,000 of 1,100');
    for (let i = 0; i < 60; i++) {
      const children = await tree.getChildren(search);
      const more = children.find((n) => n.kind === 'more');
      if (!more) break;
      await vscode.commands.executeCommand('zendesk.loadMoreTickets', more);
    }
    const children = await tree.getChildren(search);
    assert.equal(children.filter((n) => n.kind === 'ticket').length, 1000);
    const last = tree.getTreeItem(children[children.length - 1]);
    assert.equal(last.label, 'Showing the first 1,000 of 1,100');
    assert.match(String(last.tooltip), /at most 1000 results/);
  });
});

describe('an account with 30 views (extension host)', () => {
  let many: Sandbox;
  before(async () => {
    const { sandbox, loopbackUri } = await sandboxForVsCode({ views: 30 });
    many = sandbox;
    await resetExtension();
    registerLoopback(many, loopbackUri);
    await setSetting('accounts', [publicAccount(many)]);
  });
  after(async () => {
    await resetExtension();
    await many?.close();
  });

  it('shows the count of every view, the ones past the 20th included', async () => {
    const t = await testing();
    t.ui.openExternal = new ScriptedBrowser().open;
    await t.provider.createSession(['read'], {});
    await until(() => t.accounts.all().length === 1);
    const tree = t.tickets.provider;
    const views = (await tree.getChildren()).filter(
      (n): n is Extract<TicketNode, { kind: 'view' }> => n.kind === 'view',
    );
    assert.equal(views.length, 30);
    // The counts as the signed-in agent's own (views such as "Your unsolved tickets" depend on who asks).
    const agent = (await sandboxSignIn(many, FIXTURES.users.agent)).access_token;
    const truth = new Map<number, number>();
    for (const ids of [views.slice(0, 20), views.slice(20)].map((vs) => vs.map((v) => v.view.id).join(','))) {
      const res = (await api(many, agent, 'GET', `/api/v2/views/count_many.json?ids=${ids}`)).json<{
        view_counts: { view_id: number; value: number }[];
      }>();
      for (const c of res.view_counts) truth.set(c.view_id, c.value);
    }
    await until(() => views.every((v) => tree.getTreeItem(v).description !== undefined));
    for (const v of views) assert.equal(tree.getTreeItem(v).description, String(truth.get(v.view.id)), v.view.title);
    assert.equal(
      many.admin.counters().requests['GET /api/v2/views/count_many'],
      4,
      'two requests of the tree, two of the test',
    );
  });
});
