// The ticket tab's controller in plain Node against the sandbox: messages in as the page sends them, the state out as
// the page shows it, and what reaches Zendesk counted by the sandbox. Staging, one update per submit, discard,
// a conflict that keeps the staged changes and text and names what someone else changed, the composer's mode memory.
import * as assert from 'node:assert/strict';
import { ComposerFiles } from '../../../src/tickets/detail/composerFiles';
import { TicketTabController, type TabDeps, type TabState } from '../../../src/tickets/detail/controller';
import { loadEarlierComments, loadTicketDetail, sendUpdate } from '../../../src/tickets/detail/detailModel';
import { parsePageMessage } from '../../../src/tickets/detail/pageMessages';
import { DraftStore } from '../../../src/tickets/drafts';
import { StatusVocabulary } from '../../../src/tickets/statuses';
import type { ZendeskClient } from '../../../src/zendesk/http';
import type { Ticket, ZendeskUser } from '../../../src/zendesk/types';
import { createTicket, listAssignableGroups, listGroupUsers } from '../../../src/zendesk/api';
import { FieldDefinitionsCache, loadDefinitions } from '../../../src/tickets/fields/definitions';
import { FIELD_IDS, FORM_IDS } from '../../sandbox/ticketFields';
import { describeError } from '../../../src/ui/errorText';
import { clientFor, publicClient, RefreshingTokens, signIn, useSandboxOverHttp } from '../../support/sandboxClient';
import { JsonMemento } from '../fakes/memento';
import { until } from '../../support/wait';

const ACCOUNT = 'sandbox/1';

