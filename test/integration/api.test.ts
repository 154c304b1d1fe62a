// The API other extensions get: it acts only on a session VS Code gave the caller, within that session's scopes.
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { callerSession } from './apiHelpers';
import { ScriptedBrowser, exportsOf, testing, until, useSandbox } from './helpers';

describe('the exported API (apiVersion 1)', () => {
  const env = useSandbox();

  async function signIn(scopes = ['read']) {
    const t = await testing();
    t.seams.openExternal = new ScriptedBrowser().open;
    await t.provider.createSession(scopes, {});
    await until(() => t.accounts.all().length === 1);
    return t;
  }

  const notGranted = (e: Error) => e.name === 'SessionNotGrantedError' && /getSession\('zendesk', scopes\)/.test(e.message);

  it('says its version and nothing else: no account list, no request without a session', async () => {
    const api = await exportsOf();
    assert.equal(api.apiVersion, 1);
    assert.deepEqual(Object.keys(api).filter((k) => k !== 'testing').sort(), ['apiVersion', 'request']);
  });

  it('refuses a call without a session, even while signed in', async () => {
    await signIn();
    const api = await exportsOf();
    env.sandbox.admin.resetCounters();
    await assert.rejects(api.request(undefined as unknown as vscode.AuthenticationSession, 'GET', '/api/v2/users/me.json'), notGranted);
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
    await assert.rejects(api.request({ ...session, accessToken: 'forged-token' }, 'GET', '/api/v2/users/me.json'), notGranted);
    await assert.rejects(api.request({ ...session, id: 'another-id' }, 'GET', '/api/v2/users/me.json'), notGranted);
    await assert.rejects(api.request({ ...session, scopes: ['read', 'write'], accessToken: 'x' }, 'PUT', '/api/v2/tickets/1.json'), notGranted);
    // The real session, claiming a scope it was never given.
    await assert.rejects(api.request({ ...session, scopes: ['read', 'write'] }, 'PUT', '/api/v2/tickets/1.json', { body: {} }), notGranted);
    assert.deepEqual(env.sandbox.admin.counters().requests, {});
  });

  it('refuses a session that was signed out', async () => {
    const t = await signIn();
    const session = await callerSession(['read']);
    await t.provider.removeSession(session.id);
    await assert.rejects((await exportsOf()).request(session, 'GET', '/api/v2/users/me.json'), notGranted);
  });

  it('a write with a session given for read is refused with the scope error, though the token could write', async () => {
    await signIn(['read', 'write']);
    const session = await callerSession(['read']);
    env.sandbox.admin.resetCounters();
    await assert.rejects(
      (await exportsOf()).request(session, 'PUT', '/api/v2/tickets/1.json', { body: { ticket: { status: 'solved' } } }),
      (e: Error & { missing?: string[] }) => e.name === 'ScopeMissingError' && e.missing?.[0] === 'write' && /getSession\('zendesk', \['write'\]\)/.test(e.message),
    );
    assert.deepEqual(env.sandbox.admin.counters().requests, {});
    // Given for write, the same call goes through.
    const writer = await callerSession(['read', 'write']);
    const updated = await (await exportsOf()).request<{ ticket: { status: string } }>(writer, 'PUT', '/api/v2/tickets/1.json', { body: { ticket: { priority: 'high' } } });
    assert.ok(updated.ticket);
  });

  it('sends the token only to the session\'s own host, and refuses methods it does not know', async () => {
    await signIn();
    const session = await callerSession(['read']);
    const api = await exportsOf();
    await assert.rejects(api.request(session, 'GET', 'https://evil.example/api/v2/users/me.json'), (e: Error) => e.name === 'HostNotAllowedError');
    await assert.rejects(api.request(session, 'TRACE', '/api/v2/users/me.json'), (e: Error) => e.name === 'InvalidInputError');
  });
});
