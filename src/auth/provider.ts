import type * as vscode from 'vscode';
import { Emitter, type Disposable } from '../events';
import type { Logger } from '../log';
import { parseScopes, sameScopes, validateScopes } from '../zendesk/scopes';
import type { SessionStore, StoredSession } from './sessionStore';
import { SessionEndedError, type TokenManager } from './tokenManager';

/** The sessions this provider handed out (through VS Code, which asked the user), by token: what the exported API
 * accepts as proof that a caller was given a session, and with which scopes. In memory only. */
export class HandedOutSessions {
  private readonly byToken = new Map<string, { sessionId: string; scopes: readonly string[] }>();

  /** Each session is handed out for its one scope set (the token's own), so a record is never widened. */
  record(sessionId: string, accessToken: string, scopes: readonly string[]): void {
    this.byToken.set(accessToken, { sessionId, scopes: [...scopes] });
  }

  /** The scopes the caller was given with this session and token, or undefined when it was never handed out. */
  scopesFor(sessionId: string, accessToken: string): readonly string[] | undefined {
    const r = this.byToken.get(accessToken);
    return r && r.sessionId === sessionId ? r.scopes : undefined;
  }

  /** Forgets a signed-out session's tokens. */
  forget(sessionId: string): void {
    for (const [token, r] of [...this.byToken]) if (r.sessionId === sessionId) this.byToken.delete(token);
  }
}

/**
 * Tells the user how a sign-in that VS Code started for another extension (createSession) ended: the error goes
 * to that extension, which may show nothing, so the user would otherwise not learn what went wrong. And that an
 * account was signed out, whoever asked (our Sign Out command, or VS Code's Accounts menu through removeSession).
 */
export interface SignInOutcome {
  succeeded(session: StoredSession): void;
  failed(error: unknown, retry: { scopes: readonly string[]; accountId?: string }): void;
  signedOut(session: StoredSession): void;
}

/** Runs a sign-in (the browser flow or client credentials) and returns the stored session. */
export interface SignInRunner {
  /** `forCaller`: for another extension, with exactly `scopes` (nothing added), stored beside the account's own session. */
  signIn(
    scopes: readonly string[],
    options: { account?: vscode.AuthenticationSessionAccountInformation; forCaller?: boolean },
  ): Promise<StoredSession>;
  revoke(session: StoredSession): Promise<void>;
}

/**
 * The `zendesk` AuthenticationProvider: a session per scope set, as GitHub's provider does. A caller asking for
 * `['tickets:read']` gets a session whose token Zendesk granted exactly `tickets:read`, never a broader one that
 * covers it; when no session matches exactly, VS Code calls createSession, which signs in once more for that set.
 * An empty request (VS Code's Accounts menu, its sign-out) lists every session, without tokens, and hands out none.
 */
export class ZendeskAuthenticationProvider implements vscode.AuthenticationProvider, Disposable {
  private readonly changed = new Emitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.changed.event;
  /** What this window last reported, by session id → access token, to diff changes made by other windows. */
  private known = new Map<string, string>();
  private readonly disposables: Disposable[] = [];
  readonly handedOut: HandedOutSessions;
  private readonly outcome?: SignInOutcome;

  constructor(
    private readonly store: Pick<SessionStore, 'list' | 'get' | 'remove' | 'onDidChange'>,
    private readonly tokens: Pick<TokenManager, 'getAccessToken' | 'schedule' | 'forget'>,
    private readonly runner: SignInRunner,
    private readonly log: Logger,
    o: { handedOut?: HandedOutSessions; outcome?: SignInOutcome } = {},
  ) {
    this.handedOut = o.handedOut ?? new HandedOutSessions();
    this.outcome = o.outcome;
    this.disposables.push(
      this.changed,
      store.onDidChange(() => this.syncFromStore()),
    );
  }

  /** Loads what is stored (at activation), schedules refreshes, and remembers it for later diffs. */
  async initialize(): Promise<void> {
    const sessions = await this.store.list();
    this.known = new Map(sessions.map((s) => [s.id, s.accessToken]));
    for (const s of sessions) this.tokens.schedule(s);
  }

