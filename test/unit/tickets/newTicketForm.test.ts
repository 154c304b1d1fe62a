// The New Ticket form in plain Node against the sandbox: messages in as the page sends them (through
// parseFormMessage), the state out as the page shows it, and what reaches Zendesk counted by the sandbox. The draft
// survives a reload, the requester is found by name or email, Create is ONE POST with every field, a 422 is named by
// its field, a selection lands in the description.
import * as assert from 'node:assert/strict';
import { MementoKeys } from '../../../src/constants';
import { parseFormMessage } from '../../../src/tickets/create/formMessages';
import { formUpdate } from '../../../src/tickets/create/formPage';
import { NewTicketForm, type FormDeps, type FormState } from '../../../src/tickets/create/newTicketForm';
import { fieldKey } from '../../../src/tickets/detail/stagedFields';
import { FieldDefinitionsCache, loadDefinitions } from '../../../src/tickets/fields/definitions';
import { StatusVocabulary } from '../../../src/tickets/statuses';
import { createTicket, listAssignableGroups, listGroupUsers, searchUsers } from '../../../src/zendesk/api';
import type { ZendeskClient } from '../../../src/zendesk/http';
import type { Ticket, TicketComment, ZendeskUser } from '../../../src/zendesk/types';
import { FIXTURES } from '../../sandbox';
import { FIELD_IDS, FORM_IDS } from '../../sandbox/ticketFields';
import { agentClient, useSandboxOverHttp } from '../../support/sandboxClient';
import { JsonMemento } from '../fakes/memento';

const ACCOUNT = 'sandbox/1';

