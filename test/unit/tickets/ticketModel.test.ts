import * as assert from 'node:assert/strict';
import { searchSource, TicketModel, viewSource } from '../../../src/tickets/ticketModel';
import { ZendeskClient } from '../../../src/zendesk/http';
import { adminToken, useSandboxOverHttp } from '../../support/sandboxClient';
import { readsOf } from '../fakes/reads';

describe('the tickets model (against the sandbox)', () => {
  const env = useSandboxOverHttp({ tickets: 120, seed: 4 });
  let client: ZendeskClient;
  let changes: (string | undefined)[];
  let model: TicketModel;

  before(async () => {
    const token = await adminToken(env.sandbox, 'read');
    client = new ZendeskClient({
      baseUrl: env.base,
      transport: env.http,
      tokens: { getAccessToken: async () => token },
      maxRetries: 0,
    });
  });
  beforeEach(() => {
    changes = [];
    model = new TicketModel(readsOf(client), (v) => changes.push(v), 10);
  });

  it("lists the active views in Zendesk's order, not the inactive ones", async () => {
    const views = await model.listViews();
    assert.equal(views[0].title, 'Your unsolved tickets');
    assert.ok(views.every((v) => v.active));
    assert.ok(!views.some((v) => v.title === 'VIP or urgent (old)'));
  });

  it('loads a view a page at a time; "Load more" appends the next page until there is no more', async () => {
    const all = (await model.listViews()).find((v) => v.title === 'All unsolved tickets');
    assert.ok(all);
    const first = await model.tickets(viewSource(all.id));
    assert.equal(first.tickets.length, 10);
    assert.equal(first.hasMore, true);
    await model.loadMore(viewSource(all.id).key);
    const second = await model.tickets(viewSource(all.id));
    assert.equal(second.tickets.length, 20);
    assert.deepEqual(changes, [`view:${all.id}`]);
    assert.equal(new Set(second.tickets.map((t) => t.id)).size, 20, 'pages overlap');
    while ((await model.tickets(viewSource(all.id))).hasMore) await model.loadMore(viewSource(all.id).key);
    const { value } = (await client.request<{ view_count: { value: number } }>('GET', `/api/v2/views/${all.id}/count`))
      .view_count;
    assert.equal((await model.tickets(viewSource(all.id))).tickets.length, value);
    assert.ok(value > 20);
  });

  it('a refresh reloads as many pages as were loaded', async () => {
    const views = await model.listViews();
    const all = views.find((v) => v.title === 'All unsolved tickets')!;
    await model.tickets(viewSource(all.id));
    await model.loadMore(viewSource(all.id).key);
    env.sandbox.admin.resetCounters();
    model.refresh();
    assert.deepEqual(changes.at(-1), undefined);
    const again = await model.tickets(viewSource(all.id));
    assert.equal(again.tickets.length, 20);
    assert.equal(env.sandbox.admin.counters().requests[`GET /api/v2/views/{id}/tickets`], 2);
  });

  it('keeps what it had and reports the error when a page fails; retry loads it', async () => {
    const all = (await model.listViews()).find((v) => v.title === 'All unsolved tickets')!;
    await model.tickets(viewSource(all.id));
    env.sandbox.admin.failNext('GET /api/v2/views/{id}/tickets', 1, { status: 500 });
    await model.loadMore(viewSource(all.id).key);
    const failed = await model.tickets(viewSource(all.id));
    assert.equal(failed.tickets.length, 10);
    assert.equal(failed.error?.name, 'ServerError');
    model.retry(viewSource(all.id).key);
    await model.loadMore(viewSource(all.id).key);
    assert.equal((await model.tickets(viewSource(all.id))).tickets.length, 20);
  });

  it("names requesters from the page's sideload: one request per page, none per ticket", async () => {
    const all = (await model.listViews()).find((v) => v.title === 'All unsolved tickets')!;
    env.sandbox.admin.resetCounters();
    const { tickets } = await model.tickets(viewSource(all.id));
    const requests = env.sandbox.admin.counters().requests;
    assert.deepEqual(Object.keys(requests), ['GET /api/v2/views/{id}/tickets']);
    assert.equal(requests['GET /api/v2/views/{id}/tickets'], 1);
    const people = await client.request<{ users: { id: number; name: string }[] }>('GET', `/api/v2/users/show_many`, {
      query: { ids: tickets.map((t) => t.requester_id).join(',') },
    });
    for (const t of tickets) {
      assert.equal(model.user(t.requester_id)?.name, people.users.find((u) => u.id === t.requester_id)?.name);
    }
    assert.ok(
      tickets.some((t) => t.group_id) &&
        tickets
          .filter((t) => t.group_id)
          .every((t) => ['Support', 'Billing'].includes(model.group(t.group_id)?.name ?? '')),
    );
  });

  it("loads every view's count lazily, in one request, and reports when they are in", async () => {
    const views = await model.listViews();
    env.sandbox.admin.resetCounters();
    assert.equal(model.viewCount(views[0].id), undefined, 'counts before they were asked for');
    for (const v of views) model.viewCount(v.id);
    const deadline = Date.now() + 5000;
    while (!changes.includes(undefined) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    assert.equal(env.sandbox.admin.counters().requests['GET /api/v2/views/count_many'], 1);
    for (const v of views) {
      const one = await client.request<{ view_count: { value: number } }>('GET', `/api/v2/views/${v.id}/count`);
      assert.equal(model.viewCount(v.id)?.value, one.view_count.value, v.title);
    }
  });

  it('a saved search pages like a view', async () => {
    const src = searchSource('status:pending');
    const first = await model.tickets(src);
    assert.ok(first.tickets.length > 0 && first.tickets.every((t) => t.status === 'pending'));
    while ((await model.tickets(src)).hasMore) await model.loadMore(src.key);
    const total = (
      await client.request<{ count: number }>('GET', '/api/v2/search/count', {
        query: { query: 'type:ticket status:pending' },
      })
    ).count;
    const all = await model.tickets(src);
    assert.equal(all.tickets.length, total);
    assert.equal(all.cappedAt, undefined);
  });

  it('signed out: no views, nothing requested', async () => {
    const out = new TicketModel(readsOf(undefined), () => undefined);
    assert.equal(out.signedIn(), false);
    assert.deepEqual(await out.listViews(), []);
  });
});

describe("the tickets model: a search past Zendesk's 1,000 results", () => {
  const env = useSandboxOverHttp({ tickets: 1100, seed: 5 });

  it('stops at the 1,000th result without asking for a page Zendesk would refuse, and says how many there were', async () => {
    const token = await adminToken(env.sandbox, 'read');
    const client = new ZendeskClient({
      baseUrl: env.base,
      transport: env.http,
      tokens: { getAccessToken: async () => token },
      maxRetries: 0,
    });
    const model = new TicketModel(readsOf(client), () => undefined, 100);
    const src = searchSource('type:ticket');
    while ((await model.tickets(src)).hasMore) await model.loadMore(src.key);
    const res = await model.tickets(src);
    assert.equal(res.error, undefined, res.error?.message);
    assert.equal(res.tickets.length, 1000);
    assert.equal(res.cappedAt, 1100);
  });
});
