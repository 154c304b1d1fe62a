// Open Ticket by number and by link, Search Tickets with a number, "Recently viewed", a macro applied into the
// ticket's draft, and a new ticket from an editor selection, in a real VS Code against the sandbox.
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

  it('creates a ticket from a selection: the code fenced with its language, the path and the lines', async () => {
    const { accountId } = await signedIn();
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
    await vscode.commands.executeCommand('zendesk.newTicketFromSelection', {
      requester: 'Ada Lovelace <ada@engines.example>',
      subject: 'Crash on start',
      body: 'It throws here:',
      public: false,
    });
    let created: Ticket | undefined;
    await until(async () => {
      const list = await getAs<{ tickets: Ticket[] }>(
        '/api/v2/tickets?sort_by=created_at&sort_order=desc&per_page=1',
        accountId,
      );
      created = list.tickets.find((x) => x.subject === 'Crash on start');
      return !!created;
    });
    const id = created!.id;
    const { comments } = await getAs<{ comments: TicketComment[] }>(`/api/v2/tickets/${id}/comments`, accountId);
    assert.equal(comments.length, 1);
    assert.equal(comments[0].public, false);
    assert.equal(
      comments[0].body,
      'It throws here:\n\n`crash.ts`, lines 2–3\n\n```typescript\nconst a = 1;\nthrow new Error(`boom ${a}`);\n```\n',
    );
    const { user } = await getAs<{ user: ZendeskUser }>(`/api/v2/users/${created!.requester_id}`, accountId);
    assert.deepEqual([user.name, user.email], ['Ada Lovelace', 'ada@engines.example']);
    await opened(accountId, id);
  });
});