describe('the New Ticket form (against the sandbox)', () => {
  const env = useSandboxOverHttp({ tickets: 10, seed: 3 });
  let client: ZendeskClient;
  let me: ZendeskUser;
  let memento: JsonMemento;
  let created: Ticket[];
  let states: FormState[];
  let definitions: FieldDefinitionsCache;

  before(async () => {
    client = await agentClient(env);
    me = (await client.request<{ user: ZendeskUser }>('GET', '/api/v2/users/me')).user;
  });
  beforeEach(() => {
    memento = new JsonMemento();
    created = [];
    states = [];
    // One cache per test, as one extension session keeps one per account (shared with the ticket tabs).
    definitions = new FieldDefinitionsCache((_a, signal) => loadDefinitions(client, signal));
  });

  function form(over: Partial<FormDeps> = {}): NewTicketForm {
    return new NewTicketForm({
      memento,
      accounts: () => [{ accountId: ACCOUNT, label: 'Sandbox', me: { id: me.id, name: me.name }, baseUrl: env.base }],
      options: async (_a, signal) => ({
        groups: await listAssignableGroups(client, signal),
        statuses: StatusVocabulary.system(),
      }),
      definitions: (a, signal) => definitions.get(a, signal),
      noteRefusal: (a, e) => void definitions.noteRefusal(a, e),
      agents: (_a, groupId, signal) => listGroupUsers(client, groupId, signal),
      searchUsers: (_a, query, signal) => searchUsers(client, query, signal),
      create: (_a, ticket, signal) => createTicket(client, ticket, signal),
      created: async (_a, t) => void created.push(t),
      render: (s) => void states.push(s),
      logError: () => undefined,
      ...over,
    });
  }

  /** A message as the page sends it: anything the parser refuses is a test mistake. */
  async function send(f: NewTicketForm, raw: Record<string, unknown>): Promise<void> {
    const m = parseFormMessage(raw);
    assert.ok(m, `refused: ${JSON.stringify(raw)}`);
    await f.receive(m);
  }

  const writes = () =>
    Object.fromEntries(Object.entries(env.sandbox.admin.counters().requests).filter(([r]) => !r.startsWith('GET ')));

  it('keeps the draft across a reload (a new form over the same store) and marks the tab while it has work', async () => {
    const f = form();
    await f.load();
    assert.equal(f.state.title, 'New Ticket');
    assert.equal(f.state.marked, false);
    await send(f, { type: 'text', field: 'subject', value: 'Printer on fire' });
    await send(f, { type: 'text', field: 'body', value: 'It **burns**.' });
    await send(f, { type: 'mode', mode: 'public' });
    await send(f, { type: 'choose', field: 'priority', value: 'urgent' });
    await send(f, { type: 'text', field: 'tags', value: 'fire, hardware' });
    assert.equal(f.state.title, '● New Ticket');
    f.dispose();

    const again = form();
    await again.load();
    const v = again.state.values;
    assert.deepEqual(
      [v.subject, v.body, v.mode, v.priority, v.tags],
      ['Printer on fire', 'It **burns**.', 'public', 'urgent', 'fire, hardware'],
    );
    assert.equal(again.state.marked, true);
    // The page puts the text fields in place from the state it is sent.
    assert.equal(formUpdate(again.state).values.subject, 'Printer on fire');
    // Clear Form empties it, and the draft goes from the store.
    await send(again, { type: 'clear' });
    assert.equal(again.state.marked, false);
    assert.equal((memento.get(MementoKeys.newTicketDraft) as { subject?: string } | undefined)?.subject ?? '', '');
  });

  it('finds the requester by name or email and sends the one chosen as requester_id; a page cannot name anyone else', async () => {
    const f = form();
    await f.load();
    await send(f, { type: 'text', field: 'requesterText', value: FIXTURES.users.customer.slice(0, 6) });
    const found = f.state.requester.matches.find((m) => m.email === FIXTURES.users.customer);
    assert.ok(
      found,
      `the search did not find ${FIXTURES.users.customer}: ${JSON.stringify(f.state.requester.matches)}`,
    );
    // An id the search did not offer is ignored.
    await send(f, { type: 'requester', id: 999_999 });
    assert.equal(f.state.values.requester, undefined);
    await send(f, { type: 'requester', id: found.id });
    const state: FormState = f.state;
    assert.equal(state.values.requester?.id, found.id);
    assert.equal(f.state.requester.summary, found.label);
    await send(f, { type: 'text', field: 'subject', value: 'Found by search' });
    await send(f, { type: 'text', field: 'body', value: 'Hello' });
    await send(f, { type: 'create' });
    assert.equal(created.length, 1);
    assert.equal(created[0].requester_id, found.id);
    // Typing again drops the choice: what is typed is who it is for now.
    await send(f, { type: 'text', field: 'requesterText', value: 'someone' });
    assert.equal(f.state.values.requester, undefined);
  });

  it('creates with ONE POST carrying every field, then clears the draft and hands over the ticket', async () => {
    const f = form();
    await f.load();
    const support = f.state.groups.find((g) => g.label === 'Support');
    assert.ok(support, 'no Support group offered');
    await send(f, { type: 'text', field: 'requesterText', value: 'Ada Lovelace <ada@engines.example>' });
    await send(f, { type: 'text', field: 'subject', value: 'Engine stalls' });
    await send(f, { type: 'text', field: 'body', value: 'It stalls at step 3.' });
    await send(f, { type: 'mode', mode: 'public' });
    await send(f, { type: 'choose', field: 'priority', value: 'high' });
    await send(f, { type: 'choose', field: 'type', value: 'incident' });
    await send(f, { type: 'choose', field: 'status', value: 'pending' });
    await send(f, { type: 'choose', field: 'group', value: support.value });
    assert.ok(
      f.state.agents.some((a) => a.value === String(me.id)),
      'the agent is not offered in the Support group',
    );
    await send(f, { type: 'choose', field: 'assignee', value: String(me.id) });
    await send(f, { type: 'text', field: 'tags', value: 'Engines, stall  step3' });
    assert.equal(f.state.submitLabel, 'Create as Pending, reply to the requester');
    env.sandbox.admin.resetCounters();
    await send(f, { type: 'create' });
    assert.deepEqual(writes(), { 'POST /api/v2/tickets': 1 });
    assert.equal(created.length, 1);
    const t = created[0];
    assert.deepEqual(
      [t.subject, t.priority, t.type, t.status, t.group_id, t.assignee_id, [...t.tags].sort()],
      ['Engine stalls', 'high', 'incident', 'pending', Number(support.value), me.id, ['engines', 'stall', 'step3']],
    );
    const { user } = await client.request<{ user: ZendeskUser }>('GET', `/api/v2/users/${t.requester_id}`);
    assert.deepEqual([user.name, user.email], ['Ada Lovelace', 'ada@engines.example']);
    const { comments } = await client.request<{ comments: TicketComment[] }>('GET', `/api/v2/tickets/${t.id}/comments`);
    assert.deepEqual(
      comments.map((c) => [c.body, c.public]),
      [['It stalls at step 3.', true]],
    );
    // Created: the form is empty, on the same account, and the draft is gone.
    assert.equal(f.state.marked, false);
    assert.equal(f.state.notice?.text, `Created #${t.id}.`);
  });

  it('names what is missing before sending anything, and keeps what was typed', async () => {
    const f = form();
    await f.load();
    await send(f, { type: 'text', field: 'requesterText', value: 'Ada Lovelace' });
    await send(f, { type: 'text', field: 'tags', value: 'ok #bad' });
    env.sandbox.admin.resetCounters();
    await send(f, { type: 'create' });
    assert.deepEqual(writes(), {}, 'an incomplete ticket was sent');
    assert.deepEqual(Object.keys(f.state.errors).sort(), ['comment', 'requester', 'subject', 'tags']);
    assert.equal(f.state.values.requesterText, 'Ada Lovelace');
    // Fixing a field clears its problem.
    await send(f, { type: 'text', field: 'subject', value: 'Now with a subject' });
    assert.equal(f.state.errors.subject, undefined);
  });

  it('shows a 422 next to the field Zendesk names, and keeps the draft', async () => {
    const customer = (await searchUsers(client, FIXTURES.users.customer))[0];
    // A list of agents that went stale: someone in it is no agent any more by the time of the create.
    const f = form({ agents: async () => [customer] });
    await f.load();
    await send(f, { type: 'text', field: 'subject', value: 'Stale assignee' });
    await send(f, { type: 'text', field: 'body', value: 'Body' });
    await send(f, { type: 'choose', field: 'group', value: f.state.groups[0].value });
    await send(f, { type: 'choose', field: 'assignee', value: String(customer.id) });
    await send(f, { type: 'create' });
    assert.equal(created.length, 0);
    assert.match(f.state.errors.assignee_id ?? '', /Assignee/);
    assert.equal(f.state.notice?.kind, 'error');
    assert.equal(f.state.values.subject, 'Stale assignee');
    assert.equal(form().state.values.subject, 'Stale assignee', 'the draft was not kept');
  });

  it('puts a selection into the description as a fenced block with its path and lines, after the text there', async () => {
    const f = form();
    await f.load();
    await send(f, { type: 'text', field: 'body', value: 'It throws here:' });
    const before = f.state.version;
    await f.addSelection({
      selection: { text: 'throw new Error();\n', languageId: 'typescript', path: 'src/a.ts', startLine: 3, endLine: 3 },
    });
    assert.equal(
      f.state.values.body,
      'It throws here:\n\n`src/a.ts`, line 3\n\n```typescript\nthrow new Error();\n```\n',
    );
    assert.equal(f.state.values.subject, 'Question about a.ts:3');
    assert.ok(f.state.version > before, 'the page would not show the new description');
  });

  const fieldIds = (f: NewTicketForm) => f.state.fields.map((x) => x.id);
  const fieldOf = (f: NewTicketForm, id: number) => f.state.fields.find((x) => x.id === id);

  it('offers the active ticket forms, the default chosen, and shows the fields the chosen form’s conditions allow', async () => {
    const f = form();
    await f.load();
    assert.deepEqual(
      f.state.forms.map((o) => o.label),
      ['Default Ticket Form', 'Report a bug'],
      'the inactive form is offered, or an active one is not',
    );
    assert.equal(f.state.formId, FORM_IDS.default);
    // Type and group are the form's own selects; the custom fields of the default form follow.
    assert.deepEqual(fieldIds(f), [FIELD_IDS.regression, FIELD_IDS.affectedUsers, FIELD_IDS.escalationEngineer]);
    assert.equal(fieldOf(f, FIELD_IDS.escalationEngineer)?.readOnly, true, 'a lookup is editable');

    await send(f, { type: 'form', formId: FORM_IDS.bugReport });
    assert.equal(f.state.formId, FORM_IDS.bugReport);
    assert.ok(!fieldIds(f).includes(FIELD_IDS.apiEndpoint), 'a field shown before its condition holds');
    await send(f, { type: 'field', id: FIELD_IDS.productArea, value: 'area_api' });
    assert.ok(fieldIds(f).includes(FIELD_IDS.apiEndpoint), 'API shows the endpoint');
    assert.ok(!fieldIds(f).includes(FIELD_IDS.platforms), 'platforms shown without a regression');
    await send(f, { type: 'field', id: FIELD_IDS.regression, value: true });
    assert.ok(fieldIds(f).includes(FIELD_IDS.platforms), 'a regression shows the platforms (a nested condition)');
    // A field the form does not show, an inactive form: not taken from the page.
    await send(f, { type: 'field', id: FIELD_IDS.orderNumber, value: 'ORD-123456' });
    await send(f, { type: 'form', formId: FORM_IDS.retired });
    assert.equal(f.state.values.fields[String(FIELD_IDS.orderNumber)], undefined);
    assert.equal(f.state.formId, FORM_IDS.bugReport);
    assert.equal(f.state.title, '● New Ticket');
  });

  it('sends the form and its shown fields in the ONE POST; a card number leaves masked, a hidden field not at all', async () => {
    const f = form();
    await f.load();
    await send(f, { type: 'text', field: 'subject', value: 'Refund API fails' });
    await send(f, { type: 'text', field: 'body', value: 'POST /refunds answers 500.' });
    await send(f, { type: 'form', formId: FORM_IDS.bugReport });
    await send(f, { type: 'field', id: FIELD_IDS.productArea, value: 'area_billing' });
    await send(f, { type: 'field', id: FIELD_IDS.refundAmount, value: '12.50' });
    // Billing hides again behind API: the refund amount is not sent, the endpoint is.
    await send(f, { type: 'field', id: FIELD_IDS.productArea, value: 'area_api' });
    await send(f, { type: 'field', id: FIELD_IDS.apiEndpoint, value: 'POST /api/v2/refunds' });
    await send(f, { type: 'field', id: FIELD_IDS.affectedUsers, value: ' 42 ' });
    await send(f, { type: 'field', id: FIELD_IDS.cardNumber, value: '4111 1111 1111 1111' });
    assert.ok(!JSON.stringify(memento.get(MementoKeys.newTicketDraft)).includes('4111 1111'), 'a card number kept');
    env.sandbox.admin.resetCounters();
    await send(f, { type: 'create' });
    assert.deepEqual(writes(), { 'POST /api/v2/tickets': 1 });
    const t = created[0];
    assert.equal(t.ticket_form_id, FORM_IDS.bugReport);
    const value = (id: number) => t.custom_fields?.find((c) => c.id === id)?.value;
    assert.deepEqual(
      [FIELD_IDS.productArea, FIELD_IDS.apiEndpoint, FIELD_IDS.affectedUsers, FIELD_IDS.cardNumber].map(value),
      ['area_api', 'POST /api/v2/refunds', '42', 'XXXXXXXXXXXX1111'],
    );
    assert.equal(value(FIELD_IDS.refundAmount), null, 'a field the form hid was sent');
    assert.deepEqual(f.state.values.fields, {}, 'the draft outlived the create');
  });

  it('names a field the chosen status requires, or a bad value, at the field before sending anything', async () => {
    const f = form();
    await f.load();
    await send(f, { type: 'text', field: 'subject', value: 'Charged twice' });
    await send(f, { type: 'text', field: 'body', value: 'Twice.' });
    await send(f, { type: 'form', formId: FORM_IDS.bugReport });
    await send(f, { type: 'field', id: FIELD_IDS.productArea, value: 'area_billing' });
    assert.equal(
      fieldOf(f, FIELD_IDS.orderNumber)?.required,
      true,
      'Billing requires the order number on every status',
    );
    await send(f, { type: 'field', id: FIELD_IDS.refundAmount, value: 'twelve' });
    env.sandbox.admin.resetCounters();
    await send(f, { type: 'create' });
    assert.deepEqual(writes(), {}, 'sent with a required field empty');
    assert.match(fieldOf(f, FIELD_IDS.orderNumber)?.error ?? '', /Required/);
    assert.match(fieldOf(f, FIELD_IDS.refundAmount)?.error ?? '', /number/);
    await send(f, { type: 'field', id: FIELD_IDS.orderNumber, value: 'ORD-123456' });
    await send(f, { type: 'field', id: FIELD_IDS.refundAmount, value: '12.50' });
    await send(f, { type: 'create' });
    assert.deepEqual(writes(), { 'POST /api/v2/tickets': 1 });
    assert.equal(created[0].custom_fields?.find((c) => c.id === FIELD_IDS.orderNumber)?.value, 'ORD-123456');
  });

  it('shows a 422 naming a ticket field at that field, and keeps the form and its values', async () => {
    const f = form();
    await f.load();
    // An admin makes "Affected users" required to solve after the definitions were loaded: only Zendesk knows.
    env.sandbox.admin.setFieldRequired(FIELD_IDS.affectedUsers, true);
    try {
      await send(f, { type: 'text', field: 'subject', value: 'Solved on the phone' });
      await send(f, { type: 'text', field: 'body', value: 'Fixed while we talked.' });
      await send(f, { type: 'field', id: FIELD_IDS.regression, value: true });
      const solved = f.state.statuses.flatMap((g) => g.choices).find((c) => c.label === 'Solved');
      assert.ok(solved, 'no Solved status offered');
      await send(f, { type: 'choose', field: 'status', value: solved.value });
      await send(f, { type: 'create' });
      assert.equal(created.length, 0);
      assert.match(fieldOf(f, FIELD_IDS.affectedUsers)?.error ?? '', /Affected users: is required/);
      assert.ok(f.state.errors[fieldKey(FIELD_IDS.affectedUsers)], 'the error is not the field’s');
      assert.equal(f.state.notice?.kind, 'error');
      const kept = form();
      await kept.load();
      assert.deepEqual(
        [kept.state.formId, kept.state.values.fields[String(FIELD_IDS.regression)], kept.state.values.subject],
        [FORM_IDS.default, true, 'Solved on the phone'],
        'the draft was not kept',
      );
      // Filled in, the same create goes through.
      await send(f, { type: 'field', id: FIELD_IDS.affectedUsers, value: '3' });
      assert.equal(fieldOf(f, FIELD_IDS.affectedUsers)?.error, undefined, 'the error outlived the fix');
      await send(f, { type: 'create' });
      assert.equal(created.length, 1);
    } finally {
      env.sandbox.admin.setFieldRequired(FIELD_IDS.affectedUsers, false);
    }
  });

  it('keeps the form and its field values in the draft across a reload, and loads a draft saved before them', async () => {
    const f = form();
    await f.load();
    await send(f, { type: 'form', formId: FORM_IDS.bugReport });
    await send(f, { type: 'field', id: FIELD_IDS.productArea, value: 'area_api' });
    await send(f, { type: 'field', id: FIELD_IDS.apiEndpoint, value: '/api/v2/search' });
    f.dispose();
    const again = form();
    await again.load();
    assert.equal(again.state.formId, FORM_IDS.bugReport);
    assert.equal(fieldOf(again, FIELD_IDS.apiEndpoint)?.value, '/api/v2/search');
    assert.equal(again.state.marked, true);

    // A draft as the form wrote it before forms were part of it: no formId, no fields.
    const older: Record<string, unknown> = { ...again.state.values, subject: 'From before forms' };
    delete older.formId;
    delete older.fields;
    await memento.update(MementoKeys.newTicketDraft, older);
    const old = form();
    await old.load();
    assert.deepEqual([old.state.values.subject, old.state.formId], ['From before forms', FORM_IDS.default]);
  });

  it('refuses what the page may not say', () => {
    for (const bad of [
      { type: 'text', field: 'requester_id', value: '1' },
      { type: 'text', field: 'subject', value: 5 },
      { type: 'choose', field: 'requester', value: '1' },
      { type: 'requester', id: '7' },
      { type: 'requester', id: -1 },
      { type: 'mode', mode: 'loud' },
      { type: 'text', field: 'body', value: 'x'.repeat(70_000) },
      { type: 'field', id: '12', value: 'x' },
      { type: 'field', id: 12, value: { x: 1 } },
      { type: 'form', formId: 0 },
    ]) {
      assert.equal(parseFormMessage(bad), undefined, JSON.stringify(bad).slice(0, 80));
    }
  });
});
