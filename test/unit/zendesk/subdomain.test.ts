import assert from 'node:assert/strict';
import { HostNotAllowedError, InvalidInputError } from '../../../src/zendesk/errors';
import {
  accountBaseUrl,
  agentTicketUrl,
  assertTokenHostAllowed,
  isTokenHostAllowed,
  parseSubdomain,
} from '../../../src/zendesk/subdomain';

function throwsInput(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof InvalidInputError && message.test(e.message));
}

describe('zendesk/subdomain', () => {
  describe('parseSubdomain', () => {
    const valid: [string, string][] = [
      ['acme', 'acme'],
      ['ACME', 'acme'],
      ['  acme  ', 'acme'],
      ['acme-support', 'acme-support'],
      ['a', 'a'],
      ['d3v-acme42', 'd3v-acme42'],
      ['x'.repeat(63), 'x'.repeat(63)],
      ['acme.zendesk.com', 'acme'],
      ['Acme.Zendesk.com', 'acme'],
      ['acme.zendesk.com/', 'acme'],
      ['https://acme.zendesk.com', 'acme'],
      ['https://acme.zendesk.com/agent/tickets/1', 'acme'],
      ['https://acme.zendesk.com/hc/en-us?x=1#y', 'acme'],
      ['http://acme.zendesk.com', 'acme'],
      ['acme.zendesk.com/agent/tickets/1', 'acme'],
    ];
    for (const [input, expected] of valid) {
      it(`${JSON.stringify(input)} → ${expected}`, () => assert.equal(parseSubdomain(input), expected));
    }

    const invalid: [string, RegExp][] = [
      ['', /empty/],
      ['   ', /empty/],
      ['ac me', /invalid characters/],
      ['acme_support', /invalid characters/],
      ['ácme', /invalid characters/],
      ['acme!', /invalid characters/],
      ['x'.repeat(64), /too long: at most 63/],
      ['-acme', /cannot start or end with "-"/],
      ['acme-', /cannot start or end with "-"/],
      ['support.acme.com', /not a zendesk\.com address.*host-mapped/],
      ['https://support.acme.com/hc', /host-mapped/],
      ['https://acme.zendesk.com@evil.com', /"evil\.com" is not a zendesk\.com address/],
      ['acme.zendesk.com.evil.com', /not a zendesk\.com address/],
      ['a.b.zendesk.com', /more than one name/],
      ['zendesk.com', /Zendesk's own site/],
      ['https://www.zendesk.com', /Zendesk's own site/],
      ['ftp://acme.zendesk.com', /not a web address/],
      ['https://', /neither a Zendesk subdomain nor a Zendesk address/],
      ['https://-acme.zendesk.com', /cannot start or end with "-"/],
    ];
    for (const [input, message] of invalid) {
      it(`refuses ${JSON.stringify(input)} (${message.source})`, () =>
        throwsInput(() => parseSubdomain(input), message));
    }
  });

  describe('accountBaseUrl', () => {
    const valid: [string, string | undefined, string][] = [
      ['acme', undefined, 'https://acme.zendesk.com'],
      ['acme', '', 'https://acme.zendesk.com'],
      ['acme', 'http://127.0.0.1:4567', 'http://127.0.0.1:4567'],
      ['acme', 'http://127.0.0.1:4567/', 'http://127.0.0.1:4567'],
      ['acme', 'http://localhost:8080', 'http://localhost:8080'],
      ['acme', 'http://[::1]:8080', 'http://[::1]:8080'],
      ['acme', 'https://zendesk.test.internal', 'https://zendesk.test.internal'],
      ['acme', 'https://acme.zendesk.com:443', 'https://acme.zendesk.com'],
      ['acme', 'HTTPS://ACME.example.com', 'https://acme.example.com'],
    ];
    for (const [sub, override, expected] of valid) {
      it(`${sub} + ${String(override)} → ${expected}`, () => assert.equal(accountBaseUrl(sub, override), expected));
    }

    const invalid: [string, string | undefined, RegExp][] = [
      ['ac me', undefined, /invalid characters/],
      ['acme', 'http://example.com', /plain http is allowed only for 127\.0\.0\.1, localhost and \[::1\]/],
      ['acme', 'http://127.0.0.2', /plain http/],
      ['acme', 'ftp://127.0.0.1', /must start with https/],
      ['acme', 'not a url', /is not a URL/],
      ['acme', 'https://user:pw@example.com', /user name or password/],
      ['acme', 'https://example.com/api', /only a scheme, host and port/],
      ['acme', 'https://example.com?x=1', /only a scheme, host and port/],
      ['acme', 'https://example.com#x', /only a scheme, host and port/],
    ];
    for (const [sub, override, message] of invalid) {
      it(`refuses ${sub} + ${String(override)}`, () => throwsInput(() => accountBaseUrl(sub, override), message));
    }
  });

  describe('isTokenHostAllowed', () => {
    const base = 'https://acme.zendesk.com';
    const table: [url: string, allowed: boolean, why: string][] = [
      ['https://acme.zendesk.com/api/v2/tickets', true, 'same origin'],
      ['https://acme.zendesk.com/api/v2/tickets.json?page[after]=x', true, 'same origin with a query'],
      ['https://ACME.zendesk.com/api/v2/tickets', true, 'host case does not matter'],
      ['https://acme.zendesk.com:443/api/v2', true, 'explicit default port'],
      ['https://other.zendesk.com/api/v2/tickets', false, 'another account'],
      ['https://evil.com/api/v2/tickets', false, 'another host'],
      ['http://acme.zendesk.com/api/v2/tickets', false, 'another scheme'],
      ['https://acme.zendesk.com:8443/api/v2', false, 'another port'],
      ['https://acme.zendesk.com@evil.com/api/v2', false, 'user info that reads as the host'],
      ['https://acme.zendesk.com:x@evil.com/', false, 'user info with a password'],
      ['https://user@acme.zendesk.com/api/v2', false, 'user info on the right host'],
      ['https://acme.zendesk.com.evil.com/api/v2', false, 'lookalike suffix'],
      ['https://acme.zendesk.com./api/v2', false, 'trailing dot'],
      ['https://evil.com/https://acme.zendesk.com', false, 'base URL in the path'],
      ['https://evil.com/?u=https://acme.zendesk.com', false, 'base URL in the query'],
      ['//acme.zendesk.com/api/v2', false, 'scheme-relative'],
      ['/api/v2/tickets', false, 'relative'],
      ['javascript:alert(1)', false, 'not http'],
      ['', false, 'empty'],
    ];
    for (const [url, allowed, why] of table) {
      it(`${allowed ? 'allows' : 'refuses'} ${JSON.stringify(url)} (${why})`, () =>
        assert.equal(isTokenHostAllowed(url, base), allowed));
    }

    const local = 'http://127.0.0.1:4567';
    const localTable: [string, boolean][] = [
      ['http://127.0.0.1:4567/api/v2/users/me', true],
      ['http://127.0.0.1:4568/api/v2/users/me', false],
      ['http://localhost:4567/api/v2/users/me', false],
      ['https://127.0.0.1:4567/api/v2/users/me', false],
      ['http://127.0.0.1/api/v2/users/me', false],
    ];
    for (const [url, allowed] of localTable) {
      it(`sandbox base: ${allowed ? 'allows' : 'refuses'} ${url}`, () =>
        assert.equal(isTokenHostAllowed(url, local), allowed));
    }

    // The rule is equality of scheme, host and port: never a suffix, a prefix or a substring of the base URL.
    const lookalikes: [url: string, why: string][] = [
      ['https://evil-acme.zendesk.com/api/v2/users/me', 'the host ends with the account host'],
      ['https://xacme.zendesk.com/api/v2/users/me', 'the host ends with the account host, no separator'],
      ['https://notacme.zendesk.com/api/v2/users/me', 'another account whose name ends with the subdomain'],
      ['https://sub.acme.zendesk.com/api/v2/users/me', 'a subdomain of the account host'],
      ['https://acme.zendesk.comx/api/v2/users/me', 'the base URL as a prefix'],
      ['https://acme.zendesk.com.evil.com/api/v2/users/me', 'the account host as a prefix of another host'],
      ['https://acme.zendesk.com%2eevil.com/api/v2/users/me', 'an encoded dot'],
      ['https://acme.zendesk.com\u3002evil.com/api/v2/users/me', 'an ideographic full stop'],
      ['https://acme.zendesk.co/api/v2/users/me', 'a prefix of the account host'],
      ['https://zendesk.com/api/v2/users/me', 'the parent domain'],
      ['https://acme.zendesk.com@evil.com/api/v2/users/me', 'user info that reads as the host'],
      ['https://acme.zendesk.com:443@evil.com/', 'user info with the port as password'],
      ['https://evil.com\\@acme.zendesk.com/', 'a backslash before user info'],
      ['https://evil.com#@acme.zendesk.com', 'the account host in the fragment'],
      ['https://evil.com?@acme.zendesk.com', 'the account host in the query'],
      ['https://acme.zendesk.com:444/api/v2/users/me', 'another port'],
      ['https://acme.zendesk.com:80/api/v2/users/me', 'the http port over https'],
      ['http://acme.zendesk.com:443/api/v2/users/me', 'http to the https port'],
      ['http://acme.zendesk.com/api/v2/users/me', 'http instead of https'],
      ['wss://acme.zendesk.com/api/v2/users/me', 'another scheme on the same host'],
    ];
    for (const [url, why] of lookalikes) {
      it(`refuses ${JSON.stringify(url)} for ${base} (${why})`, () => {
        assert.equal(isTokenHostAllowed(url, base), false);
        assert.throws(() => assertTokenHostAllowed(url, base), HostNotAllowedError);
      });
    }

    const localLookalikes = [
      'http://evil127.0.0.1:4567/api/v2/users/me',
      'http://127.0.0.1.evil.com:4567/api/v2/users/me',
      'http://1127.0.0.1:4567/',
      'http://127.0.0.1:45678/',
      'http://127.0.0.1:456/',
    ];
    for (const url of localLookalikes) {
      it(`sandbox base: refuses the lookalike ${url}`, () => assert.equal(isTokenHostAllowed(url, local), false));
    }

    it('refuses everything against an unparsable base URL', () =>
      assert.equal(isTokenHostAllowed('https://acme.zendesk.com/', 'nope'), false));
  });

  describe('assertTokenHostAllowed', () => {
    it('passes for the same origin', () =>
      assertTokenHostAllowed('https://acme.zendesk.com/x', 'https://acme.zendesk.com'));
    it('throws HostNotAllowedError naming origins only, never the path or query', () => {
      assert.throws(
        () => assertTokenHostAllowed('https://evil.com/steal?cursor=abc', 'https://acme.zendesk.com'),
        (e: unknown) =>
          e instanceof HostNotAllowedError &&
          /https:\/\/acme\.zendesk\.com token to https:\/\/evil\.com\.$/.test(e.message) &&
          !e.message.includes('cursor'),
      );
    });
  });

  it('builds the agent workspace link of a ticket once, whatever trailing slashes the base URL has', () => {
    assert.equal(agentTicketUrl('https://acme.zendesk.com', 42), 'https://acme.zendesk.com/agent/tickets/42');
    assert.equal(agentTicketUrl('https://acme.zendesk.com/', 42), 'https://acme.zendesk.com/agent/tickets/42');
    assert.equal(agentTicketUrl('http://127.0.0.1:8080//', 7), 'http://127.0.0.1:8080/agent/tickets/7');
  });
});
