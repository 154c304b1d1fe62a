// The lending channel under misuse: the wrong secret, bad JSON, a huge message, a client that never finishes or
// never reads. Each is refused or cut off, and the next well-formed request is still answered.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { LendServer, type LendHandler } from '../../../src/lend/ipcServer';
import { requestToken, requestConfirm } from '../../../src/lend/ipcClient';
import { MAX_REQUEST_BYTES, SECRET_HEADER, type TokenRequest } from '../../../src/lend/protocol';
import { until } from '../../support/wait';
import { RecordingLog } from './recordingLog';

const TOKEN = 'lent-access-token-0123456789';

/** Sends raw bytes on a new connection and resolves with everything the server wrote until it closed. */
function raw(handle: string, bytes: string | Buffer, o: { end?: boolean } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const s = net.connect(handle, () => {
      s.write(bytes);
      if (o.end !== false) s.end();
    });
    s.on('data', (d) => chunks.push(d));
    s.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    s.on('error', (e: NodeJS.ErrnoException) =>
      e.code === 'ECONNRESET' || e.code === 'EPIPE' ? undefined : reject(e),
    );
  });
}

function post(secret: string, urlPath: string, body: string, extra = ''): string {
  return (
    `POST ${urlPath} HTTP/1.1\r\nHost: x\r\n${SECRET_HEADER}: ${secret}\r\nContent-Type: application/json\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n${extra}Connection: close\r\n\r\n${body}`
  );
}

const statusOf = (answer: string) => Number(/^HTTP\/1\.1 (\d+)/.exec(answer)?.[1]);

