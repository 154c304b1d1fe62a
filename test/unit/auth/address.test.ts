import * as assert from 'node:assert/strict';
import { parseAddress } from '../../../src/auth/address';

describe('the account address a user types (Add a Zendesk Account, step 1)', () => {
  const ok: [string, { subdomain: string; baseUrl?: string }][] = [
    ['acme', { subdomain: 'acme' }],
    ['  Acme ', { subdomain: 'acme' }],
    ['acme.zendesk.com', { subdomain: 'acme' }],
    ['https://acme.zendesk.com/agent/tickets/12', { subdomain: 'acme' }],
    ['http://127.0.0.1:4010', { subdomain: 'sandbox', baseUrl: 'http://127.0.0.1:4010' }],
    ['http://localhost:4010/', { subdomain: 'sandbox', baseUrl: 'http://localhost:4010' }],
  ];
  for (const [input, expected] of ok) {
    it(`accepts ${JSON.stringify(input)}`, () => assert.deepEqual(parseAddress(input), expected));
  }

  const bad: [string, RegExp][] = [
    ['', /empty/],
    ['ac me', /invalid characters/],
    ['support.acme.com', /host-mapped domain/],
    ['http://acme.zendesk.com', /needs https/],
    ['http://10.0.0.5:4010', /needs https/],
    ['-acme', /cannot start or end with "-"/],
  ];
  for (const [input, why] of bad) {
    it(`refuses ${JSON.stringify(input)} and says why`, () =>
      assert.throws(
        () => parseAddress(input),
        (e: Error) => why.test(e.message),
      ));
  }
});
