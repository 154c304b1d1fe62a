import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { FIXTURES } from '../sandbox';
import { loadRelayPage, runRelayPage } from '../relayPageRunner';
import { getAs } from './apiHelpers';
import {
  ScriptedBrowser,
  activateExtension,
  confidentialAccount,
  publicAccount,
  sandboxForVsCode,
  setSetting,
  testing,
  until,
  useSandbox,
} from './helpers';

describe('signing in (extension host, against the sandbox)', () => {
  const env = useSandbox();

  it('loopback: the browser comes back through asExternalUri, and the session is the agent with the scopes asked for', async () => {
    const t = await testing();
    const browser = new ScriptedBrowser();
    t.ui.openExternal = browser.open;
    const added = new Promise<vscode.AuthenticationSessionsChangeEvent>((resolve) => {
      const sub = vscode.authentication.onDidChangeSessions((e) => {
        if (e.provider.id === 'zendesk') {
          sub.dispose();
          resolve(e);
        }
      });
    });
    const session = await t.provider.createSession(['read'], {});
    await browser.settled();
    assert.match(session.account.label, /^.+ \(sandbox\)$/);
    assert.match(session.account.id, /^sandbox\/\d+$/);
    assert.equal(session.account.id, `sandbox/${env.sandbox.admin.userId(FIXTURES.users.agent)}`);
    assert.deepEqual(session.scopes, ['read']);
    await added;
    // The authorize request carried PKCE S256 and a state, to the configured redirect URL.
    const authorize = new URL(browser.opened[0]);
    assert.equal(authorize.origin + authorize.pathname, `${env.sandbox.url}/oauth/authorizations/new`);
    assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
    assert.equal(authorize.searchParams.get('redirect_uri'), env.loopbackUri);
    assert.ok((authorize.searchParams.get('state') ?? '').length >= 22);
    // The token works against the API, and getSessions reports it.
    const me = await fetch(`${env.sandbox.url}/api/v2/users/me.json`, {
      headers: { Authorization: `Bearer ${session.accessToken}` },
    });
    assert.equal(me.status, 200);
    const user = ((await me.json()) as { user: { name: string; email: string } }).user;
    assert.equal(user.email, FIXTURES.users.agent);
    assert.equal(session.account.label, `${user.name} (sandbox)`);
    const sessions = await t.provider.getSessions(['read'], {});
    assert.deepEqual(
      sessions.map((s) => s.id),
      [session.id],
    );
  });

  it('getSessions answers only with the session of exactly the scopes asked, for the account asked', async () => {
    const t = await testing();
    t.ui.openExternal = new ScriptedBrowser().open;
    const session = await t.provider.createSession(['read'], {});
    // `read` covers tickets:read, but a caller asking for tickets:read gets a session of its own (VS Code signs in).
    assert.deepEqual(await t.provider.getSessions(['tickets:read'], {}), []);
    assert.deepEqual(await t.provider.getSessions(['write'], {}), []);
    assert.deepEqual(await t.provider.getSessions(['read', 'write'], {}), []);
    assert.deepEqual(
      (await t.provider.getSessions(['read', 'read'], {})).map((s) => [s.id, s.accessToken]),
      [[session.id, session.accessToken]],
    );
    assert.equal((await t.provider.getSessions(['read'], { account: session.account })).length, 1);
    assert.deepEqual(await t.provider.getSessions(['read'], { account: { id: 'sandbox/999999', label: 'other' } }), []);
  });

  it("a user never signed in here asks for tickets:read: Zendesk's token endpoint says whose it is, /users/me is never asked", async () => {
    const t = await testing();
    t.ui.openExternal = new ScriptedBrowser().open;
    env.sandbox.admin.resetCounters();
    const session = await t.provider.createSession(['tickets:read'], {});
    const agentId = env.sandbox.admin.userId(FIXTURES.users.agent);
    assert.equal(session.account.id, `sandbox/${agentId}`);
    assert.equal(session.account.label, `User ${agentId} (sandbox)`);
    assert.deepEqual(session.scopes, ['tickets:read']);
    assert.equal(env.sandbox.admin.counters().requests['GET /api/v2/users/me'], undefined);
    assert.equal(env.sandbox.admin.counters().requests['GET /api/v2/oauth/tokens/current'], 1);
  });

  it('signing in again as the same user replaces the session and revokes the old token', async () => {
    const t = await testing();
    t.ui.openExternal = new ScriptedBrowser().open;
    const first = await t.provider.createSession(['read'], {});
    const events: vscode.AuthenticationProviderAuthenticationSessionsChangeEvent[] = [];
    const sub = t.provider.onDidChangeSessions((e) => events.push(e));
    const second = await t.provider.createSession(['read'], {});
    sub.dispose();
    assert.notEqual(second.id, first.id);
    assert.deepEqual(
      (await t.provider.getSessions(['read'], {})).map((s) => s.id),
      [second.id],
    );
    assert.ok(
      events.some((e) => e.removed?.some((s) => s.id === first.id)),
      'no removed event for the replaced session',
    );
    assert.ok(
      events.some((e) => e.added?.some((s) => s.id === second.id)),
      'no added event for the new session',
    );
    const old = await fetch(`${env.sandbox.url}/api/v2/users/me.json`, {
      headers: { Authorization: `Bearer ${first.accessToken}` },
    });
    assert.equal(old.status, 401, 'the replaced token still works at Zendesk');
  });

  it('two users of one account are two sessions, told apart by options.account', async () => {
    const t = await testing();
    t.ui.openExternal = new ScriptedBrowser({ login: FIXTURES.users.agent }).open;
    const agent = await t.provider.createSession(['read'], {});
    t.ui.openExternal = new ScriptedBrowser({ login: FIXTURES.users.admin }).open;
    const admin = await t.provider.createSession(['read'], {});
    assert.notEqual(agent.account.id, admin.account.id);
    assert.equal((await t.provider.getSessions(['read'], {})).length, 2);
    assert.deepEqual(
      (await t.provider.getSessions(['read'], { account: admin.account })).map((s) => s.id),
      [admin.id],
    );
    assert.deepEqual(
      (await t.provider.getSessions(['read'], { account: agent.account })).map((s) => s.id),
      [agent.id],
    );
  });

  it('the account menu switches the active account: API calls then go as that user', async () => {
    const t = await testing();
    t.ui.openExternal = new ScriptedBrowser({ login: FIXTURES.users.agent }).open;
    await vscode.commands.executeCommand('zendesk.signIn');
    t.ui.openExternal = new ScriptedBrowser({ login: FIXTURES.users.admin }).open;
    await t.provider.createSession(['read'], {});
    const me = async () => (await getAs<{ user: { email: string } }>('/api/v2/users/me')).user.email;
    assert.equal(await me(), FIXTURES.users.agent, 'the account signed in from the command is the active one');
    // The menu lists the accounts first, the active one on top; pick the second row (the admin).
    const menu = vscode.commands.executeCommand('zendesk.accountMenu');
    await new Promise((r) => setTimeout(r, 500));
    await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await menu;
    assert.equal(await me(), FIXTURES.users.admin);
  });

  it("relay: the hosted page forwards code and state to the extension's UriHandler", async () => {
    const t = await testing();
    const relayUrl = 'https://relay.example.test/zendesk/relay.html';
    env.sandbox.admin.registerRedirectUri(FIXTURES.publicClient.identifier, relayUrl);
    await setSetting('oauth.relayUrl', relayUrl);
    await setSetting('oauth.redirectMode', 'relay');
    // The page as the extension ships it, its own script run on what Zendesk redirected to.
    const page = loadRelayPage(path.join((await activateExtension()).extensionPath, 'media', 'relay.html'));
    let forwardedTo: string | undefined;
    const browser = new ScriptedBrowser({
      rewrite: async (location) => {
        const u = new URL(location);
        assert.equal(u.origin + u.pathname, relayUrl);
        const run = runRelayPage(page, u.search);
        assert.equal(run.message, undefined, `the relay page refused: ${run.title}: ${run.message}`);
        forwardedTo = run.replacedWith;
        assert.ok(forwardedTo, 'the relay page forwarded nowhere');
        // The real browser goes there; in code-server that is a page of the workbench that hands the URI over.
        await vscode.env.openExternal(vscode.Uri.parse(forwardedTo, true));
        return undefined;
      },
    });
    t.ui.openExternal = browser.open;
    const signingIn = t.provider.createSession(['read'], {});
    // A page that refused would leave the sign-in waiting for minutes: report its reason at once.
    await until(() => browser.opened.length > 0);
    await browser.settled().catch((e: unknown) => {
      signingIn.then(undefined, () => undefined);
      throw e;
    });
    const session = await signingIn;
    assert.equal(new URL(browser.opened[0]).searchParams.get('redirect_uri'), relayUrl);
    assert.match(session.account.id, /^sandbox\//);
    assert.ok(new URL(forwardedTo ?? '').searchParams.has('zd_code'), 'the code came through the page');
  });

  it('manual: the URL pasted from the browser completes the sign-in, state checked', async () => {
    const t = await testing();
    await setSetting('oauth.redirectMode', 'manual');
    env.sandbox.admin.registerRedirectUri(FIXTURES.publicClient.identifier, `http://127.0.0.1:48127/callback`);
    const browser = new ScriptedBrowser({ rewrite: () => undefined }); // the page it lands on does not load
    t.ui.openExternal = browser.open;
    t.ui.promptForCallback = async () => {
      await browser.settled();
      return browser.lastRedirect;
    };
    const session = await t.provider.createSession(['read'], {});
    assert.match(session.account.id, /^sandbox\//);
  });

  it('client credentials: a confidential client signs in as its owner, with no browser and no refresh token', async () => {
    const t = await testing();
    await setSetting('accounts', [confidentialAccount(env.sandbox)]);
    await t.store.setClientSecret(
      env.sandbox.url,
      FIXTURES.confidentialClient.identifier,
      FIXTURES.confidentialClient.secret,
    );
    const opened = new ScriptedBrowser();
    t.ui.openExternal = opened.open;
    await vscode.commands.executeCommand('zendesk.signInWithClientCredentials');
    const [stored] = await t.store.list();
    assert.equal(opened.opened.length, 0);
    assert.equal(stored.grant, 'client_credentials');
    assert.equal(stored.refreshToken, undefined);
    assert.equal(stored.user.email, FIXTURES.users.admin);
    assert.equal(env.sandbox.admin.counters().grants.client_credentials, 1);
  });

  describe('failures end in their message and store nothing', () => {
    /** The message the user sees, from the extension's own error classes (this bundle has copies of them). */
    async function describeError(e: Error) {
      return (await testing()).describeError(e);
    }

    async function failingSignIn(browser: ScriptedBrowser, scopes = ['read']): Promise<Error> {
      const t = await testing();
      t.ui.openExternal = browser.open;
      const error = await t.provider.createSession(scopes, {}).then(
        () => undefined,
        (e: Error) => e,
      );
      assert.ok(error, 'the sign-in should have failed');
      assert.deepEqual(await t.store.list(), [], 'a half-stored session was left behind');
      assert.deepEqual(await t.provider.getSessions([], {}), []);
      return error;
    }

    it('a wrong state is refused with 400 and does not end the sign-in: the real callback still completes it', async () => {
      // Any web page can make the browser request the loopback callback; only this sign-in's state counts.
      const t = await testing();
      let forgedStatus: number | undefined;
      t.ui.openExternal = new ScriptedBrowser({
        rewrite: async (l) => {
          forgedStatus = (await fetch(l.replace(/state=[^&]+/, 'state=forged'))).status;
          return l;
        },
      }).open;
      const session = await t.provider.createSession(['read'], {});
      assert.equal(forgedStatus, 400);
      assert.match(session.account.id, /^sandbox\//);
    });

    it('an expired code', async () => {
      const e = await failingSignIn(
        new ScriptedBrowser({
          rewrite: (l) => {
            env.sandbox.admin.advanceClock(121);
            return l;
          },
        }),
      );
      assert.equal((e as Error & { code?: string }).code, 'invalid_grant');
      assert.match((await describeError(e)).text, /expired or was already used\. Sign in again/);
    });

    it('Deny on the consent page', async () => {
      const e = await failingSignIn(new ScriptedBrowser({ consent: 'deny' }));
      assert.equal(e.name, 'AuthorizationDeniedError');
      assert.match((await describeError(e)).text, /denied in Zendesk\. Sign in again and choose Allow/);
    });

    it('Zendesk does not say whose the token is: the token is given back', async () => {
      env.sandbox.admin.failNext('GET /api/v2/oauth/tokens/current', 20, { status: 503, retryAfter: 0 });
      env.sandbox.admin.resetCounters();
      const e = await failingSignIn(new ScriptedBrowser(), ['tickets:read']);
      assert.equal(e.name, 'ServerError');
      assert.equal(
        env.sandbox.admin.counters().requests['DELETE /api/v2/oauth/tokens/current'],
        1,
        'the unused token was not revoked',
      );
    });

    it('a redirect URL that is not registered at Zendesk', async () => {
      const other = await sandboxForVsCode(); // a fresh sandbox knows only its default redirect URLs
      try {
        await setSetting('accounts', [publicAccount(other.sandbox)]);
        const browser = new ScriptedBrowser();
        const e = await failingSignIn(browser);
        assert.equal(e.name, 'RedirectUriNotRegisteredError');
        const text = (await describeError(e)).text;
        assert.ok(text.includes(env.loopbackUri), `the message should name the URL to register: ${text}`);
        assert.match(text, /scheme, host, port and trailing slash/);
        assert.equal(browser.opened.length, 0, 'the browser should not have been sent to an error page');
      } finally {
        await other.sandbox.close();
      }
    });

    it('a new account whose host does not resolve: the message names the host, and the account is not kept', async () => {
      // A well-formed subdomain that does not exist (here nothing resolves: the tests run with no DNS). The
      // account set up for it never worked and never will as typed: the Sign In picker must not offer it again.
      await setSetting('accounts', []);
      const t = await testing();
      const browser = new ScriptedBrowser();
      t.ui.openExternal = browser.open;
      const typed = ['acme-nope', 'vscode_client'];
      t.ui.showInputBox = async () => typed.shift();
      // The kind of client (Public) and the scopes (read): the first choice of each; then the redirect URL to
      // register for the new account: Continue.
      t.ui.showQuickPick = async (items) => items[0];
      t.ui.showInformationMessage = async (_message, _options, ...buttons) => buttons.at(-1);
      const e = await failingSignIn(browser);
      assert.equal(e.name, 'HostNotFoundError', e.message);
      assert.deepEqual(typed, [], 'the subdomain and the client identifier were asked');
      const text = (await describeError(e)).text;
      assert.ok(text.includes('acme-nope.zendesk.com'), `the message should name the host: ${text}`);
      assert.equal(browser.opened.length, 0, 'the browser should not have been sent to a host that does not exist');
      const accounts = vscode.workspace.getConfiguration('zendesk').get<{ subdomain: string }[]>('accounts') ?? [];
      assert.deepEqual(
        accounts.map((a) => a.subdomain),
        [],
        'the account was kept for the Sign In picker',
      );
    });
  });
});
