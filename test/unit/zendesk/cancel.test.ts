// One isCancellation(): every way a cancel reaches the extension reads as one, and nothing else does.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetch as undiciFetch } from 'undici';
import { AccessDeclinedError, NoClientSecretError } from '../../../src/auth/errors';
import { abortError } from '../../../src/auth/redirect/abort';
import { RedirectCancelledError, RedirectTimeoutError, StateMismatchError } from '../../../src/auth/redirect/errors';
import { SendDeclinedError } from '../../../src/requests/sender';
import { CancelledError, isCancellation, NetworkError, ZendeskError } from '../../../src/zendesk/errors';
import { createUndiciTransport } from '../../../src/zendesk/transport';

/** What `run` rejects with once `abort` is called while it waits on a server that never answers. */
async function rejectionWhenAborted(url: string, run: (signal: AbortSignal) => Promise<unknown>): Promise<unknown> {
  const ac = new AbortController();
  const pending = run(ac.signal).then(
    () => assert.fail(`${url} answered`),
    (e: unknown) => e,
  );
  ac.abort();
  return pending;
}

describe('isCancellation: one check for every cancel', () => {
  let server: http.Server;
  let base: string;
  before(async () => {
    // Never answers: only the abort ends a request.
    server = http.createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('the extension’s own: CancelledError and what says "cancelled" by subclassing it', () => {
    for (const e of [
      new CancelledError('stopped'),
      new RedirectCancelledError(),
      new SendDeclinedError(),
      new AccessDeclinedError(['write']),
    ]) {
      assert.equal(isCancellation(e), true, e.name);
      assert.ok(!(e instanceof ZendeskError), `${e.name} is not a failure at Zendesk`);
    }
  });

  it("an AbortController's abort, thrown by the signal itself", () => {
    const ac = new AbortController();
    ac.abort();
    assert.equal(isCancellation(ac.signal.reason), true);
    assert.throws(
      () => ac.signal.throwIfAborted(),
      (e: unknown) => isCancellation(e),
    );
  });

  it("undici's fetch and Node's fetch, aborted mid-request", async () => {
    const fromUndici = await rejectionWhenAborted(base, (signal) => undiciFetch(base, { signal }));
    assert.equal(isCancellation(fromUndici), true, String(fromUndici));
    const fromNode = await rejectionWhenAborted(base, (signal) => fetch(base, { signal }));
    assert.equal(isCancellation(fromNode), true, String(fromNode));
  });

  it("the extension's undici transport, aborted mid-request: a cancel, not a NetworkError", async () => {
    const transport = createUndiciTransport();
    try {
      const e = await rejectionWhenAborted(base, (signal) =>
        transport.send({ method: 'GET', url: `${base}/x`, headers: {}, signal }),
      );
      assert.equal(isCancellation(e), true, String(e));
      assert.ok(!(e instanceof NetworkError));
    } finally {
      await transport.close?.();
    }
  });

  it("VS Code's CancellationError (its name is 'Canceled')", () => {
    // What vscode.CancellationError is at run time: an Error named 'Canceled' (not importable in plain Node).
    class CancellationError extends Error {
      constructor() {
        super('Canceled');
        this.name = 'Canceled';
      }
    }
    assert.equal(isCancellation(new CancellationError()), true);
  });

  it('not a cancellation: failures, a time-out nobody asked for, a missing secret, nothing at all', () => {
    for (const e of [
      new Error('boom'),
      new NetworkError('ECONNRESET'),
      new RedirectTimeoutError(),
      new StateMismatchError(),
      new NoClientSecretError('vscode'),
      AbortSignal.abort(new RedirectTimeoutError()).reason,
      new DOMException('The operation timed out.', 'TimeoutError'),
      'AbortError',
      undefined,
      null,
    ]) {
      assert.equal(isCancellation(e), false, String(e));
    }
  });

  it("a sign-in's wait ends with a cancel for any abort but the time limit, keeping the cancel's own words", () => {
    const newer = new RedirectCancelledError('A newer sign-in replaced this one.');
    assert.equal(abortError(AbortSignal.abort(newer)), newer);
    assert.ok(abortError(AbortSignal.abort()) instanceof RedirectCancelledError);
    assert.ok(abortError(AbortSignal.abort(new RedirectTimeoutError())) instanceof RedirectTimeoutError);
  });
});
