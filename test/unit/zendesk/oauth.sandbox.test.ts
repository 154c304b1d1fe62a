// The OAuth grants over real HTTP (undici) against the local sandbox.
import assert from 'node:assert/strict';
import { FIXTURES } from '../../sandbox';
import { getMe } from '../../../src/zendesk/api';
import { InvalidInputError, InvalidTokenError, OAuthError } from '../../../src/zendesk/errors';
import { clientCredentialsGrant, exchangeCode, refreshTokens, revokeCurrentToken } from '../../../src/zendesk/oauth';
import { codeChallengeS256, createCodeVerifier } from '../../../src/zendesk/pkce';
import {
  authorize,
  clientFor,
  confidentialClient,
  fixedToken,
  publicClient,
  REDIRECT_URI,
  signIn,
  useSandboxOverHttp,
} from '../../support/sandboxClient';

describe('zendesk/oauth against the sandbox', () => {
  const env = useSandboxOverHttp();

  it('exchanges a code for a public client with PKCE, and the token works', async () => {
    const now = Date.now();
    const tokens = await signIn(env.http, publicClient(env.base), { scopes: ['read', 'write'], expiresIn: 600 });
    assert.ok(tokens.accessToken && tokens.refreshToken);
    assert.equal(tokens.tokenType.toLowerCase(), 'bearer');
    assert.deepEqual(tokens.scopes, ['read', 'write']);
    assert.ok(tokens.expiresAt !== undefined && Math.abs(tokens.expiresAt - (now + 600_000)) < 5_000);
    assert.ok(tokens.refreshTokenExpiresAt !== undefined && tokens.refreshTokenExpiresAt > tokens.expiresAt);
    const me = await getMe(clientFor(env.base, env.http, fixedToken(tokens.accessToken)));
    assert.equal(me.email, FIXTURES.users.agent);
  });

  it('exchanges a code for a confidential client (secret and PKCE)', async () => {
    const tokens = await signIn(env.http, confidentialClient(env.base), { email: FIXTURES.users.admin });
    assert.equal((await getMe(clientFor(env.base, env.http, fixedToken(tokens.accessToken)))).role, 'admin');
  });

  it('refuses a wrong verifier and a reused code with invalid_grant', async () => {
    const client = publicClient(env.base);
    const verifier = createCodeVerifier();
    const code = await authorize(env.http, client, { challenge: codeChallengeS256(verifier) });
    await assert.rejects(
      exchangeCode({ http: env.http }, { client, code, redirectUri: REDIRECT_URI, codeVerifier: createCodeVerifier() }),
      (e: unknown) => e instanceof OAuthError && e.code === 'invalid_grant' && e.status === 400,
    );
    const code2 = await authorize(env.http, client, { challenge: codeChallengeS256(verifier) });
    await exchangeCode({ http: env.http }, { client, code: code2, redirectUri: REDIRECT_URI, codeVerifier: verifier });
    await assert.rejects(
      exchangeCode({ http: env.http }, { client, code: code2, redirectUri: REDIRECT_URI, codeVerifier: verifier }),
      (e: unknown) => e instanceof OAuthError && e.code === 'invalid_grant',
    );
  });

  it('rotates on refresh: the old refresh token then gets invalid_grant and the old access token a 401', async () => {
    const client = publicClient(env.base);
    const first = await signIn(env.http, client);
    const second = await refreshTokens({ http: env.http }, { client, refreshToken: first.refreshToken ?? '' });
    assert.notEqual(second.accessToken, first.accessToken);
    assert.ok(second.refreshToken && second.refreshToken !== first.refreshToken);
    assert.deepEqual(second.scopes, first.scopes);
    await assert.rejects(
      refreshTokens({ http: env.http }, { client, refreshToken: first.refreshToken ?? '' }),
      (e: unknown) => e instanceof OAuthError && e.code === 'invalid_grant' && e.status === 400,
    );
    await assert.rejects(getMe(clientFor(env.base, env.http, fixedToken(first.accessToken))), InvalidTokenError);
    assert.equal(
      (await getMe(clientFor(env.base, env.http, fixedToken(second.accessToken)))).email,
      FIXTURES.users.agent,
    );
  });

  it('refuses an unknown client with invalid_client (401)', async () => {
    await assert.rejects(
      refreshTokens(
        { http: env.http },
        { client: { baseUrl: env.base, clientId: 'no-such-client' }, refreshToken: 'x' },
      ),
      (e: unknown) =>
        e instanceof OAuthError &&
        e.code === 'invalid_client' &&
        e.status === 401 &&
        /client identifier/.test(e.description ?? ''),
    );
  });

  it('grants client credentials to the confidential client, with no refresh token', async () => {
    const tokens = await clientCredentialsGrant(
      { http: env.http },
      { client: confidentialClient(env.base), scopes: ['read'], expiresIn: 900 },
    );
    assert.equal(tokens.refreshToken, undefined);
    assert.deepEqual(tokens.scopes, ['read']);
    const me = await getMe(clientFor(env.base, env.http, fixedToken(tokens.accessToken)));
    assert.equal(me.role, 'admin');
  });

  it('refuses client credentials for the public client', async () => {
    const pub = publicClient(env.base);
    const before = env.sandbox.admin.counters().grants.client_credentials ?? 0;
    await assert.rejects(
      clientCredentialsGrant({ http: env.http }, { client: pub, scopes: ['read'] }),
      InvalidInputError,
    );
    assert.equal(env.sandbox.admin.counters().grants.client_credentials ?? 0, before, 'no request without a secret');
    await assert.rejects(
      clientCredentialsGrant(
        { http: env.http },
        { client: { ...pub, clientSecret: FIXTURES.confidentialClient.secret }, scopes: ['read'] },
      ),
      (e: unknown) => e instanceof OAuthError && (e.code === 'invalid_client' || e.code === 'unauthorized_client'),
    );
  });

  it('revokes the current token; the token then gets InvalidTokenError', async () => {
    const tokens = await signIn(env.http, publicClient(env.base));
    await revokeCurrentToken({ http: env.http }, { baseUrl: env.base, accessToken: tokens.accessToken });
    const source = fixedToken(tokens.accessToken);
    await assert.rejects(getMe(clientFor(env.base, env.http, source)), InvalidTokenError);
    assert.equal(source.calls, 2, 'one forced refresh was asked for before giving up');
    await assert.rejects(
      revokeCurrentToken({ http: env.http }, { baseUrl: env.base, accessToken: tokens.accessToken }),
      InvalidTokenError,
    );
  });
});