describe('the ticket tab controller (against the sandbox)', () => {
  const env = useSandboxOverHttp({ tickets: 30, seed: 5 });
  let client: ZendeskClient;
  let me: { id: number; name: string };
  let memento: JsonMemento;
  let open: Ticket[];
  let changed: Ticket[];
  let pick: { id: number; name: string } | undefined;
  let follower: ZendeskUser | undefined;
  let cache: FieldDefinitionsCache;

  before(async () => {
    const tokens = new RefreshingTokens(
      env.http,
      publicClient(env.base),
      await signIn(env.http, publicClient(env.base)),
    );
    client = clientFor(env.base, env.http, tokens, async () => {}, { maxRetryWaitSeconds: 0 });
    me = (await client.request<{ user: { id: number; name: string } }>('GET', '/api/v2/users/me')).user;
    const { tickets } = await client.request<{ tickets: Ticket[] }>('GET', '/api/v2/tickets');
    open = tickets.filter((t) => t.status === 'open' || t.status === 'new');
    assert.ok(open.length >= 6, 'the sandbox seeds open tickets');
  });
  beforeEach(() => {
    memento = new JsonMemento();
    changed = [];
    pick = undefined;
    follower = undefined;
    cache = new FieldDefinitionsCache((_account, signal) => loadDefinitions(client, signal));
  });

  /** A tab on a ticket, as the panel builds it; `drafts` over the same memento is a window reload. */
  function tab(ticketId: number, over: Partial<TabDeps> = {}): TicketTabController {
    const drafts = new DraftStore(memento);
    const files = new ComposerFiles({
      drafts,
      accountId: ACCOUNT,
      ticketId,
      upload: () => Promise.reject(new Error('no uploads here')),
      describe: (e) => describeError(e).text,
      changed: () => undefined,
    });
    return new TicketTabController({
      accountId: ACCOUNT,
      ticketId,
      drafts,
      files,
      load: async (signal) => ({
        detail: await loadTicketDetail(client, ticketId, signal),
        statuses: StatusVocabulary.system(),
        baseUrl: env.base,
      }),
      loadEarlier: (cursor, signal) => loadEarlierComments(client, ticketId, cursor, signal),
      write: (patch, stamp, _action, signal) => sendUpdate(client, ticketId, patch, stamp, signal),
      me: () => me,
      pickAgent: async () => pick,
      definitions: async (refresh, signal) => ({
        defs: await (refresh ? cache.refresh(ACCOUNT, signal) : cache.get(ACCOUNT, signal)),
        groups: await listAssignableGroups(client, signal),
      }),
      noteRefusal: (e) => cache.noteRefusal(ACCOUNT, e),
      groupMembers: (groupId, signal) => listGroupUsers(client, groupId, signal),
      pickFollower: async () => follower,
      pickFiles: async () => ({ files: [], refused: [] }),
      droppedFiles: async () => ({ files: [], refused: 0 }),
      openExternal: async () => undefined,
      changed: (t) => changed.push(t),
      render: () => undefined,
      logError: () => undefined,
      now: () => Date.now(),
      ...over,
    });
  }

  /** What the page would send, through the same check as the panel's. */
  async function send(c: TicketTabController, raw: unknown): Promise<void> {
    const m = parsePageMessage(raw);
    assert.ok(m, `the page's message was refused: ${JSON.stringify(raw)}`);
    await c.receive(m);
  }

  const updates = () => env.sandbox.admin.counters().requests['PUT /api/v2/tickets/{id}'] ?? 0;
  const remote = async (id: number) => (await loadTicketDetail(client, id)).ticket;
  const shown = (s: TabState) => ({
    status: s.fields?.status.value,
    priority: s.fields?.priority.value,
    assignee: s.fields?.assignee_id.value,
  });

  it('a macro’s changes: the comment after the agent’s text in its mode, status and priority staged, the rest named; nothing sent', async () => {
    const target = open[1];
    const c = tab(target.id);
    await c.load();
    await send(c, { type: 'draft', body: 'My own words', mode: 'public' });
    env.sandbox.admin.resetCounters();
    const out = await c.stageChanges({
      comment: { body: 'Escalated.', public: false },
      fields: { status: 'pending', priority: 'high', tags: ['escalated'], subject: 'Renamed' },
      source: { kind: 'macro', id: 3, title: 'Escalate' },
    });
    assert.deepEqual(out, { staged: ['comment', 'status', 'priority', 'tags'], notStaged: ['subject'] });
    assert.deepEqual(env.sandbox.admin.counters().requests, {}, 'staging a macro sent something');
    const s = c.state;
    assert.equal(s.composer.body, 'My own words\n\nEscalated.');
    assert.equal(s.composer.mode, 'internal');
    assert.deepEqual([shown(s).status, shown(s).priority], ['pending', 'high']);
    assert.ok(s.fields?.status.staged && s.fields?.priority.staged);
    await send(c, { type: 'submit', body: s.composer.body, mode: 'internal' });
    assert.deepEqual(env.sandbox.admin.counters().requests, { 'PUT /api/v2/tickets/{id}': 1 });
    const t = await remote(target.id);
    assert.deepEqual([t.status, t.priority, t.tags], ['pending', 'high', ['escalated']]);
  });

  it('stages status, priority and assignee without sending, marks them and the tab, and submits them in ONE update', async () => {
    const target = open[0];
    const c = tab(target.id);
    await c.load();
    env.sandbox.admin.resetCounters();
    await send(c, { type: 'stage', field: 'status', value: 'pending' });
    await send(c, { type: 'stage', field: 'priority', value: 'urgent' });
    await send(c, { type: 'assignToMe' });
    let s = c.state;
    assert.deepEqual(env.sandbox.admin.counters().requests, {}, 'staging sent something');
    assert.deepEqual(shown(s), { status: 'pending', priority: 'urgent', assignee: me.id });
    assert.deepEqual(
      [s.fields?.status.staged, s.fields?.priority.staged, s.fields?.assignee_id.staged],
      [true, true, true],
    );
    assert.equal(s.fields?.assignee_id.label, me.name);
    assert.ok(s.marked);
    assert.equal(s.title, `● #${target.id} ${s.view?.subject}`);
    assert.equal(s.composer.submitWithoutText, 'Submit as Pending');

    await send(c, { type: 'submit', body: '', mode: 'internal' });
    s = c.state;
    assert.deepEqual(env.sandbox.admin.counters().requests, { 'PUT /api/v2/tickets/{id}': 1 }, 'not one update alone');
    const t = await remote(target.id);
    assert.deepEqual([t.status, t.priority, t.assignee_id], ['pending', 'urgent', me.id]);
    assert.deepEqual(s.staged, {});
    assert.equal(s.marked, false);
    assert.equal(s.title, `#${target.id} ${s.view?.subject}`);
    assert.deepEqual(shown(s), { status: 'pending', priority: 'urgent', assignee: me.id });
    assert.equal(s.notice?.text, 'Saved.');
    assert.deepEqual(
      changed.map((x) => [x.id, x.status]),
      [[target.id, 'pending']],
      'the tree was not told',
    );
  });

  it('sends the comment with the staged fields in the same update, and shows it from the answer without reading again', async () => {
    const target = open[1];
    const c = tab(target.id);
    await c.load();
    const before = c.state.view?.comments.length ?? 0;
    await send(c, { type: 'stage', field: 'status', value: 'solved' });
    await send(c, { type: 'draft', body: 'Fixed in 4.2, closing.', mode: 'public' });
    assert.equal(c.state.composer.submitWithText, `Send public reply to ${c.state.view?.requester}, submit as Solved`);
    env.sandbox.admin.resetCounters();
    await send(c, { type: 'submit', body: 'Fixed in 4.2, closing.', mode: 'public' });
    assert.deepEqual(env.sandbox.admin.counters().requests, { 'PUT /api/v2/tickets/{id}': 1 });
    const s = c.state;
    assert.equal(s.view?.comments.length, before + 1);
    assert.deepEqual(
      { author: s.view?.comments.at(-1)?.author, public: s.view?.comments.at(-1)?.public },
      { author: me.name, public: true },
    );
    assert.equal(s.view?.status, 'solved');
    assert.equal(s.composer.body, '');
    assert.equal((await remote(target.id)).status, 'solved');
  });

  it('Discard puts the fields back and sends nothing; the text stays', async () => {
    const target = open[2];
    const c = tab(target.id);
    await c.load();
    const original = shown(c.state);
    await send(c, { type: 'draft', body: 'Still writing', mode: 'internal' });
    await send(c, { type: 'stage', field: 'priority', value: original.priority === 'low' ? 'high' : 'low' });
    await send(c, { type: 'stage', field: 'status', value: 'hold' });
    env.sandbox.admin.resetCounters();
    await send(c, { type: 'discard' });
    assert.equal(updates(), 0);
    assert.deepEqual(shown(c.state), original);
    assert.deepEqual(c.state.staged, {});
    assert.equal(c.state.composer.body, 'Still writing');
    assert.ok(c.state.marked, 'the text is still a draft');
  });

  it('a field set back to its value is no longer staged; unstage takes one field back', async () => {
    const target = open[3];
    const c = tab(target.id);
    await c.load();
    const status = c.state.fields?.status.value;
    await send(c, { type: 'stage', field: 'status', value: 'hold' });
    await send(c, { type: 'stage', field: 'status', value: status });
    assert.deepEqual(c.state.staged, {});
    assert.equal(c.state.marked, false);
    await send(c, { type: 'stage', field: 'priority', value: 'urgent' });
    await send(c, { type: 'stage', field: 'status', value: 'hold' });
    await send(c, { type: 'unstage', field: 'priority' });
    assert.deepEqual(Object.keys(c.state.staged), ['status']);
  });

  it('staged changes and text are part of the draft: a new tab over the same store (a reload) has them', async () => {
    const target = open[4];
    const first = tab(target.id);
    await first.load();
    await send(first, { type: 'stage', field: 'priority', value: 'urgent' });
    await send(first, { type: 'draft', body: 'Half-written', mode: 'public' });
    first.dispose();
    const again = tab(target.id);
    await again.load();
    const s = again.state;
    assert.equal(s.fields?.priority.value, 'urgent');
    assert.ok(s.fields?.priority.staged);
    assert.equal(s.composer.body, 'Half-written');
    assert.equal(s.composer.mode, 'public');
    assert.ok(s.marked);
  });

  it('on a conflict keeps the staged changes and the text, reloads, and names the fields someone else changed', async () => {
    const target = open[5];
    const c = tab(target.id);
    await c.load();
    await send(c, { type: 'stage', field: 'status', value: 'pending' });
    await send(c, { type: 'draft', body: 'My careful reply', mode: 'public' });
    // Someone else changes the priority and adds a comment while the agent works.
    env.sandbox.admin.advanceClock(5);
    const theirs = c.state.fields?.priority.value === 'high' ? 'low' : 'high';
    await client.request('PUT', `/api/v2/tickets/${target.id}`, {
      body: { ticket: { priority: theirs, comment: { body: 'Admin was here', public: false } } },
    });
    env.sandbox.admin.resetCounters();
    await send(c, { type: 'submit', body: 'My careful reply', mode: 'public' });
    assert.equal(updates(), 1, 'the refused update was sent once');
    let s = c.state;
    assert.match(s.notice?.text ?? '', /changed since you opened it/);
    assert.deepEqual(s.changedByOthers, ['priority']);
    assert.ok(s.fields?.priority.changedByOthers);
    assert.equal(s.fields?.priority.value, theirs, 'the reload does not show the fresh value');
    assert.deepEqual(s.staged, { status: 'pending' });
    assert.equal(s.composer.body, 'My careful reply');
    assert.equal(s.view?.comments.at(-1)?.author !== undefined, true);
    assert.ok(
      s.view?.comments.some((x) => x.html.includes('Admin was here')),
      'not reloaded',
    );
    // Submitting again goes through, with the agent's change and the other's both kept.
    await send(c, { type: 'submit', body: 'My careful reply', mode: 'public' });
    s = c.state;
    assert.equal(s.notice?.text, 'Public reply sent.');
    assert.deepEqual(s.changedByOthers, []);
    const t = await remote(target.id);
    assert.deepEqual([t.status, t.priority], ['pending', theirs]);
  });

  it('starts in Internal note the first time, then in the mode last used on that ticket, also after a send', async () => {
    const target = open[0];
    const c = tab(target.id);
    await c.load();
    assert.equal(c.state.composer.mode, 'internal');
    assert.equal(c.state.composer.submitWithText, 'Add internal note');
    await send(c, { type: 'mode', mode: 'public' });
    assert.equal(c.state.composer.submitWithText, `Send public reply to ${c.state.view?.requester}`);
    await send(c, { type: 'submit', body: 'Thanks!', mode: 'public' });
    assert.equal(c.state.notice?.text, 'Public reply sent.');
    const again = tab(target.id);
    await again.load();
    assert.equal(again.state.composer.mode, 'public', 'the mode was forgotten after the send');
    const other = tab(open[1].id);
    assert.equal(other.state.composer.mode, 'internal', 'another ticket took this one’s mode');
  });

  it('refuses a submit with nothing to send, and a status the account does not have, without a request', async () => {
    const c = tab(open[2].id);
    await c.load();
    env.sandbox.admin.resetCounters();
    await send(c, { type: 'submit', body: '  ', mode: 'internal' });
    assert.match(c.state.notice?.text ?? '', /Nothing to submit/);
    await c.receive({ type: 'stage', field: 'status', value: '999999' });
    assert.deepEqual(c.state.staged, {});
    assert.equal(updates(), 0);
  });

  it('"Assign…" stages the agent picked, shown by name', async () => {
    const c = tab(open[3].id);
    await c.load();
    pick = { id: 424242, name: 'Elena Larsen' };
    await send(c, { type: 'assign' });
    assert.deepEqual(
      { value: c.state.fields?.assignee_id.value, label: c.state.fields?.assignee_id.label },
      { value: 424242, label: 'Elena Larsen' },
    );
  });
  describe('a long conversation', () => {
    /** A new ticket with `n` comments (its description, then notes), the sandbox clock moved past Zendesk's update
     * limit (30 a ticket in 10 minutes) as it goes. */
    async function ticketWithComments(n: number): Promise<number> {
      const { id } = await createTicket(client, {
        subject: 'A long one',
        comment: { body: 'Comment 1', public: true },
        requester: { name: 'Long Customer', email: 'long@customer.example' },
      });
      for (let i = 2; i <= n; i++) {
        if (i % 30 === 2) env.sandbox.admin.advanceClock(601);
        await client.request('PUT', `/api/v2/tickets/${id}`, {
          body: { ticket: { comment: { body: `Comment ${i}`, public: false } } },
        });
      }
      env.sandbox.admin.advanceClock(601);
      // The access token outlived by the clock is refreshed here, not in the reads a test counts.
      await client.request('GET', '/api/v2/users/me');
      return id;
    }
    const bodies = (s: TabState) => s.view?.comments.map((c) => Number(/Comment (\d+)/.exec(c.html)?.[1]));
    const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
    const reads = () => env.sandbox.admin.counters().requests['GET /api/v2/tickets/{id}/comments'] ?? 0;

    it('opens on the latest 100 comments in one read; Show earlier comments brings the rest, oldest first, with progress', async () => {
      const id = await ticketWithComments(230);
      let paged: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (paged = resolve));
      const c = tab(id, {
        loadEarlier: async (cursor, signal) => {
          await held;
          return loadEarlierComments(client, id, cursor, signal);
        },
      });
      env.sandbox.admin.resetCounters();
      await c.load();
      assert.equal(reads(), 1, 'one page of comments to open the ticket');
      assert.deepEqual(bodies(c.state), range(131, 230), 'the latest 100, oldest first');
      assert.equal(c.state.view?.hasEarlier, true);

      const first = send(c, { type: 'earlierComments' });
      await until(() => c.state.earlier.loading);
      await send(c, { type: 'earlierComments' });
      paged();
      await first;
      assert.equal(c.state.earlier.loading, false);
      assert.deepEqual(bodies(c.state), range(31, 230), 'a click while a page is on its way asks for it once');
      await send(c, { type: 'earlierComments' });
      assert.deepEqual(bodies(c.state), range(1, 230));
      assert.equal(c.state.view?.hasEarlier, false, 'the whole conversation: nothing earlier to offer');
      assert.equal(reads(), 3);
    });

    it('a reload keeps the earlier comments opened, with the new ones after them; a failed page keeps the conversation', async () => {
      const id = await ticketWithComments(140);
      const c = tab(id);
      await c.load();
      assert.equal(c.state.phase, 'ready', c.state.message);
      await send(c, { type: 'earlierComments' });
      assert.deepEqual(bodies(c.state), range(1, 140));
      await client.request('PUT', `/api/v2/tickets/${id}`, {
        body: { ticket: { comment: { body: 'Comment 141', public: true } } },
      });
      await send(c, { type: 'reload' });
      assert.deepEqual(bodies(c.state), range(1, 141), 'nothing opened is closed again by a reload');
      assert.equal(c.state.view?.hasEarlier, false);

      const failing = tab(id, { loadEarlier: () => Promise.reject(new Error('socket hang up')) });
      await failing.load();
      await send(failing, { type: 'earlierComments' });
      assert.deepEqual(bodies(failing.state), range(42, 141), 'the loaded comments stay');
      assert.match(failing.state.earlier.problem ?? '', /Show earlier comments/, 'says how to try again');
      assert.equal(failing.state.view?.hasEarlier, true, 'the button stays to try again');
    });
  });

  describe('the ticket’s form and fields', () => {
    const F = FIELD_IDS;
    const field = (s: TabState, id: number) => s.form?.fields.find((f) => f.id === id);
    const visible = (s: TabState) => s.form?.fields.map((f) => f.id) ?? [];
    const value = (t: Ticket, id: number) => t.custom_fields?.find((x) => x.id === id)?.value;

    it('shows the form’s fields; a condition reveals a field; every type staged, shown changed and sent in ONE update', async () => {
      const target = open[4];
      const c = tab(target.id);
      await c.load();
      env.sandbox.admin.resetCounters();
      assert.equal(c.state.formStatus.phase, 'ready');
      assert.equal(c.state.form?.formId, FORM_IDS.default);
      await send(c, { type: 'stageForm', formId: FORM_IDS.bugReport });
      assert.equal(c.state.form?.formId, FORM_IDS.bugReport);
      assert.ok(!visible(c.state).includes(F.apiEndpoint), 'a field its condition hides is shown');
      await send(c, { type: 'stageField', id: F.productArea, value: 'area_api' });
      assert.ok(visible(c.state).includes(F.apiEndpoint), 'the condition did not reveal API endpoint');
      assert.ok(!visible(c.state).includes(F.platforms));
      await send(c, { type: 'stageField', id: F.regression, value: true });
      assert.ok(visible(c.state).includes(F.platforms), 'the nested condition did not reveal Platforms');
      for (const [id, v] of [
        [F.apiEndpoint, '/api/v2/things'],
        [F.reproSteps, 'Open it.\nClick it.'],
        [F.platforms, ['platform_linux', 'platform_macos']],
        [F.dueDate, '2026-03-31'],
        [F.affectedUsers, '42'],
        [F.refundAmount, '12.50'],
        [F.cardNumber, '4111 1111 1111 1234'],
      ] as const) {
        await send(c, { type: 'stageField', id, value: v });
      }
      await send(c, { type: 'stageField', id: F.type, value: 'incident' });
      await send(c, { type: 'stageTags', text: 'vip Needs-Review' });
      const s = c.state;
      assert.deepEqual(env.sandbox.admin.counters().requests, {}, 'staging sent something');
      assert.deepEqual(s.form?.problems, []);
      for (const id of [F.productArea, F.regression, F.apiEndpoint, F.platforms, F.cardNumber, F.type]) {
        assert.equal(field(s, id)?.changed, true, `field ${id} not shown as changed`);
      }
      // The card number is masked before it is staged: the draft never holds it whole.
      assert.equal(s.staged[`custom_fields.${F.cardNumber}`], 'XXXXXXXXXXXX1234');
      assert.ok(
        ![...memento.values.values()].some((v) => v.includes('4111')),
        'the full card number reached the draft',
      );
      assert.deepEqual(s.form?.tags, { value: ['needs-review', 'vip'], changed: true, error: undefined });
      // A lookup is read-only: the page cannot stage it.
      assert.equal(field(s, F.escalationEngineer)?.readOnly, true);
      await send(c, { type: 'stageField', id: F.escalationEngineer, value: String(me.id) });
      assert.equal(`custom_fields.${F.escalationEngineer}` in c.state.staged, false);

      await send(c, { type: 'stage', field: 'status', value: 'pending' });
      await send(c, { type: 'submit', body: '', mode: 'internal' });
      assert.deepEqual(env.sandbox.admin.counters().requests, { 'PUT /api/v2/tickets/{id}': 1 }, 'not one update');
      assert.equal(c.state.notice?.text, 'Saved.');
      assert.deepEqual(c.state.staged, {});
      const t = await remote(target.id);
      assert.equal(t.ticket_form_id, FORM_IDS.bugReport);
      assert.equal(t.status, 'pending');
      assert.equal(t.type, 'incident');
      assert.equal(value(t, F.productArea), 'area_api');
      assert.equal(value(t, F.apiEndpoint), '/api/v2/things');
      assert.deepEqual([...((value(t, F.platforms) as string[]) ?? [])].sort(), ['platform_linux', 'platform_macos']);
      assert.equal(value(t, F.dueDate), '2026-03-31');
      assert.equal(value(t, F.affectedUsers), '42');
      // Refund amount shows only for Billing: staged while hidden, it is not sent.
      assert.equal(value(t, F.refundAmount) ?? null, null, 'a value its condition hides was sent');
      assert.equal(value(t, F.cardNumber), 'XXXXXXXXXXXX1234');
      assert.ok(t.tags.includes('needs-review') && t.tags.includes('vip'), `tags: ${t.tags.join(' ')}`);
    });

    it('refuses "abc" for a whole number and a mismatch for a pattern with words, keeps what was typed, sends nothing', async () => {
      const target = open[5];
      const c = tab(target.id);
      await c.load();
      await send(c, { type: 'stageField', id: F.affectedUsers, value: 'abc' });
      assert.equal(field(c.state, F.affectedUsers)?.error, 'Enter a whole number, for example 42.');
      assert.equal(c.state.staged[`custom_fields.${F.affectedUsers}`], 'abc', 'what the agent typed was lost');
      await send(c, { type: 'stageForm', formId: FORM_IDS.bugReport });
      await send(c, { type: 'stageField', id: F.productArea, value: 'area_billing' });
      await send(c, { type: 'stageField', id: F.orderNumber, value: 'ORD-12' });
      assert.match(field(c.state, F.orderNumber)?.error ?? '', /does not match the format/);
      // A card number that is not one is refused and never kept.
      await send(c, { type: 'stageField', id: F.cardNumber, value: '4111' });
      assert.match(field(c.state, F.cardNumber)?.error ?? '', /12 to 19 digits/);
      assert.equal(`custom_fields.${F.cardNumber}` in c.state.staged, false);
      env.sandbox.admin.resetCounters();
      await send(c, { type: 'submit', body: 'A note', mode: 'internal' });
      assert.equal(updates(), 0, 'a bad value was sent');
      assert.equal(c.state.notice?.kind, 'error');
      assert.match(c.state.notice?.text ?? '', /Affected users: Enter a whole number/);
      assert.match(c.state.notice?.text ?? '', /Order number: /);
      assert.equal(c.state.composer.body, 'A note', 'the text was lost');
      await send(c, { type: 'stageField', id: F.affectedUsers, value: '7' });
      assert.equal(field(c.state, F.affectedUsers)?.error, undefined);
    });

    it('names the fields the chosen status requires before sending (required on solve), and sends nothing', async () => {
      const target = open[6] ?? open[0];
      const c = tab(target.id);
      await c.load();
      await send(c, { type: 'stageForm', formId: FORM_IDS.bugReport });
      await send(c, { type: 'stage', field: 'status', value: 'solved' });
      assert.deepEqual(
        c.state.form?.missing.map((m) => m.label),
        ['Product area'],
      );
      assert.equal(field(c.state, F.productArea)?.missing, true);
      await send(c, { type: 'stageField', id: F.productArea, value: 'area_api' });
      assert.deepEqual(
        c.state.form?.missing.map((m) => m.label),
        ['API endpoint'],
        'the field its condition revealed is not required on solve',
      );
      env.sandbox.admin.resetCounters();
      await send(c, { type: 'submit', body: '', mode: 'internal' });
      assert.equal(updates(), 0);
      assert.equal(c.state.notice?.text, 'Not sent. Fill in before submitting: API endpoint.');
      await send(c, { type: 'stageField', id: F.apiEndpoint, value: '/api/v2/x' });
      await send(c, { type: 'submit', body: '', mode: 'internal' });
      assert.equal(updates(), 1);
      assert.equal((await remote(target.id)).status, 'solved');
    });

    it('a conflict keeps the staged fields and names what someone else changed; Discard puts them back', async () => {
      const target = open[7] ?? open[1];
      const c = tab(target.id);
      await c.load();
      await send(c, { type: 'stageField', id: F.affectedUsers, value: '99' });
      await send(c, { type: 'stageField', id: F.regression, value: true });
      const before = await remote(target.id);
      // Someone else changes the ticket meanwhile.
      await sendUpdate(client, target.id, { priority: before.priority === 'low' ? 'high' : 'low' }, before.updated_at);
      env.sandbox.admin.resetCounters();
      await send(c, { type: 'submit', body: '', mode: 'internal' });
      assert.equal(updates(), 1, 'the refused update');
      let s = c.state;
      assert.equal(s.notice?.kind, 'error');
      assert.equal(s.staged[`custom_fields.${F.affectedUsers}`], '99', 'a staged field was lost on the conflict');
      assert.equal(field(s, F.affectedUsers)?.changed, true);
      assert.ok(s.changedByOthersLabels.includes('Priority'), `changed by others: ${s.changedByOthersLabels.join()}`);
      await send(c, { type: 'discard' });
      s = c.state;
      assert.deepEqual(s.staged, {});
      assert.equal(field(s, F.affectedUsers)?.changed, false);
      assert.equal(field(s, F.affectedUsers)?.value, value(await remote(target.id), F.affectedUsers) ?? null);
    });

    it('a group change clears an assignee who is not in the new group, and says so; Zendesk’s rule holds in the sandbox', async () => {
      const assigned = (await client.request<{ tickets: Ticket[] }>('GET', '/api/v2/tickets')).tickets.find(
        (t) => t.assignee_id && t.group_id && t.status !== 'closed' && t.status !== 'solved',
      );
      assert.ok(assigned, 'the sandbox seeds an assigned ticket');
      const other = (await listAssignableGroups(client)).find((g) => g.id !== assigned.group_id);
      assert.ok(other, 'the sandbox has a second group');
      const refused = await sendUpdate(client, assigned.id, { group_id: other.id }, assigned.updated_at).catch(
        (e: unknown) => e,
      );
      // Zendesk's two entries, as a live answer had them (https://github.com/facetoe/zenpy/issues/628).
      assert.deepEqual((refused as { problems?: unknown }).problems, [
        { field: 'assignee', description: 'Assignee: is invalid' },
        { field: 'assignee', description: 'Assignee: is not a member of the group' },
      ]);
      const c = tab(assigned.id);
      await c.load();
      await send(c, { type: 'stageField', id: F.group, value: String(other.id) });
      const s = c.state;
      assert.equal(s.staged.group_id, other.id);
      assert.equal(s.staged.assignee_id, null, 'the assignee was kept');
      assert.match(s.notice?.text ?? '', /^Assignee cleared: .+ is not in /);
      await send(c, { type: 'submit', body: '', mode: 'internal' });
      const t = await remote(assigned.id);
      assert.deepEqual([t.group_id, t.assignee_id], [other.id, null]);
    });

    it('CCs by address (end users or agents), followers only agents; added and removed in the same update', async () => {
      const target = open[8] ?? open[2];
      const c = tab(target.id);
      await c.load();
      await send(c, { type: 'addCc', email: 'not an address' });
      assert.match(c.state.form?.ccs.at(-1)?.error ?? '', /is not an email address/);
      await send(c, { type: 'removeCc', email: 'not an address' });
      await send(c, { type: 'addCc', email: 'new.customer@example.org' });
      assert.deepEqual(
        c.state.form?.ccs.map((p) => [p.name, p.staged, p.error]),
        [['new.customer@example.org', 'add', undefined]],
      );
      const agent = (await listGroupUsers(client, (await listAssignableGroups(client))[0].id))[0];
      follower = agent;
      await send(c, { type: 'addFollower' });
      assert.deepEqual(
        c.state.form?.followers.map((p) => [p.userId, p.staged, p.error]),
        [[agent.id, 'add', undefined]],
      );
      follower = { ...agent, id: 1, name: 'A customer', role: 'end-user' };
      await send(c, { type: 'addFollower' });
      assert.match(
        c.state.form?.followers.find((p) => p.userId === 1)?.error ?? '',
        /A customer is not an agent; only agents can follow a ticket/,
      );
      env.sandbox.admin.resetCounters();
      await send(c, { type: 'submit', body: '', mode: 'internal' });
      assert.equal(updates(), 0, 'an end user was sent as a follower');
      await send(c, { type: 'removeFollower', userId: 1 });
      await send(c, { type: 'submit', body: '', mode: 'internal' });
      assert.equal(updates(), 1);
      const t = await remote(target.id);
      assert.deepEqual(t.follower_ids, [agent.id]);
      assert.equal(t.email_cc_ids?.length, 1);
      const ccd = t.email_cc_ids?.[0] as number;
      // Removing a CC is staged too, and sent as `delete`.
      const again = tab(target.id);
      await again.load();
      await send(again, { type: 'removeCc', userId: ccd });
      assert.equal(again.state.form?.ccs[0]?.staged, 'remove');
      await send(again, { type: 'submit', body: '', mode: 'internal' });
      assert.deepEqual((await remote(target.id)).email_cc_ids, []);
    });

    it('Refresh Fields loads the definitions again; opening another tab of the account does not', async () => {
      const c = tab(open[3].id);
      await c.load();
      env.sandbox.admin.resetCounters();
      await tab(open[2].id).load();
      assert.equal(env.sandbox.admin.counters().requests['GET /api/v2/ticket_fields'], undefined, 'not cached');
      await send(c, { type: 'refreshFields' });
      assert.equal(env.sandbox.admin.counters().requests['GET /api/v2/ticket_fields'], 1);
      assert.equal(c.state.formStatus.phase, 'ready');
    });

    it('the composer keeps Preview across a full redraw of the page', async () => {
      const c = tab(open[3].id);
      await c.load();
      assert.equal(c.state.composer.view, 'write');
      await send(c, { type: 'composerView', view: 'preview' });
      assert.equal(c.state.composer.view, 'preview');
      await send(c, { type: 'ready' });
      assert.equal(c.state.composer.view, 'preview');
    });
  });
});
