/** The token endpoint (POST /oauth/tokens, spec §1.5) and the token self-management API (spec §1.7). */
import { createHash } from 'node:crypto';
import { authenticate, bearerToken } from './access';
import {
  ACCESS_TTL_BOUNDS,
  CLIENT_CREDENTIALS_DEFAULT_SCOPE,
  DEFAULT_REFRESH_TTL_SECONDS,
  REFRESH_TTL_BOUNDS,
} from './choices';
import { isoSeconds } from './clock';
import { oauthError } from './errors';
import type { AccessToken, OAuthClient, RefreshToken } from './oauth';
import { json, noContent, Reply, ReplyError } from './reply';
import { header, RequestContext, Router } from './router';

type Params = Map<string, string>;

/** CHOICE: the token endpoint takes JSON or form bodies (spec §6.1 bracket: accept both). */
function readParams(ctx: RequestContext): Params {
  const raw = ctx.body.toString('utf8');
  const type = header(ctx, 'content-type') ?? '';
  const params: Params = new Map();
  if (type.includes('application/json') || (!type.includes('form') && raw.trimStart().startsWith('{'))) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new ReplyError(oauthError('invalid_request', 'The request body is not valid JSON.'));
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new ReplyError(oauthError('invalid_request'));
    }
    for (const [k, v] of Object.entries(parsed)) {
      if (typeof v === 'string' || typeof v === 'number') params.set(k, String(v));
    }
  } else {
    for (const [k, v] of new URLSearchParams(raw)) params.set(k, v);
  }
  // CHOICE: HTTP Basic client authentication is accepted too, but body parameters win (spec §6.1 bracket).
  const basic = /^Basic\s+(\S+)$/i.exec(header(ctx, 'authorization') ?? '');
  if (basic?.[1] && !params.has('client_id')) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      params.set('client_id', decodeURIComponent(decoded.slice(0, colon)));
      if (!params.has('client_secret')) params.set('client_secret', decodeURIComponent(decoded.slice(colon + 1)));
    }
  }
  return params;
}

function required(p: Params, name: string): string {
  const v = p.get(name);
  if (!v) throw new ReplyError(oauthError('invalid_request', `Missing required parameter: ${name}.`));
  return v;
}

/** Looks the client up and checks a secret if one is sent; `needSecret` makes the secret mandatory. */
function authenticateClient(ctx: RequestContext, p: Params, needSecret: boolean): OAuthClient {
  const client = ctx.state.oauth.clients.get(p.get('client_id') ?? '');
  if (!client) throw new ReplyError(oauthError('invalid_client'));
  const secret = p.get('client_secret');
  // CHOICE: a public client that sends a secret is refused like a wrong secret (invalid_client).
  if (secret !== undefined && (client.kind === 'public' || secret !== client.secret)) {
    throw new ReplyError(oauthError('invalid_client'));
  }
  if (needSecret && secret === undefined) throw new ReplyError(oauthError('invalid_client'));
  return client;
}

function integerParam(p: Params, name: string): number | undefined {
  const v = p.get(name);
  if (v === undefined || v === '') return undefined;
  if (!/^\d+$/.test(v)) {
    throw new ReplyError(oauthError('invalid_request', `${name} must be an integer number of seconds.`));
  }
  return Number(v);
}

/** The lifetimes asked for, checked against Zendesk's bounds (spec §1.5); out of range is 400 invalid_request. */
function lifetimes(ctx: RequestContext, p: Params, withRefresh: boolean): { access: number; refresh: number | null } {
  const access = integerParam(p, 'expires_in');
  if (access !== undefined && !(access > ACCESS_TTL_BOUNDS.above && access < ACCESS_TTL_BOUNDS.below)) {
    throw new ReplyError(
      oauthError(
        'invalid_request',
        `expires_in must be more than ${ACCESS_TTL_BOUNDS.above} and less than ${ACCESS_TTL_BOUNDS.below} seconds.`,
      ),
    );
  }
  if (!withRefresh) return { access: access ?? ctx.state.accessTokenTtlSeconds, refresh: null };
  const refresh = integerParam(p, 'refresh_token_expires_in');
  const floor = Math.max(REFRESH_TTL_BOUNDS.above, access ?? 0);
  if (refresh !== undefined && !(refresh > floor && refresh < REFRESH_TTL_BOUNDS.below)) {
    throw new ReplyError(
      oauthError(
        'invalid_request',
        `refresh_token_expires_in must be more than ${floor} and less than ${REFRESH_TTL_BOUNDS.below} seconds.`,
      ),
    );
  }
  return { access: access ?? ctx.state.accessTokenTtlSeconds, refresh: refresh ?? DEFAULT_REFRESH_TTL_SECONDS };
}

