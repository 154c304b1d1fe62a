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
  /**
   * Ids as large as real Zendesk's (13-14 digits, above 2^32 and below 2^53), so clients are tested with them.
   * Tests name them from here, never as literals.
   */
  userIds: {
    admin: 26_155_588_900_001,
    agent: 26_155_588_900_002,
    readonly: 26_155_588_900_003,
    customer: 26_155_588_900_004,
  },
  groups: { support: 26_155_588_500_001, billing: 26_155_588_500_002 },
} as const;
