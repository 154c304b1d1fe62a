import { SecretKeys } from '../constants';
import { Emitter, type Disposable } from '../events';
import type { Logger } from '../log';
import { delay, systemTimers, type Timers } from '../timers';
import { RefreshLease } from './refreshLease';
import {
  isStoredSession,
  SecretStorageError,
  type SecretStore,
  type SessionRepository,
  type StoredSession,
} from './session';

export { SecretStorageError, type SecretStore, type StoredSession } from './session';

/**
 * Sessions and client secrets in SecretStorage and nowhere else. Each session is one key (so a refresh
 * replaces the token pair in one write); an index key lists the session ids, since SecretStorage cannot
 * list its keys on VS Code 1.93. `onDidChange` fires for changes from this window and from other windows.
 *
 * Every window has its own store over the one keychain, and the keychain has no transactions, so the order of
 * writes keeps the index and the keys in agreement: a key is written before its id enters the index, and an id
 * leaves the index before its key is deleted. An id whose key is gone anyway (two windows updating the index at
 * once) is left out of `list()` and dropped from the index.
 */
export interface SessionStoreTiming {
  /** How long writes that other windows began before ours may take to land: longer than a keychain read and write. */
  settleMs?: number;
  /** How long a refresh lease lasts when its holder never releases it. */
  leaseTtlMs?: number;
  /** The clock and timers of those waits and of the lease's lifetime; the system's by default. */
  timers?: Timers;
}

export class SessionStore implements Disposable, SessionRepository {
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;
  /** Lets one window at a time refresh a session; see refreshLease.ts. */
  readonly refreshLease: RefreshLease;
  private readonly subscription: Disposable;
  /** Serialises this window's index updates (read-modify-write). */
  private indexLock: Promise<unknown> = Promise.resolve();
  private readonly settleMs: number;
  private readonly timers: Timers;

  constructor(
    private readonly secrets: SecretStore,
    private readonly log: Logger,
    /** Sees every session read or written, so the logger can redact its tokens wherever they turn up. */
    private readonly seen: (s: StoredSession) => void = () => undefined,
    timing: SessionStoreTiming = {},
  ) {
    this.settleMs = timing.settleMs ?? 500;
    this.timers = timing.timers ?? systemTimers;
    this.refreshLease = new RefreshLease(secrets, {
      settleMs: this.settleMs,
      ttlMs: timing.leaseTtlMs,
      timers: this.timers,
    });
    this.subscription = secrets.onDidChange((e) => {
      if (isSessionKey(e.key)) this.changed.fire();
    });
  }

  async list(): Promise<StoredSession[]> {
    const ids = await this.ids();
    const raws = await Promise.all(ids.map((id) => this.call('read', () => this.secrets.get(SecretKeys.session(id)))));
    const missing = ids.filter((_, i) => raws[i] === undefined);
    if (missing.length) await this.dropDangling(missing);
    return raws.flatMap((raw, i) => {
      const s = raw === undefined ? undefined : this.parse(ids[i], raw);
      return s ? [s] : [];
    });
  }

  async get(id: string): Promise<StoredSession | undefined> {
    const raw = await this.call('read', () => this.secrets.get(SecretKeys.session(id)));
    return raw === undefined ? undefined : this.parse(id, raw);
  }

  /** Writes the session (new token pair included) before touching the index, so the index never names a missing key. */
  async save(session: StoredSession): Promise<void> {
    this.seen(session);
    await this.call('write', () => this.secrets.store(SecretKeys.session(session.id), JSON.stringify(session)));
    // Another window's index update, begun before ours, may land after it and leave our id out: look again once
    // such writes have landed, and re-add. (Only a new id waits: a refresh finds its id listed.)
    for (let attempt = 0; attempt < 3; attempt++) {
      if (!(await this.updateIndex((ids) => (ids.includes(session.id) ? ids : [...ids, session.id])))) return;
      await delay(this.timers, this.settleMs);
      if ((await this.ids()).includes(session.id)) return;
    }
    this.log.warn(`session ${session.id} could not be added to the index; other windows are writing it`);
  }

