import assert from 'node:assert/strict';
import { InvalidInputError } from '../../../src/zendesk/errors';
import {
  missingScopes,
  parseScopes,
  RESOURCE_SCOPES,
  scopeAlternativesFor,
  scopesAllowRequest,
  scopesCover,
  unionScopes,
  validateScopes,
} from '../../../src/zendesk/scopes';

describe('zendesk/scopes', () => {
  describe('parseScopes', () => {
    const cases: [string | string[], string[]][] = [
      ['read', ['read']],
      ['read write', ['read', 'write']],
      ['read+write', ['read', 'write']],
      ['  tickets:read   users:read ', ['tickets:read', 'users:read']],
      ['read write read', ['read', 'write']],
      ['write\tread\nimpersonate', ['write', 'read', 'impersonate']],
      ['', []],
      [
        ['read write', 'tickets:read', 'read'],
        ['read', 'write', 'tickets:read'],
      ],
    ];
    for (const [input, expected] of cases) {
      it(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () =>
        assert.deepEqual(parseScopes(input), expected));
    }
  });

  describe('scopesCover', () => {
    const table: [granted: string, requested: string, covered: boolean][] = [
      ['read', 'read', true],
      ['read', 'tickets:read', true],
      ['read', 'users:read', true],
      ['read', 'tickets:write', false],
      ['write', 'tickets:write', true],
      ['write', 'read', false],
      ['write', 'tickets:read', false],
      ['read write', 'read tickets:write', true],
      ['tickets:write', 'tickets:read', false],
      ['tickets:read', 'tickets:write', false],
      ['tickets:read', 'read', false],
      ['tickets:read tickets:write', 'tickets:read tickets:write', true],
      ['tickets:read', 'users:read', false],
      ['read write', 'impersonate', false],
      ['impersonate', 'impersonate', true],
      ['impersonate', 'read', false],
      ['read', 'auditlogs:read', true],
      ['write', 'any_channel:write', true],
      ['read', 'unrestricted:read', false],
      ['unrestricted:read', 'tickets:read', false],
      ['read', 'frobs:read', false],
      ['frobs:read', 'frobs:read', true],
      ['read', '', true],
      ['', 'read', false],
    ];
    for (const [granted, requested, covered] of table) {
      it(`"${granted}" ${covered ? 'covers' : 'does not cover'} "${requested}"`, () => {
        assert.equal(scopesCover(parseScopes(granted), parseScopes(requested)), covered);
      });
    }
  });

  describe('validateScopes', () => {
    const valid = [
      'read',
      'write',
      'impersonate',
      'tickets:read',
      'tickets:write',
      'auditlogs:read',
      'any_channel:write',
      'web_widget:write',
      'unrestricted:read',
      'zis:write',
      'hc:read',
      'hc:write',
      'security:read',
    ];
    for (const s of valid) it(`accepts ${s}`, () => validateScopes([s]));

    it('accepts every listed resource with its allowed access', () => {
      for (const r of RESOURCE_SCOPES) {
        validateScopes([r === 'any_channel' || r === 'web_widget' ? `${r}:write` : `${r}:read`]);
      }
    });

    const invalid: [string[], RegExp][] = [
      [[], /No OAuth scope/],
      [['admin'], /"admin" is not a Zendesk scope/],
      [['tickets'], /"tickets" needs ":read" or ":write"/],
      [['tickets:delete'], /must end in ":read" or ":write"/],
      [['tickets:read:x'], /must end in ":read" or ":write"/],
      [['auditlogs:write'], /"auditlogs" is read-only/],
      [['security:write'], /"security" is read-only/],
      // Help Center's scope is `hc`; none of these names is a Zendesk scope.
      [['help_center:read'], /"help_center:read" is not a Zendesk scope/],
      [['guide:read'], /"guide:read" is not a Zendesk scope/],
      [['views:read'], /"views:read" is not a Zendesk scope/],
      [['audit_logs:read'], /"audit_logs:read" is not a Zendesk scope/],
      [['any_channel:read'], /"any_channel" is write-only/],
      [['web_widget:read'], /"web_widget" is write-only/],
      [['READ'], /"READ" is not a Zendesk scope/],
      [['read', 'foo', 'bar:read'], /"foo".*; "bar:read"/],
    ];
    for (const [scopes, message] of invalid) {
      it(`refuses ${JSON.stringify(scopes)}`, () => {
        assert.throws(
          () => validateScopes(scopes),
          (e: unknown) => e instanceof InvalidInputError && message.test(e.message),
        );
      });
    }
  });
});

