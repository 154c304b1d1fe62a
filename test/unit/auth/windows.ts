// Several VS Code windows over one keychain, each with its own session store and token manager, and a token
// endpoint that rotates like Zendesk's: the refresh tests of the race between windows build on these.
import type { SessionRepository, StoredSession } from '../../../src/auth/session';
import { SessionStore } from '../../../src/auth/sessionStore';
import { TokenManager, type TokenGrants } from '../../../src/auth/tokenManager';
import { SecretKeys } from '../../../src/constants';
import { OAuthError } from '../../../src/zendesk/errors';
import type { TokenSet } from '../../../src/zendesk/oauth';
import { NO_LOG } from '../../../src/zendesk/types';
import { delay, systemTimers, type Timers } from '../../../src/timers';
import type { FakeKeychain } from './fakeKeychain';

export const SESSION_ID = 's1';

export function storedSession(over: Partial<StoredSession> = {}): StoredSession {
  return {
    id: SESSION_ID,
    accountId: 'acme/1',
    accountLabel: 'Ann (acme)',
    subdomain: 'acme',
    baseUrl: 'https://acme.zendesk.com',
    clientId: 'c',
    grant: 'authorization_code',
    scopes: ['read'],
    user: { id: 1, name: 'Ann', email: 'a@x', role: 'agent' },
    accessToken: 'access-0',
    refreshToken: 'refresh-0',
    issuedAt: 0,
    expiresAt: 1,
    ...over,
  };
}

/** The session as signed in before the windows open: its key and the index. */
export function seedSession(keychain: FakeKeychain, s: StoredSession): void {
  keychain.seed(SecretKeys.session(s.id), JSON.stringify(s));
  keychain.seed(SecretKeys.sessionIndex, JSON.stringify([s.id]));
}

/**
 * Zendesk's refresh grant: each refresh returns a new pair and kills the refresh token sent; a dead one gets
 * `invalid_grant`. Counts every request, as the sandbox's counters do. Its latency and the new pair's expiry run on
 * `timers` (the system's by default; a simulation's virtual clock).
 */
export class RotatingTokenEndpoint implements TokenGrants {
  valid = 'refresh-0';
  generation = 0;
  requests = 0;
  rejected = 0;
  constructor(
    private readonly lifetimeMs: number,
    private readonly latency: () => number = () => 1,
    private readonly timers: Timers = systemTimers,
  ) {}

  get accessToken(): string {
    return `access-${this.generation}`;
  }

  /** The pair Zendesk would accept now. */
  latest(): { accessToken: string; refreshToken: string } {
    return { accessToken: this.accessToken, refreshToken: this.valid };
  }

  async refresh(s: StoredSession): Promise<TokenSet> {
    this.requests++;
    await delay(this.timers, this.latency());
    if (s.refreshToken !== this.valid) {
      this.rejected++;
      throw new OAuthError('invalid_grant', 'The provided authorization grant is invalid, expired, or revoked.', 400);
    }
    this.generation++;
    this.valid = `refresh-${this.generation}`;
    const tokens: TokenSet = {
      accessToken: this.accessToken,
      refreshToken: this.valid,
      tokenType: 'bearer',
      scopes: ['read'],
      expiresAt: this.timers.now() + this.lifetimeMs,
    };
    await delay(this.timers, this.latency());
    return tokens;
  }

  async clientCredentials(): Promise<TokenSet> {
    throw new Error('not used');
  }
}

export interface WindowOptions {
  /** Timings of the lease and the waits, in ms. */
  settleMs: number;
  ttlMs: number;
  raceWaitMs: number;
  pollMs: number;
  /** This window's clock is ahead by this much (its timers fire that much earlier). */
  skewMs?: number;
  /** The fraction of the jitter range this window's timer adds. */
  jitter?: number;
  /** A window whose token manager ignores the lease (an older version of the extension, say). */
  noLease?: boolean;
  /**
   * The clock and timers every window shares (the system's by default): a simulation passes one virtual clock, so
   * the windows, the keychain's delays and the token endpoint's latency interleave by their modelled times.
   */
  timers?: Timers;
  /** The machine's clock (the timers' by default); a test stops it to check the outcome without new expiries. */
  clock?: () => number;
}

export interface TestWindow {
  store: SessionStore;
  tokens: TokenManager;
  ended: string[];
  close(): void;
}

export function openWindow(keychain: FakeKeychain, grants: TokenGrants, o: WindowOptions): TestWindow {
  const shared = o.timers ?? systemTimers;
  const clock = o.clock ?? (() => shared.now());
  const skew = o.skewMs ?? 0;
  const store = new SessionStore(keychain.window(), NO_LOG, undefined, {
    settleMs: o.settleMs,
    leaseTtlMs: o.ttlMs,
    timers: shared,
  });
  const repo: SessionRepository = o.noLease
    ? {
        get: (id) => store.get(id),
        save: (s) => store.save(s),
        remove: (id) => store.remove(id),
        getClientSecret: async () => undefined,
      }
    : store;
  const ended: string[] = [];
  const tokens = new TokenManager({
    repo,
    grants,
    log: NO_LOG,
    // The token manager's clock is skewed (its timers fire earlier, computed from a later `now`) and stoppable.
    timers: { now: () => clock() + skew, setTimeout: (fn, ms, bg) => shared.setTimeout(fn, ms, bg) },
    onEnded: (s) => ended.push(s.id),
    raceWaitMs: o.raceWaitMs,
    pollMs: o.pollMs,
    random: () => o.jitter ?? 0,
  });
  return {
    store,
    tokens,
    ended,
    close: () => {
      tokens.dispose();
      store.dispose();
    },
  };
}

/** Whether the index lists exactly the sessions whose keys exist, no more, no fewer. */
export function indexAgreesWithKeys(keychain: FakeKeychain): { index: string[]; keys: string[]; agree: boolean } {
  const index = (JSON.parse(keychain.peek(SecretKeys.sessionIndex) ?? '[]') as string[]).slice().sort();
  const prefix = SecretKeys.session('');
  const keys = keychain
    .keys()
    .filter((k) => k.startsWith(prefix))
    .map((k) => k.slice(prefix.length))
    .sort();
  return { index, keys, agree: JSON.stringify(index) === JSON.stringify(keys) };
}
