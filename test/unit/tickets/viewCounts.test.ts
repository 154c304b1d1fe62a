// The views' counts in the Tickets tree, as a real account answers them: `count_many` takes 20 views a request, is
// limited (429 with Retry-After), and answers a count it is still computing as `value: null`. In plain Node over the
// sandbox, with the model's timers moved by hand.
import './fakeVscode';
import * as assert from 'node:assert/strict';
import { COUNT_REFRESH_MS, TicketModel } from '../../../src/tickets/ticketModel';
import { TicketTreeProvider, type TicketNode } from '../../../src/tickets/ticketTree';
import { updateTicket } from '../../../src/zendesk/api';
import { ZendeskClient } from '../../../src/zendesk/http';
import type { Ticket } from '../../../src/zendesk/types';
import { adminToken, useSandboxOverHttp } from '../../support/sandboxClient';
import { readsOf } from '../fakes/reads';
import { until as waitUntil } from '../../support/wait';

type ViewNode = Extract<TicketNode, { kind: 'view' }>;

/** Timers the test moves: `fire()` jumps the clock to the next timer and runs it. */
class HandTimers {
  nowMs = 1_000_000;
  private pending: { at: number; fn: () => void }[] = [];
  readonly now = (): number => this.nowMs;
  readonly setTimer = (fn: () => void, ms: number): unknown => {
    const t = { at: this.nowMs + ms, fn };
    this.pending.push(t);
    return t;
  };
  readonly clearTimer = (t: unknown): void => {
    this.pending = this.pending.filter((p) => p !== t);
  };
  /** When the next timer is due, or undefined when none is set. */
  nextAt(): number | undefined {
    return this.pending.length ? Math.min(...this.pending.map((p) => p.at)) : undefined;
  }
  fire(): void {
    const next = [...this.pending].sort((a, b) => a.at - b.at)[0];
    assert.ok(next, 'no timer is set');
    this.pending = this.pending.filter((p) => p !== next);
    this.nowMs = Math.max(this.nowMs, next.at);
    next.fn();
  }
}

/** The one wait on state (test/support/wait.ts), failing with what was awaited. */
const until = (predicate: () => boolean, what: string): Promise<void> =>
  waitUntil(predicate, 5000, `timed out waiting until ${what}`);