describe('the scope a request needs (what the exported API and request files allow)', () => {
  const table: [string, string, string[]][] = [
    ['GET', '/api/v2/tickets.json', ['read', 'tickets:read']],
    ['get', '/api/v2/tickets/12/comments.json?include=users', ['read', 'tickets:read']],
    ['HEAD', '/api/v2/users/me.json', ['read', 'users:read']],
    ['PUT', '/api/v2/tickets/12.json', ['write', 'tickets:write']],
    ['DELETE', '/api/v2/macros/3', ['write', 'macros:write']],
    ['POST', '/api/v2/views/count_many', ['write']],
    ['GET', '/api/v2/audit_logs.json', ['read', 'auditlogs:read']],
    ['POST', '/api/v2/audit_logs.json', ['write']],
    ['GET', '/api/v2/auditlogs.json', ['read']],
    ['GET', '/api/v2/help_center/articles.json', ['read', 'hc:read']],
    ['PUT', '/api/v2/help_center/articles/5/translations/en-us', ['write', 'hc:write']],
    ['GET', '/api/v2/hc/articles', ['read']],
    ['GET', '/api/v2/unrestricted/x', ['read']],
    ['GET', 'https://acme.zendesk.com/api/v2/tickets.json?page[after]=x', ['read', 'tickets:read']],
  ];
  for (const [method, path, expected] of table) {
    it(`${method} ${path} needs one of ${expected.join(', ')}`, () =>
      assert.deepEqual(scopeAlternativesFor(method, path), expected));
  }

  it('allows a request when any alternative is covered, and not otherwise', () => {
    assert.equal(scopesAllowRequest(['read'], 'GET', '/api/v2/tickets.json'), true);
    assert.equal(scopesAllowRequest(['tickets:read'], 'GET', '/api/v2/tickets.json'), true);
    assert.equal(scopesAllowRequest(['tickets:read'], 'GET', '/api/v2/users.json'), false);
    assert.equal(scopesAllowRequest(['read'], 'PUT', '/api/v2/tickets/1.json'), false);
    assert.equal(scopesAllowRequest(['write'], 'GET', '/api/v2/tickets.json'), false, 'write does not cover read');
    assert.equal(scopesAllowRequest(['tickets:write'], 'PUT', '/api/v2/tickets/1.json'), true);
    // A Help Center session (hc:read) reads Help Center, and nothing else.
    assert.equal(scopesAllowRequest(['hc:read'], 'GET', '/api/v2/help_center/articles.json'), true);
    assert.equal(scopesAllowRequest(['hc:read'], 'POST', '/api/v2/help_center/articles.json'), false);
    assert.equal(scopesAllowRequest(['hc:read'], 'GET', '/api/v2/tickets.json'), false);
    assert.equal(scopesAllowRequest(['auditlogs:read'], 'GET', '/api/v2/audit_logs'), true);
  });

  it('asks for what is missing, keeping what is held', () => {
    assert.deepEqual(missingScopes(['read'], ['write']), ['write']);
    assert.deepEqual(missingScopes(['read', 'write'], ['tickets:write', 'tickets:read']), []);
    assert.deepEqual(missingScopes(['tickets:read'], ['read', 'tickets:read']), ['read']);
    assert.deepEqual(unionScopes(['read'], ['write', 'read'], ['tickets:write']), ['read', 'write', 'tickets:write']);
  });
});
