// Zendesk OAuth: the authorize URL, the three token grants and revocation
// (https://developer.zendesk.com/api-reference/ticketing/oauth/grant_type_tokens/,
// https://developer.zendesk.com/api-reference/ticketing/oauth/oauth_tokens/).
// Token requests are never retried here: a refresh that reached Zendesk has already rotated the refresh token, so
// repeating it blindly would spend the new one. The caller (the token manager) decides what a failure means.
import { InvalidInputError, NetworkError, OAuthError, RateLimitedError, ServerError } from './errors';
import { DEFAULT_RETRY_AFTER_SECONDS, errorFromResponse, readErrorBody, retryAfterSeconds } from './responses';
import { parseScopes } from './scopes';
import type { HttpResponse, HttpTransport } from './transport';
import { NO_LOG, type Logger } from './types';
import * as l10n from '@vscode/l10n';

/** Lifetimes Zendesk accepts, in seconds. Both bounds are exclusive: "more than" and "less than"
 * (https://developer.zendesk.com/api-reference/ticketing/oauth/grant_type_tokens/). */
/** How long Zendesk accepts an authorization code after the browser was sent back with it
 * (https://developer.zendesk.com/api-reference/ticketing/oauth/grant_type_tokens/). */
export const AUTHORIZATION_CODE_LIFETIME_SECONDS = 120;

export const LIFETIME_BOUNDS = { accessMin: 300, accessMax: 172800, refreshMin: 604800, refreshMax: 7776000 } as const;

/** Throws InvalidInputError unless each given lifetime lies strictly inside its bounds and the access token would
 * not outlive the refresh token. */
export function checkLifetimes(l: { expiresIn?: number; refreshTokenExpiresIn?: number }): void {
  const b = LIFETIME_BOUNDS;
  const check = (value: number | undefined, name: string, min: number, max: number, range: string): void => {
    if (value === undefined) return;
    if (!Number.isInteger(value) || value <= min || value >= max) {
      throw new InvalidInputError(
        l10n.t(
          'The {0} must be a whole number of seconds more than {1} and less than {2} ({3}); got {4}.',
          name,
          min,
          max,
          range,
          value,
        ),
      );
    }
  };
  check(l.expiresIn, l10n.t('access token lifetime'), b.accessMin, b.accessMax, l10n.t('5 minutes to 48 hours'));
  check(l.refreshTokenExpiresIn, l10n.t('refresh token lifetime'), b.refreshMin, b.refreshMax, l10n.t('7 to 90 days'));
  if (l.expiresIn !== undefined && l.refreshTokenExpiresIn !== undefined && l.expiresIn >= l.refreshTokenExpiresIn) {
    throw new InvalidInputError(l10n.t('The access token lifetime must be less than the refresh token lifetime.'));
  }
}

/** `clientId` is the client's Unique Identifier string, not its numeric id. No secret for a public client. */
export interface OAuthClient {
  baseUrl: string;
  clientId: string;
  clientSecret?: string;
}

export interface AuthorizeUrlParams {
  baseUrl: string;
  clientId: string;
  redirectUri: string;
  scopes: readonly string[];
  state: string;
  codeChallenge: string;
}

/** `{baseUrl}/oauth/authorizations/new?...` for the authorization code grant with PKCE (S256). Each value is
 * percent-encoded, so the space between scopes travels as %20, the form Zendesk documents. */
export function buildAuthorizeUrl(p: AuthorizeUrlParams): string {
  const params: [string, string][] = [
    ['response_type', 'code'],
    ['client_id', p.clientId],
    ['redirect_uri', p.redirectUri],
    ['scope', p.scopes.join(' ')],
    ['state', p.state],
    ['code_challenge', p.codeChallenge],
    ['code_challenge_method', 'S256'],
  ];
  const query = params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
  return `${trimSlash(p.baseUrl)}/oauth/authorizations/new?${query}`;
}

export interface TokenSet {
  accessToken: string;
  refreshToken?: string;
  tokenType: string;
  scopes: string[];
  /** Epoch ms, from the clock in the request context; absent for a token that does not expire. */
  expiresAt?: number;
  refreshTokenExpiresAt?: number;
}

export interface TokenRequestContext {
  http: HttpTransport;
  now?: () => number;
  log?: Logger;
  signal?: AbortSignal;
}

export async function exchangeCode(
  ctx: TokenRequestContext,
  p: {
    client: OAuthClient;
    code: string;
    redirectUri: string;
    codeVerifier: string;
    expiresIn?: number;
    refreshTokenExpiresIn?: number;
  },
): Promise<TokenSet> {
  checkLifetimes(p);
  return requestTokens(ctx, p.client, {
    grant_type: 'authorization_code',
    code: p.code,
    client_id: p.client.clientId,
    client_secret: p.client.clientSecret,
    redirect_uri: p.redirectUri,
    code_verifier: p.codeVerifier,
    expires_in: p.expiresIn,
    refresh_token_expires_in: p.refreshTokenExpiresIn,
  });
}