describe('the Tickets tree: view counts as Zendesk gives them (against the sandbox)', () => {
  const env = useSandboxOverHttp({ tickets: 200, seed: 3, views: 25 });
  let client: ZendeskClient;
  let timers: HandTimers;
  let model: TicketModel;
  let tree: TicketTreeProvider;

  before(async () => {
    const token = await adminToken(env.sandbox);
    client = new ZendeskClient({
      baseUrl: env.base,
      transport: env.http,
      tokens: { getAccessToken: async () => token },
      maxRetries: 0,
    });
  });
  beforeEach(() => {
    timers = new HandTimers();
    model = new TicketModel(readsOf(client), () => undefined, 10, timers);
    tree = new TicketTreeProvider({
      list: () => [{ accountId: 'acct', label: 'Acme' }],
      model: () => model,
      searches: () => [],
    });
    env.sandbox.admin.resetCounters();
  });
  afterEach(() => {
    model.dispose();
    // Each test starts with the per-view count limit of a fresh minute.
    env.sandbox.admin.advanceClock(60);
  });

  async function viewNodes(): Promise<ViewNode[]> {
    return (await tree.getChildren()).filter((n): n is ViewNode => n.kind === 'view');
  }
  const shown = (nodes: ViewNode[]): (string | undefined)[] =>
    nodes.map((n) => tree.getTreeItem(n).description as string | undefined);
  /** What Zendesk counts for each view now, one view at a time. */
  async function truth(nodes: ViewNode[]): Promise<string[]> {
    const out: string[] = [];
    for (const n of nodes) {
      out.push(
        String(
          (await client.request<{ view_count: { value: number } }>('GET', `/api/v2/views/${n.view.id}/count`))
            .view_count.value,
        ),
      );
    }
    return out;
  }
  const countRequests = (): number => env.sandbox.admin.counters().requests['GET /api/v2/views/count_many'] ?? 0;

  it('shows the counts of all 25 views, asked in 2 requests of at most 20 views', async () => {
    const nodes = await viewNodes();
    assert.equal(nodes.length, 25);
    await until(() => shown(nodes).every((d) => d !== undefined), 'every view shows a count');
    assert.equal(countRequests(), 2);
    assert.deepEqual(shown(nodes), await truth(nodes));
  });

  it('a 429 on the counts keeps the counts shown, and they are asked again once Retry-After has passed', async () => {
    const nodes = await viewNodes();
    await until(() => shown(nodes).every((d) => d !== undefined), 'the first counts');
    const before = shown(nodes);
    // A change that moves the "Pending tickets" count, then a refresh that meets a 429.
    const pendingView = nodes.find((n) => n.view.title === 'Pending tickets');
    assert.ok(pendingView);
    const page = await client.request<{ tickets: Ticket[] }>('GET', '/api/v2/tickets', {
      query: { 'page[size]': 100 },
    });
    const open = page.tickets.find((t) => t.status === 'open');
    assert.ok(open);
    await updateTicket(client, open.id, { status: 'pending' });
    env.sandbox.admin.failNext('GET /api/v2/views/count_many', 1, { status: 429, retryAfter: 120 });
    model.refresh();
    shown(nodes);
    assert.equal(
      timers.nextAt(),
      timers.nowMs + COUNT_REFRESH_MS,
      'counts are not asked again sooner than COUNT_REFRESH_MS',
    );
    const asked = countRequests();
    timers.fire();
    await until(
      () => countRequests() === asked + 1 && timers.nextAt() !== undefined,
      'the refused load is over and another is set',
    );
    assert.deepEqual(shown(nodes), before, 'the 429 lost counts that were shown');
    assert.ok((timers.nextAt() ?? 0) >= timers.nowMs + 120_000, 'asked again before Retry-After');
    timers.fire();
    const i = nodes.indexOf(pendingView);
    await until(() => shown(nodes)[i] === String(Number(before[i]) + 1), 'the new count after the wait');
    assert.deepEqual(shown(nodes), await truth(nodes));
  });

  it('shows a count Zendesk is still computing as "…" with a tooltip, never an error, and asks again for the number', async () => {
    env.sandbox.admin.computeViewCounts({ asks: 1 });
    const nodes = await viewNodes();
    await until(() => shown(nodes).every((d) => d !== undefined), 'every view shows something');
    assert.ok(
      shown(nodes).every((d) => d === '…'),
      String(shown(nodes)),
    );
    const item = tree.getTreeItem(nodes[0]);
    assert.match(String(item.tooltip), /Zendesk is still counting/);
    assert.equal(item.accessibilityInformation?.label, `View ${nodes[0].view.title}, Zendesk is still counting`);
    assert.equal(timers.nextAt(), timers.nowMs + COUNT_REFRESH_MS, 'the counts are asked again');
    timers.fire();
    await until(() => shown(nodes).every((d) => d !== '…'), 'the numbers');
    assert.deepEqual(shown(nodes), await truth(nodes));
    assert.equal(String(tree.getTreeItem(nodes[0]).tooltip).includes('still counting'), false);
  });

  it('a count still being computed on a later load does not hide the number shown', async () => {
    const nodes = await viewNodes();
    await until(() => shown(nodes).every((d) => d !== undefined), 'the first counts');
    const before = shown(nodes);
    env.sandbox.admin.computeViewCounts({ asks: 1 });
    model.refresh();
    shown(nodes);
    const asked = countRequests();
    timers.fire();
    await until(() => countRequests() === asked + 2 && timers.nextAt() !== undefined, 'the second load is over');
    assert.deepEqual(shown(nodes), before);
  });
});
