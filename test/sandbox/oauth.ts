/**
 * OAuth state: clients, authorization codes, access and refresh tokens. The grant logic is in tokens.ts,
 * the browser side in authorize.ts; both go through this registry.
 */
import { randomBytes } from 'node:crypto';
import { Clock } from './clock';
import { CODE_TTL_SECONDS } from './choices';

export interface OAuthClient {
  id: number;
  identifier: string;
  name: string;
  kind: 'public' | 'confidential';
  secret: string | null;
  redirectUris: string[];
  ownerId: number;
}

export interface AuthCode {
  clientId: string;
  redirectUri: string;
  challenge: string | null;
  scopes: string[];
  userId: number;
  expiresAtMs: number;
}

export interface AccessToken {
  id: number;
  token: string;
  clientId: string;
  userId: number;
  scopes: string[];
  createdAtMs: number;
  expiresAtMs: number | null;
  usedAtMs: number | null;
  refreshToken: string | null;
  /** Whether the grant was made with PKCE: refreshing it then needs no client secret (spec §1.5). */
  pkce: boolean;
}

export interface RefreshToken {
  token: string;
  accessToken: string;
  clientId: string;
  userId: number;
  scopes: string[];
  expiresAtMs: number;
  pkce: boolean;
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('hex');
}

/** Registered redirect URLs: absolute, and https unless the host is localhost or 127.0.0.1 (spec §1.2). */
export function redirectUriProblem(uri: string): string | null {
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    return 'redirect URL must be absolute';
  }
  const loopback = u.hostname === 'localhost' || u.hostname === '127.0.0.1';
  if (u.protocol === 'https:') return null;
  // CHOICE: custom schemes (vscode://) are refused, like plain http on a non-loopback host (spec §6.8 bracket).
  if (u.protocol === 'http:' && loopback) return null;
  return 'redirect URL must use https unless the host is localhost or 127.0.0.1';
}

export class OAuthRegistry {
  readonly clients = new Map<string, OAuthClient>();
  private readonly codes = new Map<string, AuthCode>();
  private readonly access = new Map<string, AccessToken>();
  private readonly refresh = new Map<string, RefreshToken>();
  private nextTokenId = 900_001;

  constructor(private readonly clock: Clock) {}

  addClient(client: OAuthClient): void {
    for (const uri of client.redirectUris) this.assertRedirectUri(uri);
    this.clients.set(client.identifier, client);
  }

  registerRedirectUri(clientIdentifier: string, uri: string): void {
    const client = this.clients.get(clientIdentifier);
    if (!client) throw new Error(`unknown OAuth client: ${clientIdentifier}`);
    this.assertRedirectUri(uri);
    if (!client.redirectUris.includes(uri)) client.redirectUris.push(uri);
  }

  issueCode(grant: Omit<AuthCode, 'expiresAtMs'>): string {
    const code = randomToken(20);
    this.codes.set(code, { ...grant, expiresAtMs: this.clock.nowMs() + CODE_TTL_SECONDS * 1000 });
    return code;
  }

  /**
   * Takes a code out of the registry: whatever happens next, it cannot be used again.
   * CHOICE: a replayed code is only refused (invalid_grant); the tokens it already gave stay valid.
   */
  consumeCode(code: string): AuthCode | undefined {
    const found = this.codes.get(code);
    this.codes.delete(code);
    if (!found || found.expiresAtMs <= this.clock.nowMs()) return undefined;
    return found;
  }

  issueTokens(grant: {
    clientId: string;
    userId: number;
    scopes: string[];
    accessTtlSeconds: number;
    refreshTtlSeconds: number | null;
    pkce: boolean;
  }): { access: AccessToken; refresh: RefreshToken | null } {
    const now = this.clock.nowMs();
    const refresh: RefreshToken | null =
      grant.refreshTtlSeconds === null
        ? null
        : {
            token: randomToken(),
            accessToken: '',
            clientId: grant.clientId,
            userId: grant.userId,
            scopes: grant.scopes,
            expiresAtMs: now + grant.refreshTtlSeconds * 1000,
            pkce: grant.pkce,
          };
    const access: AccessToken = {
      id: this.nextTokenId++,
      token: randomToken(),
      clientId: grant.clientId,
      userId: grant.userId,
      scopes: grant.scopes,
      createdAtMs: now,
      expiresAtMs: now + grant.accessTtlSeconds * 1000,
      usedAtMs: null,
      refreshToken: refresh?.token ?? null,
      pkce: grant.pkce,
    };
    this.access.set(access.token, access);
    if (refresh) {
      refresh.accessToken = access.token;
      this.refresh.set(refresh.token, refresh);
    }
    return { access, refresh };
  }

  /** A live refresh token, or undefined (unknown, rotated, revoked or expired). */
  liveRefresh(token: string): RefreshToken | undefined {
    const found = this.refresh.get(token);
    return found && found.expiresAtMs > this.clock.nowMs() ? found : undefined;
  }

  /** Rotation: the old pair dies before the new one is issued (spec §1.5). */
  retireRefresh(found: RefreshToken): void {
    this.refresh.delete(found.token);
    this.access.delete(found.accessToken);
  }

  /** A live access token (marked used), or undefined. */
  useAccess(token: string): AccessToken | undefined {
    const found = this.access.get(token);
    const now = this.clock.nowMs();
    if (!found || (found.expiresAtMs !== null && found.expiresAtMs <= now)) return undefined;
    found.usedAtMs = now;
    return found;
  }

  // CHOICE: revoking an access token (DELETE current.json) also kills its refresh token, so sign-out is complete.
  revokeAccess(token: AccessToken): void {
    this.access.delete(token.token);
    if (token.refreshToken) this.refresh.delete(token.refreshToken);
  }

  expireUser(userId: number): void {
    const now = this.clock.nowMs();
    for (const t of this.access.values()) if (t.userId === userId) t.expiresAtMs = now;
  }

  revokeUser(userId: number): void {
    for (const [k, t] of this.access) if (t.userId === userId) this.access.delete(k);
    for (const [k, t] of this.refresh) if (t.userId === userId) this.refresh.delete(k);
  }

  private assertRedirectUri(uri: string): void {
    const problem = redirectUriProblem(uri);
    if (problem) throw new Error(`${problem}: ${uri}`);
  }
}
