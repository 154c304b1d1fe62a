// The `zendesk` AuthenticationProvider in plain Node, over a fake keychain shared by two windows.
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { ZendeskAuthenticationProvider, type SignInOutcome, type SignInRunner } from '../../../src/auth/provider';
import type { StoredSession } from '../../../src/auth/session';
import { SessionStore } from '../../../src/auth/sessionStore';
import { TokenManager } from '../../../src/auth/tokenManager';
import { NO_LOG } from '../../../src/zendesk/types';
import { until } from '../../support/wait';
import { FakeKeychain } from './fakeKeychain';

const HOUR = 3_600_000;

function session(id: string, accountId: string, scopes: string[]): StoredSession {
  const [subdomain, user] = accountId.split('/');
  return {
    id,
    accountId,
    accountLabel: `U${user} (${subdomain})`,
    subdomain,
    baseUrl: `https://${subdomain}.zendesk.com`,
    clientId: 'c',
    grant: 'authorization_code',
    scopes,
    user: { id: Number(user), name: `U${user}`, email: 'u@x', role: 'agent' },
    accessToken: `access-${id}`,
    refreshToken: `refresh-${id}`,
    issuedAt: Date.now(),
    expiresAt: Date.now() + 24 * HOUR,
  };
}

class ScriptedRunner implements SignInRunner {
  revoked: string[] = [];
  calls: { scopes: string[]; forCaller?: boolean }[] = [];
  failRevoke = false;
  next: StoredSession | undefined;
  constructor(private readonly store: SessionStore) {}
  async signIn(scopes: readonly string[], o: { forCaller?: boolean }): Promise<StoredSession> {
    this.calls.push({ scopes: [...scopes], forCaller: o.forCaller });
    const s = this.next ?? { ...session(`new-${this.calls.length}`, 'acme/1', [...scopes]), forCaller: o.forCaller };
    await this.store.save(s);
    return s;
  }
  async revoke(s: StoredSession): Promise<void> {
    if (this.failRevoke) throw new Error('Zendesk unreachable');
    this.revoked.push(s.accessToken);
  }
}

function window(keychain: FakeKeychain, outcome?: SignInOutcome) {
  const store = new SessionStore(keychain.window(), NO_LOG, undefined, { settleMs: 10 });
  const tokens = new TokenManager({
    repo: store,
    grants: {
      refresh: () => Promise.reject(new Error('no refresh')),
      clientCredentials: () => Promise.reject(new Error('no')),
    },
    log: NO_LOG,
  });
  const runner = new ScriptedRunner(store);
  const provider = new ZendeskAuthenticationProvider(store, tokens, runner, NO_LOG, { outcome });
  const events: vscode.AuthenticationProviderAuthenticationSessionsChangeEvent[] = [];
  provider.onDidChangeSessions((e) => events.push(e));
  return {
    store,
    tokens,
    runner,
    provider,
    events,
    close: () => {
      provider.dispose();
      tokens.dispose();
      store.dispose();
    },
  };
}

