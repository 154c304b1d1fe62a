// Every window runs its own token manager over one SecretStorage, and Zendesk rotates the refresh token on each
// refresh, so windows whose timers fire together would each spend the same refresh token. This lease lets one
// window refresh while the others wait for its pair. SecretStorage has no compare-and-swap, so the lease is taken
// by writing it, waiting for concurrent writers to land, and reading it back: only the last writer goes on.
// It only saves duplicate grants; the token manager stays correct without it (it re-reads before giving up).
import { randomUUID } from 'node:crypto';
import { SecretKeys } from '../constants';
import { delay, systemTimers, type Timers } from '../timers';
import type { RefreshLeases, SecretStore } from './session';

export interface RefreshLeaseOptions {
  /** How long to wait after writing the lease before reading it back: longer than a keychain read plus a write. */
  settleMs?: number;
  /** How long a lease lasts when its holder never releases it (a window closed mid-refresh). */
  ttlMs?: number;
  /** Wall-clock time (shared by every window on this machine) and the settle wait; the system's by default. */
  timers?: Timers;
}

interface LeaseRecord {
  owner: string;
  expiresAt: number;
}

export class RefreshLease implements RefreshLeases {
  readonly ttlMs: number;
  private readonly settleMs: number;
  private readonly timers: Timers;

  constructor(
    private readonly secrets: SecretStore,
    o: RefreshLeaseOptions = {},
  ) {
    this.settleMs = o.settleMs ?? 500;
    this.ttlMs = o.ttlMs ?? 20_000;
    this.timers = o.timers ?? systemTimers;
  }

  async acquire(sessionId: string): Promise<(() => Promise<void>) | undefined> {
    const key = SecretKeys.refreshLease(sessionId);
    if (this.live(await this.read(key))) return undefined;
    const owner = randomUUID();
    await this.secrets.store(
      key,
      JSON.stringify({ owner, expiresAt: this.timers.now() + this.ttlMs } satisfies LeaseRecord),
    );
    // A window that read "free" at the same moment as us writes its own lease within a read and a write.
    await delay(this.timers, this.settleMs);
    if ((await this.read(key))?.owner !== owner) return undefined;
    return async () => {
      // Only our own lease: after it expired another window may have taken it.
      if ((await this.read(key))?.owner === owner) await this.secrets.delete(key);
    };
  }

  async heldByOther(sessionId: string): Promise<boolean> {
    return this.live(await this.read(SecretKeys.refreshLease(sessionId)));
  }

  private live(l: LeaseRecord | undefined): boolean {
    return !!l && l.expiresAt > this.timers.now();
  }

  private async read(key: string): Promise<LeaseRecord | undefined> {
    const raw = await this.secrets.get(key);
    if (!raw) return undefined;
    try {
      const l = JSON.parse(raw) as Partial<LeaseRecord>;
      return typeof l.owner === 'string' && typeof l.expiresAt === 'number'
        ? { owner: l.owner, expiresAt: l.expiresAt }
        : undefined;
    } catch {
      // A garbled lease is no lease: correctness never depends on it.
      return undefined;
    }
  }
}
