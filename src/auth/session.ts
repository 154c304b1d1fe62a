// The shape of a stored session; no `vscode` import, so the token manager is unit-tested in plain Node.

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
}


/** Where the token manager reads and writes sessions (SessionStore in the extension; a Map in unit tests). */
export interface SessionRepository {
  get(id: string): Promise<StoredSession | undefined>;
  save(session: StoredSession): Promise<void>;
  remove(id: string): Promise<void>;
  getClientSecret(baseUrl: string, clientId: string): Promise<string | undefined>;
}

/** The keychain (SecretStorage) failed: nothing was stored or read. */
export class SecretStorageError extends Error {
  constructor(readonly operation: 'read' | 'write' | 'delete', cause: unknown) {
    super(`Could not ${operation} the Zendesk session in the OS keychain: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'SecretStorageError';
  }
}