  async getSessions(
    scopes: readonly string[] | undefined,
    options?: vscode.AuthenticationProviderSessionOptions,
  ): Promise<vscode.AuthenticationSession[]> {
    const requested = parseScopes(scopes ?? []);
    const ofAccount = (await this.store.list()).filter((s) => !options?.account || options.account.id === s.accountId);
    // No scopes asked: a listing for VS Code's menus (accounts, sign-out), which need ids and accounts, no token.
    if (!requested.length) return ofAccount.map((s) => toSession(s, ''));
    const sessions: vscode.AuthenticationSession[] = [];
    // One session per account: the extension's own may come to hold the same set as one signed in for callers
    // (a step-up); the caller's is answered, so VS Code never asks to choose between two of one account.
    const exact = ofAccount
      .filter((x) => sameScopes(x.scopes, requested))
      .sort((a, b) => Number(!!b.forCaller) - Number(!!a.forCaller));
    const oneEach = exact.filter(
      (x, i) => exact.findIndex((y) => y.accountId === x.accountId && y.baseUrl === x.baseUrl) === i,
    );
    for (const s of oneEach) {
      let accessToken = s.accessToken;
      try {
        accessToken = await this.tokens.getAccessToken(s.id);
      } catch (e) {
        if (e instanceof SessionEndedError) continue;
        // A network error keeps the session; the caller's request will retry the refresh on 401.
        this.log.warn(`could not refresh ${s.accountLabel}: ${(e as Error).message}`);
      }
      sessions.push(this.handOut(s, accessToken, scopes ?? []));
    }
    return sessions;
  }

  async createSession(
    scopes: readonly string[],
    options?: vscode.AuthenticationProviderSessionOptions,
  ): Promise<vscode.AuthenticationSession> {
    let stored: StoredSession;
    try {
      // A session is handed out for the scopes it carries: an empty request has none to sign in for.
      validateScopes(parseScopes(scopes));
      stored = await this.runner.signIn(scopes, { account: options?.account, forCaller: true });
    } catch (e) {
      // Only VS Code calls createSession (the commands call the sign-in service and report themselves), so this
      // is the one place that reports for sign-ins another extension started.
      this.outcome?.failed(e, { scopes, accountId: options?.account?.id });
      throw e;
    }
    await this.syncFromStore();
    this.outcome?.succeeded(stored);
    return this.handOut(stored, stored.accessToken, scopes);
  }

  /** Signs out of an account: every session of it, the extension's own and those signed in for other extensions.
   * The user is told once, when its last session goes (by removeSession). */
  async signOut(accountId: string): Promise<void> {
    for (const s of await this.store.list()) if (s.accountId === accountId) await this.removeSession(s.id);
  }

  /**
   * Removes one session (VS Code calls this for each session of an account its Accounts menu signs out of). When it
   * was the account's last, the user is told "Signed out of …" here, the one place, so neither path says it twice.
   * `quiet`: for Forget Account, which says what it did itself.
   */
  async removeSession(sessionId: string, o: { quiet?: boolean } = {}): Promise<void> {
    const s = await this.store.get(sessionId);
    if (!s) return;
    this.tokens.forget(s.id);
    try {
      await this.runner.revoke(s);
    } catch (e) {
      // The local copy goes regardless: signing out must never depend on Zendesk answering.
      this.log.warn(`could not revoke the token of ${s.accountLabel} at Zendesk: ${(e as Error).message}`);
    }
    await this.store.remove(s.id);
    this.handedOut.forget(s.id);
    this.log.info(`signed out of ${s.accountLabel}`);
    await this.syncFromStore();
    if (!o.quiet && !(await this.store.list()).some((x) => x.accountId === s.accountId)) this.outcome?.signedOut(s);
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
    for (const id of removed) {
      this.tokens.forget(id);
      this.handedOut.forget(id);
    }
    if (!added.length && !changed.length && !removed.length) return;
    this.changed.fire({
      added: added.map((s) => toSession(s, s.accessToken)),
      removed: removedSessions,
      changed: changed.map((s) => toSession(s, s.accessToken)),
    });
  }

  /** What VS Code passes to the caller that asked; remembered, with the token's own scopes (exactly those asked),
   * so the exported API can tell it was given. */
  private handOut(s: StoredSession, accessToken: string, requested: readonly string[]): vscode.AuthenticationSession {
    const session = toSession(s, accessToken, requested);
    this.handedOut.record(session.id, session.accessToken, s.scopes);
    return session;
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
    // As asked (VS Code's account badge relies on it), the same set as the token's; the granted scopes otherwise.
    scopes: requested && requested.length ? [...requested] : [...s.scopes],
  };
}
