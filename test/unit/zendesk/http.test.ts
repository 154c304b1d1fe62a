// ZendeskClient against the in-process fake: headers, host pinning, retries, the in-flight cap, error mapping.
import assert from 'node:assert/strict';
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  HostNotAllowedError,
  InvalidTokenError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  ScopeMissingError,
  ServerError,
  ValidationError,
} from '../../../src/zendesk/errors';
import { ZendeskClient, type TokenSource } from '../../../src/zendesk/http';
import type { HttpRequest, HttpResponse, HttpTransport } from '../../../src/zendesk/transport';
import { FakeTransport, json, type Answer } from './fakeTransport';

const BASE = 'https://acme.zendesk.com';

class FakeTokens implements TokenSource {
  readonly calls: { forceRefresh?: boolean; rejected?: string }[] = [];
  constructor(private readonly tokens: string[] = ['at-1', 'at-2', 'at-3']) {}
  async getAccessToken(opts: { forceRefresh?: boolean; rejected?: string } = {}): Promise<string> {
    this.calls.push(opts);
    return this.tokens[Math.min(this.calls.length - 1, this.tokens.length - 1)];
  }
}

function setup(answers: Answer[] = [], o: { maxRetries?: number; maxInFlight?: number } = {}) {
  const http = new FakeTransport().answer(...answers);
  const tokens = new FakeTokens();
  const waits: number[] = [];
  const lines: string[] = [];
  const push = (m: string): void => {
    lines.push(m);
  };
  const client = new ZendeskClient({
    baseUrl: `${BASE}/`,
    transport: http,
    tokens,
    ...o,
    log: { trace: push, debug: push, info: push, warn: push, error: push },
    clock: {
      now: () => Date.now(),
      sleep: async (ms) => {
        waits.push(ms);
      },
    },
  });
  return { http, tokens, waits, lines, client };
}

