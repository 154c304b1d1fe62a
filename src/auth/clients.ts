// One ZendeskClient per session, each asking the token manager for that session's token; dropped with its session.
// No `vscode` import.
import type { Disposable, Event } from '../events';
import type { Logger } from '../log';
import { ZendeskClient, type RetryClock } from '../zendesk/http';
import type { HttpTransport } from '../zendesk/transport';
import type { StoredSession } from './session';

export interface SessionTokens {
  getAccessToken(
    sessionId: string,
    opts?: { forceRefresh?: boolean; rejected?: string; signal?: AbortSignal },
  ): Promise<string>;
}

export class ClientRegistry implements Disposable {
  private readonly clients = new Map<string, ZendeskClient>();
  private readonly subscription: Disposable;

  constructor(
    sessions: { all(): readonly StoredSession[]; readonly onDidChange: Event<void> },
    private readonly tokens: SessionTokens,
    private readonly http: HttpTransport,
    private readonly log: Logger,
    /** The retry waits' clock; the system's unless the composition root passes another (a test build). */
    private readonly clock?: RetryClock,
  ) {
    this.subscription = sessions.onDidChange(() => {
      const live = new Set(sessions.all().map((s) => s.id));
      for (const id of [...this.clients.keys()]) if (!live.has(id)) this.clients.delete(id);
    });
  }

  /** The session's client: requests go only to its base URL, with its token. */
  forSession(s: Pick<StoredSession, 'id' | 'baseUrl'>): ZendeskClient {
    let client = this.clients.get(s.id);
    if (!client) {
      const id = s.id;
      client = new ZendeskClient({
        baseUrl: s.baseUrl,
        transport: this.http,
        tokens: { getAccessToken: (o) => this.tokens.getAccessToken(id, o) },
        log: this.log,
        clock: this.clock,
      });
      this.clients.set(id, client);
    }
    return client;
  }

  dispose(): void {
    this.subscription.dispose();
    this.clients.clear();
  }
}
