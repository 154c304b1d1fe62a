/**
 * GET/POST /oauth/authorizations/new (spec §1.3, §1.4): checks the request, then the login page, the consent
 * page and the redirect back. Tests may skip the pages with the scripted-browser headers
 * (X-Sandbox-Login, X-Sandbox-Consent); every check below still applies to them.
 */
import { OAUTH_ERROR_TEXT, PENDING_AUTHORIZATION_TTL_SECONDS } from './choices';
import { OAuthClient, randomToken } from './oauth';
import { consentPage, errorPage, loginPage } from './pages';
import { found, html, Reply } from './reply';
import { header, RequestContext, Router } from './router';
import type { PendingAuthorization } from './state';
import type { SandboxUser } from './users';

const SESSION_COOKIE = 'zd_sandbox_session';

function redirectTo(uri: string, params: Record<string, string | null>): Reply {
  const url = new URL(uri);
  for (const [k, v] of Object.entries(params)) if (v !== null) url.searchParams.set(k, v);
  return found(url.toString());
}

/** An authorize-time error after the client and redirect URL are known good: back to the client, with state. */
function redirectError(
  p: { redirectUri: string; state: string | null },
  error: keyof typeof OAUTH_ERROR_TEXT,
  description?: string,
): Reply {
  // CHOICE: state comes back on error redirects too (spec §6.4 bracket).
  return redirectTo(p.redirectUri, {
    error,
    error_description: description ?? OAUTH_ERROR_TEXT[error],
    state: p.state,
  });
}

/** Checks an authorization request; answers a Reply when it must stop, or the pending authorization. */
function checkRequest(ctx: RequestContext, q: URLSearchParams): PendingAuthorization | Reply {
  const client = ctx.state.oauth.clients.get(q.get('client_id') ?? '');
  // Unknown client or unregistered redirect URL: an error page, never a redirect (RFC 6749 §4.1.2.1).
  if (!client) return html(400, errorPage('The OAuth client in this request is not known to this Zendesk account.'));
  const redirectUri = q.get('redirect_uri') ?? '';
  // CHOICE: redirect URLs match exactly, port and trailing slash included (spec §6.3, §6.8 bracket).
  if (!client.redirectUris.includes(redirectUri)) {
    return html(400, errorPage('The redirect URL in this request is not registered for this OAuth client.'));
  }
  const base = { redirectUri, state: q.get('state') };
  if (q.get('response_type') !== 'code') return redirectError(base, 'unsupported_response_type');
  const scopes = (q.get('scope') ?? '').split(/[\s+]+/).filter(Boolean);
  if (scopes.length === 0) return redirectError(base, 'invalid_request', 'Missing required parameter: scope.');
  const challenge = q.get('code_challenge');
  const method = q.get('code_challenge_method');
  if (challenge !== null || method !== null) {
    // CHOICE: only S256 is supported (spec §6.7 bracket); a challenge is a base64url SHA-256 (43 characters).
    if (method !== 'S256') {
      return redirectError(base, 'invalid_request', 'Invalid code_challenge_method. Only S256 is supported.');
    }
    if (!challenge || !/^[A-Za-z0-9_-]{43}$/.test(challenge)) {
      return redirectError(base, 'invalid_request', 'Invalid code_challenge.');
    }
  } else if (client.kind === 'public') {
    return redirectError(base, 'invalid_request', 'Code challenge is required.');
  }
  return {
    clientId: client.identifier,
    redirectUri,
    scopes,
    state: base.state,
    challenge,
    expiresAtMs: ctx.state.clock.nowMs() + PENDING_AUTHORIZATION_TTL_SECONDS * 1000,
    userId: null,
  };
}

