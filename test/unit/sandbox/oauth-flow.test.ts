/** The authorization endpoint as a browser sees it: pages, forms, cookies and redirects (spec §1.3, §1.4). */
import assert from 'node:assert/strict';
import { FIXTURES } from '../../sandbox/index';
import {
  api,
  authorizeUrl,
  formAction,
  hiddenField,
  http,
  pkce,
  scriptedAuthorize,
  tokenRequest,
  TokenBody,
  useSandbox,
} from '../../support/sandboxHttp';

describe('sandbox OAuth: authorization code + PKCE through the HTML pages', () => {
  const sb = useSandbox();

  async function postForm(
    url: string,
    fields: Record<string, string>,
    cookie?: string,
  ): Promise<ReturnType<typeof http>> {
    return http(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(cookie ? { Cookie: cookie } : {}) },
      body: new URLSearchParams(fields).toString(),
    });
  }

  it('signs in through the login and consent forms, then exchanges the code with the verifier', async () => {
    const { verifier, challenge } = pkce();
    const pageUrl = authorizeUrl(sb(), { challenge, scope: 'read tickets:write', state: 'xyz' });
    const login = await http(pageUrl);
    assert.equal(login.status, 200);
    assert.match(login.headers.get('content-type') ?? '', /text\/html/);
    assert.match(login.text, /<title>Sign in to Zendesk<\/title>/);
    assert.match(login.text, /<label for="email">Email<\/label>/);
    assert.match(login.text, /<label for="password">Password<\/label>/);
    assert.match(login.text, /<button type="submit">Sign in<\/button>/);
    // Relative action only: the page is also served behind a path-prefixing proxy.
    assert.equal(formAction(login.text), 'new');
    assert.doesNotMatch(login.text, /(href|action|src)="\//);
    const actionUrl = new URL(formAction(login.text), pageUrl).toString();
    const pending = hiddenField(login.text, 'pending');

    const wrong = await postForm(actionUrl, { pending, email: FIXTURES.users.agent, password: 'nope' });
    assert.match(wrong.text, /Invalid email or password\./);
    assert.equal(wrong.headers.get('set-cookie'), null);

    const consent = await postForm(actionUrl, { pending, email: FIXTURES.users.agent, password: FIXTURES.password });
    assert.equal(consent.status, 200);
    assert.match(consent.text, /<title>Authorize access<\/title>/);
    assert.match(consent.text, /Sandbox Public App/);
    assert.match(consent.text, /<code>read<\/code>/);
    assert.match(consent.text, /<code>tickets:write<\/code>/);
    assert.match(consent.text, />Allow<\/button>/);
    assert.match(consent.text, />Deny<\/button>/);
    const cookie = consent.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^zd_sandbox_session=/);
    assert.doesNotMatch(cookie, /Path=/i);

    const allow = await postForm(
      actionUrl,
      { pending: hiddenField(consent.text, 'pending'), decision: 'allow' },
      cookie.split(';')[0],
    );
    assert.equal(allow.status, 302);
    const back = new URL(allow.headers.get('location') ?? '');
    assert.equal(`${back.origin}${back.pathname}`, FIXTURES.defaultRedirectUri);
    assert.equal(back.searchParams.get('state'), 'xyz');
    const code = back.searchParams.get('code') ?? '';
    assert.ok(code.length >= 20);

    const token = await tokenRequest(sb(), {
      grant_type: 'authorization_code',
      code,
      client_id: FIXTURES.publicClient.identifier,
      redirect_uri: FIXTURES.defaultRedirectUri,
      code_verifier: verifier,
    });
    assert.equal(token.status, 201);
    const body = token.json<TokenBody>();
    assert.equal(body.token_type, 'bearer');
    assert.equal(body.scope, 'read tickets:write');
    assert.equal(body.expires_in, 1800);
    assert.equal(body.refresh_token_expires_in, 2_592_000);
    assert.ok(body.refresh_token);
    const me = await api(sb(), body.access_token, 'GET', '/api/v2/users/me.json');
    assert.equal(me.json<{ user: { email: string; role: string } }>().user.email, FIXTURES.users.agent);

    // The signed-in browser skips the login page next time, but consent is asked again.
    const again = await http(authorizeUrl(sb(), { challenge: pkce().challenge }), {
      headers: { Cookie: cookie.split(';')[0] ?? '' },
    });
    assert.match(again.text, /<title>Authorize access<\/title>/);
  });

  it('redirects Deny with access_denied, its description and the state', async () => {
    const res = await scriptedAuthorize(sb(), { challenge: pkce().challenge, consent: 'deny', state: 'keep-me' });
    assert.equal(res.status, 302);
    assert.equal(res.location?.searchParams.get('error'), 'access_denied');
    assert.equal(
      res.location?.searchParams.get('error_description'),
      'The end-user or authorization server denied the request.',
    );
    assert.equal(res.location?.searchParams.get('state'), 'keep-me');
    assert.equal(res.location?.searchParams.get('code'), null);
  });

  it('denies through the Deny button too', async () => {
    const page = await http(authorizeUrl(sb(), { challenge: pkce().challenge }), {
      headers: { 'X-Sandbox-Login': FIXTURES.users.customer },
    });
    assert.match(page.text, /<title>Authorize access<\/title>/);
    const deny = await postForm(`${sb().url}/oauth/authorizations/new`, {
      pending: hiddenField(page.text, 'pending'),
      decision: 'deny',
    });
    assert.equal(new URL(deny.headers.get('location') ?? '').searchParams.get('error'), 'access_denied');
    // The pending authorization is single use.
    const replay = await postForm(`${sb().url}/oauth/authorizations/new`, {
      pending: hiddenField(page.text, 'pending'),
      decision: 'allow',
    });
    assert.equal(replay.status, 400);
  });

  it('shows an error page, never a redirect, for an unknown client or an unregistered redirect URL', async () => {
    for (const p of [
      { clientId: 'nobody' },
      { redirectUri: 'http://127.0.0.1:48127/callback/' },
      { redirectUri: 'http://127.0.0.1:48128/callback' },
      { redirectUri: 'https://evil.example/callback' },
    ]) {
      const res = await scriptedAuthorize(sb(), { ...p, challenge: pkce().challenge });
      assert.equal(res.status, 400, JSON.stringify(p));
      assert.equal(res.location, null);
      assert.match(res.text, /<title>Authorization error<\/title>/);
    }
  });

  it('refuses a public client without a PKCE challenge, and any method but S256', async () => {
    const none = await scriptedAuthorize(sb(), {});
    assert.equal(none.status, 302);
    assert.equal(none.location?.searchParams.get('error'), 'invalid_request');
    assert.equal(none.location?.searchParams.get('code'), null);
    const plain = await scriptedAuthorize(sb(), { challenge: pkce().challenge, method: 'plain' });
    assert.equal(plain.location?.searchParams.get('error'), 'invalid_request');
    const token = await scriptedAuthorize(sb(), { challenge: pkce().challenge, responseType: 'token' });
    assert.equal(token.location?.searchParams.get('error'), 'unsupported_response_type');
  });

  it('lets a confidential client skip PKCE, and takes the request as a POST too', async () => {
    const res = await http(`${sb().url}/oauth/authorizations/new`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Sandbox-Login': FIXTURES.users.admin,
        'X-Sandbox-Consent': 'allow',
      },
      body: new URLSearchParams({
        response_type: 'code',
        client_id: FIXTURES.confidentialClient.identifier,
        redirect_uri: FIXTURES.defaultRedirectUri,
        scope: 'read',
        state: 's',
      }).toString(),
    });
    assert.equal(res.status, 302);
    const code = new URL(res.headers.get('location') ?? '').searchParams.get('code');
    assert.ok(code);
    const base = {
      grant_type: 'authorization_code',
      code,
      client_id: FIXTURES.confidentialClient.identifier,
      redirect_uri: FIXTURES.defaultRedirectUri,
    };
    // Without PKCE the confidential client must authenticate with its secret.
    const noSecret = await tokenRequest(sb(), base, 'form');
    assert.equal(noSecret.status, 401);
    assert.equal(noSecret.json().error, 'invalid_client');
  });

  it('accepts redirect URLs registered at runtime, and refuses non-https ones off loopback', async () => {
    const uri = 'https://relay.example/zendesk-callback';
    assert.throws(() => sb().admin.registerRedirectUri(FIXTURES.publicClient.identifier, 'http://relay.example/cb'));
    assert.throws(() => sb().admin.registerRedirectUri(FIXTURES.publicClient.identifier, 'vscode://zendesk/cb'));
    assert.throws(() => sb().admin.registerRedirectUri(FIXTURES.publicClient.identifier, '/relative'));
    sb().admin.registerRedirectUri(FIXTURES.publicClient.identifier, uri);
    const res = await scriptedAuthorize(sb(), { redirectUri: uri, challenge: pkce().challenge });
    assert.equal(res.status, 302);
    assert.equal(`${res.location?.origin}${res.location?.pathname}`, uri);
  });
});
