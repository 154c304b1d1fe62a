// Hostile input, property-based (fast-check): whatever a user types, a page sends back or a caller passes, the
// parsers throw only their own typed errors, no token goes anywhere but its account's own host, and no callback
// with a wrong state is accepted.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseAddress } from '../../../src/auth/address';
import { RedirectError } from '../../../src/auth/redirect/errors';
import { readPastedCallback } from '../../../src/auth/redirect/manual';
import { parseCallback } from '../../../src/auth/redirect/parseCallback';
import { encodeRelayState } from '../../../src/auth/redirect/relay';
import { InvalidInputError, ZendeskError } from '../../../src/zendesk/errors';
import { ZendeskClient } from '../../../src/zendesk/http';
import { accountBaseUrl, isTokenHostAllowed, parseSubdomain } from '../../../src/zendesk/subdomain';
import { NO_LOG } from '../../../src/zendesk/types';
import { loadRelayPage, runRelayPage } from '../../relayPageRunner';
import { FakeTransport, json } from '../zendesk/fakeTransport';

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const RUNS = { numRuns: 400 };

/** Strings near the shapes the parsers expect: hosts, URLs, queries and their mangled variants. */
const hostish = fc.oneof(
  fc.string(),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.domain(),
  fc
    .tuple(
      fc.constantFrom('', 'http://', 'https://', 'HTTPS://', '//', 'javascript:', 'ftp://'),
      fc.constantFrom(
        'acme',
        'ACME',
        'acme.zendesk.com',
        'evil-acme.zendesk.com',
        'acme.zendesk.com.evil.com',
        'acme.zendesk.com@evil.com',
        'evil.com#acme.zendesk.com',
        'acme.zendesk.com:8443',
        '127.0.0.1:4010',
        '[::1]:4010',
        'localhost',
        'xn--acme.zendesk.com',
        'ac\u0000me',
        'acmé',
      ),
      fc.constantFrom('', '/', '/agent/tickets/1', '?x=1', '#f', ' ', '/..%2f'),
    )
    .map(([a, b, c]) => a + b + c),
);