function sessionUser(ctx: RequestContext): SandboxUser | undefined {
  const cookies = header(ctx, 'cookie') ?? '';
  const m = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([^;]+)`).exec(cookies);
  const userId = m?.[1] ? ctx.state.browser.sessions.get(m[1]) : undefined;
  return userId === undefined ? undefined : ctx.state.users.get(userId);
}

function decide(ctx: RequestContext, p: PendingAuthorization, userId: number, allow: boolean): Reply {
  if (!allow) return redirectError(p, 'access_denied');
  const code = ctx.state.oauth.issueCode({
    clientId: p.clientId,
    redirectUri: p.redirectUri,
    challenge: p.challenge,
    scopes: p.scopes,
    userId,
  });
  return redirectTo(p.redirectUri, { code, state: p.state });
}

function remember(ctx: RequestContext, p: PendingAuthorization): string {
  const id = randomToken(16);
  ctx.state.browser.pending.set(id, p);
  return id;
}

function showConsent(
  pendingId: string,
  p: PendingAuthorization,
  user: SandboxUser,
  client: OAuthClient,
  extra: Record<string, string> = {},
): Reply {
  p.userId = user.id;
  return html(
    200,
    consentPage({ pendingId, clientName: client.name, userEmail: user.email ?? user.name, scopes: p.scopes }),
    extra,
  );
}

function startAuthorization(ctx: RequestContext, q: URLSearchParams): Reply {
  const checked = checkRequest(ctx, q);
  if ('status' in checked) return checked;
  const client = ctx.state.oauth.clients.get(checked.clientId) as OAuthClient;
  const scripted = header(ctx, 'x-sandbox-login');
  let user = sessionUser(ctx);
  if (scripted !== undefined) {
    user = ctx.state.users.byEmailAddress(scripted);
    // CHOICE: the scripted browser signs in only users who could sign in on the page (the four fixtures).
    if (!user || user.password === null) {
      return html(400, errorPage('X-Sandbox-Login names no sandbox user who can sign in.'));
    }
  }
  const consent = header(ctx, 'x-sandbox-consent');
  if (user && (consent === 'allow' || consent === 'deny')) return decide(ctx, checked, user.id, consent === 'allow');
  const pendingId = remember(ctx, checked);
  // A signed-in browser skips the login page; consent is asked every time.
  if (user) return showConsent(pendingId, checked, user, client);
  return html(200, loginPage({ pendingId, clientName: client.name, subdomain: ctx.state.subdomain }));
}

/** A form posted from one of the pages: the login form or the Allow/Deny buttons. */
function continueAuthorization(ctx: RequestContext, form: URLSearchParams): Reply {
  const pendingId = form.get('pending') ?? '';
  const p = ctx.state.browser.pending.get(pendingId);
  const client = p ? ctx.state.oauth.clients.get(p.clientId) : undefined;
  if (!p || !client || p.expiresAtMs <= ctx.state.clock.nowMs()) {
    ctx.state.browser.pending.delete(pendingId);
    return html(
      400,
      errorPage('This sign-in request has expired or was already used. Start again from the application.'),
    );
  }
  const decision = form.get('decision');
  if (decision === 'allow' || decision === 'deny') {
    if (p.userId === null) {
      return html(200, loginPage({ pendingId, clientName: client.name, subdomain: ctx.state.subdomain }));
    }
    ctx.state.browser.pending.delete(pendingId);
    return decide(ctx, p, p.userId, decision === 'allow');
  }
  const email = form.get('email') ?? '';
  const user = ctx.state.users.byEmailAddress(email);
  if (!user || user.password === null || user.password !== form.get('password')) {
    return html(
      200,
      loginPage({ pendingId, clientName: client.name, subdomain: ctx.state.subdomain, email, failed: true }),
    );
  }
  const session = randomToken(16);
  ctx.state.browser.sessions.set(session, user.id);
  // No Path attribute: the cookie's path defaults to the page's directory, which also works behind the proxy.
  return showConsent(pendingId, p, user, client, {
    'Set-Cookie': `${SESSION_COOKIE}=${session}; HttpOnly; SameSite=Lax`,
  });
}

export function registerAuthorizeRoutes(router: Router): void {
  router.add('GET /oauth/authorizations/new', (ctx) => startAuthorization(ctx, ctx.query));
  router.add('POST /oauth/authorizations/new', (ctx) => {
    const form = new URLSearchParams(ctx.body.toString('utf8'));
    if (form.has('pending')) return continueAuthorization(ctx, form);
    // Zendesk takes the authorization request as a POST too (spec §1.3); query parameters fill any gaps.
    for (const [k, v] of ctx.query) if (!form.has(k)) form.set(k, v);
    return startAuthorization(ctx, form);
  });
}
