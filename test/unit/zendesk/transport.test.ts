// The undici transport against a bare node:http server: statuses pass through, broken answers become NetworkError.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HostNotFoundError, NetworkError } from '../../../src/zendesk/errors';
import { createUndiciTransport } from '../../../src/zendesk/transport';

describe('zendesk/transport createUndiciTransport', () => {
  let server: http.Server;
  let base: string;
  const seen: { method?: string; url?: string; headers: http.IncomingHttpHeaders; body: string }[] = [];

  before(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString();
      });
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, headers: req.headers, body });
        switch (req.url) {
          case '/reset':
            req.socket.destroy();
            return;
          case '/truncated':
            res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
            res.write('{"tickets":[');
            setTimeout(() => req.socket.destroy(), 5);
            return;
          case '/slow':
            setTimeout(() => {
              if (!res.destroyed) res.end('{}');
            }, 3000);
            return;
          default:
            res.writeHead(418, [
              ['Content-Type', 'application/json'],
              ['X-Multi', 'a'],
              ['X-Multi', 'b'],
            ]);
            res.end('{"teapot":true}');
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('sends method, path, query, headers and body; returns any status with lower-case headers', async () => {
    const t = createUndiciTransport();
    try {
      const res = await t.send({
        method: 'POST',
        url: `${base}/x?a=1&b=%20`,
        headers: { 'content-type': 'application/json', 'X-Test': 'yes' },
        body: '{"k":1}',
      });
      assert.equal(res.status, 418);
      assert.equal(res.body, '{"teapot":true}');
      assert.equal(res.headers['content-type'], 'application/json');
      assert.equal(res.headers['x-multi'], 'a, b');
      const last = seen[seen.length - 1];
      assert.equal(last.method, 'POST');
      assert.equal(last.url, '/x?a=1&b=%20');
      assert.equal(last.headers['x-test'], 'yes');
      assert.equal(last.body, '{"k":1}');
    } finally {
      await t.close?.();
    }
  });

  it('turns a reset connection into NetworkError with the cause', async () => {
    const t = createUndiciTransport();
    try {
      await assert.rejects(
        t.send({ method: 'GET', url: `${base}/reset` }),
        (e: unknown) =>
          e instanceof NetworkError &&
          e.cause !== undefined &&
          /GET http:\/\/127\.0\.0\.1:\d+\/reset failed/.test(e.message),
      );
    } finally {
      await t.close?.();
    }
  });

  it('turns a body cut short into NetworkError', async () => {
    const t = createUndiciTransport();
    try {
      await assert.rejects(t.send({ method: 'GET', url: `${base}/truncated` }), NetworkError);
    } finally {
      await t.close?.();
    }
  });

  it('turns a host name that does not resolve into HostNotFoundError naming the host', async () => {
    // `.invalid` never resolves (RFC 6761): a mistyped subdomain, as DNS answers it.
    const t = createUndiciTransport();
    try {
      await assert.rejects(
        t.send({ method: 'GET', url: 'http://acme-nope.invalid/api/v2/users/me' }),
        (e: unknown) => e instanceof HostNotFoundError && e instanceof NetworkError && e.host === 'acme-nope.invalid',
      );
      // A refused connection is a network error, not a name that does not resolve.
      await assert.rejects(
        t.send({ method: 'GET', url: 'http://127.0.0.1:9/' }),
        (e: unknown) => e instanceof NetworkError && !(e instanceof HostNotFoundError),
      );
    } finally {
      await t.close?.();
    }
  });

  it('turns a refused connection into NetworkError', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const t = createUndiciTransport();
    try {
      await assert.rejects(
        t.send({ method: 'GET', url: `http://127.0.0.1:${port}/` }),
        (e: unknown) => e instanceof NetworkError && /ECONNREFUSED/.test(e.message),
      );
    } finally {
      await t.close?.();
    }
  });

  it('turns a headers timeout into NetworkError', async () => {
    const t = createUndiciTransport({ headersTimeoutMs: 100 });
    try {
      await assert.rejects(
        t.send({ method: 'GET', url: `${base}/slow` }),
        (e: unknown) => e instanceof NetworkError && /HEADERS_TIMEOUT/.test(e.message),
      );
    } finally {
      await t.close?.();
    }
  });

  it("rejects with the signal's reason when cancelled, not with NetworkError", async () => {
    const t = createUndiciTransport();
    const ac = new AbortController();
    try {
      const p = t.send({ method: 'GET', url: `${base}/slow`, signal: ac.signal });
      setTimeout(() => ac.abort(new Error('user cancelled')), 20);
      await assert.rejects(
        p,
        (e: unknown) => !(e instanceof NetworkError) && e instanceof Error && e.message === 'user cancelled',
      );
    } finally {
      await t.close?.();
    }
  });

  it('refuses to send after close()', async () => {
    const t = createUndiciTransport();
    await t.send({ method: 'GET', url: `${base}/` });
    await t.close?.();
    await assert.rejects(t.send({ method: 'GET', url: `${base}/` }), NetworkError);
  });
});
