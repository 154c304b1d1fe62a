import * as vscode from 'vscode';
import type { Logger } from '../log';
import { scopesCover } from '../zendesk/scopes';
import type { SessionStore, StoredSession } from './sessionStore';
import { SessionEndedError, type TokenManager } from './tokenManager';

/** Runs a sign-in (the browser flow or client credentials) and returns the stored session. */
export interface SignInRunner {
  signIn(scopes: readonly string[], options: { account?: vscode.AuthenticationSessionAccountInformation }): Promise<StoredSession>;
  revoke(session: StoredSession): Promise<void>;
}

/**
 * The `zendesk` AuthenticationProvider. One session per Zendesk user per account; `getSessions` returns the
 * sessions whose granted scopes cover the request, reporting `scopes` exactly as requested, with a fresh token.
 */
export class ZendeskAuthenticationProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.changed.event;
  /** What this window last reported, by session id → access token, to diff changes made by other windows. */
  private known = new Map<string, string>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly store: SessionStore,
    private readonly tokens: TokenManager,
    private readonly runner: SignInRunner,
    private readonly log: Logger,
  ) {
    this.disposables.push(this.changed, store.onDidChange(() => void this.syncFromStore()));
  }

  /** Loads what is stored (at activation), schedules refreshes, and remembers it for later diffs. */
  async initialize(): Promise<void> {
    const sessions = await this.store.list();
    this.known = new Map(sessions.map((s) => [s.id, s.accessToken]));
    for (const s of sessions) this.tokens.schedule(s);
  }

  async getSessions(scopes: readonly string[] | undefined, options?: vscode.AuthenticationProviderSessionOptions): Promise<vscode.AuthenticationSession[]> {
    const requested = scopes ?? [];
    const matching = (await this.store.list()).filter((s) =>
      scopesCover(s.scopes, requested) && (!options?.account || options.account.id === s.accountId));
    const sessions: vscode.AuthenticationSession[] = [];
    for (const s of matching) {
      let accessToken = s.accessToken;
      try {
        accessToken = await this.tokens.getAccessToken(s.id);
      } catch (e) {
        if (e instanceof SessionEndedError) continue;
        // A network error keeps the session; the caller's request will retry the refresh on 401.
        this.log.warn(`could not refresh ${s.accountLabel}: ${(e as Error).message}`);
      }
      sessions.push(toSession(s, accessToken, scopes));
    }
    return sessions;
  }

  async createSession(scopes: readonly string[], options?: vscode.AuthenticationProviderSessionOptions): Promise<vscode.AuthenticationSession> {
    const stored = await this.runner.signIn(scopes, { account: options?.account });
    await this.syncFromStore();
    return toSession(stored, stored.accessToken, scopes);
  }

  async removeSession(sessionId: string): Promise<void> {
    const s = await this.store.get(sessionId);
    if (!s) return;
    this.tokens.unschedule(s.id);
    try {
      await this.runner.revoke(s);
    } catch (e) {
      // The local copy goes regardless: signing out must never depend on Zendesk answering.
      this.log.warn(`could not revoke the token of ${s.accountLabel} at Zendesk: ${(e as Error).message}`);
    }
    await this.store.remove(s.id);
    this.log.info(`signed out of ${s.accountLabel}`);
    await this.syncFromStore();
  }

  /** Diffs the store against what was last reported and fires added/removed/changed; covers other windows too. */
  async syncFromStore(): Promise<void> {
    let sessions: StoredSession[];
    try {
      sessions = await this.store.list();
    } catch (e) {
      this.log.error(e as Error);
      return;
    }
    const now = new Map(sessions.map((s) => [s.id, s.accessToken]));
    const added = sessions.filter((s) => !this.known.has(s.id));
    const changed = sessions.filter((s) => this.known.has(s.id) && this.known.get(s.id) !== s.accessToken);
    const removed = [...this.known.keys()].filter((id) => !now.has(id));
    const removedSessions = removed.map((id) => ({ id, accessToken: '', scopes: [], account: { id, label: id } }));
    this.known = now;
    for (const s of [...added, ...changed]) this.tokens.schedule(s);
    for (const id of removed) this.tokens.unschedule(id);
    if (!added.length && !changed.length && !removed.length) return;
    this.changed.fire({
      added: added.map((s) => toSession(s, s.accessToken)),
      removed: removedSessions,
      changed: changed.map((s) => toSession(s, s.accessToken)),
    });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function toSession(s: StoredSession, accessToken: string, requested?: readonly string[]): vscode.AuthenticationSession {
  return {
    id: s.id,
    accessToken,
    account: { id: s.accountId, label: s.accountLabel },
    // Exactly what was asked for (VS Code's account badge relies on it); all granted scopes otherwise.
    scopes: requested && requested.length ? [...requested] : [...s.scopes],
  };
}
