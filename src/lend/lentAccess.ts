// The account access of a process outside the extension host (the MCP server of `zendesk-token mcp`): the same
// AccountAccess the chat tools act through, with its tokens asked of VS Code through the lending channel. Each action
// asks for exactly the scopes it needs (read for reads, read and write for writes); a token is kept in this process's
// memory until it is about to expire or Zendesk rejects it, then asked for again, which is how it is refreshed.
// Plain Node.
import type { AccessNeed, AccountAccess, AccountInfo } from '../auth/access';
import { AccessDeclinedError, NotSignedInError } from '../auth/errors';
import type { Event } from '../events';
import { getMe } from '../zendesk/api';
import { ZendeskClient, type HttpTransport } from '../zendesk/http';
import { NO_LOG, type Logger } from '../zendesk/types';
import { LendError, type TokenAnswer } from './protocol';

/** How a token is asked for: requestToken over the channel, or a fake in the unit tests. */
export type AskToken = (r: { account?: string; scopes: string[] }) => Promise<TokenAnswer>;

/** A token this close to its expiry is asked for anew rather than sent. */
const EXPIRY_MARGIN_MS = 60_000;

const NEVER: Event<void> = () => ({ dispose() {} });

export class LentAccess implements AccountAccess {
  /** What each name given (an account id, a subdomain, '' for the account in use) turned out to be. */
  private readonly byName = new Map<string, AccountInfo>();
  private readonly finding = new Map<string, Promise<AccountInfo>>();
  private readonly tokens = new Map<string, Promise<TokenAnswer>>();
  private readonly clients = new Map<string, ZendeskClient>();
  private defaultAccount: AccountInfo | undefined;
  readonly onDidChange = NEVER;

  constructor(private readonly o: { ask: AskToken; transport: HttpTransport; log?: Logger; now?: () => number }) {}

  /**
   * The account `name` names (the account in use in VS Code when undefined), known once: the first time asks VS Code
   * for a read token and Zendesk who it is. Rejects with NotSignedInError, AccessDeclinedError or a LendError.
   */
  know(name: string | undefined): Promise<AccountInfo> {
    const key = name ?? '';
    const known = this.byName.get(key) ?? [...this.byName.values()].find((a) => a.accountId === name);
    if (known) return Promise.resolve(known);
    // Calls that arrive together before the first answer share one question to the user.
    let finding = this.finding.get(key);
    if (!finding) {
      finding = this.find(name).finally(() => this.finding.delete(key));
      this.finding.set(key, finding);
    }
    return finding;
  }

  private async find(name: string | undefined): Promise<AccountInfo> {
    const scopes = ['read'];
    const answer = await this.ask(name, scopes);
    // Just issued: a 401 now is not an expiry, so no refresh for this one request.
    const once = new ZendeskClient({
      baseUrl: answer.baseUrl,
      transport: this.o.transport,
      tokens: { getAccessToken: () => Promise.resolve(answer.accessToken) },
      log: this.o.log ?? NO_LOG,
    });
    const me = await getMe(once);
    const info: AccountInfo = {
      accountId: `${answer.subdomain}/${me.id}`,
      label: `${me.name} (${answer.subdomain})`,
      subdomain: answer.subdomain,
      baseUrl: answer.baseUrl,
      user: { id: me.id, name: me.name, email: me.email ?? '', role: me.role },
      scopes: answer.scopes,
    };
    this.byName.set(name ?? '', info);
    // Later requests name the account by its id, so they reach it even when the one in use changes in VS Code.
    this.tokens.set(tokenKey(info.accountId, scopes), Promise.resolve(answer));
    if (name === undefined) this.defaultAccount = info;
    return info;
  }

  accounts(): readonly AccountInfo[] {
    return [...new Map([...this.byName.values()].map((a) => [a.accountId, a])).values()];
  }

  inUse(): AccountInfo | undefined {
    return this.defaultAccount;
  }

  async withClient<T>(
    accountId: string | undefined,
    need: AccessNeed,
    action: (client: ZendeskClient, account: AccountInfo) => Promise<T>,
  ): Promise<T> {
    const account =
      accountId === undefined ? this.defaultAccount : this.accounts().find((a) => a.accountId === accountId);
    if (!account) throw new NotSignedInError(accountId);
    const scopes = [...need.scopes];
    const client = this.client(account.baseUrl, tokenKey(account.accountId, scopes), (o) =>
      this.fresh(account.accountId, scopes, o),
    );
    return action(client, account);
  }

  /** One client per account and scope set: requests share its in-flight cap, as the extension's do. */
  private client(
    baseUrl: string,
    key: string,
    getAccessToken: (o?: { forceRefresh?: boolean; rejected?: string }) => Promise<string>,
  ): ZendeskClient {
    let c = this.clients.get(key);
    if (!c) {
      c = new ZendeskClient({
        baseUrl,
        transport: this.o.transport,
        tokens: { getAccessToken },
        log: this.o.log ?? NO_LOG,
      });
      this.clients.set(key, c);
    }
    return c;
  }

  /** The kept token of this account and scope set, or a new one when it is about to expire or was just rejected. */
  private async fresh(
    account: string | undefined,
    scopes: string[],
    o: { forceRefresh?: boolean; rejected?: string } = {},
  ): Promise<string> {
    const key = tokenKey(account ?? '', scopes);
    const kept = this.tokens.get(key);
    if (kept) {
      const t = await kept.catch(() => undefined);
      const now = (this.o.now ?? Date.now)();
      const expiring = t?.expiresAt != null && t.expiresAt - EXPIRY_MARGIN_MS <= now;
      const rejected = o.forceRefresh && (o.rejected === undefined || o.rejected === t?.accessToken);
      if (t && !expiring && !rejected) return t.accessToken;
      if (this.tokens.get(key) !== kept) return this.fresh(account, scopes, o);
    }
    // Concurrent callers share one question: the user is asked once.
    const asking = this.ask(account, scopes);
    this.tokens.set(key, asking);
    asking.catch(() => this.tokens.get(key) === asking && this.tokens.delete(key));
    return (await asking).accessToken;
  }

  /** A token from VS Code, its refusals as the typed errors the tools' words know. */
  private async ask(account: string | undefined, scopes: string[]): Promise<TokenAnswer> {
    try {
      return await this.o.ask({ account, scopes });
    } catch (e) {
      if (e instanceof LendError && e.code === 'denied') throw new AccessDeclinedError(scopes);
      if (e instanceof LendError && e.code === 'not_signed_in') throw new NotSignedInError(account);
      throw e;
    }
  }
}

function tokenKey(account: string, scopes: readonly string[]): string {
  return `${account} ${[...scopes].sort().join(' ')}`;
}
