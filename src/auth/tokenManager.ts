// Hands out fresh access tokens. Refreshes ahead of expiry and on a 401, one refresh at a time per session
// (single flight), storing the rotated pair before anything uses it. No `vscode` import: unit-tested in plain Node.
import type { Logger } from '../log';
import { delay, systemTimers, type CancelTimer, type Timers } from '../timers';
import { OAuthError } from '../zendesk/errors';
import type { TokenSet } from '../zendesk/oauth';
import { SecretStorageError, type SessionRepository, type StoredSession } from './session';

/** The session is gone (refresh token rejected, revoked, or removed): the user has to sign in again. */
import { SessionEndedError } from './errors';
import * as l10n from '@vscode/l10n';

export { SessionEndedError } from './errors';

export interface TokenGrants {
  refresh(session: StoredSession, signal?: AbortSignal): Promise<TokenSet>;
  clientCredentials(session: StoredSession, clientSecret: string, signal?: AbortSignal): Promise<TokenSet>;
}

export interface TokenManagerOptions {
  repo: SessionRepository;
  grants: TokenGrants;
  log: Logger;
  /** The clock and timers (expiry, the refresh ahead of it, retries); the system's by default. */
  timers?: Timers;
  /** A session ended for good and was removed (tells the user). */
  onEnded?: (session: StoredSession, reason: string) => void;
  /**
   * Several windows share one session, each with a token manager; the one holding the refresh lease asks Zendesk
   * and the others wait for the pair it stores. Should two ask anyway (no lease, or a lapsed one), the loser's
   * `invalid_grant` is believed only after re-reading the store for this long (the winner's pair may still be on
   * its way to the keychain). 5 s by default.
   */
  raceWaitMs?: number;
  /** How often to re-read the store while waiting on another window (change events usually come sooner). */
  pollMs?: number;
  /** For the per-window jitter of the refresh timer; Math.random by default. */
  random?: () => number;
}

const FIVE_MINUTES = 5 * 60_000;
const MAX_TIMER = 2 ** 31 - 1;
const MAX_JITTER = 30_000;

/** Refresh once the token is in the last tenth of its lifetime or its last 5 minutes, whichever comes sooner. */
export function refreshDueAt(s: Pick<StoredSession, 'issuedAt' | 'expiresAt'>): number | undefined {
  if (s.expiresAt === undefined) return undefined;
  const lifetime = Math.max(0, s.expiresAt - s.issuedAt);
  return s.expiresAt - Math.min(lifetime / 10, FIVE_MINUTES);
}

/** How long to wait before trying again to store a refreshed pair the keychain refused (kept in memory meanwhile). */
const FLUSH_RETRY_MS = 5_000;

export class TokenManager {
  private readonly inflight = new Map<string, Promise<StoredSession>>();
  private readonly timers = new Map<string, CancelTimer>();
  private readonly clock: Timers;
  private readonly raceWaitMs: number;
  private readonly pollMs: number;
  private readonly random: () => number;
  private disposed = false;
  /**
   * Refreshed pairs the keychain refused to store. Zendesk has already killed the old refresh token, so this is the
   * only live copy: this window keeps using it and keeps trying to store it, rather than lose the session.
   */
  private readonly unsaved = new Map<string, StoredSession>();
  private readonly flushTimers = new Map<string, CancelTimer>();

  constructor(private readonly o: TokenManagerOptions) {
    this.clock = o.timers ?? systemTimers;
    this.raceWaitMs = o.raceWaitMs ?? 5_000;
    this.pollMs = o.pollMs ?? 250;
    this.random = o.random ?? Math.random;
  }

  /**
   * A valid access token for the session. `rejected` is a token Zendesk just answered 401 to: if the stored
   * token is still that one it is refreshed, otherwise someone already did and the stored one is returned.
   * A refreshed token is handed out only once its pair is stored.
   */
  async getAccessToken(
    sessionId: string,
    opts: { forceRefresh?: boolean; rejected?: string; signal?: AbortSignal } = {},
  ): Promise<string> {
    const s = this.unsaved.get(sessionId) ?? (await this.o.repo.get(sessionId));
    if (!s) throw new SessionEndedError(undefined, l10n.t('The Zendesk session no longer exists.'));
    // Someone already replaced the token that got the 401.
    if (opts.rejected !== undefined && opts.rejected !== s.accessToken && !this.isDue(s)) return s.accessToken;
    if (!opts.forceRefresh && opts.rejected === undefined && !this.isDue(s)) return s.accessToken;
    return (await this.refresh(sessionId, s.accessToken, opts.signal)).accessToken;
  }

