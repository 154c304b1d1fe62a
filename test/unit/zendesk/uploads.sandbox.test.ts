// uploadFile over real HTTP against the sandbox: the bytes Zendesk keeps are the bytes of the file, the token comes
// back, the upload reaches the account's host only, and neither the upload token nor the file reaches the log.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_UPLOAD_BYTES, uploadFile, updateTicket } from '../../../src/zendesk/api';
import { HostNotAllowedError, InvalidInputError } from '../../../src/zendesk/errors';
import { ZendeskClient } from '../../../src/zendesk/http';
import type { Logger } from '../../../src/zendesk/types';
import { FIXTURES } from '../../sandbox';
import {
  clientFor,
  fixedToken,
  publicClient,
  RefreshingTokens,
  signIn,
  useSandboxOverHttp,
} from '../../support/sandboxClient';

/** A logger that keeps every line, to look for what must never be in it. */
function recordingLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (m: string | Error) => {
    lines.push(m instanceof Error ? `${m.name}: ${m.message}` : m);
  };
  return { lines, trace: keep, debug: keep, info: keep, warn: keep, error: keep };
}

/** A server that records what reaches it (method, path, Authorization) and answers with `answer`. */
async function trap(
  answer: (req: http.IncomingMessage, res: http.ServerResponse) => void = (_q, res) => res.end('{}'),
): Promise<{ url: string; hits: string[]; close(): Promise<void> }> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
    req.resume();
    answer(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('uploadFile (zendesk/api) against the sandbox', () => {
  const env = useSandboxOverHttp({ tickets: 20, seed: 5 });
  let tokens: RefreshingTokens;
  let client: ZendeskClient;
  let log: ReturnType<typeof recordingLog>;

  beforeEach(async () => {
    tokens = new RefreshingTokens(env.http, publicClient(env.base), await signIn(env.http, publicClient(env.base)));
    log = recordingLog();
    client = new ZendeskClient({ baseUrl: env.base, transport: env.http, tokens, log, maxRetryWaitSeconds: 0 });
  });

  it("sends the file's bytes as they are: what content_url serves is byte for byte the file, with its type", async () => {
    // Every byte value, and a stretch that is not valid UTF-8: a body sent as text would be mangled.
    const bytes = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(200_000)]);
    const up = await uploadFile(client, 'crash dump.png', bytes, 'image/png');
    assert.match(up.token, /^[A-Za-z0-9_-]+$/);
    assert.equal(up.attachment.file_name, 'crash dump.png');
    assert.equal(up.attachment.size, bytes.length);
    // Zendesk may host content elsewhere: the file is fetched without the account's credentials, as a browser would.
    const served = await fetch(up.attachment.content_url);
    assert.equal(served.status, 200);
    assert.equal(served.headers.get('content-type'), 'image/png');
    assert.ok(Buffer.from(await served.arrayBuffer()).equals(bytes), 'the stored file differs from the one sent');
  });

  it('returns a token a comment can name: the comment then carries the file', async () => {
    const up = await uploadFile(client, 'notes.txt', Buffer.from('first line\nsecond line\n'));
    const t = await updateTicket(client, 4, {
      comment: { body: 'Notes attached', public: false, uploads: [up.token] },
    });
    assert.equal(t.id, 4);
    const { comments } = await client.request<{
      comments: { body: string; attachments: { id: number; file_name: string }[] }[];
    }>('GET', '/api/v2/tickets/4/comments');
    const last = comments.at(-1);
    assert.equal(last?.body, 'Notes attached');
    assert.deepEqual(
      last?.attachments.map((a) => [a.id, a.file_name]),
      [[up.attachment.id, 'notes.txt']],
    );
  });

  it('a file name cannot add query parameters: "&token=…" in it stays part of the name', async () => {
    const first = await uploadFile(client, 'a.txt', Buffer.from('a'));
    const name = `b.txt&token=${first.token}`;
    const second = await uploadFile(client, name, Buffer.from('b'));
    assert.notEqual(second.token, first.token, 'the name joined the file to another upload token');
    assert.equal(second.attachment.file_name, name);
  });

  it('refuses an empty file, a file over 50 MB and a name with a path before sending anything', async () => {
    env.sandbox.admin.resetCounters();
    await assert.rejects(
      uploadFile(client, 'empty.txt', new Uint8Array(0)),
      (e: unknown) => e instanceof InvalidInputError && /empty/.test(e.message),
    );
    // A view of 50 MB + 1 byte over one shared buffer: the check reads the length, not the bytes.
    const big = new Uint8Array(new ArrayBuffer(MAX_UPLOAD_BYTES + 1));
    await assert.rejects(
      uploadFile(client, 'big.iso', big),
      (e: unknown) => e instanceof InvalidInputError && /larger than 50 MB/.test(e.message),
    );
    await assert.rejects(uploadFile(client, '../../etc/passwd', Buffer.from('x')), InvalidInputError);
    assert.equal(env.sandbox.admin.counters().requests['POST /api/v2/uploads'], undefined, 'something was sent');
    assert.equal(tokens.calls.length, 0, 'a token was asked for');
  });

  it('never sends the file with the token to another host: not to an absolute URL, not after a redirect', async () => {
    const elsewhere = await trap();
    // A "Zendesk" that answers the upload with a 307 to another host: following it would hand over token and file.
    const redirecting = await trap((_q, res) => {
      res.writeHead(307, { location: `${elsewhere.url}/api/v2/uploads?filename=x` });
      res.end();
    });
    try {
      await assert.rejects(
        client.request('POST', `${elsewhere.url}/api/v2/uploads`, {
          query: { filename: 'x.txt' },
          rawBody: { bytes: Buffer.from('secret') },
        }),
        HostNotAllowedError,
      );
      const pinned = clientFor(redirecting.url, env.http, fixedToken('the-account-token'));
      await assert.rejects(uploadFile(pinned, 'x.txt', Buffer.from('secret')));
      assert.equal(redirecting.hits.length, 1, 'the account host got the upload once');
      assert.deepEqual(elsewhere.hits, [], 'another host got the upload');
    } finally {
      await elsewhere.close();
      await redirecting.close();
    }
  });

  it('logs neither the upload token nor the file, on success or failure', async () => {
    const bytes = Buffer.from('PRIVATE-FILE-CONTENT '.repeat(20));
    const ok = await uploadFile(client, 'private.txt', bytes, 'text/plain');
    env.sandbox.admin.failNext('POST /api/v2/uploads', 1, { status: 500 });
    await assert.rejects(uploadFile(client, 'private.txt', bytes));
    env.sandbox.admin.expireTokens(FIXTURES.users.agent);
    const again = await uploadFile(client, 'private.txt', bytes);
    const all = log.lines.join('\n');
    assert.ok(log.lines.length >= 3, 'the client logged nothing at all: this test would see nothing');
    for (const secret of [ok.token, again.token, 'PRIVATE-FILE-CONTENT', tokens.tokens.accessToken]) {
      assert.ok(!all.includes(secret), `${secret} is in the log`);
    }
  });
});
