import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { ScriptedBrowser, exportsOf, signIn, testing, until, useSandbox } from './helpers';
import { SessionStore } from '../../src/auth/sessionStore';
import { NO_LOG } from '../../src/zendesk/types';
import { apiGet, callerSession, getAs } from './apiHelpers';

describe('the token lifecycle (extension host, against the sandbox)', () => {
  const env = useSandbox();
  beforeEach(async () => {
    (await testing()).ui.openExternal = new ScriptedBrowser().open;
  });

  async function signInAndRead() {
    const { t, session } = await signIn();
    const [stored] = await t.store.list();
    env.sandbox.admin.resetCounters();
    return { t, session, stored };
  }

  it('refreshes ahead of expiry and stores the rotated pair', async () => {
    const { t, stored } = await signInAndRead();
    const lifetime = (stored.expiresAt as number) - stored.issuedAt;
    // Both clocks move into the last tenth of the token's life.
    const skew = lifetime - Math.min(lifetime / 10, 5 * 60_000) + 1000;
    t.clock.now = () => Date.now() + skew;
    env.sandbox.admin.advanceClock(Math.ceil(skew / 1000));
    const changed = new Promise<vscode.AuthenticationSessionsChangeEvent>((resolve) => {
      const sub = vscode.authentication.onDidChangeSessions((e) => {
        if (e.provider.id === 'zendesk') {
          sub.dispose();
          resolve(e);
        }
      });
    });
    const me = await apiGet<{ user: { id: number } }>('/api/v2/users/me');
    assert.equal(me.user.id, stored.user.id);
    assert.equal(env.sandbox.admin.counters().grants.refresh_token, 1);
    const [after] = await t.store.list();
    assert.notEqual(after.accessToken, stored.accessToken);
    assert.notEqual(after.refreshToken, stored.refreshToken, 'the rotated refresh token was not stored');
    await changed; // onDidChangeSessions fires on refresh too
    // The old refresh token is dead at Zendesk; the stored one works.
    const reuse = await fetch(`${env.sandbox.url}/oauth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'refresh_token',
        refresh_token: stored.refreshToken,
        client_id: stored.clientId,
      }),
    });
    assert.equal(reuse.status, 400);
  });

  it('20 concurrent API calls on an expired token cause exactly one token request', async () => {
    const { t } = await signInAndRead();
    env.sandbox.admin.expireTokens('agent@sandbox.test');
    const [api, session] = [await exportsOf(), await callerSession(['read'])];
    const results = await Promise.all(
      Array.from({ length: 20 }, () => api.request<{ user: { email: string } }>(session, 'GET', '/api/v2/users/me')),
    );
    assert.ok(results.every((r) => r.user.email === 'agent@sandbox.test'));
    assert.equal(env.sandbox.admin.counters().grants.refresh_token, 1);
    assert.equal((await t.store.list()).length, 1);
  });

  it('a refresh token Zendesk no longer accepts ends the session; a failing network keeps it', async () => {
    const { t, stored } = await signInAndRead();
    env.sandbox.admin.failNext('POST /oauth/tokens', 1, { status: 503 });
    env.sandbox.admin.expireTokens('agent@sandbox.test');
    await assert.rejects(getAs('/api/v2/users/me'), (e: Error) => e.name === 'ServerError');
    const kept = await t.store.list();
    assert.equal(kept.length, 1, 'a 503 from the token endpoint must not end the session');
    assert.equal(kept[0].refreshToken, stored.refreshToken);
    env.sandbox.admin.revokeTokens('agent@sandbox.test');
    await assert.rejects(getAs('/api/v2/users/me'), (e: Error) => e.name === 'SessionEndedError');
    assert.deepEqual(await t.store.list(), []);
    assert.deepEqual(await t.provider.getSessions([], {}), []);
  });

  it('sign-out revokes the token at Zendesk and removes every secret of the session', async () => {
    const { t, session } = await signInAndRead();
    const removed = new Promise<void>((resolve) => {
      const sub = t.provider.onDidChangeSessions((e) => {
        if (e.removed?.some((s) => s.id === session.id)) {
          sub.dispose();
          resolve();
        }
      });
    });
    await t.provider.removeSession(session.id);
    await removed;
    assert.equal(env.sandbox.admin.counters().requests['DELETE /api/v2/oauth/tokens/current'], 1);
    const me = await fetch(`${env.sandbox.url}/api/v2/users/me.json`, {
      headers: { Authorization: `Bearer ${session.accessToken}` },
    });
    assert.equal(me.status, 401);
    assert.deepEqual(await t.store.list(), []);
  });

  it('sign-out still forgets the session when Zendesk cannot be reached', async () => {
    const { t, session } = await signInAndRead();
    env.sandbox.admin.failNext('DELETE /api/v2/oauth/tokens/current', 1, { status: 500 });
    await t.provider.removeSession(session.id);
    assert.deepEqual(await t.store.list(), []);
  });

  it('picks up a session another window stored', async () => {
    const { t, stored } = await signInAndRead();
    const other = { ...stored, id: randomUUID(), accountId: 'sandbox/424242', accountLabel: 'Other Window (sandbox)' };
    const seen = new Promise<vscode.AuthenticationSessionsChangeEvent>((resolve) => {
      const sub = vscode.authentication.onDidChangeSessions((e) => {
        if (e.provider.id === 'zendesk') {
          sub.dispose();
          resolve(e);
        }
      });
    });
    // Another window: its own session store over the same SecretStorage. This window hears of the write only
    // through secrets.onDidChange, and its provider, account service and status bar follow.
    const otherWindow = new SessionStore(t.secrets, NO_LOG);
    try {
      await otherWindow.save(other);
      await seen;
      await until(async () =>
        (await t.provider.getSessions(['read'], {})).some((s) => s.account.label === 'Other Window (sandbox)'),
      );
      await until(() => t.accounts.all().some((s) => s.accountId === 'sandbox/424242'));
      // And its sign-out reaches this window the same way.
      const removed = new Promise<vscode.AuthenticationSessionsChangeEvent>((resolve) => {
        const sub = vscode.authentication.onDidChangeSessions((e) => {
          if (e.provider.id === 'zendesk') {
            sub.dispose();
            resolve(e);
          }
        });
      });
      await otherWindow.remove(other.id);
      await removed;
      await until(() => !t.accounts.all().some((s) => s.accountId === 'sandbox/424242'));
      assert.deepEqual(
        (await t.provider.getSessions(['read'], {})).map((s) => s.id),
        [stored.id],
      );
    } finally {
      otherWindow.dispose();
    }
  });
});
