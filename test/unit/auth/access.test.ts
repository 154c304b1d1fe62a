import * as assert from 'node:assert/strict';
import { AccessService, moreAccessQuestion } from '../../../src/auth/accessService';
import { AccountService } from '../../../src/auth/accounts';
import { ClientRegistry } from '../../../src/auth/clients';
import { AccessDeclinedError, NotSignedInError, WrongUserError } from '../../../src/auth/errors';
import type { StoredSession } from '../../../src/auth/session';
import { Emitter } from '../../../src/events';
import { ScopeMissingError } from '../../../src/zendesk/errors';
import { NO_LOG } from '../../../src/zendesk/types';
import { FakeTransport, json } from '../zendesk/fakeTransport';
import { JsonMemento } from '../fakes/memento';

function session(accountId: string, scopes: string[], token: string): StoredSession {
  const [subdomain, user] = accountId.split('/');
  return {
    id: `id-${token}`,
    accountId,
    accountLabel: `U${user} (${subdomain})`,
    subdomain,
    baseUrl: `https://${subdomain}.zendesk.com`,
    clientId: 'c',
    grant: 'authorization_code',
    scopes,
    user: { id: Number(user), name: `U${user}`, email: 'u@x', role: 'agent' },
    accessToken: token,
    issuedAt: 0,
  };
}

/** The access service over an in-memory store, a recording transport, and a scripted user. */
async function setup(initial: StoredSession[], user: { allow: boolean; signsInAs?: string } = { allow: true }) {
  let sessions = [...initial];
  const changed = new Emitter<void>();
  const accounts = new AccountService(
    { list: async () => sessions, onDidChange: changed.event },
    new JsonMemento(),
    new JsonMemento(),
    NO_LOG,
  );
  await accounts.settled();
  const http = new FakeTransport(json(200, { ok: true }));
  const clients = new ClientRegistry(
    accounts,
    { getAccessToken: async (id) => sessions.find((s) => s.id === id)?.accessToken ?? 'gone' },
    http,
    NO_LOG,
  );
  const asked: string[] = [];
  const signIns: { accountId: string; scopes: readonly string[] }[] = [];
  const access = new AccessService(accounts, clients, {
    allowMoreAccess: async (q) => {
      asked.push(q);
      return user.allow;
    },
    signInWithScopes: async (s, scopes) => {
      signIns.push({ accountId: s.accountId, scopes });
      const next = session(user.signsInAs ?? s.accountId, [...scopes], `token-${signIns.length + 1}`);
      // Like SignInService.finish: the same user's session is replaced.
      sessions = [...sessions.filter((x) => x.accountId !== next.accountId), next];
      // Like SessionStore: the write is announced, and the account cache follows it.
      changed.fire();
      return next;
    },
  });
  return { access, accounts, http, asked, signIns, changed, all: () => sessions };
}