  /**
   * Keeps a timer that refreshes the session ahead of expiry, so an idle session stays signed in. Each window
   * adds its own jitter (up to a quarter of the time left, at most 30 s) so their timers rarely fire together.
   */
  schedule(s: StoredSession): void {
    this.unschedule(s.id);
    // A refresh that finishes after dispose must not start a new timer.
    if (this.disposed) return;
    const due = refreshDueAt(s);
    if (due === undefined || s.expiresAt === undefined) return;
    const jitter = this.random() * Math.min(MAX_JITTER, Math.max(0, s.expiresAt - due) / 4);
    const timer = this.clock.setTimeout(
      () => {
        this.timers.delete(s.id);
        this.refreshIfDue(s.id).catch((e: unknown) => {
          if (e instanceof SessionEndedError) return;
          // Network trouble: keep the session and try again in a minute.
          this.o.log.warn(
            `background refresh of ${s.accountLabel} failed, retrying in 1 minute: ${(e as Error).message}`,
          );
          const retry = this.clock.setTimeout(
            () => {
              this.timers.delete(s.id);
              this.schedule(s);
            },
            60_000,
            true,
          );
          this.timers.set(s.id, retry);
        });
      },
      Math.min(MAX_TIMER, Math.max(0, due + jitter - this.clock.now())),
      true,
    );
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
    this.timers.get(id)?.();
    this.timers.delete(id);
  }

  /** The session was signed out or removed: no timer, no unstored pair, nothing more for it. */
  forget(id: string): void {
    this.unschedule(id);
    this.unsaved.delete(id);
    this.flushTimers.get(id)?.();
    this.flushTimers.delete(id);
  }

  dispose(): void {
    this.disposed = true;
    for (const id of [...this.timers.keys()]) this.unschedule(id);
    for (const cancel of this.flushTimers.values()) cancel();
    this.flushTimers.clear();
  }

  /** Tries again to store a pair the keychain refused; on failure, again later. */
  private scheduleFlush(id: string, delayMs = FLUSH_RETRY_MS): void {
    if (this.disposed || this.flushTimers.has(id)) return;
    const timer = this.clock.setTimeout(
      () => {
        this.flushTimers.delete(id);
        const pair = this.unsaved.get(id);
        if (!pair) return;
        this.o.repo.save(pair).then(
          () => {
            if (this.unsaved.get(id) === pair) this.unsaved.delete(id);
            this.o.log.info(`${pair.accountLabel}: the refreshed session is stored now`);
          },
          (e: unknown) => {
            this.o.log.warn(`${pair.accountLabel}: still cannot store the refreshed session: ${(e as Error).message}`);
            this.scheduleFlush(id);
          },
        );
      },
      delayMs,
      true,
    );
    this.flushTimers.set(id, timer);
  }

  private isDue(s: StoredSession): boolean {
    const due = refreshDueAt(s);
    return due !== undefined && this.clock.now() >= due;
  }

  /** The stored session already replaces `staleToken` (another window or caller refreshed it). */
  private replaces(s: StoredSession, staleToken: string): boolean {
    return s.accessToken !== staleToken && !this.isDue(s);
  }

  /** Single flight: concurrent callers for one session share one refresh. Whoever's pair it is, the timer follows it. */
  private refresh(id: string, staleToken: string, signal?: AbortSignal): Promise<StoredSession> {
    let p = this.inflight.get(id);
    if (!p) {
      p = this.doRefresh(id, staleToken, signal)
        .then((s) => {
          this.schedule(s);
          return s;
        })
        .finally(() => this.inflight.delete(id));
      this.inflight.set(id, p);
    }
    return p;
  }

  private async doRefresh(id: string, staleToken: string, signal?: AbortSignal): Promise<StoredSession> {
    // Re-read: another window may have refreshed already (Zendesk rotates the refresh token each time).
    const seen = await this.read(id);
    if (this.replaces(seen, staleToken)) return seen;
    const lease = await this.leaseOrPair(id, staleToken, signal);
    if ('pair' in lease) {
      this.o.log.info(`${seen.accountLabel}: another window refreshed the session; using its tokens`);
      return lease.pair;
    }
    try {
      // Under the lease: a window that held it before us stored its pair before releasing it.
      const current = await this.read(id);
      if (this.replaces(current, staleToken)) return current;
      return await this.grantAndStore(current, signal);
    } finally {
      await lease
        .release()
        .catch((e: unknown) => this.o.log.warn(`could not release the refresh lease: ${(e as Error).message}`));
    }
  }

