import * as assert from 'node:assert/strict';
import { TicketModel } from '../../../src/tickets/ticketModel';
import { ZendeskClient } from '../../../src/zendesk/http';
import { FIXTURES, type Sandbox } from '../../sandbox';
import { useSandboxOverHttp } from '../zendesk/sandbox.helpers';

/** A real access token from the sandbox: the confidential client's own (it acts as the admin who owns it). */
async function adminToken(sandbox: Sandbox): Promise<string> {
  const res = await fetch(`${sandbox.url}/oauth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credentials', client_id: FIXTURES.confidentialClient.identifier, client_secret: FIXTURES.confidentialClient.secret, scope: 'read' }),
  });
  assert.equal(res.status, 201);
  return ((await res.json()) as { access_token: string }).access_token;
}

describe('the tickets model (against the sandbox)', () => {
  const env = useSandboxOverHttp({ tickets: 120, seed: 4 });
  let client: ZendeskClient;
  let changes: (number | undefined)[];
  let model: TicketModel;

  before(async () => {
    const token = await adminToken(env.sandbox);
    client = new ZendeskClient({ baseUrl: env.base, transport: env.http, tokens: { getAccessToken: async () => token }, maxRetries: 0 });
  });
  beforeEach(() => {
    changes = [];
    model = new TicketModel(() => client, (v) => changes.push(v), 10);
  });

  it('lists the active views in Zendesk\'s order, not the inactive ones', async () => {
    const views = await model.listViews();
    assert.equal(views[0].title, 'Your unsolved tickets');
    assert.ok(views.every((v) => v.active));
    assert.ok(!views.some((v) => v.title === 'VIP or urgent (old)'));
  });

  it('loads a view a page at a time; "Load more" appends the next page until there is no more', async () => {
    const all = (await model.listViews()).find((v) => v.title === 'All unsolved tickets');
    assert.ok(all);
    const first = await model.tickets(all.id);
    assert.equal(first.tickets.length, 10);
    assert.equal(first.hasMore, true);
    await model.loadMore(all.id);
    const second = await model.tickets(all.id);
    assert.equal(second.tickets.length, 20);
    assert.deepEqual(changes, [all.id]);
    assert.equal(new Set(second.tickets.map((t) => t.id)).size, 20, 'pages overlap');
    while ((await model.tickets(all.id)).hasMore) await model.loadMore(all.id);
    const { value } = (await client.request<{ view_count: { value: number } }>('GET', `/api/v2/views/${all.id}/count`)).view_count;
    assert.equal((await model.tickets(all.id)).tickets.length, value);
    assert.ok(value > 20);
  });

  it('a refresh reloads as many pages as were loaded', async () => {
    const views = await model.listViews();
    const all = views.find((v) => v.title === 'All unsolved tickets')!;
    await model.tickets(all.id);
    await model.loadMore(all.id);
    env.sandbox.admin.resetCounters();
    model.refresh();
    assert.deepEqual(changes.at(-1), undefined);
    const again = await model.tickets(all.id);
    assert.equal(again.tickets.length, 20);
    assert.equal(env.sandbox.admin.counters().requests[`GET /api/v2/views/{id}/tickets`], 2);
  });

  it('keeps what it had and reports the error when a page fails; retry loads it', async () => {
    const all = (await model.listViews()).find((v) => v.title === 'All unsolved tickets')!;
    await model.tickets(all.id);
    env.sandbox.admin.failNext('GET /api/v2/views/{id}/tickets', 1, { status: 500 });
    await model.loadMore(all.id);
    const failed = await model.tickets(all.id);
    assert.equal(failed.tickets.length, 10);
    assert.equal(failed.error?.name, 'ServerError');
    model.retry(all.id);
    await model.loadMore(all.id);
    assert.equal((await model.tickets(all.id)).tickets.length, 20);
  });

  it('signed out: no views, nothing requested', async () => {
    const out = new TicketModel(() => undefined, () => undefined);
    assert.equal(out.signedIn(), false);
    assert.deepEqual(await out.listViews(), []);
  });
});
