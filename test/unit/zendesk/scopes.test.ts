import assert from 'node:assert/strict';
import { InvalidInputError } from '../../../src/zendesk/errors';
import { parseScopes, RESOURCE_SCOPES, scopesCover, validateScopes } from '../../../src/zendesk/scopes';

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
      [['read write', 'tickets:read', 'read'], ['read', 'write', 'tickets:read']],
    ];
    for (const [input, expected] of cases) {
      it(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => assert.deepEqual(parseScopes(input), expected));
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
    const valid = ['read', 'write', 'impersonate', 'tickets:read', 'tickets:write', 'auditlogs:read', 'any_channel:write', 'web_widget:write', 'unrestricted:read', 'zis:write'];
    for (const s of valid) it(`accepts ${s}`, () => validateScopes([s]));

    it('accepts every listed resource with its allowed access', () => {
      for (const r of RESOURCE_SCOPES) validateScopes([r === 'any_channel' || r === 'web_widget' ? `${r}:write` : `${r}:read`]);
    });

    const invalid: [string[], RegExp][] = [
      [[], /No OAuth scope/],
      [['admin'], /"admin" is not a Zendesk scope/],
      [['tickets'], /"tickets" needs ":read" or ":write"/],
      [['tickets:delete'], /must end in ":read" or ":write"/],
      [['tickets:read:x'], /must end in ":read" or ":write"/],
      [['auditlogs:write'], /"auditlogs" is read-only/],
      [['any_channel:read'], /"any_channel" is write-only/],
      [['web_widget:read'], /"web_widget" is write-only/],
      [['READ'], /"READ" is not a Zendesk scope/],
      [['read', 'foo', 'bar:read'], /"foo".*; "bar:read"/],
    ];
    for (const [scopes, message] of invalid) {
      it(`refuses ${JSON.stringify(scopes)}`, () => {
        assert.throws(() => validateScopes(scopes), (e: unknown) => e instanceof InvalidInputError && message.test(e.message));
      });
    }
  });
});
