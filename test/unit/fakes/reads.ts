// The tickets model's reads over one client, for tests of the model itself (the extension gives it readsAs(access)).
import type { AccountReads } from '../../../src/auth/access';
import type { ZendeskClient } from '../../../src/zendesk/http';

/** Reads with `client`; signed out when it is undefined. */
export function readsOf(client: ZendeskClient | undefined): AccountReads {
  return {
    signedIn: () => client !== undefined,
    read: (fn) => (client ? fn(client) : Promise.reject(new Error('signed out'))),
  };
}
