/** The token endpoint: every grant, its failures, rotation, revocation and the lifetime bounds (spec §1.5-§1.7). */
import assert from 'node:assert/strict';
import { FIXTURES } from '../../sandbox/index';
import { api, pkce, scriptedAuthorize, signIn, tokenRequest, TokenBody, useSandbox } from '../../support/sandboxHttp';

const INVALID_CLIENT_TEXT =
  'The client identifier provided is invalid, the client failed to authenticate, the client did not include its credentials, provided multiple client credentials, or used unsupported credentials type.';
const INVALID_TOKEN = {
  error: 'invalid_token',
  error_description: 'The access token provided is expired, revoked, malformed or invalid for other reasons.',
};

describe('sandbox OAuth: the token endpoint', () => {
  const sb = useSandbox();
  const pub = FIXTURES.publicClient.identifier;
  const conf = FIXTURES.confidentialClient;

  async function codeFor(opts: { clientId?: string; challenge?: string; redirectUri?: string } = {}): Promise<string> {
    const res = await scriptedAuthorize(sb(), {
      clientId: opts.clientId ?? pub,
      ...(opts.challenge ? { challenge: opts.challenge } : {}),
      ...(opts.redirectUri ? { redirectUri: opts.redirectUri } : {}),
    });
    const code = res.location?.searchParams.get('code');
    assert.ok(code, `no code: ${res.status} ${res.text}`);
    return code;
  }

  function exchange(
    code: string,
    verifier: string,
    extra: Record<string, string | number> = {},
  ): ReturnType<typeof tokenRequest> {
    return tokenRequest(sb(), {
      grant_type: 'authorization_code',
      code,
      client_id: pub,
      redirect_uri: FIXTURES.defaultRedirectUri,
      code_verifier: verifier,
      ...extra,
    });
  }

  it('refuses a verifier that does not match the challenge', async () => {
    const { challenge } = pkce();
    const res = await exchange(await codeFor({ challenge }), pkce().verifier);
    assert.equal(res.status, 400);
    assert.equal(res.json().error, 'invalid_grant');
  });

  it('refuses a missing verifier', async () => {
    const { challenge } = pkce();
    const res = await tokenRequest(sb(), {
      grant_type: 'authorization_code',
      code: await codeFor({ challenge }),
      client_id: pub,
      redirect_uri: FIXTURES.defaultRedirectUri,
    });
    assert.equal(res.status, 400);
    assert.equal(res.json().error, 'invalid_grant');
  });

  // CHOICE (README): a verifier for a code issued without a challenge is refused. Otherwise a code someone
  // obtained without PKCE, for their own account, would sign in a client that sends its own verifier.
  it('refuses a verifier for a code issued without a challenge (invalid_grant), and still takes the code without one', async () => {
    const planted = await codeFor({ clientId: conf.identifier });
    const withVerifier = await tokenRequest(sb(), {
      grant_type: 'authorization_code',
      code: planted,
      client_id: conf.identifier,
      client_secret: conf.secret,
      redirect_uri: FIXTURES.defaultRedirectUri,
      code_verifier: pkce().verifier,
    });
    assert.equal(withVerifier.status, 400);
    assert.equal(withVerifier.json().error, 'invalid_grant');
    assert.equal(withVerifier.json<{ access_token?: string }>().access_token, undefined);
    const empty = await tokenRequest(
      sb(),
      {
        grant_type: 'authorization_code',
        code: await codeFor({ clientId: conf.identifier }),
        client_id: conf.identifier,
        client_secret: conf.secret,
        redirect_uri: FIXTURES.defaultRedirectUri,
        code_verifier: '',
      },
      'form',
    );
    assert.equal(empty.status, 400, 'an empty verifier is still a verifier');
    assert.equal(empty.json().error, 'invalid_grant');
    const noSecret = await tokenRequest(sb(), {
      grant_type: 'authorization_code',
      code: await codeFor({ clientId: conf.identifier }),
      client_id: conf.identifier,
      redirect_uri: FIXTURES.defaultRedirectUri,
      code_verifier: pkce().verifier,
    });
    assert.equal(noSecret.status, 401, 'the client is checked first');
    assert.equal(noSecret.json().error, 'invalid_client');
    const plain = await tokenRequest(sb(), {
      grant_type: 'authorization_code',
      code: await codeFor({ clientId: conf.identifier }),
      client_id: conf.identifier,
      client_secret: conf.secret,
      redirect_uri: FIXTURES.defaultRedirectUri,
    });
    assert.equal(plain.status, 201, 'a confidential client without PKCE still signs in with its secret');
  });

  it('takes a code once only', async () => {
    const { verifier, challenge } = pkce();
    const code = await codeFor({ challenge });
    assert.equal((await exchange(code, verifier)).status, 201);
    const replay = await exchange(code, verifier);
    assert.equal(replay.status, 400);
    assert.equal(replay.json().error, 'invalid_grant');
  });

  it('lets a code expire after 120 seconds on the sandbox clock', async () => {
    const fresh = pkce();
    const code = await codeFor({ challenge: fresh.challenge });
    sb().admin.advanceClock(119);
    assert.equal((await exchange(code, fresh.verifier)).status, 201);
    const late = pkce();
    const lateCode = await codeFor({ challenge: late.challenge });
    sb().admin.advanceClock(121);
    const res = await exchange(lateCode, late.verifier);
    assert.equal(res.status, 400);
    assert.equal(res.json().error, 'invalid_grant');
  });

  it('binds the code to its redirect URL and its client', async () => {
    const a = pkce();
    const res = await exchange(await codeFor({ challenge: a.challenge }), a.verifier, {
      redirect_uri: 'http://127.0.0.1:48127/other',
    });
    assert.equal(res.status, 400);
    assert.equal(res.json().error, 'invalid_grant');
    const b = pkce();
    const other = await exchange(await codeFor({ challenge: b.challenge }), b.verifier, {
      client_id: conf.identifier,
      client_secret: conf.secret,
    });
    assert.equal(other.status, 400);
    assert.equal(other.json().error, 'invalid_grant');
  });

  it('answers invalid_client with 401 and the Doorkeeper text', async () => {
    const cases: Record<string, string>[] = [
      { grant_type: 'client_credentials', client_id: 'nobody', client_secret: 'x' },
      { grant_type: 'client_credentials', client_id: conf.identifier, client_secret: 'wrong' },
      { grant_type: 'client_credentials', client_id: conf.identifier },
    ];
    for (const params of cases) {
      const res = await tokenRequest(sb(), params);
      assert.equal(res.status, 401, JSON.stringify(params));
      assert.deepEqual(res.json(), { error: 'invalid_client', error_description: INVALID_CLIENT_TEXT });
    }
  });

  it('grants client_credentials to a confidential client, acting as its owner, with no refresh token', async () => {
    const res = await tokenRequest(
      sb(),
      {
        grant_type: 'client_credentials',
        client_id: conf.identifier,
        client_secret: conf.secret,
        scope: 'read',
        expires_in: 600,
      },
      'form',
    );
    assert.equal(res.status, 201);
    const body = res.json<TokenBody>();
    assert.deepEqual(Object.keys(body).sort(), ['access_token', 'expires_in', 'scope', 'token_type']);
    assert.equal(body.expires_in, 600);
    const me = await api(sb(), body.access_token, 'GET', '/api/v2/users/me');
    assert.equal(me.json<{ user: { email: string } }>().user.email, FIXTURES.users.admin);
  });

  it('refuses client_credentials for a public client', async () => {
    const res = await tokenRequest(sb(), { grant_type: 'client_credentials', client_id: pub });
    assert.equal(res.status, 400);
    assert.equal(res.json().error, 'unauthorized_client');
  });

  it('rotates refresh tokens: a new pair, the old pair dead, reuse is invalid_grant', async () => {
    const first = await signIn(sb());
    const res = await tokenRequest(sb(), {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token ?? '',
      client_id: pub,
    });
    assert.equal(res.status, 201);
    const second = res.json<TokenBody>();
    assert.notEqual(second.access_token, first.access_token);
    assert.notEqual(second.refresh_token, first.refresh_token);
    assert.equal(second.scope, first.scope);
    const old = await api(sb(), first.access_token, 'GET', '/api/v2/users/me');
    assert.equal(old.status, 401);
    assert.deepEqual(old.json(), INVALID_TOKEN);
    assert.equal((await api(sb(), second.access_token, 'GET', '/api/v2/users/me')).status, 200);
    const reuse = await tokenRequest(sb(), {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token ?? '',
      client_id: pub,
    });
    assert.equal(reuse.status, 400);
    assert.equal(reuse.json().error, 'invalid_grant');
  });

  it('makes a confidential client that skipped PKCE send its secret to refresh', async () => {
    const code = await codeFor({ clientId: conf.identifier });
    const granted = await tokenRequest(sb(), {
      grant_type: 'authorization_code',
      code,
      client_id: conf.identifier,
      client_secret: conf.secret,
      redirect_uri: FIXTURES.defaultRedirectUri,
    });
    assert.equal(granted.status, 201);
    const refresh = granted.json<TokenBody>().refresh_token ?? '';
    const noSecret = await tokenRequest(sb(), {
      grant_type: 'refresh_token',
      refresh_token: refresh,
      client_id: conf.identifier,
    });
    assert.equal(noSecret.status, 401);
    const withSecret = await tokenRequest(sb(), {
      grant_type: 'refresh_token',
      refresh_token: refresh,
      client_id: conf.identifier,
      client_secret: conf.secret,
    });
    assert.equal(withSecret.status, 201);
  });

  it('checks expires_in and refresh_token_expires_in against the bounds (exclusive)', async () => {
    const cases: [Record<string, string | number>, number][] = [
      [{ expires_in: 300 }, 400],
      [{ expires_in: 301 }, 201],
      [{ expires_in: 172_800 }, 400],
      [{ expires_in: 172_799 }, 201],
      [{ expires_in: 'soon' }, 400],
      [{ refresh_token_expires_in: 604_800 }, 400],
      [{ refresh_token_expires_in: 604_801 }, 201],
      [{ refresh_token_expires_in: 7_776_000 }, 400],
      [{ refresh_token_expires_in: 7_775_999 }, 201],
    ];
    for (const [extra, status] of cases) {
      const { verifier, challenge } = pkce();
      const res = await exchange(await codeFor({ challenge }), verifier, extra);
      assert.equal(res.status, status, JSON.stringify(extra));
      if (status === 400) assert.equal(res.json().error, 'invalid_request');
      else {
        const body = res.json<TokenBody>();
        if ('expires_in' in extra) assert.equal(body.expires_in, extra.expires_in);
        if ('refresh_token_expires_in' in extra) {
          assert.equal(body.refresh_token_expires_in, extra.refresh_token_expires_in);
        }
      }
    }
    const cc = await tokenRequest(sb(), {
      grant_type: 'client_credentials',
      client_id: conf.identifier,
      client_secret: conf.secret,
      expires_in: 100,
    });
    assert.equal(cc.status, 400);
    assert.equal(cc.json().error, 'invalid_request');
  });

  it('expires access tokens on the sandbox clock', async () => {
    const t = await signIn(sb(), FIXTURES.users.agent, 'read', { expires_in: 600 });
    sb().admin.advanceClock(599);
    assert.equal((await api(sb(), t.access_token, 'GET', '/api/v2/users/me')).status, 200);
    sb().admin.advanceClock(2);
    const res = await api(sb(), t.access_token, 'GET', '/api/v2/users/me');
    assert.equal(res.status, 401);
    assert.deepEqual(res.json(), INVALID_TOKEN);
  });

  it('answers unsupported_grant_type and a missing grant_type', async () => {
    const pw = await tokenRequest(sb(), { grant_type: 'password', client_id: pub, username: 'a', password: 'b' });
    assert.equal(pw.status, 400);
    assert.equal(pw.json().error, 'unsupported_grant_type');
    const none = await tokenRequest(sb(), { client_id: pub });
    assert.equal(none.status, 400);
    assert.equal(none.json().error, 'invalid_request');
  });

  it('shows and revokes the current token (204), after which it is dead', async () => {
    const t = await signIn(sb());
    const shown = await api(sb(), t.access_token, 'GET', '/api/v2/oauth/tokens/current.json');
    assert.equal(shown.status, 200);
    const token = shown.json<{ token: { token: string; scopes: string[]; user_id: number } }>().token;
    assert.equal(token.token, t.access_token.slice(0, 10));
    assert.deepEqual(token.scopes, ['read', 'write']);
    assert.equal(token.user_id, sb().admin.userId(FIXTURES.users.agent));
    const del = await api(sb(), t.access_token, 'DELETE', '/api/v2/oauth/tokens/current.json');
    assert.equal(del.status, 204);
    assert.equal(del.text, '');
    assert.equal((await api(sb(), t.access_token, 'GET', '/api/v2/users/me')).status, 401);
    const refresh = await tokenRequest(sb(), {
      grant_type: 'refresh_token',
      refresh_token: t.refresh_token ?? '',
      client_id: pub,
    });
    assert.equal(refresh.json().error, 'invalid_grant');
  });

  it('expireTokens kills access tokens but leaves refresh tokens; revokeTokens kills both', async () => {
    const t = await signIn(sb(), FIXTURES.users.readonly);
    sb().admin.expireTokens(FIXTURES.users.readonly);
    assert.equal((await api(sb(), t.access_token, 'GET', '/api/v2/users/me')).status, 401);
    const refreshed = await tokenRequest(sb(), {
      grant_type: 'refresh_token',
      refresh_token: t.refresh_token ?? '',
      client_id: pub,
    });
    assert.equal(refreshed.status, 201);
    const next = refreshed.json<TokenBody>();
    assert.equal((await api(sb(), next.access_token, 'GET', '/api/v2/users/me')).status, 200);
    sb().admin.revokeTokens(FIXTURES.users.readonly);
    assert.equal((await api(sb(), next.access_token, 'GET', '/api/v2/users/me')).status, 401);
    const dead = await tokenRequest(sb(), {
      grant_type: 'refresh_token',
      refresh_token: next.refresh_token ?? '',
      client_id: pub,
    });
    assert.equal(dead.status, 400);
    assert.equal(dead.json().error, 'invalid_grant');
  });

  it('counts grants by grant_type', async () => {
    sb().admin.resetCounters();
    await signIn(sb());
    await tokenRequest(sb(), {
      grant_type: 'client_credentials',
      client_id: conf.identifier,
      client_secret: conf.secret,
    });
    const c = sb().admin.counters();
    assert.deepEqual(c.grants, { authorization_code: 1, client_credentials: 1 });
    assert.equal(c.requests['POST /oauth/tokens'], 2);
    assert.equal(c.requests['GET /oauth/authorizations/new'], 1);
  });
});

describe('sandbox OAuth: default access-token lifetime', () => {
  const sb = useSandbox({ accessTokenTtlSeconds: 3600 });

  it('uses accessTokenTtlSeconds when the client sends no expires_in', async () => {
    const t = await signIn(sb());
    assert.equal(t.expires_in, 3600);
  });
});
