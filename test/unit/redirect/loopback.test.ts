import assert from 'node:assert/strict';
import * as net from 'node:net';
import {
  AuthorizationDeniedError,
  PortInUseError,
  RedirectCancelledError,
  RedirectTimeoutError,
  StateMismatchError,
} from '../../../src/auth/redirect/errors';
import { LoopbackStrategy } from '../../../src/auth/redirect/loopback';
import type { PendingRedirect } from '../../../src/auth/redirect/types';
import { captureLog, context, FakeHost, STATE } from './fakeHost';

/** A port that was free a moment ago. */
async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as net.AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

async function refused(url: string): Promise<boolean> {
  try {
    await fetch(url);
    return false;
  } catch {
    return true;
  }
}

describe('redirect: loopback', () => {
  const pendings: PendingRedirect[] = [];
  afterEach(() => pendings.splice(0).forEach((p) => p.dispose()));

  async function start(host = new FakeHost(), overrides = {}) {
    const ctx = context(host, overrides);
    const pending = await new LoopbackStrategy().start(ctx);
    pendings.push(pending);
    return { ctx, pending, url: pending.redirectUri };
  }

  it('delivers the code, says signed in, and closes the server', async () => {
    const log = captureLog();
    const { pending, url } = await start(new FakeHost(), { log });
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    assert.equal(pending.stateParam, STATE);
    assert.equal(pending.registrationNote, undefined);
    const res = await fetch(`${url}?code=abc123&state=${STATE}`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    const page = await res.text();
    assert.match(page, /Signed in to Zendesk/);
    assert.match(page, /return to VS Code/);
    assert.match(page, /href="vscode:\/\/zendesk-vscode\.zendesk-vscode\/"/);
    assert.deepEqual(await pending.wait(), { code: 'abc123' });
    assert.ok(await refused(url), 'the server is closed after one callback');
    assert.ok(log.lines.every((l) => !l.includes('abc123') && !l.includes(STATE)));
  });

  it('binds 127.0.0.1 only', async () => {
    const { url } = await start();
    const port = Number(new URL(url).port);
    // Not on another loopback address of this machine: the listener is not on all interfaces.
    assert.ok(await refused(`http://127.0.0.2:${port}/callback`));
    assert.equal((await fetch(`http://127.0.0.1:${port}/nothing`)).status, 404);
  });

  it('refuses a wrong state with 400 and never delivers the code', async () => {
    const log = captureLog();
    const { pending, url } = await start(new FakeHost(), { log });
    const waited = pending.wait();
    const res = await fetch(`${url}?code=stolen&state=not-this-one`);
    assert.equal(res.status, 400);
    const page = await res.text();
    assert.match(page, /Sign-in failed/);
    assert.ok(!page.includes('stolen'));
    await assert.rejects(waited, StateMismatchError);
    assert.ok(await refused(url));
    assert.ok(log.lines.every((l) => !l.includes('stolen') && !l.includes('not-this-one')));
  });

  it('reports error=access_denied with the description escaped on the page', async () => {
    const { pending, url } = await start();
    const description = `<script>alert("x")</script> & 'quotes'`;
    const res = await fetch(`${url}?error=access_denied&error_description=${encodeURIComponent(description)}&state=${STATE}`);
    assert.equal(res.status, 400);
    const page = await res.text();
    assert.ok(!page.includes('<script>'), 'no markup from the query reaches the page');
    assert.match(page, /&#60;script&#62;alert\(&#34;x&#34;\)&#60;\/script&#62; &#38; &#39;quotes&#39;/);
    const err = await pending.wait().then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof AuthorizationDeniedError);
    assert.equal(err.error, 'access_denied');
    assert.equal(err.description, description);
  });

  it('answers other paths with 404 and keeps waiting', async () => {
    const { pending, url } = await start();
    const base = new URL(url).origin;
    assert.equal((await fetch(`${base}/favicon.ico`)).status, 404);
    assert.equal((await fetch(`${base}/callback/extra?code=x&state=${STATE}`)).status, 404);
    assert.equal((await fetch(url, { method: 'POST' })).status, 405);
    assert.equal((await fetch(`${url}?code=late&state=${STATE}`)).status, 200);
    assert.deepEqual(await pending.wait(), { code: 'late' });
  });

  it('closes the server and rejects with RedirectCancelledError on cancel', async () => {
    const { ctx, pending, url } = await start();
    const waited = pending.wait();
    ctx.controller.abort();
    await assert.rejects(waited, RedirectCancelledError);
    assert.ok(await refused(url));
  });

  it('rejects with RedirectTimeoutError when aborted for the timeout', async () => {
    const { ctx, pending } = await start();
    ctx.controller.abort(new RedirectTimeoutError());
    await assert.rejects(pending.wait(), RedirectTimeoutError);
  });

  it('does not start when already aborted', async () => {
    const ctx = context(new FakeHost());
    ctx.controller.abort();
    await assert.rejects(new LoopbackStrategy().start(ctx), RedirectCancelledError);
  });

  it('dispose closes the server, rejects wait() and is idempotent', async () => {
    const { pending, url } = await start();
    pending.dispose();
    pending.dispose();
    await assert.rejects(pending.wait(), RedirectCancelledError);
    assert.ok(await refused(url));
  });

  it('names the setting when the port is busy', async () => {
    const other = net.createServer();
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    const { port } = other.address() as net.AddressInfo;
    try {
      const err = await new LoopbackStrategy().start(context(new FakeHost(), { config: { loopbackPort: port } })).then(() => undefined, (e: unknown) => e);
      assert.ok(err instanceof PortInUseError);
      assert.equal(err.port, port);
      assert.match(err.message, /zendesk\.oauth\.loopbackPort/);
    } finally {
      other.close();
    }
  });

  it('a second sign-in on the same port replaces the first', async () => {
    const port = await freePort();
    const first = await start(new FakeHost(), { config: { loopbackPort: port } });
    const firstWait = first.pending.wait();
    const second = await start(new FakeHost(), { config: { loopbackPort: port } });
    await assert.rejects(firstWait, RedirectCancelledError);
    assert.equal(second.url, `http://127.0.0.1:${port}/callback`);
    assert.equal((await fetch(`${second.url}?code=two&state=${STATE}`)).status, 200);
    assert.deepEqual(await second.pending.wait(), { code: 'two' });
  });

  it('uses what asExternalUri returns as redirectUri, with a note to register it', async () => {
    const host = new FakeHost((uri) => uri.replace(/^http:\/\/127\.0\.0\.1:(\d+)\//, 'https://code.example.com/proxy/$1/'));
    const { pending } = await start(host);
    assert.equal(host.externalRequests.length, 1);
    const port = new URL(host.externalRequests[0]).port;
    assert.equal(pending.redirectUri, `https://code.example.com/proxy/${port}/callback`);
    assert.match(pending.registrationNote ?? '', /register exactly this URL/);
    assert.ok(pending.registrationNote?.includes(pending.redirectUri));
  });

  it('closes the server when asExternalUri fails', async () => {
    const port = await freePort();
    const host = new FakeHost(() => {
      throw new Error('no forwarding');
    });
    await assert.rejects(new LoopbackStrategy().start(context(host, { config: { loopbackPort: port } })), /no forwarding/);
    assert.ok(await refused(`http://127.0.0.1:${port}/callback`));
  });
});
