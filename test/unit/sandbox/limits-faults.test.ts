/** The account rate limit (spec §4.2) and every fault control, in process and over HTTP. */
import assert from 'node:assert/strict';
import { FIXTURES, startSandbox } from '../../sandbox/index';
import { api, http, signIn, tokenRequest, useSandbox } from '../../support/sandboxHttp';

describe('sandbox: the account rate limit', () => {
  const sb = useSandbox({ rateLimitPerMinute: 5 });

  it('sends the budget headers on every API response, 429 with Retry-After past the budget, none on success', async () => {
    const { access_token: token } = await signIn(sb());
    for (let k = 1; k <= 5; k++) {
      const res = await api(sb(), token, 'GET', '/api/v2/tickets/1');
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('x-rate-limit'), '5');
      assert.equal(res.headers.get('x-rate-limit-remaining'), String(5 - k));
      assert.equal(res.headers.get('ratelimit-limit'), '5');
      assert.equal(res.headers.get('ratelimit-remaining'), String(5 - k));
      assert.ok(Number(res.headers.get('ratelimit-reset')) > 0);
      assert.equal(res.headers.get('retry-after'), null);
    }
    const limited = await api(sb(), token, 'GET', '/api/v2/tickets/1');
    assert.equal(limited.status, 429);
    const wait = Number(limited.headers.get('retry-after'));
    assert.ok(wait >= 1 && wait <= 60, String(wait));
    assert.equal(limited.headers.get('x-rate-limit-remaining'), '0');
    // OAuth endpoints and the controls are outside the API budget.
    assert.equal(
      (
        await tokenRequest(sb(), {
          grant_type: 'client_credentials',
          client_id: FIXTURES.confidentialClient.identifier,
          client_secret: FIXTURES.confidentialClient.secret,
        })
      ).status,
      201,
    );
    assert.equal((await http(`${sb().url}/__sandbox/counters`)).status, 200);
    sb().admin.advanceClock(wait);
    const again = await api(sb(), token, 'GET', '/api/v2/tickets/1');
    assert.equal(again.status, 200);
    assert.equal(again.headers.get('x-rate-limit-remaining'), '4');
  });
});