describe('hostile input (property-based)', () => {
  it('a typed subdomain or address is a valid label, a loopback test server, or an InvalidInputError', () => {
    fc.assert(
      fc.property(hostish, (input) => {
        for (const parse of [parseSubdomain, (v: string) => parseAddress(v).subdomain]) {
          try {
            assert.match(parse(input), LABEL);
          } catch (e) {
            assert.ok(e instanceof InvalidInputError, `${JSON.stringify(input)} threw ${String(e)}`);
          }
        }
        try {
          const { baseUrl } = parseAddress(input);
          if (baseUrl) assert.match(baseUrl, /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/);
        } catch (e) {
          assert.ok(e instanceof InvalidInputError);
        }
      }),
      RUNS,
    );
  });

  it('a base URL override is an origin (http only on loopback) or an InvalidInputError', () => {
    fc.assert(
      fc.property(hostish, (override) => {
        try {
          const base = accountBaseUrl('acme', override);
          const u = new URL(base);
          assert.equal(u.origin, base);
          if (u.protocol === 'http:') assert.ok(['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname), base);
          else assert.equal(u.protocol, 'https:');
        } catch (e) {
          assert.ok(e instanceof InvalidInputError, `${JSON.stringify(override)} threw ${String(e)}`);
        }
      }),
      RUNS,
    );
  });

  it("only the account's own origin is allowed a token, whatever the URL", () => {
    const base = 'https://acme.zendesk.com';
    fc.assert(
      fc.property(hostish, (url) => {
        if (!isTokenHostAllowed(url, base)) return;
        const u = new URL(url);
        assert.equal(u.origin, base, `${url} was allowed the token`);
        assert.equal(u.username + u.password, '');
      }),
      RUNS,
    );
  });

  it("the API client sends a token only to its account's host, and fails only with its typed errors", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          hostish,
          fc.string().map((s) => `/api/v2/${s}`),
        ),
        async (pathOrUrl) => {
          const http = new FakeTransport(json(200, {}));
          const client = new ZendeskClient({
            baseUrl: 'https://acme.zendesk.com',
            transport: http,
            tokens: { getAccessToken: async () => 'secret-token' },
            log: NO_LOG,
          });
          try {
            await client.request('GET', pathOrUrl);
          } catch (e) {
            assert.ok(e instanceof ZendeskError, `${JSON.stringify(pathOrUrl)} threw ${String(e)}`);
          }
          for (const r of http.requests) {
            assert.equal(new URL(r.url).origin, 'https://acme.zendesk.com', `${pathOrUrl} sent the token to ${r.url}`);
          }
        },
      ),
      RUNS,
    );
  });

  const expected = 'Qm9vdHN0cmFwU3RhdGUtMTIzNDU2Nzg5MA';
  /** States close to the expected one: equal, cut, extended, one character changed, other case. */
  const nearState = fc.oneof(
    fc.constant(expected),
    fc.string(),
    fc.nat({ max: expected.length - 1 }).map((n) => expected.slice(0, n)),
    fc.string({ minLength: 1 }).map((s) => expected + s),
    fc
      .tuple(fc.nat({ max: expected.length - 1 }), fc.string({ minLength: 1, maxLength: 1 }))
      .map(([i, c]) => expected.slice(0, i) + c + expected.slice(i + 1)),
    fc.constant(expected.toLowerCase()),
  );

  it("a callback is accepted only with exactly this sign-in's state; anything else is a RedirectError", () => {
    fc.assert(
      fc.property(fc.option(nearState), fc.option(fc.string()), fc.option(fc.string()), (state, code, error) => {
        const params = new URLSearchParams();
        if (state !== null) params.set('state', state);
        if (code !== null) params.set('code', code);
        if (error !== null) params.set('error', error);
        try {
          const r = parseCallback(params, expected);
          assert.equal(state, expected, 'accepted with another state');
          assert.equal(error, null);
          assert.equal(r.code, code);
        } catch (e) {
          assert.ok(e instanceof RedirectError, String(e));
        }
      }),
      RUNS,
    );
  });

  it("a pasted address is accepted only when it carries this sign-in's state; a bare code never", () => {
    const pasted = fc.oneof(
      fc.string(),
      fc
        .tuple(fc.constantFrom('http://127.0.0.1:48127/callback?', 'https://x/cb#', '?', ''), nearState, fc.string())
        .map(([p, s, c]) => `${p}code=${encodeURIComponent(c)}&state=${encodeURIComponent(s)}`),
      fc.stringMatching(/^[A-Za-z0-9._~-]{8,64}$/),
    );
    fc.assert(
      fc.property(pasted, (text) => {
        try {
          readPastedCallback(text, expected);
          assert.ok(
            text.includes(`state=${expected}`) || text.includes(`state=${encodeURIComponent(expected)}`),
            `accepted ${JSON.stringify(text)}`,
          );
        } catch (e) {
          assert.ok(e instanceof RedirectError, String(e));
        }
      }),
      RUNS,
    );
  });

  it("the relay page forwards only to VS Code's own callback shapes, never throws", () => {
    const page = loadRelayPage();
    const cb = fc.oneof(
      fc.webUrl({ withQueryParameters: true }),
      fc
        .tuple(
          fc.constantFrom('https://', 'http://', 'vscode://', 'javascript:', 'data:', 'https://user:pw@'),
          fc.constantFrom(
            'vscode.dev',
            'evilvscode.dev',
            'vscode.dev.evil.com',
            'name.github.dev',
            'name-8080.app.github.dev',
            'name.github.dev:444',
            '127.0.0.1:8080',
            '10.0.0.1',
            'localhost',
            'evil.com',
            'zendesk-vscode.zendesk-vscode',
          ),
          fc.constantFrom('/callback?vscode-scheme=code&vscode-reqid=1', '/callback', '/other', '/callback?x=1'),
        )
        .map(([a, b, c]) => a + b + c),
    );
    fc.assert(
      fc.property(cb, fc.string(), (callback, code) => {
        const state = encodeRelayState({ v: 1, s: 'nonce', cb: callback });
        const run = runRelayPage(page, `?code=${encodeURIComponent(code || 'c')}&state=${state}`);
        if (!run.replacedWith) return;
        const target = new URL(run.replacedWith);
        const ok =
          ['vscode:', 'vscode-insiders:', 'code-oss:', 'vscodium:'].includes(target.protocol) ||
          (target.protocol === 'https:' && ['vscode.dev', 'insiders.vscode.dev'].includes(target.host)) ||
          (target.protocol === 'https:' && /^[a-z0-9-]+\.github\.dev$/.test(target.host)) ||
          (target.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname));
        assert.ok(ok, `forwarded to ${run.replacedWith}`);
        assert.equal(target.username + target.password, '');
      }),
      RUNS,
    );
  });
});