  /**
   * Takes the cross-window lease, or waits for the window holding it to store its pair. After the lease's lifetime
   * (its holder closed or hung) this window goes on without it.
   */
  private async leaseOrPair(
    id: string,
    staleToken: string,
    signal?: AbortSignal,
  ): Promise<{ release: () => Promise<void> } | { pair: StoredSession }> {
    const leases = this.o.repo.refreshLease;
    const noLease = { release: async () => undefined };
    if (!leases) return noLease;
    const until = this.clock.now() + leases.ttlMs;
    try {
      while (this.clock.now() < until) {
        const release = await leases.acquire(id);
        if (release) return { release };
        do {
          signal?.throwIfAborted();
          await this.nextChange(id);
          const s = await this.read(id);
          if (this.replaces(s, staleToken)) return { pair: s };
        } while (this.clock.now() < until && (await leases.heldByOther(id)));
        // Released with no new pair (its refresh failed), or lapsed: try to take it.
      }
    } catch (e) {
      if (e instanceof SessionEndedError || signal?.aborted) throw e;
      // The lease is advisory: a keychain hiccup on it must not stop the refresh.
      this.o.log.warn(`refresh lease unavailable, refreshing without it: ${(e as Error).message}`);
    }
    return noLease;
  }

  private async grantAndStore(current: StoredSession, signal?: AbortSignal): Promise<StoredSession> {
    let tokens: TokenSet;
    try {
      if (current.grant === 'client_credentials') {
        const secret = await this.o.repo.getClientSecret(current.baseUrl, current.clientId);
        if (!secret) return await this.end(current, l10n.t('The client secret is no longer stored.'));
        tokens = await this.o.grants.clientCredentials(current, secret, signal);
      } else {
        if (!current.refreshToken) return await this.end(current, l10n.t('The session cannot be refreshed.'));
        tokens = await this.o.grants.refresh(current, signal);
      }
    } catch (e) {
      if (e instanceof OAuthError && (e.code === 'invalid_grant' || e.code === 'invalid_client')) {
        // Lost a race? Another window may have spent our refresh token and not yet stored its pair.
        const newer = await this.newerPair(current, signal);
        if (newer) {
          this.o.log.info(`${current.accountLabel}: another window refreshed the session; using its tokens`);
          return newer;
        }
        return await this.end(
          current,
          e.code === 'invalid_client'
            ? l10n.t('Zendesk no longer accepts the OAuth client.')
            : l10n.t('Zendesk no longer accepts the refresh token.'),
        );
      }
      // A network error, a 5xx or a 429 never ends the session: the caller retries later.
      throw e;
    }
    const next: StoredSession = {
      ...current,
      accessToken: tokens.accessToken,
      // Zendesk rotates refresh tokens; a response without one (client credentials) keeps none.
      refreshToken: current.grant === 'client_credentials' ? undefined : (tokens.refreshToken ?? current.refreshToken),
      scopes: tokens.scopes.length ? tokens.scopes : current.scopes,
      issuedAt: this.clock.now(),
      expiresAt: tokens.expiresAt,
      refreshTokenExpiresAt: tokens.refreshTokenExpiresAt ?? current.refreshTokenExpiresAt,
    };
    // Stored before anyone gets the new token: the old refresh token is already dead at Zendesk.
    try {
      await this.o.repo.save(next);
      this.unsaved.delete(current.id);
    } catch (e) {
      if (!(e instanceof SecretStorageError)) throw e;
      // The keychain refused: the new pair is the only live one. Keep it here, use it, and keep trying to store it.
      this.unsaved.set(current.id, next);
      this.o.log.warn(
        `${current.accountLabel}: the keychain refused the refreshed session; keeping it in this window and trying again (${e.message})`,
      );
      this.scheduleFlush(current.id);
    }
    this.o.log.info(`${current.accountLabel}: access token refreshed`);
    return next;
  }

  /** Re-reads the store for up to `raceWaitMs` for a pair other than `s`'s. Throws when the session was removed. */
  private async newerPair(s: StoredSession, signal?: AbortSignal): Promise<StoredSession | undefined> {
    const until = this.clock.now() + this.raceWaitMs;
    for (;;) {
      signal?.throwIfAborted();
      const again = await this.read(s.id);
      if (again.refreshToken !== s.refreshToken || again.accessToken !== s.accessToken) return again;
      if (this.clock.now() >= until) return undefined;
      await this.nextChange(s.id, Math.min(this.pollMs, until - this.clock.now()));
    }
  }

  private nextChange(id: string, ms = this.pollMs): Promise<void> {
    return this.o.repo.waitForChange ? this.o.repo.waitForChange(id, ms) : delay(this.clock, ms);
  }

  private async read(id: string): Promise<StoredSession> {
    const s = this.unsaved.get(id) ?? (await this.o.repo.get(id));
    if (!s) throw new SessionEndedError(undefined, l10n.t('The Zendesk session no longer exists.'));
    return s;
  }

  private async end(s: StoredSession, reason: string): Promise<never> {
    this.unschedule(s.id);
    this.unsaved.delete(s.id);
    await this.o.repo.remove(s.id);
    this.o.log.warn(`${s.accountLabel}: session ended (${reason})`);
    this.o.onEnded?.(s, reason);
    throw new SessionEndedError(s, reason);
  }
}
