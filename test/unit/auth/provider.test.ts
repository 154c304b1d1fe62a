// The `zendesk` AuthenticationProvider in plain Node, over a fake keychain shared by two windows.
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { ZendeskAuthenticationProvider, type SignInRunner } from '../../../src/auth/provider';
import type { StoredSession } from '../../../src/auth/session';
import { SessionStore } from '../../../src/auth/sessionStore';
import { TokenManager } from '../../../src/auth/tokenManager';
import { NO_LOG } from '../../../src/zendesk/types';
import { FakeKeychain, sleep } from './fakeKeychain';

const HOUR = 3_600_000;

function session(id: string, accountId: string, scopes: string[]): StoredSession {
  const [subdomain, user] = accountId.split('/');
  return {
    id, accountId, accountLabel: `U${user} (${subdomain})`, subdomain, baseUrl: `https://${subdomain}.zendesk.com`, clientId: 'c',
    grant: 'authorization_code', scopes, user: { id: Number(user), name: `U${user}`, email: 'u@x', role: 'agent' },
    accessToken: `access-${id}`, refreshToken: `refresh-${id}`, issuedAt: Date.now(), expiresAt: Date.now() + 24 * HOUR,
  };
}

class ScriptedRunner implements SignInRunner {
  revoked: string[] = [];
  failRevoke = false;
  next: StoredSession | undefined;
  constructor(private readonly store: SessionStore) {}
  async signIn(scopes: readonly string[]): Promise<StoredSession> {
    const s = this.next ?? session('new', 'acme/1', [...scopes]);
    await this.store.save(s);
    return s;
  }
  async revoke(s: StoredSession): Promise<void> {
    if (this.failRevoke) throw new Error('Zendesk unreachable');
    this.revoked.push(s.accessToken);
  }
}

function window(keychain: FakeKeychain) {
  const store = new SessionStore(keychain.window(), NO_LOG, undefined, { settleMs: 10 });
  const tokens = new TokenManager({ repo: store, grants: { refresh: () => Promise.reject(new Error('no refresh')), clientCredentials: () => Promise.reject(new Error('no')) }, log: NO_LOG });
  const runner = new ScriptedRunner(store);
  const provider = new ZendeskAuthenticationProvider(store, tokens, runner, NO_LOG);
  const events: vscode.AuthenticationProviderAuthenticationSessionsChangeEvent[] = [];
  provider.onDidChangeSessions((e) => events.push(e));
  return { store, tokens, runner, provider, events, close: () => { provider.dispose(); tokens.dispose(); store.dispose(); } };
}

describe('the zendesk AuthenticationProvider (plain Node)', () => {
  it('returns the sessions whose scopes cover the request, for the account asked, with scopes as requested', async () => {
    const w = window(new FakeKeychain());
    await w.store.save(session('a', 'acme/1', ['read', 'write']));
    await w.store.save(session('b', 'beta/2', ['read']));
    await w.provider.initialize();
    assert.deepEqual((await w.provider.getSessions(['tickets:write'], {})).map((s) => [s.id, s.scopes]), [['a', ['tickets:write']]]);
    assert.deepEqual((await w.provider.getSessions(['read'], {})).map((s) => s.id).sort(), ['a', 'b']);
    assert.deepEqual((await w.provider.getSessions(['read'], { account: { id: 'beta/2', label: 'x' } })).map((s) => s.id), ['b']);
    assert.deepEqual(await w.provider.getSessions(['impersonate'], {}), []);
    // With no scopes asked for, the session reports what it was granted.
    assert.deepEqual((await w.provider.getSessions(undefined, { account: { id: 'beta/2', label: 'x' } }))[0].scopes, ['read']);
    w.close();
  });

  it('remembers what it handed out, by token and id, with the scopes asked for; forgets it on sign-out', async () => {
    const w = window(new FakeKeychain());
    const created = await w.provider.createSession(['read'], {});
    assert.deepEqual(w.provider.handedOut.scopesFor(created.id, created.accessToken), ['read']);
    assert.equal(w.provider.handedOut.scopesFor(created.id, 'forged'), undefined);
    assert.equal(w.provider.handedOut.scopesFor('other-id', created.accessToken), undefined);
    await w.provider.removeSession(created.id);
    assert.equal(w.provider.handedOut.scopesFor(created.id, created.accessToken), undefined);
    w.close();
  });

  it('sign-out revokes and removes; when Zendesk cannot be reached it still removes the local copy', async () => {
    const w = window(new FakeKeychain());
    await w.store.save(session('a', 'acme/1', ['read']));
    await w.provider.initialize();
    w.runner.failRevoke = true;
    await w.provider.removeSession('a');
    assert.deepEqual(await w.store.list(), []);
    assert.deepEqual(w.events.at(-1)?.removed?.map((s) => s.id), ['a']);
    w.close();
  });

  it('hears another window\'s sign-in, refresh and sign-out through the keychain, and reports each once', async () => {
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
    assert.equal(one.events.filter((e) => e.added?.some((s) => s.id === 'x')).length, 1, 'the sign-in was reported more than once');
    one.close();
    two.close();
  });
});

async function until(cond: () => boolean, ms = 3_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(10);
  }
}