describe('lend: the IPC channel', () => {
  let server: LendServer;
  let parent: string;
  let asked: TokenRequest[];
  let log: RecordingLog;
  /** What the fake handler answers with; a test makes it large to fill the socket's buffers. */
  let token = TOKEN;

  const handler: LendHandler = {
    token: (r) => {
      asked.push(r);
      return Promise.resolve({
        accessToken: token,
        subdomain: 'acme',
        baseUrl: 'https://acme.zendesk.com',
        expiresAt: null,
        scopes: r.scopes,
      });
    },
    confirm: (r) => Promise.resolve({ allowed: r.title === 'yes' }),
  };

  beforeEach(async () => {
    asked = [];
    token = TOKEN;
    log = new RecordingLog();
    parent = fs.mkdtempSync(path.join(os.tmpdir(), 'lend-test-'));
    server = await LendServer.start({ handler, log, parentDir: parent, limits: { requestMs: 400, drainMs: 400 } });
  });
  afterEach(async () => {
    await server.dispose();
    fs.rmSync(parent, { recursive: true, force: true });
  });

  const channel = () => ({ handle: server.handle, secret: server.secret });
  const stillServes = async () => {
    const a = await requestToken(channel(), { scopes: ['read'] });
    assert.equal(a.accessToken, TOKEN);
  };

  it('answers a token request that carries the secret, with the scopes asked', async () => {
    const a = await requestToken(channel(), { scopes: ['read', 'tickets:write'] });
    assert.deepEqual(a, {
      accessToken: TOKEN,
      subdomain: 'acme',
      baseUrl: 'https://acme.zendesk.com',
      expiresAt: null,
      scopes: ['read', 'tickets:write'],
    });
    assert.equal(asked[0]?.pid, process.pid, 'the helper says which process asks, to find its terminal');
    assert.deepEqual(await requestConfirm(channel(), { title: 'yes', detail: '' }), { allowed: true });
    assert.deepEqual(await requestConfirm(channel(), { title: 'no', detail: '' }), { allowed: false });
  });

  it('gives nothing without the right secret, and reads no body for it', async () => {
    await assert.rejects(requestToken({ ...channel(), secret: 'guess' }, { scopes: ['read'] }), {
      name: 'LendError',
      code: 'unauthorized',
    });
    const noHeader = await raw(
      server.handle,
      'POST /token HTTP/1.1\r\nHost: x\r\nContent-Length: 18\r\nConnection: close\r\n\r\n{"scopes":["read"]}',
    );
    assert.equal(statusOf(noHeader), 401);
    assert.ok(!noHeader.includes(TOKEN));
    // One byte short of the secret, or the secret with a byte more.
    for (const s of [server.secret.slice(0, -1), `${server.secret}x`]) {
      assert.equal(statusOf(await raw(server.handle, post(s, '/token', '{"scopes":["read"]}'))), 401);
    }
    assert.deepEqual(asked, [], 'the handler was never reached');
    assert.ok(log.lines.some((l) => l.includes('without the right secret')));
    await stillServes();
  });

  it('refuses bad JSON, a body that is not an object, unknown scopes and an unknown path, then goes on', async () => {
    const bad = ['{"scopes": [', '[]', '"read"', '{"scopes": "read"}', '{"scopes": ["reed"]}', '{"scopes":[1]}'];
    for (const body of bad) {
      const answer = await raw(server.handle, post(server.secret, '/token', body));
      assert.equal(statusOf(answer), 400, body);
      const json = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as { error: { message: string } };
      assert.ok(json.error.message.length > 0);
    }
    assert.equal(statusOf(await raw(server.handle, post(server.secret, '/env', '{}'))), 404);
    assert.deepEqual(asked, []);
    await stillServes();
  });

  it('refuses a huge message, declared or streamed, without reading it all', async () => {
    const huge = `{"scopes":["read"],"pad":"${'x'.repeat(MAX_REQUEST_BYTES)}"}`;
    assert.equal(statusOf(await raw(server.handle, post(server.secret, '/token', huge))), 413);
    // No length given: the body streams in chunks until the cap.
    const chunk = (s: string) => `${Buffer.byteLength(s).toString(16)}\r\n${s}\r\n`;
    const streamed =
      `POST /token HTTP/1.1\r\nHost: x\r\n${SECRET_HEADER}: ${server.secret}\r\nTransfer-Encoding: chunked\r\n\r\n` +
      chunk(huge) +
      '0\r\n\r\n';
    assert.equal(statusOf(await raw(server.handle, streamed)), 413);
    // A declared length far beyond the cap is refused at once, without waiting for a byte of it.
    const declared = await raw(
      server.handle,
      `POST /token HTTP/1.1\r\nHost: x\r\n${SECRET_HEADER}: ${server.secret}\r\nContent-Length: 1000000000\r\n\r\n`,
      { end: false },
    );
    assert.equal(statusOf(declared), 413);
    assert.deepEqual(asked, []);
    await stillServes();
  });

  it('cuts off a client that never finishes its request, and serves others meanwhile', async () => {
    const s = net.connect(server.handle);
    await new Promise((r) => s.once('connect', r));
    s.write(`POST /token HTTP/1.1\r\nHost: x\r\n${SECRET_HEADER}: ${server.secret}\r\nContent-Length: 100\r\n\r\n{"sc`);
    const closed = new Promise((r) => s.once('close', r));
    s.on('error', () => undefined);
    await stillServes();
    await closed;
    const silent = net.connect(server.handle);
    silent.on('error', () => undefined);
    await new Promise((r) => silent.once('close', r));
    assert.deepEqual(asked.length, 1);
    await until(() => server.openConnections === 0, 5000, 'the stalled connections stayed open');
  });

  it('cuts off a client that never reads its answer', async () => {
    const s = net.connect(server.handle);
    s.on('error', () => undefined);
    await new Promise((r) => s.once('connect', r));
    s.pause(); // never reads
    // An answer larger than the socket's buffers: the server's write cannot finish until the client reads.
    token = 'x'.repeat(8 * 1024 * 1024);
    s.write(post(server.secret, '/token', '{"scopes":["read"]}'));
    await until(() => asked.length === 1, 5000);
    token = TOKEN;
    await stillServes();
    // The server does not wait for this client: it closes the connection itself, the client still not reading.
    await until(() => server.openConnections === 0, 5000, 'the connection stayed open');
    s.destroy();
  });

  it('lives in a directory only the user can open; the socket is not readable by others; dispose removes both', async function () {
    if (process.platform === 'win32') this.skip();
    const dir = path.dirname(server.handle);
    assert.equal(path.dirname(dir), parent);
    assert.equal(fs.statSync(dir).mode & 0o777, 0o700, 'the directory is 0700');
    assert.equal(fs.statSync(server.handle).mode & 0o077, 0, 'the socket gives group and others nothing');
    assert.ok(fs.statSync(server.handle).isSocket());
    await server.dispose();
    assert.ok(!fs.existsSync(dir));
    server = await LendServer.start({ handler, log, parentDir: parent });
  });

  it('makes a new secret and a new socket for each start', async () => {
    const other = await LendServer.start({ handler, log, parentDir: parent });
    try {
      assert.notEqual(other.secret, server.secret);
      assert.notEqual(other.handle, server.handle);
      assert.ok(Buffer.from(server.secret, 'base64url').length >= 32);
      await assert.rejects(requestToken({ handle: other.handle, secret: server.secret }, { scopes: ['read'] }), {
        code: 'unauthorized',
      });
    } finally {
      await other.dispose();
    }
  });
});
