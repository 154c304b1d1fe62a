/** The seeded, documented credentials every test and demo may rely on. They are fixtures, not secrets. */
export const FIXTURES = {
  subdomain: 'sandbox',
  confidentialClient: { identifier: 'sandbox-confidential', secret: 'sandbox-secret' },
  publicClient: { identifier: 'sandbox-public' },
  password: 'sandbox',
  users: {
    admin: 'admin@sandbox.test',
    agent: 'agent@sandbox.test',
    readonly: 'readonly@sandbox.test',
    customer: 'customer@sandbox.test',
  },
  defaultRedirectUri: 'http://127.0.0.1:48127/callback',
} as const;
