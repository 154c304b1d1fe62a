// What this extension offers other extensions (and its own commands): authenticated Zendesk API calls through
// the signed-in session. Other extensions that only need a token use vscode.authentication.getSession('zendesk', ...).
import type { Disposable } from 'vscode';
import type { AccountState } from './ui/accountState';
import type { TokenManager } from './auth/tokenManager';
import type { Logger } from './log';
import { ZendeskClient } from './zendesk/http';
import type { HttpTransport } from './zendesk/transport';

export interface ZendeskApi {
  /** The account ids (`SUBDOMAIN/USER_ID`) signed in. */
  accounts(): string[];
  /** A Zendesk API request as the active (or given) account; the token is added here and sent only to that account's host. */
  request<T>(method: string, path: string, o?: { account?: string; query?: Record<string, string | number | undefined>; body?: unknown }): Promise<T>;
}

/** One ZendeskClient per session, each asking the token manager for its token; dropped with its session. */
export class ZendeskClients implements Disposable {
  private readonly clients = new Map<string, ZendeskClient>();
  private readonly subscription: Disposable;

  constructor(
    private readonly state: AccountState,
    private readonly tokens: TokenManager,
    private readonly http: HttpTransport,
    private readonly log: Logger,
  ) {
    this.subscription = state.onDidChange(() => {
      const live = new Set(state.all().map((s) => s.id));
      for (const id of [...this.clients.keys()]) if (!live.has(id)) this.clients.delete(id);
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this.clients.clear();
  }

  /** The active account's client; undefined while signed out. */
  active(): ZendeskClient | undefined {
    return this.state.active() ? this.forAccount() : undefined;
  }

  /** forAccount, after reading the store once more when the account is not known yet (a sign-in that just finished). */
  private async settled(accountId?: string): Promise<ZendeskClient> {
    const known = accountId ? this.state.all().some((s) => s.accountId === accountId) : !!this.state.active();
    if (!known) await this.state.reload();
    return this.forAccount(accountId);
  }

  forAccount(accountId?: string): ZendeskClient {
    const s = accountId ? this.state.all().find((x) => x.accountId === accountId) : this.state.active();
    if (!s) throw new Error(accountId ? `Not signed in to ${accountId}. Run "Zendesk: Sign In".` : 'Not signed in to Zendesk. Run "Zendesk: Sign In".');
    let client = this.clients.get(s.id);
    if (!client) {
      const id = s.id;
      client = new ZendeskClient({
        baseUrl: s.baseUrl,
        transport: this.http,
        tokens: { getAccessToken: (o) => this.tokens.getAccessToken(id, o) },
        log: this.log,
      });
      this.clients.set(s.id, client);
    }
    return client;
  }

  api(): ZendeskApi {
    return {
      accounts: () => this.state.all().map((s) => s.accountId),
      request: async (method, path, o = {}) => (await this.settled(o.account)).request(method, path, { query: o.query, body: o.body }),
    };
  }
}
