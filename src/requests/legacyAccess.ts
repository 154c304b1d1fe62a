// TEMPORARY: AccountAccess over what exists today (AccountState and ZendeskClients), so request files can be wired
// and tested before the lead's account service lands. It asks for no missing scope: withClient hands over the
// account's client as it is, and Zendesk answers 403 when a scope is missing. The lead replaces this adapter with
// the real AccountAccess when merging; nothing else in src/requests/ depends on it.
import type { ZendeskClients } from '../api';
import type { AccessNeed, AccountAccess, AccountInfo } from '../auth/access';
import type { StoredSession } from '../auth/sessionStore';
import type { Event } from '../events';
import type { AccountState } from '../ui/accountState';
import type { ZendeskClient } from '../zendesk/http';

export class LegacyAccountAccess implements AccountAccess {
  readonly onDidChange: Event<void>;

  constructor(private readonly state: AccountState, private readonly clients: ZendeskClients) {
    this.onDidChange = (listener, thisArgs, disposables) => state.onDidChange(listener, thisArgs, disposables);
  }

  accounts(): readonly AccountInfo[] {
    return this.state.all().map(toInfo);
  }

  inUse(): AccountInfo | undefined {
    const s = this.state.active();
    return s && toInfo(s);
  }

  async withClient<T>(accountId: string | undefined, _need: AccessNeed, action: (client: ZendeskClient, account: AccountInfo) => Promise<T>): Promise<T> {
    const account = accountId ? this.accounts().find((a) => a.accountId === accountId) : this.inUse();
    if (!account) throw new Error(accountId ? `Not signed in to ${accountId}. Run "Zendesk: Sign In".` : 'Not signed in to Zendesk. Run "Zendesk: Sign In".');
    return action(this.clients.forAccount(account.accountId), account);
  }
}

function toInfo(s: StoredSession): AccountInfo {
  return { accountId: s.accountId, label: s.accountLabel, subdomain: s.subdomain, baseUrl: s.baseUrl, user: { ...s.user }, scopes: [...s.scopes] };
}
