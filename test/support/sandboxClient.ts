// Helpers for the tests that run the Zendesk layer over real HTTP against the local sandbox.
import assert from 'node:assert/strict';
import { FIXTURES, startSandbox, type Sandbox, type SandboxOptions } from '../sandbox';
import { ZendeskClient, type TokenSource } from '../../src/zendesk/http';
import { exchangeCode, refreshTokens, type OAuthClient, type TokenSet } from '../../src/zendesk/oauth';
import { codeChallengeS256, createCodeVerifier, createState } from '../../src/zendesk/pkce';
import { createUndiciTransport, type HttpTransport } from '../../src/zendesk/transport';

export const REDIRECT_URI = FIXTURES.defaultRedirectUri;

export function publicClient(baseUrl: string): OAuthClient {
  return { baseUrl, clientId: FIXTURES.publicClient.identifier };
}

export function confidentialClient(baseUrl: string): OAuthClient {
  return {
    baseUrl,
    clientId: FIXTURES.confidentialClient.identifier,
    clientSecret: FIXTURES.confidentialClient.secret,
  };
}

/** Plays the browser with the sandbox's scripted headers: signs in as `email`, allows, returns the code. */
export async function authorize(
  http: HttpTransport,
  client: OAuthClient,
  o: { email?: string; scopes?: string[]; challenge: string },
): Promise<string> {
  const state = createState();
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: client.clientId,
    redirect_uri: REDIRECT_URI,
    scope: (o.scopes ?? ['read', 'write']).join(' '),
    state,
    code_challenge: o.challenge,
    code_challenge_method: 'S256',
  });
  const res = await http.send({
    method: 'GET',
    url: `${client.baseUrl}/oauth/authorizations/new?${q.toString()}`,
    headers: { 'x-sandbox-login': o.email ?? FIXTURES.users.agent, 'x-sandbox-consent': 'allow' },
  });
  assert.equal(res.status, 302, res.body);
  const back = new URL(res.headers.location ?? '');
  assert.equal(`${back.origin}${back.pathname}`, REDIRECT_URI);
  assert.equal(back.searchParams.get('state'), state);
  const code = back.searchParams.get('code');
  assert.ok(code, `no code in ${back.search}`);
  return code;
}

/** A full sign-in: authorize with PKCE, then exchange the code. */
export async function signIn(
  http: HttpTransport,
  client: OAuthClient,
  o: { email?: string; scopes?: string[]; expiresIn?: number } = {},
): Promise<TokenSet> {
  const verifier = createCodeVerifier();
  const code = await authorize(http, client, { ...o, challenge: codeChallengeS256(verifier) });
  return exchangeCode(
    { http },
    { client, code, redirectUri: REDIRECT_URI, codeVerifier: verifier, expiresIn: o.expiresIn },
  );
}

/** A token source that refreshes through the sandbox (rotating the pair) and counts what it was asked. */
export class RefreshingTokens implements TokenSource {
  readonly calls: { forceRefresh?: boolean; rejected?: string }[] = [];
  constructor(
    private readonly http: HttpTransport,
    private readonly client: OAuthClient,
    public tokens: TokenSet,
  ) {}

  async getAccessToken(opts: { forceRefresh?: boolean; rejected?: string } = {}): Promise<string> {
    this.calls.push(opts);
    if (opts.forceRefresh && opts.rejected === this.tokens.accessToken && this.tokens.refreshToken) {
      this.tokens = await refreshTokens(
        { http: this.http },
        { client: this.client, refreshToken: this.tokens.refreshToken },
      );
    }
    return this.tokens.accessToken;
  }
}

/** A token source that always hands out the same token. */
export function fixedToken(token: string): TokenSource & { calls: number } {
  const source = {
    calls: 0,
    getAccessToken: async () => {
      source.calls++;
      return token;
    },
  };
  return source;
}

export function clientFor(
  baseUrl: string,
  http: HttpTransport,
  tokens: TokenSource,
  sleep?: (ms: number) => Promise<void>,
  extra: { maxRetryWaitSeconds?: number } = {},
): ZendeskClient {
  const clock = sleep && { now: () => Date.now(), sleep };
  return new ZendeskClient({ baseUrl, transport: http, tokens, clock, ...extra });
}

/** A client of the sandbox's public OAuth client, signed in as the agent fixture, refreshing through the sandbox and
 * never waiting to retry. */
export async function agentClient(env: { http: HttpTransport; base: string }): Promise<ZendeskClient> {
  const tokens = new RefreshingTokens(env.http, publicClient(env.base), await signIn(env.http, publicClient(env.base)));
  return clientFor(env.base, env.http, tokens, async () => {}, { maxRetryWaitSeconds: 0 });
}

/**
 * Mocha hooks: one sandbox and one undici transport for the suite, closed after it. The returned object is
 * filled in by the `before` hook; read its fields inside tests and hooks only.
 */
export function useSandboxOverHttp(opts: SandboxOptions = { tickets: 50, seed: 1 }): {
  sandbox: Sandbox;
  http: HttpTransport;
  base: string;
} {
  const ctx = {} as { sandbox: Sandbox; http: HttpTransport; base: string };
  before(async () => {
    ctx.sandbox = await startSandbox({ port: 0, ...opts });
    ctx.base = ctx.sandbox.url;
    ctx.http = createUndiciTransport();
  });
  after(async () => {
    await ctx.http?.close?.();
    await ctx.sandbox?.close();
  });
  return ctx;
}

/** The confidential client's own token (client credentials: it acts as the admin who owns the client). */
export async function adminToken(sandbox: Sandbox, scope = 'read write'): Promise<string> {
  const res = await fetch(`${sandbox.url}/oauth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: FIXTURES.confidentialClient.identifier,
      client_secret: FIXTURES.confidentialClient.secret,
      scope,
    }),
  });
  assert.equal(res.status, 201);
  return ((await res.json()) as { access_token: string }).access_token;
}