describe('acting as an account with the scopes an action needs', () => {
  it('words the question with the purpose, the missing access and the account', () => {
    assert.equal(
      moreAccessQuestion('Changing tickets', ['write'], 'acme'),
      'Changing tickets needs write access to acme. Allow it?',
    );
    assert.equal(
      moreAccessQuestion('Sending POST /api/v2/macros', ['macros:write', 'write'], 'acme'),
      'Sending POST /api/v2/macros needs "macros:write" and write access to acme. Allow it?',
    );
  });

  it('a read-only session and a write: asks, signs in with read and write, and runs the action with the new token', async () => {
    const env = await setup([session('acme/1', ['read'], 'token-1')]);
    const result = await env.access.withClient('acme/1', { scopes: ['write'], purpose: 'Changing tickets' }, (c) =>
      c.request('PUT', '/api/v2/tickets/1.json', { body: {} }),
    );
    assert.deepEqual(result, { ok: true });
    assert.deepEqual(env.asked, ['Changing tickets needs write access to acme. Allow it?']);
    assert.deepEqual(env.signIns, [{ accountId: 'acme/1', scopes: ['read', 'write'] }]);
    assert.equal(env.http.requests.length, 1);
    assert.equal(env.http.requests[0].headers?.authorization, 'Bearer token-2');
    assert.deepEqual(
      env.all().map((s) => s.scopes),
      [['read', 'write']],
    );
  });

  it('a session that covers the need: no question, no sign-in', async () => {
    const env = await setup([session('acme/1', ['read', 'write'], 'token-1')]);
    await env.access.withClient('acme/1', { scopes: ['tickets:write'], purpose: 'Changing tickets' }, (c) =>
      c.request('GET', '/api/v2/x'),
    );
    assert.deepEqual(env.asked, []);
    assert.deepEqual(env.signIns, []);
  });

  it('Cancel: nothing is sent and the session stays as it was', async () => {
    const env = await setup([session('acme/1', ['read'], 'token-1')], { allow: false });
    await assert.rejects(
      env.access.withClient('acme/1', { scopes: ['write'], purpose: 'Changing tickets' }, (c) =>
        c.request('PUT', '/api/v2/tickets/1.json'),
      ),
      AccessDeclinedError,
    );
    assert.equal(env.http.requests.length, 0);
    assert.deepEqual(env.signIns, []);
    assert.deepEqual(
      env.all().map((s) => [s.accessToken, s.scopes]),
      [['token-1', ['read']]],
    );
  });

  it('a 403 naming a missing scope: asks for exactly that scope and runs the action once more', async () => {
    const env = await setup([session('acme/1', ['read', 'write'], 'token-1')]);
    env.http.answer(
      json(403, { error: 'Forbidden', description: 'You are missing the following required scopes: macros:write' }),
    );
    await env.access.withClient('acme/1', { scopes: ['write'], purpose: 'Applying a macro' }, (c) =>
      c.request('POST', '/api/v2/macros.json', { body: {} }),
    );
    assert.deepEqual(env.asked, ['Applying a macro needs "macros:write" access to acme. Allow it?']);
    assert.deepEqual(env.signIns[0].scopes, ['read', 'write', 'macros:write']);
    assert.equal(env.http.requests.length, 2);
    assert.equal(env.http.requests[1].headers?.authorization, 'Bearer token-2');
  });

  it('acts on the account asked for, not the one in use', async () => {
    const env = await setup([session('acme/1', ['read'], 'token-a'), session('beta/2', ['read'], 'token-b')]);
    await env.accounts.setActive('acme/1');
    await env.access.withClient('beta/2', { scopes: ['read'], purpose: 'Reading' }, (c) =>
      c.request('GET', '/api/v2/users/me.json'),
    );
    assert.equal(new URL(env.http.requests[0].url).host, 'beta.zendesk.com');
    assert.equal(env.http.requests[0].headers?.authorization, 'Bearer token-b');
  });

  it('the browser signed in as someone else: the action does not run as them', async () => {
    const env = await setup([session('acme/1', ['read'], 'token-1')], { allow: true, signsInAs: 'acme/9' });
    await assert.rejects(
      env.access.withClient('acme/1', { scopes: ['write'], purpose: 'Changing tickets' }, (c) =>
        c.request('PUT', '/api/v2/tickets/1.json'),
      ),
      WrongUserError,
    );
    assert.equal(env.http.requests.length, 0);
  });

  it('no session for the account: NotSignedInError, nothing sent', async () => {
    const env = await setup([]);
    await assert.rejects(
      env.access.withClient(undefined, { scopes: ['read'], purpose: 'Reading' }, (c) => c.request('GET', '/x')),
      NotSignedInError,
    );
    await assert.rejects(
      env.access.withClient('acme/1', { scopes: ['read'], purpose: 'Reading' }, (c) => c.request('GET', '/x')),
      /Not signed in to acme\/1/,
    );
    assert.equal(env.http.requests.length, 0);
  });

  it('a read the session lacks a scope for is offered more access too, then runs with the new token', async () => {
    // Signed in only for another extension (users:read): the tree's first read of tickets needs read.
    const env = await setup([session('acme/1', ['users:read'], 'token-1')]);
    const result = await env.access.withClient('acme/1', { scopes: ['read'], purpose: 'Reading tickets' }, (c) =>
      c.request('GET', '/api/v2/views.json'),
    );
    assert.deepEqual(result, { ok: true });
    assert.deepEqual(env.asked, ['Reading tickets needs read access to acme. Allow it?']);
    assert.deepEqual(env.signIns, [{ accountId: 'acme/1', scopes: ['users:read', 'read'] }]);
    assert.equal(env.http.requests[0].headers?.authorization, 'Bearer token-2');
    // The cache followed the sign-in: the next read finds the new session and asks nothing.
    await env.access.withClient('acme/1', { scopes: ['read'], purpose: 'Reading tickets' }, (c) =>
      c.request('GET', '/api/v2/views.json'),
    );
    assert.equal(env.asked.length, 1);
    assert.equal(env.http.requests[1].headers?.authorization, 'Bearer token-2');
  });

  it('a read Zendesk refuses with 403 naming a scope is offered that scope and tried once more', async () => {
    const env = await setup([session('acme/1', ['read'], 'token-1')]);
    env.http.answer(
      json(403, { error: 'Forbidden', description: 'You are missing the following required scopes: hc:read' }),
    );
    await env.access.withClient('acme/1', { scopes: ['read'], purpose: 'Reading articles' }, (c) =>
      c.request('GET', '/api/v2/help_center/articles.json'),
    );
    assert.deepEqual(env.asked, ['Reading articles needs "hc:read" access to acme. Allow it?']);
    assert.equal(env.http.requests.length, 2);
  });

  it('reads that meet the same missing scope at once share one question', async () => {
    const env = await setup([session('acme/1', ['users:read'], 'token-1')]);
    const read = () =>
      env.access.withClient('acme/1', { scopes: ['read'], purpose: 'Reading tickets' }, (c) =>
        c.request('GET', '/api/v2/views.json'),
      );
    await Promise.all([read(), read(), read()]);
    assert.equal(env.asked.length, 1);
    assert.equal(env.signIns.length, 1);
    assert.equal(env.http.requests.length, 3);
  });

  it('a read nobody asked for (a poll) does not interrupt: ScopeMissingError, no question, nothing sent', async () => {
    const env = await setup([session('acme/1', ['users:read'], 'token-1')]);
    await assert.rejects(
      env.access.withClient('acme/1', { scopes: ['read'], purpose: 'Counting tickets', interactive: false }, (c) =>
        c.request('GET', '/api/v2/views/count_many.json'),
      ),
      (e: unknown) => e instanceof ScopeMissingError && e.missing.join() === 'read',
    );
    assert.deepEqual(env.asked, []);
    assert.equal(env.http.requests.length, 0);
  });
});
