// Open Ticket by number and by link, Search Tickets with a number, "Recently viewed", a macro applied into the
// ticket's draft and then submitted, and the New Ticket tab from an editor selection, in a real VS Code against the
// sandbox.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TicketNode } from '../../src/tickets/ticketTree';
import type { Ticket, TicketComment, ZendeskUser } from '../../src/zendesk/types';
import { SEEDED_MACROS } from '../sandbox/macros';
import { getAs } from './apiHelpers';
import { signedInAgent, testing, until, useSandbox } from './helpers';

describe('open by number or link, macros and new tickets (extension host, against the sandbox)', () => {
  const env = useSandbox();
  const written: vscode.Uri[] = [];
  afterEach(async () => {
    const t = await testing();
    t.tickets.details.closeAll();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const uri of written.splice(0)) await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
  });

  const signedIn = () => signedInAgent();

  const opened = async (accountId: string, ticketId: number) => {
    const t = await testing();
    await until(() => t.tickets.details.get(accountId, ticketId)?.state.view?.id === ticketId);
  };

  it('opens #N and a number typed in Search Tickets, and lists them under "Recently viewed", newest first', async () => {
    const { t, accountId } = await signedIn();
    await vscode.commands.executeCommand('zendesk.openTicketByReference', '#3');
    await opened(accountId, 3);
    await vscode.commands.executeCommand('zendesk.searchTickets', undefined, '7');
    await opened(accountId, 7);
    const tree = t.tickets.provider;
    const recent = (await tree.getChildren()).find((n) => n.kind === 'recent');
    assert.ok(recent, 'no "Recently viewed" root');
    assert.equal(tree.getTreeItem(recent).label, 'Recently viewed');
    const rows = (await tree.getChildren(recent)) as Extract<TicketNode, { kind: 'recentTicket' }>[];
    assert.deepEqual(
      rows.map((r) => r.recent.ticketId),
      [7, 3],
    );
    const subject = (await getAs<{ ticket: Ticket }>('/api/v2/tickets/7', accountId)).ticket.subject;
    assert.equal(tree.getTreeItem(rows[0]).label, `#7 ${subject}`);
    // A row opens its ticket.
    t.tickets.details.closeAll();
    const cmd = tree.getTreeItem(rows[1]).command!;
    await vscode.commands.executeCommand(cmd.command, ...(cmd.arguments ?? []));
    await opened(accountId, 3);
  });

  it('opens the agent and API links of the signed-in account, and refuses a link of another Zendesk', async () => {
    const { t, accountId } = await signedIn();
    await vscode.commands.executeCommand('zendesk.openTicketByReference', `${env.sandbox.url}/agent/tickets/5`);
    await opened(accountId, 5);
    await vscode.commands.executeCommand('zendesk.openTicketByReference', `${env.sandbox.url}/api/v2/tickets/6.json`);
    await opened(accountId, 6);
    env.sandbox.admin.resetCounters();
    await vscode.commands.executeCommand('zendesk.openTicketByReference', 'https://other.zendesk.com/agent/tickets/8');
    assert.equal(t.tickets.details.get(accountId, 8), undefined, 'a foreign link opened a ticket of this account');
    assert.equal(env.sandbox.admin.counters().requests['GET /api/v2/tickets/{id}'], undefined);
  });

  it('applies a macro into the ticket’s draft (comment, internal mode) and changes nothing in Zendesk', async () => {
    const { t, accountId } = await signedIn();
    const macro = SEEDED_MACROS.find((m) => m.title === 'Support::Escalate to engineering')!;
    const before = (await getAs<{ ticket: Ticket }>('/api/v2/tickets/3', accountId)).ticket;
    await vscode.commands.executeCommand('zendesk.applyMacro', { accountId, ticketId: 3 }, macro.id);
    const draft = t.drafts.get(accountId, 3);
    assert.ok(draft?.body.startsWith('Escalated to engineering by '), draft?.body);
    assert.equal(draft?.mode, 'internal');
    await opened(accountId, 3);
    const after = (await getAs<{ ticket: Ticket }>('/api/v2/tickets/3', accountId)).ticket;
    assert.deepEqual(after, before, 'applying a macro wrote to Zendesk');
  });

  it('applies a macro then submits it: the staged fields and the note reach Zendesk in ONE update', async () => {
    const { t, accountId } = await signedIn();
    const macro = SEEDED_MACROS.find((m) => m.title === 'Support::Escalate to engineering')!;
    // A ticket the macro changes: unsolved, and not already high.
    const { tickets } = await getAs<{ tickets: Ticket[] }>('/api/v2/tickets', accountId);
    const id = tickets.find((x) => ['new', 'open', 'pending'].includes(x.status) && x.priority !== 'high')?.id;
    assert.ok(id, 'no unsolved ticket below high priority in the sandbox');
    await vscode.commands.executeCommand('zendesk.applyMacro', { accountId, ticketId: id }, macro.id);
    await opened(accountId, id);
    const panel = t.tickets.details.get(accountId, id)!;
    assert.equal(panel.state.fields?.priority.value, 'high');
    assert.equal(panel.state.fields?.priority.staged, true);
    assert.equal(panel.state.composer.mode, 'internal');
    env.sandbox.admin.resetCounters();
    // The page's Submit, as the page sends it: the composer's text (the macro's note) and its mode.
    await panel.receive({ type: 'submit', body: panel.state.composer.body, mode: panel.state.composer.mode });
    await until(() => panel.state.notice?.text === 'Internal note added.');
    const writes = Object.entries(env.sandbox.admin.counters().requests).filter(([r]) => !r.startsWith('GET '));
    assert.deepEqual(writes, [['PUT /api/v2/tickets/{id}', 1]]);
    const after = (await getAs<{ ticket: Ticket }>(`/api/v2/tickets/${id}`, accountId)).ticket;
    assert.equal(after.priority, 'high');
    const { comments } = await getAs<{ comments: TicketComment[] }>(`/api/v2/tickets/${id}/comments`, accountId);
    const last = comments[comments.length - 1];
    assert.equal(last.public, false);
    assert.ok(last.body.startsWith('Escalated to engineering by '), last.body);
    assert.equal(t.drafts.get(accountId, id), undefined, 'the sent draft was kept');
  });

  it('opens the New Ticket tab from a selection: the code fenced with its language, the path and the lines', async () => {
    const { t, accountId } = await signedIn();
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(folder, 'the test window has no workspace folder');
    const uri = vscode.Uri.joinPath(folder, 'crash.ts');
    written.push(uri);
    await vscode.workspace.fs.writeFile(
      uri,
      Buffer.from('// header\nconst a = 1;\nthrow new Error(`boom ${a}`);\n// end\n'),
    );
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    editor.selection = new vscode.Selection(1, 0, 3, 0);
    await vscode.commands.executeCommand('zendesk.newTicketFromSelection');
    const form = t.newTickets.current;
    assert.ok(form, 'no New Ticket tab');
    const block = '`crash.ts`, lines 2–3\n\n```typescript\nconst a = 1;\nthrow new Error(`boom ${a}`);\n```\n';
    assert.equal(form.state.values.body, block);
    assert.equal(form.state.values.subject, 'Question about crash.ts:2');
    // What the agent then types in the page, as the page reports it.
    await form.receive({ type: 'text', field: 'requesterText', value: 'Ada Lovelace <ada@engines.example>' });
    await form.receive({ type: 'text', field: 'subject', value: 'Crash on start' });
    await form.receive({ type: 'text', field: 'body', value: `It throws here:\n\n${block}` });
    env.sandbox.admin.resetCounters();
    await form.receive({ type: 'create' });
    assert.equal(env.sandbox.admin.counters().requests['POST /api/v2/tickets'], 1);
    const list = await getAs<{ tickets: Ticket[] }>(
      '/api/v2/tickets?sort_by=created_at&sort_order=desc&per_page=1',
      accountId,
    );
    const created = list.tickets.find((x) => x.subject === 'Crash on start');
    assert.ok(created, 'no ticket created');
    const { comments } = await getAs<{ comments: TicketComment[] }>(
      `/api/v2/tickets/${created.id}/comments`,
      accountId,
    );
    assert.deepEqual(
      comments.map((c) => [c.body, c.public]),
      [[`It throws here:\n\n${block}`, false]],
    );
    const { user } = await getAs<{ user: ZendeskUser }>(`/api/v2/users/${created.requester_id}`, accountId);
    assert.deepEqual([user.name, user.email], ['Ada Lovelace', 'ada@engines.example']);
    // The ticket's own tab takes the form's place, and the draft is gone.
    await opened(accountId, created.id);
    await until(() => t.newTickets.current === undefined);
    assert.equal(t.globalState.get<{ body: string }>('zendesk.newTicketDraft')?.body ?? '', '');
  });
});
