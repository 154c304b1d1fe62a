// Hands out fresh access tokens. Refreshes ahead of expiry and on a 401, one refresh at a time per session
// (single flight), storing the rotated pair before anything uses it. No `vscode` import: unit-tested in plain Node.
import type { Logger } from '../log';
import { OAuthError } from '../zendesk/errors';
import type { TokenSet } from '../zendesk/oauth';
import type { SessionRepository, StoredSession } from './session';

/** The session is gone (refresh token rejected, revoked, or removed): the user has to sign in again. */
export class SessionEndedError extends Error {
  constructor(readonly session: Pick<StoredSession, 'id' | 'accountLabel'> | undefined, reason: string) {
    super(reason);
    this.name = 'SessionEndedError';
  }
}

export interface TokenGrants {
  refresh(session: StoredSession, signal?: AbortSignal): Promise<TokenSet>;
  clientCredentials(session: StoredSession, clientSecret: string, signal?: AbortSignal): Promise<TokenSet>;
}

export interface TokenManagerOptions {
  repo: SessionRepository;
  grants: TokenGrants;
  log: Logger;
  now?: () => number;
  /** A session ended for good and was removed (tells the user). */
  onEnded?: (session: StoredSession, reason: string) => void;
}

const FIVE_MINUTES = 5 * 60_000;
const MAX_TIMER = 2 ** 31 - 1;

/** Refresh once the token is in the last tenth of its lifetime or its last 5 minutes, whichever comes sooner. */
export function refreshDueAt(s: Pick<StoredSession, 'issuedAt' | 'expiresAt'>): number | undefined {
  if (s.expiresAt === undefined) return undefined;
  const lifetime = Math.max(0, s.expiresAt - s.issuedAt);
  return s.expiresAt - Math.min(lifetime / 10, FIVE_MINUTES);
}

export class TokenManager {
  private readonly inflight = new Map<string, Promise<StoredSession>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly now: () => number;

  constructor(private readonly o: TokenManagerOptions) {
    this.now = o.now ?? Date.now;
  }

  /**
   * A valid access token for the session. `rejected` is a token Zendesk just answered 401 to: if the stored
   * token is still that one it is refreshed, otherwise someone already did and the stored one is returned.
   */
  async getAccessToken(sessionId: string, opts: { forceRefresh?: boolean; rejected?: string; signal?: AbortSignal } = {}): Promise<string> {
    const s = await this.o.repo.get(sessionId);
    if (!s) throw new SessionEndedError(undefined, 'The Zendesk session no longer exists.');
    // Someone already replaced the token that got the 401.
    if (opts.rejected !== undefined && opts.rejected !== s.accessToken && !this.isDue(s)) return s.accessToken;
    if (!opts.forceRefresh && opts.rejected === undefined && !this.isDue(s)) return s.accessToken;
    return (await this.refresh(sessionId, s.accessToken, opts.signal)).accessToken;
  }

  /** Keeps a timer that refreshes the session ahead of expiry, so an idle session stays signed in. */
  schedule(s: StoredSession): void {
    this.unschedule(s.id);
    const due = refreshDueAt(s);
    if (due === undefined) return;
    const timer = setTimeout(() => {
      this.timers.delete(s.id);
      this.refreshIfDue(s.id).catch((e: unknown) => {
        if (e instanceof SessionEndedError) return;
        // Network trouble: keep the session and try again in a minute.
        this.o.log.warn(`background refresh of ${s.accountLabel} failed, retrying in 1 minute: ${(e as Error).message}`);
        const retry = setTimeout(() => { this.timers.delete(s.id); this.schedule(s); }, 60_000);
        retry.unref?.();
        this.timers.set(s.id, retry);
      });
    }, Math.min(MAX_TIMER, Math.max(0, due - this.now())));
    timer.unref?.();
    this.timers.set(s.id, timer);
  }

  /** The timer's work: refresh when due; when it fired early or another window refreshed, wait for the new due time. */
  private async refreshIfDue(id: string): Promise<void> {
    const s = await this.o.repo.get(id);
    if (!s) return;
    if (this.isDue(s)) await this.refresh(id, s.accessToken);
    else this.schedule(s);
  }

  unschedule(id: string): void {
    const t = this.timers.get(id);
    if (t) clearTimeout(t);
    this.timers.delete(id);
  }

  dispose(): void {
    for (const id of [...this.timers.keys()]) this.unschedule(id);
  }

  private isDue(s: StoredSession): boolean {
    const due = refreshDueAt(s);
    return due !== undefined && this.now() >= due;
  }

  /** Single flight: concurrent callers for one session share one refresh. */
  private refresh(id: string, staleToken: string, signal?: AbortSignal): Promise<StoredSession> {
    let p = this.inflight.get(id);
    if (!p) {
      p = this.doRefresh(id, staleToken, signal).finally(() => this.inflight.delete(id));
      this.inflight.set(id, p);
    }
    return p;
  }

  private async doRefresh(id: string, staleToken: string, signal?: AbortSignal): Promise<StoredSession> {
    // Re-read: another window may have refreshed already (Zendesk rotates the refresh token each time).
    const current = await this.o.repo.get(id);
    if (!current) throw new SessionEndedError(undefined, 'The Zendesk session no longer exists.');
    if (current.accessToken !== staleToken && !this.isDue(current)) return current;

    let tokens: TokenSet;
    try {
      if (current.grant === 'client_credentials') {
        const secret = await this.o.repo.getClientSecret(current.baseUrl, current.clientId);
        if (!secret) return await this.end(current, 'The client secret is no longer stored.');
        tokens = await this.o.grants.clientCredentials(current, secret, signal);
      } else {
        if (!current.refreshToken) return await this.end(current, 'The session cannot be refreshed.');
        tokens = await this.o.grants.refresh(current, signal);
      }
    } catch (e) {
      if (e instanceof OAuthError && (e.code === 'invalid_grant' || e.code === 'invalid_client')) {
        // Lost a race? Another window may have rotated the pair between our read and our request.
        const again = await this.o.repo.get(id);
        if (again && again.refreshToken !== current.refreshToken) {
          this.o.log.info(`${current.accountLabel}: another window refreshed the session; using its tokens`);
          return again;
        }
        return await this.end(current, e.code === 'invalid_client' ? 'Zendesk no longer accepts the OAuth client.' : 'Zendesk no longer accepts the refresh token.');
      }
      // A network error, a 5xx or a 429 never ends the session: the caller retries later.
      throw e;
    }
    const next: StoredSession = {
      ...current,
      accessToken: tokens.accessToken,
      // Zendesk rotates refresh tokens; a response without one (client credentials) keeps none.
      refreshToken: current.grant === 'client_credentials' ? undefined : tokens.refreshToken ?? current.refreshToken,
      scopes: tokens.scopes.length ? tokens.scopes : current.scopes,
      issuedAt: this.now(),
      expiresAt: tokens.expiresAt,
      refreshTokenExpiresAt: tokens.refreshTokenExpiresAt ?? current.refreshTokenExpiresAt,
    };
    await this.o.repo.save(next);
    this.o.log.info(`${current.accountLabel}: access token refreshed`);
    this.schedule(next);
    return next;
  }

  private async end(s: StoredSession, reason: string): Promise<never> {
    this.unschedule(s.id);
    await this.o.repo.remove(s.id);
    this.o.log.warn(`${s.accountLabel}: session ended (${reason})`);
    this.o.onEnded?.(s, reason);
    throw new SessionEndedError(s, reason);
  }
}
