// ZendeskClient and the typed endpoints over real HTTP (undici) against the local sandbox, with its fault controls.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FIXTURES } from '../../sandbox';
import {
  countView,
  getMe,
  getTicket,
  listComments,
  listTicketsPage,
  listViews,
  searchTickets,
  ticketPages,
  updateTicket,
  viewTicketsPage,
  type Ticket,
} from '../../../src/zendesk/api';
import {
  ForbiddenError,
  HostNotAllowedError,
  InvalidInputError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  ScopeMissingError,
  ServerError,
  ValidationError,
} from '../../../src/zendesk/errors';
import { ZendeskClient } from '../../../src/zendesk/http';
import { clientFor, publicClient, RefreshingTokens, signIn, useSandboxOverHttp } from '../../support/sandboxClient';

/** Every ticket, through the page iterator. */
async function allTickets(c: ZendeskClient, o: { pageSize?: number } = {}): Promise<Ticket[]> {
  const out: Ticket[] = [];
  for await (const page of ticketPages(c, o)) out.push(...page.tickets);
  return out;
}

describe('zendesk/http and zendesk/api against the sandbox', () => {
  const env = useSandboxOverHttp();
  let tokens: RefreshingTokens;
  let waits: number[];
  let client: ZendeskClient;

  /** The fake sleep: records the wait and moves the sandbox clock on instead of waiting. */
  const sleep = async (ms: number): Promise<void> => {
    waits.push(ms);
    env.sandbox.admin.advanceClock(Math.ceil(ms / 1000));
  };

  beforeEach(async () => {
    waits = [];
    tokens = new RefreshingTokens(env.http, publicClient(env.base), await signIn(env.http, publicClient(env.base)));
    client = clientFor(env.base, env.http, tokens, sleep, { maxRetryWaitSeconds: 900 });
  });

  describe('ZendeskClient', () => {
    it('on an expired token refreshes once and retries', async () => {
      env.sandbox.admin.expireTokens(FIXTURES.users.agent);
      const grants = env.sandbox.admin.counters().grants.refresh_token ?? 0;
      assert.equal((await getMe(client)).email, FIXTURES.users.agent);
      assert.deepEqual(
        tokens.calls.map((c) => c.forceRefresh === true),
        [false, true],
      );
      assert.equal(env.sandbox.admin.counters().grants.refresh_token, grants + 1);
    });

    it('waits out a 503 with Retry-After and retries', async () => {
      env.sandbox.admin.failNext('GET /api/v2/users/me', 2, { status: 503, retryAfter: 3 });
      assert.equal((await getMe(client)).email, FIXTURES.users.agent);
      assert.deepEqual(waits, [3000, 3000]);
    });

    it('gives ServerError on a 500, without retrying', async () => {
      env.sandbox.admin.failNext('GET /api/v2/users/me', 1, { status: 500 });
      const before = env.sandbox.admin.counters().requests['GET /api/v2/users/me'] ?? 0;
      await assert.rejects(getMe(client), (e: unknown) => e instanceof ServerError && e.status === 500);
      assert.equal(env.sandbox.admin.counters().requests['GET /api/v2/users/me'], before + 1);
      assert.deepEqual(waits, []);
    });

    it('gives ServerError after maxRetries 503s', async () => {
      env.sandbox.admin.failNext('GET /api/v2/users/me', 4, { status: 503, retryAfter: 1 });
      await assert.rejects(
        getMe(client),
        (e: unknown) => e instanceof ServerError && e.status === 503 && e.retryAfterSeconds === 1,
      );
      assert.deepEqual(waits, [1000, 1000, 1000]);
    });

    it('gives NetworkError on a reset connection', async () => {
      env.sandbox.admin.resetNext('GET /api/v2/tickets/{id}', 1);
      await assert.rejects(getTicket(client, 1), NetworkError);
      assert.equal((await getTicket(client, 1)).id, 1, 'the next request works');
    });

    it('gives NetworkError on a truncated JSON body', async () => {
      env.sandbox.admin.truncateNext('GET /api/v2/tickets', 1);
      await assert.rejects(listTicketsPage(client, { pageSize: 10 }), NetworkError);
    });

    it('gives ScopeMissingError with the missing scope', async () => {
      const narrow = new RefreshingTokens(
        env.http,
        publicClient(env.base),
        await signIn(env.http, publicClient(env.base), { scopes: ['users:read'] }),
      );
      await assert.rejects(
        listTicketsPage(clientFor(env.base, env.http, narrow), { pageSize: 1 }),
        (e: unknown) => e instanceof ScopeMissingError && e.missing.includes('read'),
      );
    });

    it('gives ForbiddenError when the role forbids it', async () => {
      const customer = new RefreshingTokens(
        env.http,
        publicClient(env.base),
        await signIn(env.http, publicClient(env.base), { email: FIXTURES.users.customer }),
      );
      await assert.rejects(listTicketsPage(clientFor(env.base, env.http, customer), { pageSize: 1 }), ForbiddenError);
    });

    it('gives NotFoundError for an unknown ticket', async () => {
      await assert.rejects(getTicket(client, 999_999), NotFoundError);
    });

    it('waits out the per-ticket update limit (429 with Retry-After) and retries', async () => {
      const id = (await allTickets(client)).find((t) => t.status !== 'closed')?.id ?? 1;
      for (let i = 0; i < 30; i++) await updateTicket(client, id, { tags: [`t${i}`] });
      const updated = await updateTicket(client, id, { tags: ['after-the-limit'] });
      assert.deepEqual(updated.tags, ['after-the-limit']);
      assert.equal(waits.length, 1);
      assert.ok(waits[0] > 0 && waits[0] <= 600_000, `waited ${waits[0]} ms`);
    });

    it('gives RateLimitedError when the wait is longer than it will sit through', async () => {
      const id = (await allTickets(client)).find((t) => t.status !== 'closed' && t.id !== 1)?.id ?? 2;
      const impatient = clientFor(env.base, env.http, tokens, sleep);
      for (let i = 0; i < 30; i++) await updateTicket(impatient, id, { tags: [`u${i}`] });
      await assert.rejects(
        updateTicket(impatient, id, { tags: ['x'] }),
        (e: unknown) => e instanceof RateLimitedError && e.retryAfterSeconds > 60,
      );
      assert.deepEqual(waits, []);
    });
  });

  describe('endpoints', () => {
    it('iterates all 50 tickets over cursor pages', async () => {
      const before = env.sandbox.admin.counters().requests['GET /api/v2/tickets'] ?? 0;
      const all = await allTickets(client, { pageSize: 10 });
      assert.equal(all.length, 50);
      assert.equal(new Set(all.map((t) => t.id)).size, 50);
      const pages = (env.sandbox.admin.counters().requests['GET /api/v2/tickets'] ?? 0) - before;
      assert.ok(pages === 5 || pages === 6, `${pages} pages`);
    });

    it('reads a page with sideloaded users', async () => {
      const page = await listTicketsPage(client, { pageSize: 5, include: ['users'] });
      assert.equal(page.tickets.length, 5);
      assert.equal(page.hasMore, true);
      assert.ok(page.afterCursor);
      assert.ok((page.users ?? []).length > 0);
    });

    it('updates a ticket with a comment and lists the comments', async () => {
      const open = (await allTickets(client)).filter((t) => t.status !== 'closed');
      const id = open[open.length - 1].id;
      const before = await listComments(client, id);
      const updated = await updateTicket(client, id, {
        status: 'pending',
        comment: { body: 'Internal note from a test', public: false },
      });
      assert.equal(updated.status, 'pending');
      const after = await listComments(client, id);
      assert.equal(after.length, before.length + 1);
      assert.deepEqual(
        { body: after[after.length - 1].body, public: after[after.length - 1].public },
        { body: 'Internal note from a test', public: false },
      );
    });

    it('gives ValidationError when updating a closed ticket', async () => {
      const closed = (await allTickets(client)).find((t: Ticket) => t.status === 'closed');
      assert.ok(closed, 'the seed has a closed ticket');
      await assert.rejects(
        updateTicket(client, closed.id, { status: 'open' }),
        (e: unknown) => e instanceof ValidationError && e.details !== undefined,
      );
    });

    it('searches tickets by status', async () => {
      const all = await allTickets(client);
      const open = all.filter((t) => t.status === 'open').length;
      const r = await searchTickets(client, 'status:open', { perPage: 100 });
      assert.equal(r.count, open);
      assert.ok(r.tickets.every((t) => t.status === 'open'));
    });

    it('pages search results by offset', async () => {
      const first = await searchTickets(client, '', { perPage: 20 });
      assert.equal(first.hasMore, true);
      const second = await searchTickets(client, '', { perPage: 20, page: first.nextPage });
      assert.equal(new Set([...first.tickets, ...second.tickets].map((t) => t.id)).size, 40);
    });

    it("lists views, pages a view's tickets and counts them", async () => {
      const views = await listViews(client);
      assert.ok(views.length > 0);
      const view = views[0];
      const page = await viewTicketsPage(client, view.id, { pageSize: 100 });
      const count = await countView(client, view.id);
      assert.equal(count.view_id, view.id);
      if (count.value !== null) assert.equal(count.value, page.tickets.length);
    });

    it('gives NotFoundError for an unknown view', async () => {
      await assert.rejects(countView(client, 987_654), NotFoundError);
    });
  });
});