/** Zendesk rotates on refresh: the answer holds a new refresh token and the one sent here stops working. */
export async function refreshTokens(
  ctx: TokenRequestContext,
  p: { client: OAuthClient; refreshToken: string; expiresIn?: number; refreshTokenExpiresIn?: number },
): Promise<TokenSet> {
  checkLifetimes(p);
  return requestTokens(ctx, p.client, {
    grant_type: 'refresh_token',
    refresh_token: p.refreshToken,
    client_id: p.client.clientId,
    client_secret: p.client.clientSecret,
    expires_in: p.expiresIn,
    refresh_token_expires_in: p.refreshTokenExpiresIn,
  });
}

/** Confidential clients only; the token acts as the admin who created the client and comes with no refresh token. */
export async function clientCredentialsGrant(
  ctx: TokenRequestContext,
  p: { client: OAuthClient; scopes: readonly string[]; expiresIn?: number },
): Promise<TokenSet> {
  if (!p.client.clientSecret) {
    throw new InvalidInputError(
      l10n.t('Signing in with client credentials needs a confidential client and its secret.'),
    );
  }
  checkLifetimes(p);
  return requestTokens(ctx, p.client, {
    grant_type: 'client_credentials',
    client_id: p.client.clientId,
    client_secret: p.client.clientSecret,
    scope: p.scopes.join(' '),
    expires_in: p.expiresIn,
  });
}

/** `DELETE /api/v2/oauth/tokens/current.json`: revokes the token used to ask. A 401 means it was already dead and
 * surfaces as InvalidTokenError, which a sign-out can treat as done. */
export async function revokeCurrentToken(
  ctx: TokenRequestContext,
  p: { baseUrl: string; accessToken: string },
): Promise<void> {
  const url = `${trimSlash(p.baseUrl)}/api/v2/oauth/tokens/current.json`;
  const res = await ctx.http.send({
    method: 'DELETE',
    url,
    headers: { authorization: `Bearer ${p.accessToken}`, accept: 'application/json' },
    signal: ctx.signal,
  });
  (ctx.log ?? NO_LOG).debug(`DELETE /api/v2/oauth/tokens/current.json → ${res.status}`);
  if (res.status < 200 || res.status >= 300) throw errorFromResponse(res, l10n.t('Revoking the token'));
}

async function requestTokens(
  ctx: TokenRequestContext,
  client: OAuthClient,
  params: Record<string, string | number | undefined>,
): Promise<TokenSet> {
  const log = ctx.log ?? NO_LOG;
  const body: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') body[k] = v;
  const res = await ctx.http.send({
    method: 'POST',
    url: `${trimSlash(client.baseUrl)}/oauth/tokens`,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
    signal: ctx.signal,
  });
  log.debug(`POST /oauth/tokens grant_type=${String(body.grant_type)} → ${res.status}`);
  if (res.status === 200 || res.status === 201) return toTokenSet(res, (ctx.now ?? Date.now)());
  throw tokenError(res);
}

function toTokenSet(res: HttpResponse, now: number): TokenSet {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(res.body) as Record<string, unknown>;
  } catch (err) {
    throw new NetworkError(
      l10n.t('The token answer ({0}, {1} bytes) is not valid JSON.', res.status, res.body.length),
      { cause: err },
    );
  }
  if (typeof json?.access_token !== 'string' || json.access_token === '') {
    throw new OAuthError(
      'invalid_response',
      l10n.t('The token endpoint answered without an access token.'),
      res.status,
    );
  }
  const seconds = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const expiresIn = seconds(json.expires_in);
  const refreshIn = seconds(json.refresh_token_expires_in);
  return {
    accessToken: json.access_token,
    refreshToken: typeof json.refresh_token === 'string' && json.refresh_token !== '' ? json.refresh_token : undefined,
    tokenType: typeof json.token_type === 'string' ? json.token_type : 'bearer',
    scopes: typeof json.scope === 'string' ? parseScopes(json.scope) : [],
    expiresAt: expiresIn === undefined ? undefined : now + expiresIn * 1000,
    refreshTokenExpiresAt: refreshIn === undefined ? undefined : now + refreshIn * 1000,
  };
}

/** RFC 6749 `{error, error_description}` → OAuthError; 429 and 5xx keep their own classes, since they say "later",
 * not "no". An error body with no `error` still becomes an OAuthError, coded from the status. */
function tokenError(res: HttpResponse): Error {
  const body = readErrorBody(res.body);
  if (res.status === 429) {
    return new RateLimitedError(
      l10n.t('The token endpoint is rate limited.'),
      retryAfterSeconds(res) ?? DEFAULT_RETRY_AFTER_SECONDS,
    );
  }
  if (res.status >= 500) {
    return new ServerError(
      l10n.t('The token endpoint failed with {0}.', res.status),
      res.status,
      retryAfterSeconds(res),
    );
  }
  const code = body.error ?? (res.status === 401 ? 'invalid_client' : 'invalid_request');
  return new OAuthError(code, body.description, res.status);
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
