import assert from 'node:assert/strict';
import {
  InvalidInputError,
  InvalidTokenError,
  NetworkError,
  OAuthError,
  RateLimitedError,
  ServerError,
} from '../../../src/zendesk/errors';
import {
  buildAuthorizeUrl,
  checkLifetimes,
  clientCredentialsGrant,
  exchangeCode,
  LIFETIME_BOUNDS,
  refreshTokens,
  revokeCurrentToken,
} from '../../../src/zendesk/oauth';
import { FakeTransport, json } from './fakeTransport';

const BASE = 'https://acme.zendesk.com';
const NOW = 1_700_000_000_000;
const confidential = { baseUrl: BASE, clientId: 'vscode_client', clientSecret: 's3cret' };
const publicClient = { baseUrl: BASE, clientId: 'vscode_public' };
const TOKENS = {
  access_token: 'at-1',
  refresh_token: 'rt-1',
  token_type: 'bearer',
  scope: 'read tickets:write',
  expires_in: 1800,
  refresh_token_expires_in: 2592000,
};

function isInput(message: RegExp) {
  return (e: unknown) => e instanceof InvalidInputError && message.test(e.message);
}

describe('zendesk/oauth', () => {
  describe('buildAuthorizeUrl', () => {
    const url = new URL(
      buildAuthorizeUrl({
        baseUrl: `${BASE}/`,
        clientId: 'vscode client',
        redirectUri: 'http://127.0.0.1:48127/callback',
        scopes: ['read', 'tickets:write'],
        state: 'st-1',
        codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      }),
    );

    it('points at /oauth/authorizations/new on the account', () =>
      assert.equal(`${url.origin}${url.pathname}`, `${BASE}/oauth/authorizations/new`));

    it('carries every parameter, and only those', () => {
      assert.deepEqual(
        [...url.searchParams],
        [
          ['response_type', 'code'],
          ['client_id', 'vscode client'],
          ['redirect_uri', 'http://127.0.0.1:48127/callback'],
          ['scope', 'read tickets:write'],
          ['state', 'st-1'],
          ['code_challenge', 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'],
          ['code_challenge_method', 'S256'],
        ],
      );
    });

    it('encodes spaces as %20 and the redirect URI fully', () => {
      assert.match(url.search, /[?&]scope=read%20tickets%3Awrite(&|$)/);
      assert.match(url.search, /[?&]client_id=vscode%20client(&|$)/);
      assert.match(url.search, /[?&]redirect_uri=http%3A%2F%2F127\.0\.0\.1%3A48127%2Fcallback(&|$)/);
    });
  });

  describe('checkLifetimes', () => {
    const b = LIFETIME_BOUNDS;
    it('has the documented exclusive bounds', () =>
      assert.deepEqual({ ...b }, { accessMin: 300, accessMax: 172800, refreshMin: 604800, refreshMax: 7776000 }));
    it('accepts nothing at all', () => checkLifetimes({}));

    const accepted: [number | undefined, number | undefined][] = [
      [301, undefined],
      [172799, undefined],
      [undefined, 604801],
      [undefined, 7775999],
      [172799, 604801],
      [1800, 2592000],
    ];
    for (const [expiresIn, refreshTokenExpiresIn] of accepted) {
      it(`accepts expiresIn=${String(expiresIn)} refreshTokenExpiresIn=${String(refreshTokenExpiresIn)}`, () =>
        checkLifetimes({ expiresIn, refreshTokenExpiresIn }));
    }

    const refused: [number | undefined, number | undefined, RegExp][] = [
      [
        300,
        undefined,
        /access token lifetime .* more than 300 and less than 172800 \(5 minutes to 48 hours\); got 300\./,
      ],
      [172800, undefined, /access token lifetime.*got 172800/],
      [0, undefined, /access token lifetime/],
      [-1, undefined, /access token lifetime/],
      [1800.5, undefined, /whole number/],
      [Number.NaN, undefined, /access token lifetime/],
      [
        undefined,
        604800,
        /refresh token lifetime .* more than 604800 and less than 7776000 \(7 to 90 days\); got 604800\./,
      ],
      [undefined, 7776000, /refresh token lifetime.*got 7776000/],
    ];
    for (const [expiresIn, refreshTokenExpiresIn, message] of refused) {
      it(`refuses expiresIn=${String(expiresIn)} refreshTokenExpiresIn=${String(refreshTokenExpiresIn)}`, () => {
        assert.throws(() => checkLifetimes({ expiresIn, refreshTokenExpiresIn }), isInput(message));
      });
    }
  });

  describe('token requests', () => {
    it('exchanges a code: POST /oauth/tokens with a JSON body', async () => {
      const http = new FakeTransport().answer(json(201, TOKENS));
      const tokens = await exchangeCode(
        { http, now: () => NOW },
        {
          client: confidential,
          code: 'c0de',
          redirectUri: 'http://127.0.0.1:48127/callback',
          codeVerifier: 'v'.repeat(43),
          expiresIn: 1800,
          refreshTokenExpiresIn: 2592000,
        },
      );
      const req = http.requests[0];
      assert.equal(req.method, 'POST');
      assert.equal(req.url, `${BASE}/oauth/tokens`);
      assert.equal(req.headers?.['content-type'], 'application/json');
      assert.equal(req.headers?.authorization, undefined);
      assert.deepEqual(http.json(), {
        grant_type: 'authorization_code',
        code: 'c0de',
        client_id: 'vscode_client',
        client_secret: 's3cret',
        redirect_uri: 'http://127.0.0.1:48127/callback',
        code_verifier: 'v'.repeat(43),
        expires_in: 1800,
        refresh_token_expires_in: 2592000,
      });
      assert.deepEqual(tokens, {
        accessToken: 'at-1',
        refreshToken: 'rt-1',
        tokenType: 'bearer',
        scopes: ['read', 'tickets:write'],
        expiresAt: NOW + 1800_000,
        refreshTokenExpiresAt: NOW + 2592000_000,
      });
    });

    it('leaves out the secret of a public client and lifetimes not asked for', async () => {
      const http = new FakeTransport().answer(json(200, TOKENS));
      await exchangeCode(
        { http },
        { client: publicClient, code: 'c', redirectUri: 'http://127.0.0.1:1/cb', codeVerifier: 'v' },
      );
      assert.deepEqual(Object.keys(http.json()).sort(), [
        'client_id',
        'code',
        'code_verifier',
        'grant_type',
        'redirect_uri',
      ]);
    });

    it('refreshes with the refresh token', async () => {
      const http = new FakeTransport().answer(json(201, { ...TOKENS, access_token: 'at-2', refresh_token: 'rt-2' }));
      const tokens = await refreshTokens({ http }, { client: publicClient, refreshToken: 'rt-1', expiresIn: 3600 });
      assert.deepEqual(http.json(), {
        grant_type: 'refresh_token',
        refresh_token: 'rt-1',
        client_id: 'vscode_public',
        expires_in: 3600,
      });
      assert.equal(tokens.refreshToken, 'rt-2');
    });

    it('asks for client credentials with the secret and a space-separated scope', async () => {
      const http = new FakeTransport().answer(
        json(201, { access_token: 'at-cc', token_type: 'bearer', scope: 'read write', expires_in: null }),
      );
      const tokens = await clientCredentialsGrant(
        { http },
        { client: confidential, scopes: ['read', 'write'], expiresIn: 600 },
      );
      assert.deepEqual(http.json(), {
        grant_type: 'client_credentials',
        client_id: 'vscode_client',
        client_secret: 's3cret',
        scope: 'read write',
        expires_in: 600,
      });
      assert.deepEqual(tokens, {
        accessToken: 'at-cc',
        refreshToken: undefined,
        tokenType: 'bearer',
        scopes: ['read', 'write'],
        expiresAt: undefined,
        refreshTokenExpiresAt: undefined,
      });
    });

    it('refuses client credentials without a secret, before any request', async () => {
      const http = new FakeTransport();
      await assert.rejects(
        clientCredentialsGrant({ http }, { client: publicClient, scopes: ['read'] }),
        isInput(/confidential client/),
      );
      assert.equal(http.requests.length, 0);
    });

    it('checks lifetimes before any request, as a rejected promise', async () => {
      const http = new FakeTransport();
      const p = refreshTokens({ http }, { client: publicClient, refreshToken: 'rt', expiresIn: 300 });
      await assert.rejects(p, isInput(/access token lifetime/));
      await assert.rejects(
        exchangeCode(
          { http },
          { client: publicClient, code: 'c', redirectUri: 'r', codeVerifier: 'v', refreshTokenExpiresIn: 1 },
        ),
        InvalidInputError,
      );
      await assert.rejects(
        clientCredentialsGrant({ http }, { client: confidential, scopes: ['read'], expiresIn: 200000 }),
        InvalidInputError,
      );
      assert.equal(http.requests.length, 0);
    });

    const failures: [string, ReturnType<typeof json> | Error, (e: unknown) => boolean][] = [
      [
        '400 invalid_grant → OAuthError',
        json(400, { error: 'invalid_grant', error_description: 'The provided authorization grant is invalid' }),
        (e) =>
          e instanceof OAuthError &&
          e.code === 'invalid_grant' &&
          e.status === 400 &&
          e.description === 'The provided authorization grant is invalid',
      ],
      [
        '401 invalid_client → OAuthError',
        json(401, { error: 'invalid_client', error_description: 'The client identifier provided is invalid' }),
        (e) => e instanceof OAuthError && e.code === 'invalid_client' && e.status === 401,
      ],
      [
        '401 with no body → OAuthError invalid_client',
        { status: 401, body: '' },
        (e) => e instanceof OAuthError && e.code === 'invalid_client',
      ],
      [
        '400 text body → OAuthError invalid_request',
        { status: 400, body: 'Bad Request' },
        (e) => e instanceof OAuthError && e.code === 'invalid_request' && e.description === 'Bad Request',
      ],
      [
        '429 → RateLimitedError',
        { status: 429, headers: { 'retry-after': '7' }, body: 'slow down' },
        (e) => e instanceof RateLimitedError && e.retryAfterSeconds === 7,
      ],
      ['500 → ServerError', { status: 500, body: '' }, (e) => e instanceof ServerError && e.status === 500],
      [
        '503 + Retry-After → ServerError with the wait',
        { status: 503, headers: { 'retry-after': '3' }, body: '' },
        (e) => e instanceof ServerError && e.retryAfterSeconds === 3,
      ],
      [
        '201 with a cut body → NetworkError',
        { status: 201, body: '{"access_token":"at' },
        (e) => e instanceof NetworkError,
      ],
      [
        '200 without access_token → OAuthError invalid_response',
        json(200, { token_type: 'bearer' }),
        (e) => e instanceof OAuthError && e.code === 'invalid_response',
      ],
      [
        'transport failure → NetworkError passes through',
        new NetworkError('ECONNRESET'),
        (e) => e instanceof NetworkError,
      ],
    ];
    for (const [name, answer, check] of failures) {
      it(name, async () => {
        const http = new FakeTransport().answer(answer);
        await assert.rejects(refreshTokens({ http }, { client: publicClient, refreshToken: 'rt' }), check);
      });
    }

    it('logs the grant type and status, never a token or secret', async () => {
      const lines: string[] = [];
      const log = {
        trace: (m: string) => lines.push(m),
        debug: (m: string) => lines.push(m),
        info: (m: string) => lines.push(m),
        warn: (m: string) => lines.push(m),
        error: (m: string) => lines.push(m),
      };
      const http = new FakeTransport().answer(json(201, TOKENS));
      await exchangeCode(
        { http, log },
        { client: confidential, code: 'c0de', redirectUri: 'r', codeVerifier: 'verif' },
      );
      assert.deepEqual(lines, ['POST /oauth/tokens grant_type=authorization_code → 201']);
    });
  });

  describe('revokeCurrentToken', () => {
    it('DELETEs /api/v2/oauth/tokens/current.json with the token', async () => {
      const http = new FakeTransport().answer({ status: 204 });
      await revokeCurrentToken({ http }, { baseUrl: BASE, accessToken: 'at-1' });
      assert.equal(http.requests[0].method, 'DELETE');
      assert.equal(http.requests[0].url, `${BASE}/api/v2/oauth/tokens/current.json`);
      assert.equal(http.requests[0].headers?.authorization, 'Bearer at-1');
    });

    it('reports an already dead token as InvalidTokenError', async () => {
      const http = new FakeTransport().answer(
        json(401, {
          error: 'invalid_token',
          error_description: 'The access token provided is expired, revoked, malformed or invalid for other reasons.',
        }),
      );
      await assert.rejects(revokeCurrentToken({ http }, { baseUrl: BASE, accessToken: 'at-1' }), InvalidTokenError);
    });
  });
});