describe('zendesk/http against a sandbox with a small account rate limit', () => {
  const env = useSandboxOverHttp({ tickets: 5, seed: 2, rateLimitPerMinute: 3 });

  it('waits Retry-After on the account-level 429 (a text body) and retries', async () => {
    const waits: number[] = [];
    const sleep = async (ms: number): Promise<void> => {
      waits.push(ms);
      env.sandbox.admin.advanceClock(Math.ceil(ms / 1000));
    };
    const tokens = new RefreshingTokens(
      env.http,
      publicClient(env.sandbox.url),
      await signIn(env.http, publicClient(env.sandbox.url)),
    );
    const client = clientFor(env.sandbox.url, env.http, tokens, sleep);
    for (let i = 0; i < 3; i++) await getTicket(client, 1);
    assert.deepEqual(waits, []);
    assert.equal((await getTicket(client, 1)).id, 1);
    assert.equal(waits.length, 1);
    assert.ok(waits[0] >= 1000 && waits[0] <= 60_000, `waited ${waits[0]} ms`);
  });

  it('gives RateLimitedError once the retries are used up', async () => {
    const waits: number[] = [];
    const tokens = new RefreshingTokens(
      env.http,
      publicClient(env.sandbox.url),
      await signIn(env.http, publicClient(env.sandbox.url)),
    );
    // This sleep does not move the clock, so the limit never lifts.
    const client = new ZendeskClient({
      baseUrl: env.sandbox.url,
      transport: env.http,
      tokens,
      maxRetries: 2,
      clock: {
        now: () => Date.now(),
        sleep: async (ms) => {
          waits.push(ms);
        },
      },
    });
    await assert.rejects(
      (async () => {
        for (;;) await getTicket(client, 1);
      })(),
      (e: unknown) =>
        e instanceof RateLimitedError &&
        e.retryAfterSeconds >= 1 &&
        /Number of allowed API requests per minute exceeded/.test(e.message),
    );
    assert.equal(waits.length, 2);
  });
});

