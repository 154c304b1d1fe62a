// The one retry policy, through ZendeskClient over the in-process fake and a fake clock: nothing here sleeps.
import assert from 'node:assert/strict';
import { RateLimitedError, ServerError } from '../../../src/zendesk/errors';
import { ZendeskClient, type RetryNotice } from '../../../src/zendesk/http';
import { FakeTransport, json, type Answer } from './fakeTransport';
import { INTERACTIVE_RETRY_LIMITS } from '../../../src/zendesk/retry';
import { InstantRetryClock } from '../../support/retryClock';

const BASE = 'https://acme.zendesk.com';

const limited = (seconds: number | string): Answer => ({
  status: 429,
  headers: { 'retry-after': String(seconds) },
  body: 'Number of allowed API requests per minute exceeded',
});

function setup(answers: Answer[], o: Partial<ConstructorParameters<typeof ZendeskClient>[0]> = {}) {
  const http = new FakeTransport().answer(...answers);
  const clock = new InstantRetryClock();
  const client = new ZendeskClient({
    baseUrl: BASE,
    transport: http,
    tokens: { getAccessToken: async () => 'at' },
    clock,
    ...o,
  });
  return { http, clock, client };
}

describe('zendesk/retry: the one retry policy of the client', () => {
  it("waits exactly what Retry-After says, then sends again and answers Zendesk's result", async () => {
    const { http, clock, client } = setup([limited(12), json(200, { ok: 1 })]);
    assert.deepEqual(await client.request('GET', '/api/v2/tickets'), { ok: 1 });
    assert.deepEqual(clock.waits, [12_000]);
    assert.equal(http.requests.length, 2);
  });

  it('tells onRetry of each wait (attempt, wait, reason) before waiting, per call and per client', async () => {
    const perClient: RetryNotice[] = [];
    const perCall: RetryNotice[] = [];
    const { clock, client } = setup([limited(12), limited(5), json(200, {})], { onRetry: (n) => perClient.push(n) });
    await client.request('GET', '/api/v2/tickets', {
      onRetry: (n) => {
        // Told before the wait begins, so a caller can show "retrying in 12 s" while it runs.
        assert.equal(clock.waits.length, perCall.length);
        perCall.push(n);
      },
    });
    const expected = [
      { attempt: 1, waitMs: 12_000, reason: 'rate-limited', status: 429, waitSeconds: 12 },
      { attempt: 2, waitMs: 5_000, reason: 'rate-limited', status: 429, waitSeconds: 5 },
    ];
    assert.deepEqual(perCall, expected);
    assert.deepEqual(perClient, expected);
  });

  it('does not begin a wait longer than the cap: the call fails at once with RateLimitedError carrying Retry-After', async () => {
    const { http, clock, client } = setup([limited(61), json(200, {})]);
    await assert.rejects(
      client.request('GET', '/api/v2/tickets'),
      (e: unknown) => e instanceof RateLimitedError && e.retryAfterSeconds === 61,
    );
    assert.deepEqual(clock.waits, []);
    assert.equal(http.requests.length, 1);
  });

  it('stops at the total cap: no wait that would take the call past it', async () => {
    // 50 + 50 = 100 s fit in the default 120 s; a third 50 s would not.
    const { http, clock, client } = setup([limited(50), limited(50), limited(50), json(200, {})]);
    await assert.rejects(
      client.request('GET', '/api/v2/tickets'),
      (e: unknown) => e instanceof RateLimitedError && e.retryAfterSeconds === 50,
    );
    assert.deepEqual(clock.waits, [50_000, 50_000]);
    assert.equal(http.requests.length, 3);
  });

  it('stops after maxRetries even when every wait is short', async () => {
    const { http, clock, client } = setup([limited(1), limited(1), limited(1), limited(1), json(200, {})]);
    await assert.rejects(client.request('GET', '/api/v2/tickets'), RateLimitedError);
    assert.deepEqual(clock.waits, [1000, 1000, 1000]);
    assert.equal(http.requests.length, 4);
  });

  it('cancelled during a wait: rejects with the reason at once and sends nothing more', async () => {
    const { http, clock, client } = setup([limited(30), json(200, {})]);
    clock.hold = true;
    const ac = new AbortController();
    const p = client.request('GET', '/api/v2/tickets', {
      signal: ac.signal,
      onRetry: () => queueMicrotask(() => ac.abort(new Error('cancelled by the user'))),
    });
    await assert.rejects(p, /cancelled by the user/);
    assert.deepEqual(clock.waits, [30_000]);
    assert.equal(http.requests.length, 1);
  });

  it('waits out a 503 with Retry-After on a read; a 503 without it is final', async () => {
    const s = setup([{ status: 503, headers: { 'retry-after': '4' }, body: '' }, json(200, { ok: 1 })]);
    const notices: RetryNotice[] = [];
    assert.deepEqual(await s.client.request('GET', '/api/v2/tickets', { onRetry: (n) => notices.push(n) }), { ok: 1 });
    assert.deepEqual(s.clock.waits, [4000]);
    assert.equal(notices[0].reason, 'unavailable');

    const m = setup([{ status: 503, body: 'maintenance' }, json(200, {})]);
    await assert.rejects(m.client.request('GET', '/api/v2/tickets'), ServerError);
    assert.equal(m.http.requests.length, 1);
  });

  it('retries a write after a 429 (not applied), but not after a 503 (it may have landed)', async () => {
    const w = setup([limited(3), json(201, { ticket: { id: 9 } })]);
    assert.deepEqual(await w.client.request('POST', '/api/v2/tickets', { body: { ticket: {} } }), {
      ticket: { id: 9 },
    });
    assert.equal(w.http.requests.length, 2);

    const u = setup([{ status: 503, headers: { 'retry-after': '3' }, body: '' }, json(201, {})]);
    await assert.rejects(
      u.client.request('POST', '/api/v2/tickets', { body: { ticket: {} } }),
      (e: unknown) => e instanceof ServerError && e.retryAfterSeconds === 3,
    );
    assert.equal(u.http.requests.length, 1);
    assert.deepEqual(u.clock.waits, []);
  });

  it('withRetry: a caller that shows the wait may sit through a longer one, and is told of it', async () => {
    const { clock, client } = setup([limited(600), json(200, { ok: 1 })]);
    const told: RetryNotice[] = [];
    const patient = client.withRetry({ onRetry: (n) => told.push(n), maxRetryWaitSeconds: 900 });
    assert.deepEqual(await patient.request('GET', '/api/v2/tickets'), { ok: 1 });
    assert.deepEqual(clock.waits, [600_000]);
    assert.deepEqual(
      told.map((n) => n.waitMs),
      [600_000],
    );
    // The client it came from keeps the silent default.
    const again = setup([limited(600)]);
    await assert.rejects(again.client.request('GET', '/api/v2/tickets'), RateLimitedError);
  });

  it('the interactive policy (the ticket tab’s submit) sits through Zendesk’s per-ticket wait of 600 s, not longer', async () => {
    const { clock, client } = setup([limited(600), json(200, { ok: 1 })]);
    assert.deepEqual(await client.withRetry({ interactive: true }).request('GET', '/api/v2/tickets'), { ok: 1 });
    assert.deepEqual(clock.waits, [INTERACTIVE_RETRY_LIMITS.maxWaitSeconds * 1000]);
    const longer = setup([limited(601)]);
    await assert.rejects(
      longer.client.withRetry({ interactive: true }).request('GET', '/api/v2/tickets'),
      RateLimitedError,
    );
    assert.deepEqual(longer.clock.waits, []);
  });

  it('withRetry shares the in-flight cap of the client it came from', async () => {
    let inFlight = 0;
    let peak = 0;
    const release: (() => void)[] = [];
    const transport = {
      async send() {
        peak = Math.max(peak, ++inFlight);
        await new Promise<void>((r) => release.push(r));
        inFlight--;
        return { status: 200, headers: {}, body: '{}' };
      },
    };
    const client = new ZendeskClient({
      baseUrl: BASE,
      transport,
      tokens: { getAccessToken: async () => 'at' },
      maxInFlight: 1,
    });
    const derived = client.withRetry({ onRetry: () => undefined });
    const all = Promise.all([client.request('GET', '/api/v2/a'), derived.request('GET', '/api/v2/b')]);
    for (let i = 0; i < 2; i++) {
      while (!release.length) await new Promise((r) => setImmediate(r));
      release.shift()?.();
    }
    await all;
    assert.equal(peak, 1);
  });
});
