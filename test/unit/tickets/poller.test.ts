import * as assert from 'node:assert/strict';
import { AssignmentWatch, Poller } from '../../../src/tickets/poller';
import { ZendeskClient } from '../../../src/zendesk/http';
import type { Ticket } from '../../../src/zendesk/types';
import { FIXTURES } from '../../sandbox';
import { api, signIn as sandboxSignIn } from '../../support/sandboxHttp';
import { clientFor, publicClient, RefreshingTokens, signIn, useSandboxOverHttp } from '../../support/sandboxClient';

/** A clock and timers under the test's control. */
class Timers {
  now = 0;
  private queue: { at: number; fn: () => void; id: number }[] = [];
  private seq = 0;
  set = (fn: () => void, ms: number): unknown => {
    const id = ++this.seq;
    this.queue.push({ at: this.now + ms, fn, id });
    return id;
  };
  clear = (id: unknown): void => {
    this.queue = this.queue.filter((t) => t.id !== id);
  };
  get pending(): number {
    return this.queue.length;
  }
  async advance(ms: number): Promise<void> {
    const end = this.now + ms;
    for (;;) {
      const next = this.queue.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.queue = this.queue.filter((t) => t !== next);
      this.now = next.at;
      next.fn();
      for (let i = 0; i < 5; i++) await Promise.resolve();
    }
    this.now = end;
  }
}

describe('polling', () => {
  let timers: Timers;
  let focused: boolean;
  let minutes: number;
  let ticks: number[];
  let poller: Poller;
  beforeEach(() => {
    timers = new Timers();
    focused = true;
    minutes = 5;
    ticks = [];
    poller = new Poller({
      intervalMs: () => minutes * 60_000,
      focused: () => focused,
      tick: async () => {
        ticks.push(timers.now);
      },
      now: () => timers.now,
      setTimer: timers.set,
      clearTimer: timers.clear,
    });
  });
  afterEach(() => poller.dispose());

  it('checks at once, then every interval while the window is focused', async () => {
    poller.start();
    await timers.advance(16 * 60_000);
    assert.deepEqual(ticks, [0, 300_000, 600_000, 900_000]);
  });

  it('does not check while the window is in the background; on focus after a full interval it checks at once', async () => {
    poller.start();
    await timers.advance(1000);
    focused = false;
    poller.focusChanged();
    await timers.advance(60 * 60_000);
    assert.deepEqual(ticks, [0]);
    assert.equal(timers.pending, 0, 'a timer runs in the background');
    focused = true;
    poller.focusChanged();
    await timers.advance(0);
    assert.deepEqual(ticks, [0, 3_601_000]);
  });

  it('regaining focus before the interval waits for the rest of it', async () => {
    poller.start();
    await timers.advance(60_000);
    focused = false;
    poller.focusChanged();
    await timers.advance(60_000);
    focused = true;
    poller.focusChanged();
    await timers.advance(3 * 60_000);
    assert.deepEqual(ticks, [0, 300_000]);
  });

  it('0 minutes turns polling off', async () => {
    minutes = 0;
    poller.start();
    await timers.advance(60 * 60_000);
    assert.deepEqual(ticks, []);
    assert.equal(timers.pending, 0);
  });
});

describe('newly assigned tickets', () => {
  it('reports nothing on the first check, then only tickets not assigned at the last one', () => {
    const w = new AssignmentWatch();
    assert.deepEqual(w.update([{ id: 1 }, { id: 2 }]), []);
    assert.deepEqual(w.update([{ id: 2 }, { id: 3 }]), [{ id: 3 }]);
    assert.deepEqual(w.update([{ id: 2 }, { id: 3 }]), []);
    assert.deepEqual(w.update([{ id: 1 }]), [{ id: 1 }], 'assigned again after being taken away');
    w.reset();
    assert.deepEqual(w.update([{ id: 9 }]), []);
  });
});

describe('newly assigned tickets (against the sandbox)', () => {
  // Enough tickets that the agent has hundreds of unsolved ones: more than a page of anything.
  const env = useSandboxOverHttp({ tickets: 6000, seed: 2 });
  let client: ZendeskClient;
  let me: number;

  before(async () => {
    client = clientFor(
      env.base,
      env.http,
      new RefreshingTokens(env.http, publicClient(env.base), await signIn(env.http, publicClient(env.base))),
    );
    me = env.sandbox.admin.userId(FIXTURES.users.agent);
  });

  it('notices a ticket assigned by someone else at once, however many are assigned already, and only once', async () => {
    const watch = new AssignmentWatch();
    env.sandbox.admin.resetCounters();
    assert.deepEqual(await watch.check(client, me), [], 'the baseline is not news');
    const already = (
      await client.request<{ count: number }>('GET', '/api/v2/search/count', {
        query: { query: `type:ticket assignee:${me} status<solved` },
      })
    ).count;
    assert.ok(already > 1000, `the agent has only ${already} unsolved tickets`);
    // It read the assigned tickets, not a search (which lags minutes and stops at 1,000 results).
    const requests = env.sandbox.admin.counters().requests;
    assert.equal(requests['GET /api/v2/search'], undefined);
    assert.ok((requests['GET /api/v2/users/{id}/tickets/assigned'] ?? 0) > 10);
    // The newest unassigned unsolved ticket: past every first page an id-ordered list or search would give.
    const admin = (await sandboxSignIn(env.sandbox, FIXTURES.users.admin)).access_token;
    const newest = (await api(env.sandbox, admin, 'GET', '/api/v2/tickets?page[size]=100&sort=-id'))
      .json<{ tickets: Ticket[] }>()
      .tickets.find((t) => t.assignee_id === null && t.status !== 'solved' && t.status !== 'closed');
    assert.ok(newest, 'the sandbox has an unassigned unsolved ticket');
    assert.equal(
      (await api(env.sandbox, admin, 'PUT', `/api/v2/tickets/${newest.id}`, { ticket: { assignee_id: me } })).status,
      200,
    );
    assert.deepEqual(
      (await watch.check(client, me)).map((t) => t.id),
      [newest.id],
    );
    assert.deepEqual(await watch.check(client, me), [], 'noticed twice');
  });

  it('a ticket assigned and already solved is not work to notice', async () => {
    const watch = new AssignmentWatch();
    await watch.check(client, me);
    const admin = (await sandboxSignIn(env.sandbox, FIXTURES.users.admin)).access_token;
    const t = (await api(env.sandbox, admin, 'GET', '/api/v2/tickets?page[size]=100&sort=-id'))
      .json<{ tickets: Ticket[] }>()
      .tickets.find((x) => x.assignee_id !== me && x.status !== 'closed');
    assert.ok(t);
    assert.equal(
      (
        await api(env.sandbox, admin, 'PUT', `/api/v2/tickets/${t.id}`, {
          ticket: { assignee_id: me, status: 'solved' },
        })
      ).status,
      200,
    );
    assert.deepEqual(await watch.check(client, me), []);
  });
});
