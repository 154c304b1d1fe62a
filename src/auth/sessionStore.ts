import * as vscode from 'vscode';
import { SecretKeys } from '../constants';
import type { Logger } from '../log';
import { SecretStorageError, type SessionRepository, type StoredSession } from './session';

export { SecretStorageError, type StoredSession } from './session';

/**
 * Sessions and client secrets in SecretStorage and nowhere else. Each session is one key (so a refresh
 * replaces the token pair in one write); an index key lists the session ids, since SecretStorage cannot
 * list its keys on VS Code 1.93. `onDidChange` fires for changes from this window and from other windows.
 */
export class SessionStore implements vscode.Disposable, SessionRepository {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;
  /** Serialises this window's index updates (read-modify-write). */
  private indexLock: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: Logger,
    /** Sees every session read or written, so the logger can redact its tokens wherever they turn up. */
    private readonly seen: (s: StoredSession) => void = () => undefined,
  ) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key.startsWith(SecretKeys.prefix) && !e.key.startsWith('zendesk.clientSecret/')) this.changed.fire();
    });
  }

  async list(): Promise<StoredSession[]> {
    const ids = await this.ids();
    const sessions = await Promise.all(ids.map((id) => this.get(id)));
    return sessions.filter((s): s is StoredSession => !!s);
  }

  async get(id: string): Promise<StoredSession | undefined> {
    const raw = await this.call('read', () => this.secrets.get(SecretKeys.session(id)));
    if (!raw) return undefined;
    try {
      const session = JSON.parse(raw) as StoredSession;
      this.seen(session);
      return session;
    } catch {
      this.log.warn(`session ${id} is unreadable; ignoring it`);
      return undefined;
    }
  }

  /** Writes the session (new token pair included) before touching the index, so a crash never loses the pair. */
  async save(session: StoredSession): Promise<void> {
    this.seen(session);
    await this.call('write', () => this.secrets.store(SecretKeys.session(session.id), JSON.stringify(session)));
    await this.updateIndex((ids) => (ids.includes(session.id) ? ids : [...ids, session.id]));
  }

  async remove(id: string): Promise<void> {
    await this.updateIndex((ids) => ids.filter((x) => x !== id));
    await this.call('delete', () => this.secrets.delete(SecretKeys.session(id)));
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

  private async ids(): Promise<string[]> {
    const raw = await this.call('read', () => this.secrets.get(SecretKeys.sessionIndex));
    try {
      const ids: unknown = raw ? JSON.parse(raw) : [];
      return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [];
    } catch {
      return [];
    }
  }

  private updateIndex(update: (ids: string[]) => string[]): Promise<void> {
    const next = this.indexLock.then(async () => {
      const ids = await this.ids();
      const updated = update(ids);
      if (updated.length !== ids.length || updated.some((x, i) => x !== ids[i])) {
        await this.call('write', () => this.secrets.store(SecretKeys.sessionIndex, JSON.stringify(updated)));
      }
    });
    this.indexLock = next.catch(() => undefined);
    return next;
  }

  private async call<T>(operation: 'read' | 'write' | 'delete', fn: () => Thenable<T>): Promise<T> {
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
