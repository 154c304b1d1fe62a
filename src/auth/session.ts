// The shape of a stored session and of where it is kept; no `vscode` import, so the token manager and the store
// are unit-tested in plain Node.
import type { Event } from '../events';

/** A signed-in Zendesk session as kept in SecretStorage: one Zendesk user on one account, through one OAuth client. */
export interface StoredSession {
  id: string;
  /** `SUBDOMAIN/USER_ID` */
  accountId: string;
  /** `Name (subdomain)` */
  accountLabel: string;
  subdomain: string;
  baseUrl: string;
  clientId: string;
  grant: 'authorization_code' | 'client_credentials';
  /** The scopes Zendesk granted. */
  scopes: string[];
  user: { id: number; name: string; email: string; role: string };
  accessToken: string;
  refreshToken?: string;
  /** When the current access token was issued (epoch ms): with expiresAt, its lifetime. */
  issuedAt: number;
  expiresAt?: number;
  refreshTokenExpiresAt?: number;
  /**
   * Signed in for another extension (VS Code's createSession) with exactly the scopes it asked for: handed out for
   * that scope set only, never widened by a step-up, never replaced by the extension's own sign-in. Absent on the
   * extension's own session (one per account).
   */
  forCaller?: boolean;
}

/** Whether a value read from the keychain has the shape of a stored session (a foreign or damaged key does not). */
export function isStoredSession(v: unknown): v is StoredSession {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  const str = (k: string) => typeof s[k] === 'string';
  const optional = (k: string, type: 'string' | 'number' | 'boolean') => s[k] === undefined || typeof s[k] === type;
  const user = s.user as Record<string, unknown> | null | undefined;
  return (
    ['id', 'accountId', 'accountLabel', 'subdomain', 'baseUrl', 'clientId', 'accessToken'].every(str) &&
    (s.grant === 'authorization_code' || s.grant === 'client_credentials') &&
    Array.isArray(s.scopes) &&
    s.scopes.every((x) => typeof x === 'string') &&
    typeof user === 'object' &&
    user !== null &&
    typeof user.id === 'number' &&
    ['name', 'email', 'role'].every((k) => typeof user[k] === 'string') &&
    typeof s.issuedAt === 'number' &&
    optional('refreshToken', 'string') &&
    optional('expiresAt', 'number') &&
    optional('refreshTokenExpiresAt', 'number') &&
    optional('forCaller', 'boolean')
  );
}

/** Where the token manager reads and writes sessions (SessionStore in the extension; a Map in unit tests). */
export interface SessionRepository {
  get(id: string): Promise<StoredSession | undefined>;
  save(session: StoredSession): Promise<void>;
  remove(id: string): Promise<void>;
  getClientSecret(baseUrl: string, clientId: string): Promise<string | undefined>;
  /** Shared by every window (SessionStore keeps it in SecretStorage); without it each window refreshes on its own. */
  readonly refreshLease?: RefreshLeases;
  /** Resolves at the next change to the session (from any window) or after `ms`, whichever comes first. */
  waitForChange?(id: string, ms: number): Promise<void>;
}

/** A short lease per session, so that of several windows only one asks Zendesk for a new pair. Advisory only. */
export interface RefreshLeases {
  /** The lease's lifetime: how long a window may wait for another window's refresh before trying itself. */
  readonly ttlMs: number;
  /** Takes the lease: a function that releases it, or undefined while another window holds it. */
  acquire(sessionId: string): Promise<(() => Promise<void>) | undefined>;
  /** Whether another window holds an unexpired lease. */
  heldByOther(sessionId: string): Promise<boolean>;
}

/**
 * The part of `vscode.SecretStorage` the store uses (VS Code's satisfies it), so the store runs in plain Node.
 * One store is shared by every window; `onDidChange` fires for changes made by any of them.
 */
export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
  onDidChange: Event<{ readonly key: string }>;
}

/** The keychain (SecretStorage) failed: nothing was stored or read. */
export { SecretStorageError } from './errors';