describe('ZendeskClient.exchange (the raw send of request files) against the sandbox', () => {
  const env = useSandboxOverHttp({ tickets: 20, seed: 3 });
  let tokens: RefreshingTokens;
  let waits: number[];
  let client: ZendeskClient;
  const sleep = async (ms: number): Promise<void> => {
    waits.push(ms);
    env.sandbox.admin.advanceClock(Math.ceil(ms / 1000));
  };
  const requests = (route: string): number => env.sandbox.admin.counters().requests[route] ?? 0;

  beforeEach(async () => {
    waits = [];
    tokens = new RefreshingTokens(env.http, publicClient(env.base), await signIn(env.http, publicClient(env.base)));
    client = clientFor(env.base, env.http, tokens, sleep);
  });

  it('answers a 2xx with status, headers (rate limit included), body, time and size', async () => {
    const res = await client.exchange('GET', '/api/v2/tickets/1.json');
    assert.equal(res.status, 200);
    assert.equal((JSON.parse(res.body) as { ticket: { id: number } }).ticket.id, 1);
    assert.equal(res.size, Buffer.byteLength(res.body));
    assert.ok(res.ms >= 0);
    assert.ok(res.headers['x-rate-limit-remaining'] !== undefined, 'rate-limit headers are kept');
    assert.equal(res.url, `${env.base}/api/v2/tickets/1.json`);
  });

  it('returns a 404 and a 422 as answers, not errors', async () => {
    const missing = await client.exchange('GET', '/api/v2/tickets/999999.json');
    assert.equal(missing.status, 404);
    assert.deepEqual(JSON.parse(missing.body), { error: 'RecordNotFound', description: 'Not found' });
    const closed = (await allTickets(client)).find((t) => t.status === 'closed');
    assert.ok(closed, 'the seed has a closed ticket');
    const refused = await client.exchange('PUT', `/api/v2/tickets/${closed.id}.json`, {
      body: '{"ticket": {"status": "open"}}',
    });
    assert.equal(refused.status, 422);
    assert.equal((JSON.parse(refused.body) as { error: string }).error, 'RecordInvalid');
  });

  it('sends the body text as written, as JSON, and answers 201 with Location on a create', async () => {
    const res = await client.exchange('POST', '/api/v2/tickets.json', {
      body: '{"ticket": {"subject": "From a request file", "comment": {"body": "Hi"}}}',
    });
    assert.equal(res.status, 201);
    const id = (JSON.parse(res.body) as { ticket: { id: number; subject: string } }).ticket.id;
    assert.match(res.headers.location ?? '', new RegExp(`/api/v2/tickets/${id}\\.json$`));
    assert.equal((await getTicket(client, id)).subject, 'From a request file');
  });

  it('refreshes once on a 401 and answers with the retried request', async () => {
    env.sandbox.admin.expireTokens(FIXTURES.users.agent);
    const res = await client.exchange('GET', '/api/v2/users/me.json');
    assert.equal(res.status, 200);
    assert.deepEqual(
      tokens.calls.map((c) => c.forceRefresh === true),
      [false, true],
    );
  });

  it('answers the final 401 when the refreshed token is refused too', async () => {
    const stale = {
      calls: 0,
      getAccessToken: async () => {
        stale.calls++;
        return 'not-a-token';
      },
    };
    const res = await clientFor(env.base, env.http, stale, sleep).exchange('GET', '/api/v2/tickets.json');
    assert.equal(res.status, 401);
    assert.equal(stale.calls, 2, 'one forced refresh, then the answer');
  });

  it('waits out a 503 with Retry-After, telling the caller, then answers', async () => {
    env.sandbox.admin.failNext('GET /api/v2/tickets/{id}', 2, { status: 503, retryAfter: 2 });
    const notices: { status: number; waitSeconds: number }[] = [];
    const res = await client.exchange('GET', '/api/v2/tickets/1.json', {
      onRetry: (n) => notices.push({ status: n.status, waitSeconds: n.waitSeconds }),
    });
    assert.equal(res.status, 200);
    assert.deepEqual(waits, [2000, 2000]);
    assert.deepEqual(notices, [
      { status: 503, waitSeconds: 2 },
      { status: 503, waitSeconds: 2 },
    ]);
  });

  it('answers the last 500 without retrying', async () => {
    env.sandbox.admin.failNext('GET /api/v2/tickets/{id}', 1, { status: 500 });
    const res = await client.exchange('GET', '/api/v2/tickets/2.json');
    assert.equal(res.status, 500);
    assert.deepEqual(waits, []);
  });

  it('refuses another host before asking for a token or sending anything', async () => {
    const hits: string[] = [];
    const other = http.createServer((req, res) => {
      hits.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
      res.end('{}');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const port = (other.address() as AddressInfo).port;
    try {
      for (const url of [
        `http://127.0.0.1:${port}/api/v2/tickets.json`,
        `http://localhost:${new URL(env.base).port}/api/v2/tickets.json`,
        `//127.0.0.1:${port}/x`,
        `http://u:p@127.0.0.1:${new URL(env.base).port}/api/v2/tickets.json`,
      ]) {
        await assert.rejects(client.exchange('GET', url), HostNotAllowedError, url);
      }
      assert.deepEqual(hits, []);
      assert.equal(tokens.calls.length, 0, 'no token was even asked for');
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });

  it('refuses an Authorization header of the caller: the token comes from the session only', async () => {
    const before = requests('GET /api/v2/tickets');
    for (const name of ['Authorization', 'authorization', 'AUTHORIZATION']) {
      await assert.rejects(
        client.exchange('GET', '/api/v2/tickets.json', { headers: { [name]: 'Bearer someone-elses' } }),
        (e: unknown) =>
          e instanceof InvalidInputError && /the token is added from your signed-in Zendesk session/.test(e.message),
      );
    }
    assert.equal(requests('GET /api/v2/tickets'), before, 'nothing was sent');
  });

  it('refuses, whatever the caller, a header that reroutes the request, overrides its method or its framing, or is not on the list', async () => {
    const before = requests('GET /api/v2/tickets');
    const asked = tokens.calls.length;
    const refused: [string, string][] = [
      ['Host', 'evil.example'],
      ['host', `127.0.0.1:${new URL(env.base).port}`],
      ['Forwarded', 'host=evil.example'],
      ['X-Forwarded-Host', 'evil.example'],
      ['X-Forwarded-For', '10.0.0.1'],
      ['X-Forwarded-Proto', 'http'],
      ['X-HTTP-Method-Override', 'DELETE'],
      ['X-HTTP-Method', 'DELETE'],
      ['X-Method-Override', 'DELETE'],
      ['Content-Length', '0'],
      ['Transfer-Encoding', 'chunked'],
      ['Connection', 'close'],
      ['X-Original-URL', '/api/v2/users/1.json'],
      ['X-Note', 'hello'],
    ];
    for (const [name, value] of refused) {
      await assert.rejects(
        client.exchange('GET', '/api/v2/tickets.json', { headers: { [name]: value } }),
        (e: unknown) =>
          e instanceof InvalidInputError && e.message.toLowerCase().includes(`remove the ${name.toLowerCase()} header`),
        name,
      );
    }
    // An allowed header with a line break in its value would split into two headers on the wire.
    await assert.rejects(
      client.exchange('GET', '/api/v2/tickets.json', { headers: { Accept: 'application/json\r\nHost: evil.example' } }),
      InvalidInputError,
    );
    assert.equal(requests('GET /api/v2/tickets'), before, 'nothing was sent');
    assert.equal(tokens.calls.length, asked, 'no token was even asked for');
  });

  it("sends the caller's other headers", async () => {
    // X-On-Behalf-Of is read by the sandbox: without the impersonate scope it answers 403, which shows it arrived.
    const res = await client.exchange('GET', '/api/v2/users/me.json', {
      headers: { 'X-On-Behalf-Of': FIXTURES.users.customer },
    });
    assert.equal(res.status, 403);
    assert.match(res.body, /impersonate/);
  });
});

describe('zendesk/http: the Update Ticket limit per account (against the sandbox)', () => {
  const env = useSandboxOverHttp({ tickets: 50, seed: 1, ticketUpdatesPerMinute: 3 });

  it('waits out the per-account update limit (429 with Retry-After) as it does the per-ticket one, and the update lands', async () => {
    const waits: number[] = [];
    const sleep = async (ms: number): Promise<void> => {
      waits.push(ms);
      env.sandbox.admin.advanceClock(Math.ceil(ms / 1000));
    };
    const client = clientFor(
      env.base,
      env.http,
      new RefreshingTokens(env.http, publicClient(env.base), await signIn(env.http, publicClient(env.base))),
      sleep,
    );
    const open = (await listTicketsPage(client, { pageSize: 50 })).tickets
      .filter((t) => t.status !== 'closed')
      .map((t) => t.id);
    // Three updates of three tickets spend the account's minute; the fourth, of a fourth ticket, meets the 429.
    for (const id of open.slice(0, 3)) await updateTicket(client, id, { tags: ['spent'] });
    assert.deepEqual(waits, []);
    const updated = await updateTicket(client, open[3], { tags: ['after-the-minute'] });
    assert.deepEqual(updated.tags, ['after-the-minute']);
    assert.equal(waits.length, 1);
    assert.ok(waits[0] >= 1000 && waits[0] <= 60_000, `waited ${waits[0]} ms`);
  });
});
