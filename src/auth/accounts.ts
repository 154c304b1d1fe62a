// Which accounts are signed in and which one this workspace uses; and the rules that say who an account is.
// Every account decision is made here, once. No `vscode` import: unit-tested in plain Node over a fake keychain.
import type { AccountConfig } from '../config';
import { MementoKeys } from '../constants';
import { Emitter, type Disposable, type Event } from '../events';
import type { Logger } from '../log';
import { InvalidInputError } from '../zendesk/errors';
import { sameScopes } from '../zendesk/scopes';
import { accountBaseUrl } from '../zendesk/subdomain';
import type { AccountInfo } from './access';
import { AmbiguousAccountError, NotSignedInError } from './errors';
import type { StoredSession } from './session';
import * as l10n from '@vscode/l10n';

// ---- The identity rules ----------------------------------------------------------------------------------------

/** An account's identity everywhere (provider account id, tree nodes, command arguments): `SUBDOMAIN/USER_ID`. */
export function accountIdOf(subdomain: string, userId: number): string {
  return `${subdomain}/${userId}`;
}

/** The subdomain and user id of an account id; InvalidInputError when it is not one. */
export function parseAccountId(accountId: string): { subdomain: string; userId: number } {
  const m = /^([a-z0-9-]{1,63})\/(\d{1,20})$/.exec(accountId);
  if (!m) throw new InvalidInputError(l10n.t('"{0}" is not a Zendesk account id (SUBDOMAIN/USER_ID).', accountId));
  return { subdomain: m[1], userId: Number(m[2]) };
}

/** The one derivation of a configured account's base URL: https://SUBDOMAIN.zendesk.com, or its checked override. */
export function baseUrlOf(account: Pick<AccountConfig, 'subdomain' | 'baseUrl'>): string {
  return accountBaseUrl(account.subdomain, account.baseUrl);
}

/** Whether a session or account is on something other than https://SUBDOMAIN.zendesk.com (a sandbox): marked in the UI. */
export function isTestServer(s: { subdomain: string; baseUrl: string }): boolean {
  return s.baseUrl !== accountBaseUrl(s.subdomain);
}

/** Two configured accounts are the same account when they sign in at the same base URL (one OAuth client each). */
export function sameConfiguredAccount(
  a: Pick<AccountConfig, 'subdomain' | 'baseUrl'>,
  b: Pick<AccountConfig, 'subdomain' | 'baseUrl'>,
): boolean {
  return safeBaseUrl(a) !== undefined && safeBaseUrl(a) === safeBaseUrl(b);
}

/** The configured account a session belongs to: the one at the session's base URL. */
export function configOfSession(
  configs: readonly AccountConfig[],
  session: Pick<StoredSession, 'baseUrl'>,
): AccountConfig | undefined {
  return configs.find((c) => safeBaseUrl(c) === session.baseUrl);
}

/**
 * The configured account to sign in to for an account id (VS Code's `options.account`, a step-up for more scopes):
 * the one a signed-in session of that id belongs to, else the only configured account with that subdomain.
 */
export function configForAccountId(
  configs: readonly AccountConfig[],
  sessions: readonly StoredSession[],
  accountId: string,
): AccountConfig | undefined {
  const session = sessions.find((s) => s.accountId === accountId);
  if (session) return configOfSession(configs, session);
  let subdomain: string;
  try {
    subdomain = parseAccountId(accountId).subdomain;
  } catch {
    return undefined;
  }
  const bySubdomain = configs.filter((c) => c.subdomain === subdomain);
  return bySubdomain.length === 1 ? bySubdomain[0] : undefined;
}

/**
 * The sessions a new one replaces, of the same user on the same account: the extension's own session replaces its
 * own (re-signing in, asking for more); a session for another extension replaces only one for the same scope set,
 * so neither ever ends or widens the other.
 */
export function replacedBy(
  next: Pick<StoredSession, 'accountId' | 'baseUrl' | 'scopes' | 'forCaller'>,
  existing: readonly StoredSession[],
): StoredSession[] {
  return existing.filter(
    (s) =>
      s.accountId === next.accountId &&
      s.baseUrl === next.baseUrl &&
      !!s.forCaller === !!next.forCaller &&
      (!next.forCaller || sameScopes(s.scopes, next.scopes)),
  );
}

/**
 * The session this extension's own features use for each account: its own, else (an account signed in only for
 * other extensions) the first of those, whose scopes the features' step-up then adds to in a session of its own.
 * One per account, in the order the accounts were first signed in.
 */
export function ownSessions(sessions: readonly StoredSession[]): StoredSession[] {
  const byAccount = new Map<string, StoredSession>();
  for (const s of sessions) {
    const key = `${s.baseUrl} ${s.accountId}`;
    const seen = byAccount.get(key);
    if (!seen || (seen.forCaller && !s.forCaller)) byAccount.set(key, s);
  }
  return [...byAccount.values()];
}

/**
 * The signed-in accounts a name a user typed refers to (a request file's `# @account`, a chat tool's `account`, a
 * command argument): the account id (SUBDOMAIN/USER_ID) exactly, else every account on that subdomain. Case does not
 * matter. More than one result means the name is ambiguous; none, that nothing signed in has that name.
 */
export function accountsNamed<T extends { accountId: string; subdomain: string }>(
  accounts: readonly T[],
  name: string,
): T[] {
  const wanted = name.trim().toLowerCase();
  const exact = accounts.filter((a) => a.accountId.toLowerCase() === wanted);
  return exact.length ? exact : accounts.filter((a) => a.subdomain.toLowerCase() === wanted);
}

/**
 * The one signed-in account a name refers to (accountsNamed), the one way every feature resolves a name: none is
 * NotSignedInError, several is AmbiguousAccountError naming them (never a guess, even the account in use: a write
 * must not go out as another user than the one meant).
 */