describe('the zendesk AuthenticationProvider (plain Node)', () => {
  it('answers a request only with a session whose scopes are exactly the set asked (order and duplicates aside), for the account asked', async () => {
    const w = window(new FakeKeychain());
    await w.store.save(session('a', 'acme/1', ['read', 'write']));
    await w.store.save(session('b', 'beta/2', ['read']));
    await w.store.save({ ...session('t', 'acme/1', ['tickets:read', 'users:read']), forCaller: true });
    await w.provider.initialize();
    // `read write` covers these, but is broader: no session, so VS Code calls createSession for the set.
    assert.deepEqual(await w.provider.getSessions(['tickets:read'], {}), []);
    assert.deepEqual(await w.provider.getSessions(['write'], {}), []);
    assert.deepEqual(await w.provider.getSessions(['read', 'write', 'impersonate'], {}), []);
    assert.deepEqual(
      (await w.provider.getSessions(['read'], {})).map((s) => s.id),
      ['b'],
    );
    assert.deepEqual(
      (await w.provider.getSessions(['write', 'read', 'write'], {})).map((s) => [s.id, s.accessToken]),
      [['a', 'access-a']],
    );
    assert.deepEqual(
      (await w.provider.getSessions(['users:read', 'tickets:read'], {})).map((s) => [s.id, s.scopes]),
      [['t', ['users:read', 'tickets:read']]],
    );
    assert.deepEqual(await w.provider.getSessions(['read'], { account: { id: 'acme/1', label: 'x' } }), []);
    // The own session and one for callers with the same set: one answer for the account (the caller's).
    await w.store.save({ ...session('c', 'acme/1', ['read', 'write']), forCaller: true });
    assert.deepEqual(
      (await w.provider.getSessions(['read', 'write'], {})).map((s) => s.id),
      ['c'],
    );
    w.close();
  });

  it('signs in once more for a set no session matches exactly, for exactly that set, and hands out only that token', async () => {
    const w = window(new FakeKeychain());
    await w.store.save(session('own', 'acme/1', ['read', 'write']));
    await w.provider.initialize();
    const created = await w.provider.createSession(['tickets:read'], {});
    assert.deepEqual(w.runner.calls, [{ scopes: ['tickets:read'], forCaller: true }]);
    assert.deepEqual(created.scopes, ['tickets:read']);
    assert.notEqual(created.accessToken, 'access-own');
    assert.deepEqual(w.provider.handedOut.scopesFor(created.id, created.accessToken), ['tickets:read']);
    assert.equal(w.provider.handedOut.scopesFor('own', 'access-own'), undefined, 'the broad session was handed out');
    // Both sessions stay: the extension's own, and the one for the caller's set, which now matches.
    assert.deepEqual(
      (await w.store.list()).map((s) => [s.id, s.scopes, !!s.forCaller]),
      [
        ['own', ['read', 'write'], false],
        [created.id, ['tickets:read'], true],
      ],
    );
    assert.deepEqual(
      (await w.provider.getSessions(['tickets:read'], {})).map((s) => s.id),
      [created.id],
    );
    w.close();
  });

  it("an empty scope list lists every session for VS Code's menus, with no token, and hands nothing out", async () => {
    const w = window(new FakeKeychain());
    await w.store.save(session('a', 'acme/1', ['read', 'write']));
    await w.store.save({ ...session('t', 'acme/1', ['tickets:read']), forCaller: true });
    await w.provider.initialize();
    for (const asked of [undefined, []]) {
      const listed = await w.provider.getSessions(asked, {});
      assert.deepEqual(
        listed.map((s) => [s.id, s.account.id, s.scopes, s.accessToken]),
        [
          ['a', 'acme/1', ['read', 'write'], ''],
          ['t', 'acme/1', ['tickets:read'], ''],
        ],
      );
      for (const s of listed) {
        assert.equal(w.provider.handedOut.scopesFor(s.id, s.accessToken), undefined);
        assert.equal(w.provider.handedOut.scopesFor(s.id, `access-${s.id}`), undefined);
      }
    }
    // Nor can an empty request sign in: a session is handed out for the scopes it carries.
    await assert.rejects(w.provider.createSession([], {}), (e: Error) => e.name === 'InvalidInputError');
    assert.deepEqual(w.runner.calls, []);
    w.close();
  });

  it("remembers what it handed out, by token and id, with the session's own scopes; forgets it on sign-out", async () => {
    const w = window(new FakeKeychain());
    const created = await w.provider.createSession(['read'], {});
    assert.deepEqual(w.provider.handedOut.scopesFor(created.id, created.accessToken), ['read']);
    assert.equal(w.provider.handedOut.scopesFor(created.id, 'forged'), undefined);
    assert.equal(w.provider.handedOut.scopesFor('other-id', created.accessToken), undefined);
    await w.provider.removeSession(created.id);
    assert.equal(w.provider.handedOut.scopesFor(created.id, created.accessToken), undefined);
    w.close();
  });

  it("signing out of an account ends every session of it, and no other account's", async () => {
    const w = window(new FakeKeychain());
    await w.store.save(session('a', 'acme/1', ['read', 'write']));
    await w.store.save({ ...session('t', 'acme/1', ['tickets:read']), forCaller: true });
    await w.store.save(session('b', 'beta/2', ['read']));
    await w.provider.initialize();
    await w.provider.signOut('acme/1');
    assert.deepEqual(
      (await w.store.list()).map((s) => s.id),
      ['b'],
    );
    assert.deepEqual(w.runner.revoked.sort(), ['access-a', 'access-t']);
    assert.deepEqual(w.events.flatMap((e) => e.removed?.map((s) => s.id) ?? []).sort(), ['a', 't']);
    w.close();
  });

  describe('"Signed out of …", said once, whoever signs out', () => {
    /** A window whose provider records the sign-outs it tells the user about, with acme (two sessions) and beta. */
    async function told() {
      const signedOut: string[] = [];
      const w = window(new FakeKeychain(), {
        succeeded: () => undefined,
        failed: () => undefined,
        signedOut: (s) => signedOut.push(s.subdomain),
      });
      await w.store.save(session('a', 'acme/1', ['read', 'write']));
      await w.store.save({ ...session('t', 'acme/1', ['tickets:read']), forCaller: true });
      await w.store.save(session('b', 'beta/2', ['read']));
      await w.provider.initialize();
      return { w, signedOut };
    }

    it('our Sign Out: once for the account, not once per session', async () => {
      const { w, signedOut } = await told();
      await w.provider.signOut('acme/1');
      assert.deepEqual(signedOut, ['acme']);
      w.close();
    });

    it("VS Code's Accounts menu (removeSession for each session of the account): once, when the last goes", async () => {
      const { w, signedOut } = await told();
      await w.provider.removeSession('t');
      assert.deepEqual(signedOut, [], 'the account is still signed in with its own session');
      await w.provider.removeSession('a');
      assert.deepEqual(signedOut, ['acme']);
      await w.provider.removeSession('a');
      assert.deepEqual(signedOut, ['acme'], 'a session already gone is not signed out of twice');
      w.close();
    });

    it('Forget Account removes quietly: it says what it did itself', async () => {
      const { w, signedOut } = await told();
      await w.provider.removeSession('b', { quiet: true });
      assert.deepEqual(signedOut, []);
      assert.deepEqual((await w.store.list()).map((s) => s.id).sort(), ['a', 't']);
      w.close();
    });
  });

  it('sign-out revokes and removes; when Zendesk cannot be reached it still removes the local copy', async () => {
    const w = window(new FakeKeychain());
    await w.store.save(session('a', 'acme/1', ['read']));
    await w.provider.initialize();
    w.runner.failRevoke = true;
    await w.provider.removeSession('a');
    assert.deepEqual(await w.store.list(), []);
    assert.deepEqual(
      w.events.at(-1)?.removed?.map((s) => s.id),
      ['a'],
    );
    w.close();
  });

  it("hears another window's sign-in, refresh and sign-out through the keychain, and reports each once", async () => {
    const keychain = new FakeKeychain();
    const one = window(keychain);
    const two = window(keychain);
    await one.provider.initialize();
    await two.store.save(session('x', 'acme/7', ['read']));
    await until(() => one.events.some((e) => e.added?.some((s) => s.id === 'x')));
    await two.store.save({ ...session('x', 'acme/7', ['read']), accessToken: 'access-x-2' });
    await until(() => one.events.some((e) => e.changed?.some((s) => s.id === 'x' && s.accessToken === 'access-x-2')));
    await two.store.remove('x');
    await until(() => one.events.some((e) => e.removed?.some((s) => s.id === 'x')));
    assert.equal(
      one.events.filter((e) => e.added?.some((s) => s.id === 'x')).length,
      1,
      'the sign-in was reported more than once',
    );
    one.close();
    two.close();
  });
});