function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

function granted(
  access: AccessToken,
  refresh: RefreshToken | null,
  ttl: { access: number; refresh: number | null },
): Reply {
  const body: Record<string, unknown> = {
    access_token: access.token,
    token_type: 'bearer',
    scope: access.scopes.join(' '),
    expires_in: ttl.access,
  };
  // CHOICE: a grant without a refresh token (client_credentials) leaves both refresh fields out.
  if (refresh) Object.assign(body, { refresh_token: refresh.token, refresh_token_expires_in: ttl.refresh });
  return json(201, body, { 'Cache-Control': 'no-store', Pragma: 'no-cache' });
}

function authorizationCodeGrant(ctx: RequestContext, p: Params): Reply {
  const code = required(p, 'code');
  const client = authenticateClient(ctx, p, false);
  const ttl = lifetimes(ctx, p, true);
  const found = ctx.state.oauth.consumeCode(code);
  if (!found || found.clientId !== client.identifier) throw new ReplyError(oauthError('invalid_grant'));
  // CHOICE: redirect_uri must be sent again and match exactly (spec §6.3 bracket: exact match).
  if (p.get('redirect_uri') !== found.redirectUri) throw new ReplyError(oauthError('invalid_grant'));
  if (found.challenge !== null) {
    const verifier = p.get('code_verifier');
    // CHOICE: a PKCE mismatch is 400 invalid_grant (spec §6.2 bracket); verifiers are RFC 7636's 43-128 characters.
    if (!verifier || !/^[A-Za-z0-9._~-]{43,128}$/.test(verifier) || s256(verifier) !== found.challenge) {
      throw new ReplyError(oauthError('invalid_grant'));
    }
  } else {
    if (client.kind === 'confidential' && !p.has('client_secret')) throw new ReplyError(oauthError('invalid_client'));
    // CHOICE: a code_verifier sent for a code issued without a code_challenge is 400 invalid_grant (Zendesk does
    // not say; RFC 7636 leaves it open). A client that always sends a verifier is then never signed in with a
    // code from another authorize request (a planted one, obtained without PKCE: login CSRF).
    if (p.has('code_verifier')) throw new ReplyError(oauthError('invalid_grant'));
  }
  const { access, refresh } = ctx.state.oauth.issueTokens({
    clientId: client.identifier,
    userId: found.userId,
    scopes: found.scopes,
    accessTtlSeconds: ttl.access,
    refreshTtlSeconds: ttl.refresh,
    pkce: found.challenge !== null,
  });
  return granted(access, refresh, ttl);
}

function refreshTokenGrant(ctx: RequestContext, p: Params): Reply {
  const token = required(p, 'refresh_token');
  const client = authenticateClient(ctx, p, false);
  const ttl = lifetimes(ctx, p, true);
  const found = ctx.state.oauth.liveRefresh(token);
  if (!found || found.clientId !== client.identifier) throw new ReplyError(oauthError('invalid_grant'));
  // A confidential client that got its grant without PKCE authenticates with its secret (spec §1.5).
  if (client.kind === 'confidential' && !found.pkce && !p.has('client_secret')) {
    throw new ReplyError(oauthError('invalid_client'));
  }
  ctx.state.oauth.retireRefresh(found);
  // CHOICE: `scope` on a refresh is ignored; the new pair keeps the original scopes (spec §6.6).
  const issued = ctx.state.oauth.issueTokens({
    clientId: client.identifier,
    userId: found.userId,
    scopes: found.scopes,
    accessTtlSeconds: ttl.access,
    refreshTtlSeconds: ttl.refresh,
    pkce: found.pkce,
  });
  return granted(issued.access, issued.refresh, ttl);
}

