// AccountAccess over one real client (a sandbox session), for plain-Node tests of what acts as an account: the
// hover's reads, the chat tools' operations. Records what each call asked for; `signOut()` empties it.
import * as assert from 'node:assert/strict';
import type { AccessNeed, AccountAccess, AccountInfo } from '../../../src/auth/access';
import { Emitter } from '../../../src/events';
import type { ZendeskClient } from '../../../src/zendesk/http';
import type { ZendeskUser } from '../../../src/zendesk/types';

/** The account a signed-in `me` is, as the extension names it (`sandbox/<id>`). */
export function sandboxAccount(me: ZendeskUser, baseUrl: string, scopes: readonly string[]): AccountInfo {
  return {
    accountId: `sandbox/${me.id}`,
    label: `${me.name} (sandbox)`,
    subdomain: 'sandbox',
    baseUrl,
    user: { id: me.id, name: me.name, email: me.email ?? '', role: me.role },
    scopes,
  };
}

export class OneAccount implements AccountAccess {
  /** What each call asked for, in order. */
  readonly needs: AccessNeed[] = [];
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;
  private signedIn = true;

  /** `others` are listed as signed in too (for choosing among accounts), but only `info` acts. */
  constructor(
    readonly info: AccountInfo,
    private readonly client: ZendeskClient,
    private readonly others: readonly AccountInfo[] = [],
  ) {}

  accounts(): readonly AccountInfo[] {
    return this.signedIn ? [this.info, ...this.others] : [];
  }

  inUse(): AccountInfo | undefined {
    return this.accounts()[0];
  }

  signOut(): void {
    this.signedIn = false;
    this.changed.fire();
  }

  async withClient<T>(
    accountId: string | undefined,
    need: AccessNeed,
    action: (c: ZendeskClient, a: AccountInfo) => Promise<T>,
  ): Promise<T> {
    assert.ok(accountId === undefined || accountId === this.info.accountId, `asked for ${accountId}`);
    this.needs.push(need);
    return action(this.client, this.info);
  }
}