describe('zendesk/http ZendeskClient', () => {
  it('sends the bearer token, Accept, and JSON with Content-Type', async () => {
    const { http, client } = setup([json(200, { ticket: { id: 1 } })]);
    const res = await client.request<{ ticket: { id: number } }>('PUT', '/api/v2/tickets/1', {
      body: { ticket: { status: 'open' } },
      query: { a: 1, b: undefined },
    });
    assert.deepEqual(res, { ticket: { id: 1 } });
    const req = http.requests[0];
    assert.equal(req.url, `${BASE}/api/v2/tickets/1?a=1`);
    assert.deepEqual(req.headers, {
      authorization: 'Bearer at-1',
      accept: 'application/json',
      'content-type': 'application/json',
    });
    assert.equal(req.body, '{"ticket":{"status":"open"}}');
  });

  it('sends no Content-Type or body on a GET', async () => {
    const { http, client } = setup([json(200, {})]);
    await client.request('GET', '/api/v2/users/me');
    assert.deepEqual(http.requests[0].headers, { authorization: 'Bearer at-1', accept: 'application/json' });
    assert.equal(http.requests[0].body, undefined);
  });

  it('resolves an empty 204 as undefined', async () => {
    const { client } = setup([{ status: 204 }]);
    assert.equal(await client.request('DELETE', '/api/v2/tickets/1'), undefined);
  });

  it('follows an absolute next-page URL on the account host', async () => {
    const { http, client } = setup([json(200, {})]);
    await client.request('GET', `${BASE}/api/v2/tickets.json?page%5Bafter%5D=xyz`);
    assert.equal(http.requests[0].url, `${BASE}/api/v2/tickets.json?page%5Bafter%5D=xyz`);
  });

  it('adds query parameters to a next-page URL, replacing one of the same name; with none to add it is sent as given', async () => {
    const { http, client } = setup([json(200, {}), json(200, {})]);
    await client.request('GET', `${BASE}/api/v2/tickets.json?page%5Bafter%5D=xyz&page%5Bsize%5D=25`, {
      query: { 'page[size]': 100, sort: undefined },
    });
    assert.equal(http.requests[0].url, `${BASE}/api/v2/tickets.json?page%5Bafter%5D=xyz&page%5Bsize%5D=100`);
    await client.request('GET', `${BASE}/api/v2/search.json?query=a b&page=2`, { query: { sort: undefined } });
    assert.equal(http.requests[1].url, `${BASE}/api/v2/search.json?query=a%20b&page=2`);
  });

  it('a query value cannot change where the request and its token go', async () => {
    const { http, client } = setup([json(200, {})]);
    const value = 'a&b=c#frag @evil.com/x?y=1';
    await client.request('GET', '/api/v2/search', { query: { query: value } });
    const sent = new URL(http.requests[0].url);
    assert.equal(sent.origin, BASE);
    assert.equal(sent.pathname, '/api/v2/search');
    assert.equal(sent.hash, '');
    assert.deepEqual([...sent.searchParams], [['query', value]]);
  });

  it('an error names the path of its own request, also while another is in flight', async () => {
    // Each request waits until the test answers it, so the two are on the wire at once.
    const answer = new Map<string, (res: HttpResponse) => void>();
    const transport: HttpTransport = {
      send: (req) => new Promise((resolve) => answer.set(new URL(req.url).pathname, resolve)),
    };
    const client = new ZendeskClient({ baseUrl: BASE, transport, tokens: new FakeTokens() });
    const a = client.request('GET', '/api/v2/a');
    const b = client.request('GET', '/api/v2/b');
    while (answer.size < 2) await new Promise((r) => setImmediate(r));
    const notFound = { status: 404, headers: {}, body: '{"error":"RecordNotFound","description":"Not found"}' };
    answer.get('/api/v2/b')!(notFound);
    await assert.rejects(b, (e: unknown) => e instanceof NotFoundError && e.message.startsWith('GET /api/v2/b:'));
    answer.get('/api/v2/a')!(notFound);
    await assert.rejects(a, (e: unknown) => e instanceof NotFoundError && e.message.startsWith('GET /api/v2/a:'));
  });

  for (const url of [
    'https://evil.com/api/v2/tickets',
    `${BASE}@evil.com/x`,
    'http://acme.zendesk.com/api/v2',
    '//evil.com/api/v2',
  ]) {
    it(`refuses to send the token to ${url}`, async () => {
      const { http, tokens, client } = setup();
      await assert.rejects(client.request('GET', url), HostNotAllowedError);
      assert.equal(http.requests.length, 0);
      assert.equal(tokens.calls.length, 0, 'the token is not even fetched');
    });
  }

  it('on 401 forces one refresh, naming the rejected token, and retries once', async () => {
    const { http, tokens, client } = setup([json(401, { error: 'invalid_token' }), json(200, { ok: true })]);
    assert.deepEqual(await client.request('GET', '/api/v2/users/me'), { ok: true });
    assert.deepEqual(tokens.calls, [{}, { forceRefresh: true, rejected: 'at-1' }]);
    assert.deepEqual(
      http.requests.map((r) => r.headers?.authorization),
      ['Bearer at-1', 'Bearer at-2'],
    );
  });

  it('gives InvalidTokenError when the refreshed token gets a 401 too', async () => {
    const body = {
      error: 'invalid_token',
      error_description: 'The access token provided is expired, revoked, malformed or invalid for other reasons.',
    };
    const { http, tokens, client } = setup([json(401, body), json(401, body), json(200, {})]);
    await assert.rejects(
      client.request('GET', '/api/v2/users/me'),
      (e: unknown) => e instanceof InvalidTokenError && /expired, revoked/.test(e.message),
    );
    assert.equal(http.requests.length, 2);
    assert.equal(tokens.calls.length, 2);
  });

  it('waits Retry-After on 429 and retries', async () => {
    const limited = {
      status: 429,
      headers: { 'retry-after': '7' },
      body: 'Number of allowed API requests per minute exceeded',
    };
    const { http, waits, client } = setup([limited, limited, json(200, { ok: 1 })]);
    assert.deepEqual(await client.request('GET', '/api/v2/tickets'), { ok: 1 });
    assert.deepEqual(waits, [7000, 7000]);
    assert.equal(http.requests.length, 3);
  });

  it('waits the default 10 s on a 429 without Retry-After', async () => {
    const { waits, client } = setup([{ status: 429, body: '' }, json(200, {})]);
    await client.request('GET', '/api/v2/tickets');
    assert.deepEqual(waits, [10_000]);
  });

  it('gives RateLimitedError after maxRetries', async () => {
    const limited = { status: 429, headers: { 'retry-after': '2' }, body: 'slow down' };
    const { http, waits, client } = setup([limited, limited, limited], { maxRetries: 2 });
    await assert.rejects(
      client.request('GET', '/api/v2/tickets'),
      (e: unknown) => e instanceof RateLimitedError && e.retryAfterSeconds === 2 && /slow down/.test(e.message),
    );
    assert.equal(http.requests.length, 3);
    assert.deepEqual(waits, [2000, 2000]);
  });

  it('does not sit through a Retry-After longer than 60 s', async () => {
    const { http, waits, client } = setup([{ status: 429, headers: { 'retry-after': '3600' }, body: '' }]);
    await assert.rejects(
      client.request('GET', '/api/v2/tickets'),
      (e: unknown) => e instanceof RateLimitedError && e.retryAfterSeconds === 3600,
    );
    assert.deepEqual(waits, []);
    assert.equal(http.requests.length, 1);
  });

  it('retries a 503 with Retry-After, but not a 503 without it or a 500', async () => {
    const s = setup([{ status: 503, headers: { 'retry-after': '1' }, body: '' }, json(200, { ok: 2 })]);
    assert.deepEqual(await s.client.request('GET', '/api/v2/tickets'), { ok: 2 });
    assert.deepEqual(s.waits, [1000]);

    const m = setup([{ status: 503, body: 'maintenance' }, json(200, {})]);
    await assert.rejects(
      m.client.request('GET', '/api/v2/tickets'),
      (e: unknown) => e instanceof ServerError && e.status === 503 && e.retryAfterSeconds === undefined,
    );
    assert.equal(m.http.requests.length, 1);

    const f = setup([json(500, { error: 'InternalServerError', description: 'Something went wrong' }), json(200, {})]);
    await assert.rejects(
      f.client.request('GET', '/api/v2/tickets'),
      (e: unknown) => e instanceof ServerError && e.status === 500,
    );
    assert.equal(f.http.requests.length, 1);
  });

  it('reads Retry-After given as an HTTP date', async () => {
    const when = new Date(Date.now() + 5_000).toUTCString();
    const { waits, client } = setup([{ status: 429, headers: { 'retry-after': when }, body: '' }, json(200, {})]);
    await client.request('GET', '/api/v2/tickets');
    assert.ok(waits[0] >= 4000 && waits[0] <= 6000, `waited ${waits[0]} ms`);
  });

  const mapped: [string, Answer, (e: unknown) => boolean][] = [
    [
      '403 missing scopes → ScopeMissingError',
      json(403, { error: 'Forbidden', description: 'You are missing the following required scopes: read' }),
      (e) => e instanceof ScopeMissingError && JSON.stringify(e.missing) === '["read"]',
    ],
    [
      '403 missing several scopes',
      json(403, {
        error: 'Forbidden',
        description: 'You are missing the following required scopes: tickets:read, users:write.',
      }),
      (e) => e instanceof ScopeMissingError && JSON.stringify(e.missing) === '["tickets:read","users:write"]',
    ],
    [
      '403 role → ForbiddenError',
      json(403, { error: { title: 'Forbidden', message: 'You do not have access to this page.' } }),
      (e) => e instanceof ForbiddenError && /Forbidden: You do not have access/.test(e.message),
    ],
    [
      '404 → NotFoundError',
      json(404, { error: 'RecordNotFound', description: 'Not found' }),
      (e) => e instanceof NotFoundError && /RecordNotFound: Not found/.test(e.message),
    ],
    [
      '409 → ConflictError',
      json(409, { error: 'UpdateConflict', description: 'changed meanwhile' }),
      (e) => e instanceof ConflictError,
    ],
    [
      '422 → ValidationError with details',
      json(422, {
        error: 'RecordInvalid',
        description: 'Record validation errors',
        details: { status: [{ description: 'Status: closed prevents ticket update', error: 'InvalidValue' }] },
      }),
      (e) => e instanceof ValidationError && JSON.stringify(e.details).includes('closed prevents'),
    ],
    [
      '400 errors[] → BadRequestError',
      json(400, { errors: [{ code: 'InvalidPaginationDepth', title: 'Too deep' }] }),
      (e) => e instanceof BadRequestError && e.status === 400 && /InvalidPaginationDepth: Too deep/.test(e.message),
    ],
    [
      '405 text → BadRequestError',
      { status: 405, body: '<html><body>Method Not Allowed</body></html>' },
      (e) => e instanceof BadRequestError && /Method Not Allowed/.test(e.message),
    ],
    [
      '200 cut JSON → NetworkError',
      { status: 200, body: '{"tickets":[{"id":1' },
      (e) => e instanceof NetworkError && /not valid JSON/.test(e.message),
    ],
    ['transport NetworkError passes through', new NetworkError('ECONNRESET'), (e) => e instanceof NetworkError],
  ];
  for (const [name, answer, check] of mapped) {
    it(name, async () => {
      const { client } = setup([answer]);
      await assert.rejects(client.request('GET', '/api/v2/tickets/1'), check);
    });
  }

  it('caps requests in flight and passes slots on in order', async () => {
    let inFlight = 0;
    let peak = 0;
    const release: (() => void)[] = [];
    const transport = {
      requests: [] as HttpRequest[],
      async send(req: HttpRequest) {
        this.requests.push(req);
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise<void>((r) => release.push(r));
        inFlight--;
        return { status: 200, headers: {}, body: '{}' };
      },
    };
    const client = new ZendeskClient({ baseUrl: BASE, transport, tokens: new FakeTokens(), maxInFlight: 2 });
    const all = Promise.all(Array.from({ length: 5 }, (_, i) => client.request('GET', `/api/v2/tickets/${i + 1}`)));
    for (let n = 0; n < 5; n++) {
      await new Promise((r) => setImmediate(r));
      assert.ok(inFlight <= 2);
      release.shift()?.();
    }
    await all;
    assert.equal(peak, 2);
    assert.deepEqual(
      transport.requests.map((r) => r.url.split('/').pop()),
      ['1', '2', '3', '4', '5'],
    );
  });

  it("stops waiting for a retry when cancelled, with the signal's reason", async () => {
    const ac = new AbortController();
    const http = new FakeTransport().answer({ status: 429, headers: { 'retry-after': '30' }, body: '' });
    const client = new ZendeskClient({ baseUrl: BASE, transport: http, tokens: new FakeTokens() }); // the real sleep
    const p = client.request('GET', '/api/v2/tickets', { signal: ac.signal });
    setTimeout(() => ac.abort(new Error('cancelled by the user')), 10);
    await assert.rejects(p, /cancelled by the user/);
    assert.equal(http.requests.length, 1);
  });

  it('stops waiting for a slot when cancelled, and the slot still passes on', async () => {
    let release: (() => void) | undefined;
    const transport = {
      async send() {
        await new Promise<void>((r) => {
          release = r;
        });
        return { status: 200, headers: {}, body: '{"n":1}' };
      },
    };
    const client = new ZendeskClient({ baseUrl: BASE, transport, tokens: new FakeTokens(), maxInFlight: 1 });
    const first = client.request('GET', '/api/v2/tickets/1');
    const ac = new AbortController();
    const second = client.request('GET', '/api/v2/tickets/2', { signal: ac.signal });
    await new Promise((r) => setImmediate(r));
    ac.abort(new Error('gave up'));
    await assert.rejects(second, /gave up/);
    release?.();
    assert.deepEqual(await first, { n: 1 });
    const third = client.request('GET', '/api/v2/tickets/3');
    await new Promise((r) => setImmediate(r));
    release?.();
    assert.deepEqual(await third, { n: 1 });
  });

  it('logs method, path and status, never the token', async () => {
    const { lines, client } = setup([json(401, { error: 'invalid_token' }), json(200, {})]);
    await client.request('GET', '/api/v2/users/me', { query: { include: 'roles' } });
    assert.ok(lines.length >= 2);
    for (const line of lines) assert.ok(!/at-1|at-2|Bearer/.test(line), line);
    assert.ok(lines.some((l) => l.startsWith('GET /api/v2/users/me → 200')));
  });
});
