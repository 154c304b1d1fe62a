// Two signed-in accounts for the request-file tests (no token: an AccountInfo is identity and scopes only).
import type { AccountInfo } from '../../../src/auth/access';

export const ACME: AccountInfo = {
  accountId: 'acme/7',
  label: 'Ann (acme)',
  subdomain: 'acme',
  baseUrl: 'https://acme.zendesk.com',
  user: { id: 7, name: 'Ann', email: 'ann@acme.test', role: 'agent' },
  scopes: ['read', 'write'],
};

export const BETA: AccountInfo = {
  accountId: 'beta/9',
  label: 'Bo (beta)',
  subdomain: 'beta',
  baseUrl: 'https://beta.zendesk.com',
  user: { id: 9, name: 'Bo', email: 'bo@beta.test', role: 'admin' },
  scopes: ['read', 'write'],
};