export function accountNamed<T extends { accountId: string; subdomain: string; user: { name: string } }>(
  accounts: readonly T[],
  name: string,
): T {
  const matches = accountsNamed(accounts, name);
  if (matches.length === 1) return matches[0] as T;
  if (!matches.length) throw new NotSignedInError(name.trim());
  throw new AmbiguousAccountError(
    name.trim(),
    matches.map((a) => ({ accountId: a.accountId, userName: a.user.name })),
  );
}

function safeBaseUrl(a: Pick<AccountConfig, 'subdomain' | 'baseUrl'>): string | undefined {
  try {
    return baseUrlOf(a);
  } catch {
    return undefined;
  }
}

/** What the features see of a session: everything but its tokens. */
export function accountInfo(s: StoredSession): AccountInfo {
  return {
    accountId: s.accountId,
    label: s.accountLabel,
    subdomain: s.subdomain,
    baseUrl: s.baseUrl,
    user: { ...s.user },
    scopes: [...s.scopes],
  };
}

// ---- The account service ----------------------------------------------------------------------------------------

/** VS Code's Memento, narrowed (globalState for the active account, workspaceState for this workspace's choice). */
export interface Memento {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

export interface SessionSource {
  list(): Promise<StoredSession[]>;
  readonly onDidChange: Event<void>;
}

/**
 * The signed-in sessions, the active account (user-wide), and the account this workspace uses. The one cache of
 * sessions the features, the picker and the status bar read: filled when it is made and updated by the store's change
 * events (this window's writes and other windows' alike), never reloaded by hand. The workspace choice only picks
 * among the user's own sessions: it never changes where a token is sent.
 */
export class AccountService implements Disposable {
  private sessions: StoredSession[] = [];
  private attentionText: string | undefined;
  private readonly changed: Emitter<void>;
  readonly onDidChange: Event<void>;
  private readonly subscription: Disposable;
  /** The read of the store under way, if any; `stale` when a change came after it began. */
  private loading: Promise<void> | undefined;
  private stale = false;

  constructor(
    private readonly store: SessionSource,
    private readonly global: Memento,
    private readonly workspace: Memento,
    private readonly log: Logger,
  ) {
    this.changed = new Emitter<void>((e) => log.error(e instanceof Error ? e : String(e)));
    this.onDidChange = this.changed.event;
    this.subscription = store.onDidChange(() => void this.follow());
    void this.follow();
  }

  /**
   * Resolves once the cache holds every change the store has announced so far: what a caller awaits after a write of
   * its own (a sign-in, a sign-out) before it reads the accounts. Reads nothing itself.
   */
  settled(): Promise<void> {
    return this.loading ?? Promise.resolve();
  }

  /** Reads the store after a change; changes during a read are taken in by one more read, not one each. */
  private follow(): Promise<void> {
    this.stale = true;
    this.loading ??= (async () => {
      while (this.stale) {
        this.stale = false;
        await this.load();
      }
      // In the same turn as the last look at `stale`: a change after it starts a new read.
      this.loading = undefined;
    })();
    return this.loading;
  }

  /** Never rejects: a keychain error is logged and what was known is kept. */
  private async load(): Promise<void> {
    try {
      this.sessions = ownSessions(await this.store.list());
    } catch (e) {
      this.log.error(e instanceof Error ? e : String(e));
    }
    if (this.sessions.length) this.attentionText = undefined;
    this.changed.fire();
  }

  /** One session per signed-in account (see ownSessions): what the features, the picker and the status bar use. */
  all(): readonly StoredSession[] {
    return this.sessions;
  }

  find(accountId: string): StoredSession | undefined {
    return this.sessions.find((s) => s.accountId === accountId);
  }

  /** The account signed in to most recently chosen by the user, in every workspace without a choice of its own. */
  active(): StoredSession | undefined {
    const id = this.global.get<string>(MementoKeys.activeAccount);
    return (id && this.find(id)) || this.sessions[0];
  }

  /** This workspace's choice, when it names an account still signed in. */
  workspaceChoice(): StoredSession | undefined {
    const id = this.workspace.get<string>(MementoKeys.workspaceAccount);
    return id ? this.find(id) : undefined;
  }

  /** The account used here: this workspace's choice, else the active account, else the first. */
  inUse(): StoredSession | undefined {
    return this.workspaceChoice() ?? this.active();
  }

  async setActive(accountId: string): Promise<void> {
    await this.global.update(MementoKeys.activeAccount, accountId);
    this.changed.fire();
  }

  /** "Use This Account in This Workspace"; undefined goes back to the active account. */
  async useInWorkspace(accountId: string | undefined): Promise<void> {
    if (accountId !== undefined && !this.find(accountId)) {
      throw new InvalidInputError(l10n.t('Not signed in to {0}.', accountId));
    }
    await this.workspace.update(MementoKeys.workspaceAccount, accountId);
    this.changed.fire();
  }

  /**
   * A session ended on its own (refresh token rejected): what the status bar says until the user signs in again.
   * False, and nothing said, when the account goes on with another of its sessions (one signed in for another
   * extension ended; that extension hears of it through onDidChangeSessions).
   */
  async sessionEnded(s: Pick<StoredSession, 'accountLabel' | 'accountId'>): Promise<boolean> {
    // The token manager removed the session from the store before saying so: the cache has heard of it.
    await this.settled();
    if (this.find(s.accountId)) return false;
    this.attentionText = l10n.t('Your Zendesk session for {0} has ended. Sign in again.', s.accountLabel);
    this.changed.fire();
    return true;
  }

  attention(): string | undefined {
    return this.attentionText;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
