import assert from 'node:assert/strict';
import * as net from 'node:net';
import {
  AuthorizationDeniedError,
  PortInUseError,
  RedirectCancelledError,
  RedirectTimeoutError,
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

interface RawResponse {
  statusLine: string;
  status: number;
  headers: string;
  body: string;
}

/** Sends hand-written bytes and reads until the server closes: what a browser, or anything else, might send. */
function raw(port: number, bytes: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(Buffer.from(bytes, 'latin1')));
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    // The server may close while a large request is still being written.
    socket.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'ECONNRESET' && e.code !== 'EPIPE') reject(e);
    });
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const head = split < 0 ? text : text.slice(0, split);
      const statusLine = head.split('\r\n')[0];
      resolve({
        statusLine,
        status: Number(/^HTTP\/1\.1 (\d{3}) /.exec(statusLine)?.[1] ?? 0),
        headers: head,
        body: split < 0 ? '' : text.slice(split + 4),
      });
    });
    socket.setTimeout(5000, () => socket.destroy(new Error(`no answer to ${JSON.stringify(bytes.slice(0, 40))}`)));
  });
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

  it('in browser-based VS Code, the page says to close the tab instead of linking to the desktop app', async () => {
    const host = Object.assign(new FakeHost(), { inBrowser: true });
    const { url } = await start(host);
    const page = await (await fetch(`${url}?code=abc123&state=${STATE}`)).text();
    assert.match(page, /Signed in to Zendesk/);
    assert.match(page, /VS Code runs in another tab of this browser: close this tab to return to it\./);
    assert.ok(!page.includes('href'), 'no link to vscode:// that leads nowhere in a browser');
  });

  it('binds 127.0.0.1 only', async () => {
    const { url } = await start();
    const port = Number(new URL(url).port);
    // Not on another loopback address of this machine: the listener is not on all interfaces.
    assert.ok(await refused(`http://127.0.0.2:${port}/callback`));
    assert.equal((await fetch(`http://127.0.0.1:${port}/nothing`)).status, 404);
  });

  // Any web page the user has open can make the browser request http://127.0.0.1:PORT/callback: none of
  // these may end the sign-in, and the real callback after them must still complete it.
  const lastCharacterChanged = `${STATE.slice(0, -1)}${STATE.endsWith('0') ? '1' : '0'}`;
  const forged: Array<[string, string]> = [
    ['no state', 'code=forged'],
    ['a wrong state', 'code=forged&state=not-this-one'],
    ['an empty state', 'code=forged&state='],
    ['the state but for its last character', `code=forged&state=${lastCharacterChanged}`],
    ['the state as a prefix', `code=forged&state=${STATE.slice(0, -1)}`],
    ['the state with more after it', `code=forged&state=${STATE}x`],
    ['no state, with an error to show', `error=access_denied&error_description=${encodeURIComponent('<b>forged</b>')}`],
    ['a wrong state, with an error to show', `error=access_denied&error_description=forged&state=nope`],
  ];
  for (const [name, query] of forged) {
    it(`answers a callback with ${name} with a 400 page, ignores it and keeps waiting for the real one`, async () => {
      const log = captureLog();
      const { pending, url } = await start(new FakeHost(), { log });
      let settled = false;
      const waited = pending.wait().finally(() => {
        settled = true;
      });
      const port = Number(new URL(url).port);
      const res = await raw(port, `GET /callback?${query} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
      assert.equal(res.status, 400);
      assert.match(res.headers, /content-type: text\/html/i);
      assert.match(res.body, /Sign-in failed: this response is not for the current sign-in/);
      assert.match(res.body, /VS Code is still waiting/);
      assert.ok(!res.body.includes('forged'), 'nothing from the forged request reaches the page');
      await new Promise((r) => setTimeout(r, 20));
      assert.equal(settled, false, 'the forged callback ended the sign-in');
      const real = await fetch(`${url}?code=real-code&state=${STATE}`);
      assert.equal(real.status, 200);
      assert.deepEqual(await waited, { code: 'real-code' });
      assert.ok(await refused(url));
      assert.ok(
        log.lines.every((l) => !l.includes('forged') && !l.includes('real-code') && !l.includes(STATE.slice(3, -3))),
      );
    });
  }

  it('survives many forged callbacks in a row and still completes', async () => {
    const { pending, url } = await start();
    for (let i = 0; i < 20; i++) assert.equal((await fetch(`${url}?code=forged${i}&state=guess${i}`)).status, 400);
    assert.equal((await fetch(`${url}?code=real&state=${STATE}`)).status, 200);
    assert.deepEqual(await pending.wait(), { code: 'real' });
  });

  it('still times out or cancels after a forged callback', async () => {
    const { ctx, pending, url } = await start();
    assert.equal((await fetch(`${url}?code=forged`)).status, 400);
    ctx.controller.abort(new RedirectTimeoutError());
    await assert.rejects(pending.wait(), RedirectTimeoutError);
    assert.ok(await refused(url));
  });

  describe('malformed requests: 400, nothing thrown, the server keeps serving', () => {
    const uncaught: unknown[] = [];
    const record = (e: unknown) => uncaught.push(e);
    beforeEach(() => {
      uncaught.length = 0;
      process.on('uncaughtException', record);
    });
    afterEach(() => {
      process.off('uncaughtException', record);
    });

    const host = 'Host: 127.0.0.1\r\n';
    const malformed: Array<[string, string]> = [
      ['garbage instead of a request line', 'GARBAGE\r\n\r\n'],
      ['a method alone', 'GET\r\n\r\n'],
      ['binary bytes', '\x00\x01\x02\xff\r\n\r\n'],
      ['a request line with extra words', `GET /callback HTTP/1.1 extra\r\n${host}\r\n`],
      ['an unknown HTTP version', `GET /callback HTTP/9.9\r\n${host}\r\n`],
      ['a scheme-relative target with a bad port', `GET //x:99999 HTTP/1.1\r\n${host}\r\n`],
      ['a target of two slashes', `GET // HTTP/1.1\r\n${host}\r\n`],
      ['an absolute URL that does not parse', `GET http://[ HTTP/1.1\r\n${host}\r\n`],
      ['an absolute URL with a bad port', `GET http://127.0.0.1:99999/callback HTTP/1.1\r\n${host}\r\n`],
      [
        'an absolute URL naming the callback',
        `GET http://127.0.0.1/callback?code=x&state=${STATE} HTTP/1.1\r\n${host}\r\n`,
      ],
      ['an asterisk target', `GET * HTTP/1.1\r\n${host}\r\n`],
      ['a header name with a control character', `GET /callback HTTP/1.1\r\n${host}X\x01: y\r\n\r\n`],
      ['a header of 64 KB', `GET /callback HTTP/1.1\r\n${host}X-Big: ${'a'.repeat(65_536)}\r\n\r\n`],
      ['10,000 headers', `GET /callback HTTP/1.1\r\n${host}${'X-A: b\r\n'.repeat(10_000)}\r\n`],
      [
        'two Content-Length headers that disagree',
        `GET /callback HTTP/1.1\r\n${host}Content-Length: 1\r\nContent-Length: 2\r\n\r\nab`,
      ],
      ['a Content-Length that is not a number', `GET /callback HTTP/1.1\r\n${host}Content-Length: abc\r\n\r\n`],
      ['no Host header', 'GET /callback HTTP/1.1\r\n\r\n'],
    ];
    for (const [name, bytes] of malformed) {
      it(`${name}`, async () => {
        const { pending, url } = await start();
        const port = Number(new URL(url).port);
        const res = await raw(port, bytes);
        assert.equal(res.status, 400, `answered ${res.statusLine || '(nothing)'}`);
        assert.equal(
          (await fetch(`${url}?code=after&state=${STATE}`)).status,
          200,
          'the server still serves the real callback',
        );
        assert.deepEqual(await pending.wait(), { code: 'after' });
        assert.deepEqual(uncaught, []);
      });
    }
  });

  it('reports error=access_denied with the description escaped on the page', async () => {
    const { pending, url } = await start();
    const description = `<script>alert("x")</script> & 'quotes'`;
    const res = await fetch(
      `${url}?error=access_denied&error_description=${encodeURIComponent(description)}&state=${STATE}`,
    );
    assert.equal(res.status, 400);
    const page = await res.text();
    assert.ok(!page.includes('<script>'), 'no markup from the query reaches the page');
    assert.match(page, /&#60;script&#62;alert\(&#34;x&#34;\)&#60;\/script&#62; &#38; &#39;quotes&#39;/);
    const err = await pending.wait().then(
      () => undefined,
      (e: unknown) => e,
    );
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
      const err = await new LoopbackStrategy().start(context(new FakeHost(), { config: { loopbackPort: port } })).then(
        () => undefined,
        (e: unknown) => e,
      );
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
    const host = new FakeHost((uri) =>
      uri.replace(/^http:\/\/127\.0\.0\.1:(\d+)\//, 'https://code.example.com/proxy/$1/'),
    );
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
    await assert.rejects(
      new LoopbackStrategy().start(context(host, { config: { loopbackPort: port } })),
      /no forwarding/,
    );
    assert.ok(await refused(`http://127.0.0.1:${port}/callback`));
  });
});
