// The New Ticket form in plain Node against the sandbox: messages in as the page sends them (through
// parseFormMessage), the state out as the page shows it, and what reaches Zendesk counted by the sandbox. The draft
// survives a reload, the requester is found by name or email, Create is ONE POST with every field, a 422 is named by
// its field, a selection lands in the description.
import * as assert from 'node:assert/strict';
import { MementoKeys } from '../../../src/constants';
import { parseFormMessage } from '../../../src/tickets/create/formMessages';
import { formUpdate } from '../../../src/tickets/create/formPage';
import { NewTicketForm, type FormDeps, type FormState } from '../../../src/tickets/create/newTicketForm';
import { StatusVocabulary } from '../../../src/tickets/statuses';
import { createTicket, listAssignableGroups, listGroupUsers, searchUsers } from '../../../src/zendesk/api';
import type { ZendeskClient } from '../../../src/zendesk/http';
import type { Ticket, TicketComment, ZendeskUser } from '../../../src/zendesk/types';
import { FIXTURES } from '../../sandbox';
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

  before(async () => {
    client = await agentClient(env);
    me = (await client.request<{ user: ZendeskUser }>('GET', '/api/v2/users/me')).user;
  });
  beforeEach(() => {
    memento = new JsonMemento();
    created = [];
    states = [];
  });

  function form(over: Partial<FormDeps> = {}): NewTicketForm {
    return new NewTicketForm({
      memento,
      accounts: () => [{ accountId: ACCOUNT, label: 'Sandbox', me: { id: me.id, name: me.name }, baseUrl: env.base }],
      options: async (_a, signal) => ({
        groups: await listAssignableGroups(client, signal),
        statuses: StatusVocabulary.system(),
      }),
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

  it('refuses what the page may not say', () => {
    for (const bad of [
      { type: 'text', field: 'requester_id', value: '1' },
      { type: 'text', field: 'subject', value: 5 },
      { type: 'choose', field: 'requester', value: '1' },
      { type: 'requester', id: '7' },
      { type: 'requester', id: -1 },
      { type: 'mode', mode: 'loud' },
      { type: 'text', field: 'body', value: 'x'.repeat(70_000) },
    ]) {
      assert.equal(parseFormMessage(bad), undefined, JSON.stringify(bad).slice(0, 80));
    }
  });
});