  /** Takes the id out of the index before deleting the key, so the index never names a missing key. */
  async remove(id: string): Promise<void> {
    await this.updateIndex((ids) => ids.filter((x) => x !== id));
    await this.call('delete', () => this.secrets.delete(SecretKeys.session(id)));
  }

  /** Resolves at the next change to the session or its refresh lease (from any window), or after `ms`. */
  waitForChange(id: string, ms: number): Promise<void> {
    const keys = [SecretKeys.session(id), SecretKeys.refreshLease(id)];
    return new Promise((resolve) => {
      const done = () => {
        cancel();
        sub.dispose();
        resolve();
      };
      const cancel = this.timers.setTimeout(done, ms);
      const sub = this.secrets.onDidChange((e) => {
        if (keys.includes(e.key)) done();
      });
    });
  }

  getClientSecret(baseUrl: string, clientId: string): Promise<string | undefined> {
    return this.call('read', () => this.secrets.get(SecretKeys.clientSecret(baseUrl, clientId)));
  }

  async setClientSecret(baseUrl: string, clientId: string, secret: string): Promise<void> {
    await this.call('write', () => this.secrets.store(SecretKeys.clientSecret(baseUrl, clientId), secret));
  }

  async deleteClientSecret(baseUrl: string, clientId: string): Promise<void> {
    await this.call('delete', () => this.secrets.delete(SecretKeys.clientSecret(baseUrl, clientId)));
  }

  /** A key that is not JSON, or JSON of another shape (a damaged or foreign key), is skipped and kept: it is not
   * ours to delete, and the log names only its id, never its content. */
  private parse(id: string, raw: string): StoredSession | undefined {
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      this.log.warn(`session ${id} is unreadable; ignoring it`);
      return undefined;
    }
    if (!isStoredSession(value) || value.id !== id) {
      this.log.warn(`session ${id} is not a stored session (unexpected shape); ignoring it`);
      return undefined;
    }
    this.seen(value);
    return value;
  }

  /**
   * Self-repair: drops ids whose key is gone. Ids are random per sign-in, so a missing key does not come back; the
   * read-modify-write is kept short, and a save that it overtakes re-adds its id (see `save`).
   */
  private async dropDangling(gone: string[]): Promise<void> {
    try {
      if (await this.updateIndex((ids) => ids.filter((x) => !gone.includes(x)))) {
        this.log.info(`dropped ${gone.length} session id(s) with no stored session from the index`);
      }
    } catch (e) {
      // The listing is right either way; the index is repaired on a later read.
      this.log.warn(`could not repair the session index: ${(e as Error).message}`);
    }
  }

  private async ids(): Promise<string[]> {
    const raw = await this.call('read', () => this.secrets.get(SecretKeys.sessionIndex));
    try {
      const ids: unknown = raw ? JSON.parse(raw) : [];
      return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [];
    } catch {
      return [];
    }
  }

  /** Resolves to whether the index changed (and was written). */
  private updateIndex(update: (ids: string[]) => string[]): Promise<boolean> {
    const next = this.indexLock.then(async () => {
      const ids = await this.ids();
      const updated = update(ids);
      if (updated.length === ids.length && updated.every((x, i) => x === ids[i])) return false;
      await this.call('write', () => this.secrets.store(SecretKeys.sessionIndex, JSON.stringify(updated)));
      // Said at once, not when the keychain's own event comes back: whoever awaits the write (a sign-in, a sign-out)
      // then finds the account cache already following it.
      this.changed.fire();
      return true;
    });
    this.indexLock = next.catch(() => undefined);
    return next;
  }

  private async call<T>(operation: 'read' | 'write' | 'delete', fn: () => PromiseLike<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw new SecretStorageError(operation, e);
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** Session keys and the index: what the rest of the extension cares about (not client secrets, not leases). */
function isSessionKey(key: string): boolean {
  return key === SecretKeys.sessionIndex || key.startsWith(SecretKeys.session(''));
}
