// The ticket tab's controller in plain Node against the sandbox: messages in as the page sends them, the state out as
// the page shows it, and what reaches Zendesk counted by the sandbox. Staging, one update per submit, discard,
// a conflict that keeps the staged changes and text and names what someone else changed, the composer's mode memory.
import * as assert from 'node:assert/strict';
import { ComposerFiles } from '../../../src/tickets/detail/composerFiles';
import { TicketTabController, type TabDeps, type TabState } from '../../../src/tickets/detail/controller';
import { loadTicketDetail, sendUpdate } from '../../../src/tickets/detail/detailModel';
import { parsePageMessage } from '../../../src/tickets/detail/pageMessages';
import { DraftStore } from '../../../src/tickets/drafts';
import { StatusVocabulary } from '../../../src/tickets/statuses';
import type { ZendeskClient } from '../../../src/zendesk/http';
import type { Ticket } from '../../../src/zendesk/types';
import { describeError } from '../../../src/ui/errorText';
import { clientFor, publicClient, RefreshingTokens, signIn, useSandboxOverHttp } from '../../support/sandboxClient';
import { JsonMemento } from '../fakes/memento';

const ACCOUNT = 'sandbox/1';

describe('the ticket tab controller (against the sandbox)', () => {
  const env = useSandboxOverHttp({ tickets: 30, seed: 5 });
  let client: ZendeskClient;
  let me: { id: number; name: string };
  let memento: JsonMemento;
  let open: Ticket[];
  let changed: Ticket[];
  let pick: { id: number; name: string } | undefined;

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
      write: (patch, stamp, _action, signal) => sendUpdate(client, ticketId, patch, stamp, signal),
      me: () => me,
      pickAgent: async () => pick,
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
      fields: { status: 'pending', priority: 'high', tags: ['escalated'] },
      source: { kind: 'macro', id: 3, title: 'Escalate' },
    });
    assert.deepEqual(out, { staged: ['comment', 'status', 'priority'], notStaged: ['tags'] });
    assert.deepEqual(env.sandbox.admin.counters().requests, {}, 'staging a macro sent something');
    const s = c.state;
    assert.equal(s.composer.body, 'My own words\n\nEscalated.');
    assert.equal(s.composer.mode, 'internal');
    assert.deepEqual([shown(s).status, shown(s).priority], ['pending', 'high']);
    assert.ok(s.fields?.status.staged && s.fields?.priority.staged);
    await send(c, { type: 'submit', body: s.composer.body, mode: 'internal' });
    assert.deepEqual(env.sandbox.admin.counters().requests, { 'PUT /api/v2/tickets/{id}': 1 });
    const t = await remote(target.id);
    assert.deepEqual([t.status, t.priority], ['pending', 'high']);
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
});