describe('sandbox: fault controls and counters', () => {
  const sb = useSandbox();
  let token = '';
  before(async () => {
    token = (await signIn(sb())).access_token;
  });

  it('fails the next N requests of a route with 503 + Retry-After, or 500', async () => {
    sb().admin.failNext('GET /api/v2/tickets/{id}', 2, { status: 503, retryAfter: 3 });
    for (let k = 0; k < 2; k++) {
      const res = await api(sb(), token, 'GET', `/api/v2/tickets/${k + 1}.json`);
      assert.equal(res.status, 503);
      assert.equal(res.headers.get('retry-after'), '3');
    }
    assert.equal((await api(sb(), token, 'GET', '/api/v2/tickets/1')).status, 200);
    sb().admin.failNext('POST /oauth/tokens', 1, { status: 500 });
    const tok = await tokenRequest(sb(), { grant_type: 'client_credentials', client_id: 'x' });
    assert.equal(tok.status, 500);
    assert.equal(tok.headers.get('retry-after'), null);
  });

  it("matches every route with '*' and leaves other routes alone", async () => {
    sb().admin.failNext('GET /api/v2/views', 1, { status: 500 });
    assert.equal((await api(sb(), token, 'GET', '/api/v2/tickets/1')).status, 200);
    assert.equal((await api(sb(), token, 'GET', '/api/v2/views.json')).status, 500);
    sb().admin.failNext('*', 1, { status: 503 });
    assert.equal((await api(sb(), token, 'GET', '/api/v2/users/me')).status, 503);
    assert.equal((await api(sb(), token, 'GET', '/api/v2/users/me')).status, 200);
  });

  it('resets the socket mid-body', async () => {
    sb().admin.resetNext('GET /api/v2/tickets', 1);
    await assert.rejects(api(sb(), token, 'GET', '/api/v2/tickets.json'));
    assert.equal((await api(sb(), token, 'GET', '/api/v2/tickets.json')).status, 200);
  });

  it('truncates the body: valid HTTP, invalid JSON', async () => {
    sb().admin.truncateNext('GET /api/v2/tickets/{id}', 1);
    const res = await api(sb(), token, 'GET', '/api/v2/tickets/3');
    assert.equal(res.status, 200);
    assert.ok(res.text.length > 10);
    assert.throws(() => res.json());
    assert.equal(Number(res.headers.get('content-length')), Buffer.byteLength(res.text));
  });

  it('adds latency', async () => {
    sb().admin.setLatency(150);
    const started = Date.now();
    await api(sb(), token, 'GET', '/api/v2/users/me');
    assert.ok(Date.now() - started >= 140);
    sb().admin.setLatency(0);
  });

  it('counts requests by normalised route, and not the controls', async () => {
    sb().admin.resetCounters();
    await api(sb(), token, 'GET', '/api/v2/tickets/5.json');
    await api(sb(), token, 'GET', '/api/v2/tickets/6');
    await api(sb(), token, 'PUT', '/api/v2/tickets/7', { ticket: { tags: ['x'] } });
    await http(`${sb().url}/__sandbox/counters`);
    assert.deepEqual(sb().admin.counters().requests, { 'GET /api/v2/tickets/{id}': 2, 'PUT /api/v2/tickets/{id}': 1 });
  });

  it('offers the same controls over HTTP under /__sandbox/', async () => {
    const post = (path: string, body: unknown): ReturnType<typeof http> =>
      http(`${sb().url}/__sandbox/${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    assert.equal((await post('counters/reset', {})).status, 200);
    assert.equal(
      (await post('fail', { route: 'GET /api/v2/tickets', count: 1, status: 503, retryAfter: 1 })).status,
      200,
    );
    const failed = await api(sb(), token, 'GET', '/api/v2/tickets');
    assert.equal(failed.status, 503);
    assert.equal(failed.headers.get('retry-after'), '1');
    assert.equal((await post('reset', { route: 'GET /api/v2/tickets', count: 1 })).status, 200);
    await assert.rejects(api(sb(), token, 'GET', '/api/v2/tickets'));
    assert.equal((await post('truncate', { route: 'GET /api/v2/tickets', count: 1 })).status, 200);
    const cut = await api(sb(), token, 'GET', '/api/v2/tickets');
    assert.equal(cut.status, 200);
    assert.throws(() => cut.json());
    assert.equal((await post('latency', { ms: 0 })).status, 200);
    const counters = (await http(`${sb().url}/__sandbox/counters`)).json<{ requests: Record<string, number> }>();
    assert.equal(counters.requests['GET /api/v2/tickets'], 3);
    assert.equal((await post('fail', { route: 'GET /api/v2/tickets', count: 1, status: 404 })).status, 400);
    assert.equal(
      (await post('redirect-uris', { client: FIXTURES.publicClient.identifier, uri: 'http://example.com/cb' })).status,
      400,
    );
    assert.equal(
      (await post('redirect-uris', { client: FIXTURES.publicClient.identifier, uri: 'http://localhost:9999/cb' }))
        .status,
      200,
    );
    const t = await signIn(sb(), FIXTURES.users.customer);
    assert.equal((await post('expire-tokens', { email: FIXTURES.users.customer })).status, 200);
    assert.equal((await api(sb(), t.access_token, 'GET', '/api/v2/users/me')).status, 401);
    const fresh = await signIn(sb(), FIXTURES.users.customer);
    assert.equal((await post('revoke-tokens', { email: FIXTURES.users.customer })).status, 200);
    assert.equal(
      (
        await tokenRequest(sb(), {
          grant_type: 'refresh_token',
          refresh_token: fresh.refresh_token ?? '',
          client_id: FIXTURES.publicClient.identifier,
        })
      ).status,
      400,
    );
    assert.equal((await post('clock', { advanceSeconds: 10 })).status, 200);
    assert.equal((await post('clock', { advanceSeconds: -10 })).status, 400);
    const id = (await http(`${sb().url}/__sandbox/user-id?email=${encodeURIComponent(FIXTURES.users.agent)}`)).json<{
      id: number;
    }>().id;
    assert.equal(id, sb().admin.userId(FIXTURES.users.agent));
  });
});

describe('sandbox: seeding', () => {
  it('gives the same data for the same seed and different data for another', async () => {
    const snapshot = async (seed: number): Promise<string> => {
      const sb = await startSandbox({ tickets: 120, seed });
      try {
        const { access_token: token } = await signIn(sb, FIXTURES.users.admin);
        const tickets = (await api(sb, token, 'GET', '/api/v2/tickets.json?per_page=100&page=2&include=users')).json();
        const comments = (await api(sb, token, 'GET', '/api/v2/tickets/117/comments.json')).json();
        return JSON.stringify({ tickets, comments }).replaceAll(sb.url, 'URL');
      } finally {
        await sb.close();
      }
    };
    const a = await snapshot(7);
    assert.equal(await snapshot(7), a);
    assert.notEqual(await snapshot(8), a);
  });

  it('starts 10,000 tickets in under a second, with the fixture users', async () => {
    const started = performance.now();
    const sb = await startSandbox();
    const ms = performance.now() - started;
    try {
      assert.ok(ms < 1000, `${ms} ms`);
      const { access_token: token } = await signIn(sb, FIXTURES.users.admin);
      const count = (await api(sb, token, 'GET', '/api/v2/tickets/count')).json<{ count: { value: number } }>();
      assert.equal(count.count.value, 10_000);
      assert.equal(sb.subdomain, 'sandbox');
      assert.match(sb.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const roles = await Promise.all(
        Object.values(FIXTURES.users).map(
          async (email) =>
            (await api(sb, token, 'GET', `/api/v2/users/${sb.admin.userId(email)}`)).json<{ user: { role: string } }>()
              .user.role,
        ),
      );
      assert.deepEqual(roles, ['admin', 'agent', 'agent', 'end-user']);
    } finally {
      await sb.close();
    }
  });
});