function clientCredentialsGrant(ctx: RequestContext, p: Params): Reply {
  const client = ctx.state.oauth.clients.get(p.get('client_id') ?? '');
  // CHOICE: a public client asking for client_credentials gets 400 unauthorized_client (spec §1.5: "refused").
  if (client?.kind === 'public') throw new ReplyError(oauthError('unauthorized_client'));
  const confidential = authenticateClient(ctx, p, true);
  const ttl = lifetimes(ctx, p, false);
  const scopes = (p.get('scope') ?? CLIENT_CREDENTIALS_DEFAULT_SCOPE).split(/[\s+]+/).filter(Boolean);
  const { access } = ctx.state.oauth.issueTokens({
    clientId: confidential.identifier,
    userId: confidential.ownerId,
    scopes,
    accessTtlSeconds: ttl.access,
    refreshTtlSeconds: null,
    pkce: false,
  });
  return granted(access, null, ttl);
}

function tokenEndpoint(ctx: RequestContext): Reply {
  const p = readParams(ctx);
  const grantType = p.get('grant_type');
  ctx.state.counters.grant(grantType ?? '(none)');
  ctx.state.counters.tokenRequest(Object.fromEntries(p));
  switch (grantType) {
    case 'authorization_code':
      return authorizationCodeGrant(ctx, p);
    case 'refresh_token':
      return refreshTokenGrant(ctx, p);
    case 'client_credentials':
      return clientCredentialsGrant(ctx, p);
    case undefined:
      return oauthError('invalid_request', 'Missing required parameter: grant_type.');
    default:
      return oauthError('unsupported_grant_type');
  }
}

/**
 * The `quoteNext` fault: refuses a request the way some OAuth servers do, quoting the credential it carried in
 * the error description (Spring Security OAuth: "Invalid access token: X", "Invalid refresh token: X",
 * "Invalid authorization code: X"). Zendesk does not do this; the fault exists so tests can check that a
 * client never writes such a description to its logs unredacted.
 */
export function quotedCredentialRefusal(ctx: RequestContext): Reply {
  if (ctx.route === 'POST /oauth/tokens') {
    const p = readParams(ctx);
    ctx.state.counters.tokenRequest(Object.fromEntries(p));
    const refresh = p.get('refresh_token');
    const code = p.get('code');
    const description = refresh
      ? `Invalid refresh token: ${refresh}`
      : code
        ? `Invalid authorization code: ${code}`
        : 'Bad client credentials';
    return json(
      400,
      { error: 'invalid_grant', error_description: description },
      { 'Cache-Control': 'no-store', Pragma: 'no-cache' },
    );
  }
  return json(401, { error: 'invalid_token', error_description: `Invalid access token: ${bearerToken(ctx) ?? ''}` });
}

function tokenJson(ctx: RequestContext, t: AccessToken): Record<string, unknown> {
  const client = ctx.state.oauth.clients.get(t.clientId);
  const refresh = t.refreshToken ? ctx.state.oauth.liveRefresh(t.refreshToken) : undefined;
  const at = (ms: number | null | undefined): string | null =>
    ms === null || ms === undefined ? null : isoSeconds(Math.floor(ms / 1000));
  return {
    id: t.id,
    url: `${ctx.state.url}/api/v2/oauth/tokens/${t.id}.json`,
    // Only the first 10 characters of either token are ever shown (spec §1.7).
    token: t.token.slice(0, 10),
    refresh_token: t.refreshToken ? t.refreshToken.slice(0, 10) : null,
    client_id: client?.id ?? null,
    user_id: t.userId,
    scopes: t.scopes,
    created_at: at(t.createdAtMs),
    expires_at: at(t.expiresAtMs),
    refresh_token_expires_at: at(refresh?.expiresAtMs),
    used_at: at(t.usedAtMs),
  };
}

export function registerTokenRoutes(router: Router): void {
  router.add('POST /oauth/tokens', tokenEndpoint);
  // CHOICE: showing or revoking the current token needs any live token, whatever its scopes.
  router.add('GET /api/v2/oauth/tokens/current', (ctx) =>
    json(200, { token: tokenJson(ctx, authenticate(ctx, 'any').token) }),
  );
  router.add('DELETE /api/v2/oauth/tokens/current', (ctx) => {
    ctx.state.oauth.revokeAccess(authenticate(ctx, 'any').token);
    return noContent();
  });
}
