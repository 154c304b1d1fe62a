// The ticket tab's fields in a real VS Code against the sandbox: edits are staged in the tab and reach Zendesk as ONE
// update on Submit; a field required to solve is named before anything is sent, and one Zendesk requires that the
// tab did not know about comes back from Zendesk's 422 at its field, with the staged changes and the text kept.
// The page's messages go in as the page sends them (TicketPanel.receive); the tab's state is what is asserted.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Ticket } from '../../src/zendesk/types';
import { FIELD_IDS, FORM_IDS } from '../sandbox/ticketFields';
import { getAs } from './apiHelpers';
import { signedInAgent, testing, until, useSandbox } from './helpers';

describe('the ticket tab’s fields (extension host, against the sandbox)', () => {
  const env = useSandbox();
  afterEach(async () => {
    (await testing()).tickets.details.closeAll();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  /** The tab of ticket `id`, opened as the agent does ("Open Ticket…" with its number), with its fields loaded. */
  async function openTab(id: number) {
    const t = await testing();
    const accountId = t.accounts.all()[0]?.accountId as string;
    await vscode.commands.executeCommand('zendesk.openTicketByReference', `#${id}`);
    await until(() => t.tickets.details.get(accountId, id)?.state.formStatus.phase === 'ready');
    const tab = t.tickets.details.get(accountId, id);
    assert.ok(tab?.state.form, `no fields in the tab of #${id}`);
    return { t, accountId, tab };
  }
  const writes = () =>
    Object.entries(env.sandbox.admin.counters().requests).filter(([route]) => !route.startsWith('GET '));
  /** Signed in as an agent who may write; the open tickets below urgent. */
  const unsolved = async () => {
    await signedInAgent();
    const { tickets } = await getAs<{ tickets: Ticket[] }>('/api/v2/tickets');
    return tickets.filter((x) => x.status === 'open' && x.priority !== 'urgent');
  };

  it('status, priority, a custom field and tags are staged, then sent as ONE update', async () => {
    const [ticket] = await unsolved();
    assert.ok(ticket, 'no open ticket below urgent in the sandbox');
    const { accountId, tab } = await openTab(ticket.id);
    env.sandbox.admin.resetCounters();
    await tab.receive({ type: 'stage', field: 'status', value: 'pending' });
    await tab.receive({ type: 'stage', field: 'priority', value: 'urgent' });
    await tab.receive({ type: 'stageField', id: FIELD_IDS.affectedUsers, value: '12' });
    await tab.receive({ type: 'stageTags', text: [...ticket.tags, 'vip'].join(' ') });
    assert.deepEqual(writes(), [], 'an edit was sent before Submit');
    assert.equal(Object.keys(tab.state.staged).length, 4, JSON.stringify(tab.state.staged));
    assert.equal(tab.state.title.startsWith('● '), true, 'staged changes show in the tab title');

    await tab.receive({ type: 'submit', body: '', mode: 'internal' });
    await until(() => tab.state.notice?.text === 'Saved.', 10_000, tab.state.notice?.text);
    assert.deepEqual(writes(), [['PUT /api/v2/tickets/{id}', 1]]);
    const after = (await getAs<{ ticket: Ticket }>(`/api/v2/tickets/${ticket.id}`, accountId)).ticket;
    assert.equal(after.status, 'pending');
    assert.equal(after.priority, 'urgent');
    assert.equal(after.custom_fields?.find((f) => f.id === FIELD_IDS.affectedUsers)?.value, '12');
    assert.ok(after.tags.includes('vip'), after.tags.join(' '));
    assert.deepEqual(tab.state.staged, {}, 'sent changes are still staged');
    assert.equal(tab.state.fields?.status.value, 'pending', 'the tab shows the ticket as Zendesk answered');
  });

  it('names a field required to solve before sending; one Zendesk requires since comes back at its field, nothing lost', async () => {
    const ticket = (await unsolved())[1];
    assert.ok(ticket, 'no second open ticket in the sandbox');
    const { tab } = await openTab(ticket.id);
    env.sandbox.admin.resetCounters();
    await tab.receive({ type: 'stageForm', formId: FORM_IDS.bugReport });
    await tab.receive({ type: 'stage', field: 'status', value: 'solved' });
    await tab.receive({ type: 'draft', body: 'Fixed in 4.2.', mode: 'public' });
    await tab.receive({ type: 'submit', body: 'Fixed in 4.2.', mode: 'public' });
    assert.match(tab.state.notice?.text ?? '', /^Not sent\. .*Product area/);
    assert.deepEqual(writes(), [], 'sent although a required field is empty');

    // An admin makes "Fix due" required to solve while the tab holds the old definition: only Zendesk knows.
    env.sandbox.admin.setFieldRequired(FIELD_IDS.dueDate, true);
    try {
      await tab.receive({ type: 'stageField', id: FIELD_IDS.productArea, value: 'area_editor' });
      await tab.receive({ type: 'submit', body: 'Fixed in 4.2.', mode: 'public' });
      await until(
        () => tab.state.notice?.kind === 'error' && tab.state.busy === undefined,
        10_000,
        tab.state.notice?.text,
      );
      assert.deepEqual(writes(), [['PUT /api/v2/tickets/{id}', 1]]);
      const due = tab.state.form?.fields.find((f) => f.id === FIELD_IDS.dueDate);
      assert.equal(due?.error, 'Fix due: is required when solving a ticket', 'the 422 is not shown at its field');
      assert.match(tab.state.notice?.text ?? '', /Fix due/);
      assert.deepEqual(Object.keys(tab.state.staged).sort(), [
        `custom_fields.${FIELD_IDS.productArea}`,
        'status',
        'ticket_form_id',
      ]);
      assert.equal(tab.state.composer.body, 'Fixed in 4.2.', 'the reply was lost');
      const after = (await getAs<{ ticket: Ticket }>(`/api/v2/tickets/${ticket.id}`)).ticket;
      assert.equal(after.status, ticket.status, 'Zendesk solved the ticket anyway');
    } finally {
      env.sandbox.admin.setFieldRequired(FIELD_IDS.dueDate, false);
    }
  });
});
