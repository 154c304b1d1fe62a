// The API other extensions get: it acts only on a session VS Code gave the caller, within that session's scopes.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { FIXTURES } from '../sandbox';
import { callerSession } from './apiHelpers';
import { ScriptedBrowser, exportsOf, signIn, testing, until, useSandbox } from './helpers';

describe('the exported API (apiVersion 1)', () => {
  const env = useSandbox();

  /** A request with a bare token, as another extension could make it without the API. */
  const bearer = (token: string, method: string, path: string, body?: unknown) =>
    fetch(`${env.sandbox.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  const notGranted = (e: Error) =>
    e.name === 'SessionNotGrantedError' && /getSession\('zendesk', scopes\)/.test(e.message);

  it('says its version and nothing else: no account list, no request without a session', async () => {
    const api = await exportsOf();
    assert.equal(api.apiVersion, 1);
    assert.deepEqual(
      Object.keys(api)
        .filter((k) => k !== 'testing')
        .sort(),
      ['apiVersion', 'request'],
    );
  });

  it('refuses a call without a session, even while signed in', async () => {
    await signIn();
    const api = await exportsOf();
    env.sandbox.admin.resetCounters();
    await assert.rejects(
      api.request(undefined as unknown as vscode.AuthenticationSession, 'GET', '/api/v2/users/me.json'),
      notGranted,
    );
    await assert.rejects(api.request({} as vscode.AuthenticationSession, 'GET', '/api/v2/users/me.json'), notGranted);
    assert.deepEqual(env.sandbox.admin.counters().requests, {}, 'something reached Zendesk');
  });

  it('works with the session VS Code gave the caller', async () => {
    await signIn();
    const session = await callerSession(['read']);
    const me = await (await exportsOf()).request<{ user: { email: string } }>(session, 'GET', '/api/v2/users/me.json');
    assert.equal(me.user.email, 'agent@sandbox.test');
  });

  it('refuses a forged session object: a real id with a made-up token, or a copied token under another id', async () => {
    await signIn();
    const session = await callerSession(['read']);
    const api = await exportsOf();
    env.sandbox.admin.resetCounters();
    await assert.rejects(
      api.request({ ...session, accessToken: 'forged-token' }, 'GET', '/api/v2/users/me.json'),
      notGranted,
    );
    await assert.rejects(api.request({ ...session, id: 'another-id' }, 'GET', '/api/v2/users/me.json'), notGranted);
    await assert.rejects(
      api.request({ ...session, scopes: ['read', 'write'], accessToken: 'x' }, 'PUT', '/api/v2/tickets/1.json'),
      notGranted,
    );
    // The real session, claiming a scope it was never given.
    await assert.rejects(
      api.request({ ...session, scopes: ['read', 'write'] }, 'PUT', '/api/v2/tickets/1.json', { body: {} }),
      notGranted,
    );
    assert.deepEqual(env.sandbox.admin.counters().requests, {});
  });

  it('refuses a session that was signed out', async () => {
    const { t } = await signIn();
    const session = await callerSession(['read']);
    await t.provider.removeSession(session.id);
    await assert.rejects((await exportsOf()).request(session, 'GET', '/api/v2/users/me.json'), notGranted);
  });

  it('a write with a session given for read is refused with the scope error, and the token itself cannot write either', async () => {
    await signIn(['read']);
    const session = await callerSession(['read']);
    env.sandbox.admin.resetCounters();
    await assert.rejects(
      (await exportsOf()).request(session, 'PUT', '/api/v2/tickets/1.json', { body: { ticket: { status: 'solved' } } }),
      (e: Error & { missing?: string[] }) =>
        e.name === 'ScopeMissingError' &&
        e.missing?.[0] === 'write' &&
        /getSession\('zendesk', \['write'\]\)/.test(e.message),
    );
    assert.deepEqual(env.sandbox.admin.counters().requests, {});
    // The token VS Code gave for read is a read token at Zendesk too.
    assert.equal(
      (await bearer(session.accessToken, 'PUT', '/api/v2/tickets/1.json', { ticket: { priority: 'high' } })).status,
      403,
    );
    // Given for read and write (a session of its own), the same call goes through.
    await (await testing()).provider.createSession(['read', 'write'], {});
    const writer = await callerSession(['read', 'write']);
    assert.notEqual(writer.id, session.id);
    const updated = await (
      await exportsOf()
    ).request<{ ticket: { status: string } }>(writer, 'PUT', '/api/v2/tickets/1.json', {
      body: { ticket: { priority: 'high' } },
    });
    assert.ok(updated.ticket);
  });

  it("an extension asking for tickets:read gets a token of exactly tickets:read beside the extension's own; Zendesk refuses it a write", async () => {
    const t = await testing();
    t.ui.openExternal = new ScriptedBrowser().open;
    await vscode.commands.executeCommand('zendesk.signIn');
    await until(() => t.accounts.all().length === 1);
    const own = t.accounts.all()[0];
    assert.deepEqual(own.scopes, ['read']);
    // What VS Code asks first: no session has exactly tickets:read (the own `read` covers it, but is broader).
    assert.deepEqual(await t.provider.getSessions(['tickets:read'], {}), []);
    // So VS Code asks the provider to sign in for that set: a short browser round trip.
    const given = await t.provider.createSession(['tickets:read'], {});
    assert.deepEqual(given.scopes, ['tickets:read']);
    assert.equal(given.account.id, own.accountId);
    assert.equal(given.account.label, own.accountLabel, 'the account was not recognised by its token');
    assert.notEqual(given.accessToken, own.accessToken);
    // Zendesk's own word on the token: this user's, exactly tickets:read.
    const shown = (await (await bearer(given.accessToken, 'GET', '/api/v2/oauth/tokens/current.json')).json()) as {
      token: { user_id: number; scopes: string[] };
    };
    assert.deepEqual(
      [shown.token.user_id, shown.token.scopes],
      [env.sandbox.admin.userId(FIXTURES.users.agent), ['tickets:read']],
    );
    assert.equal((await bearer(given.accessToken, 'GET', '/api/v2/tickets/1.json')).status, 200);
    assert.equal(
      (await bearer(given.accessToken, 'PUT', '/api/v2/tickets/1.json', { ticket: { priority: 'high' } })).status,
      403,
    );
    assert.equal((await bearer(given.accessToken, 'GET', '/api/v2/users/me.json')).status, 403);
    // Through the API it reads tickets; a write stops before Zendesk.
    const api = await exportsOf();
    assert.equal((await api.request<{ ticket: { id: number } }>(given, 'GET', '/api/v2/tickets/1.json')).ticket.id, 1);
    await assert.rejects(
      api.request(given, 'PUT', '/api/v2/tickets/1.json', { body: { ticket: { priority: 'high' } } }),
      (e: Error) => e.name === 'ScopeMissingError',
    );
    // Asked again, the same session; the extension keeps its own, and lists one account.
    assert.deepEqual(
      (await t.provider.getSessions(['tickets:read'], {})).map((s) => s.id),
      [given.id],
    );
    await t.accounts.settled();
    assert.deepEqual(
      t.accounts.all().map((s) => s.id),
      [own.id],
    );
    // Signing out of the account ends both sessions, and revokes both tokens.
    await vscode.commands.executeCommand('zendesk.signOut');
    assert.deepEqual(await t.store.list(), []);
    assert.equal((await bearer(given.accessToken, 'GET', '/api/v2/tickets/1.json')).status, 401);
  });

  it("sends the token only to the session's own host, and refuses methods it does not know", async () => {
    await signIn();
    const session = await callerSession(['read']);
    const api = await exportsOf();
    await assert.rejects(
      api.request(session, 'GET', 'https://evil.example/api/v2/users/me.json'),
      (e: Error) => e.name === 'HostNotAllowedError',
    );
    await assert.rejects(
      api.request(session, 'TRACE', '/api/v2/users/me.json'),
      (e: Error) => e.name === 'InvalidInputError',
    );
  });
});
