import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { FIXTURES } from '../sandbox';
import { ScriptedBrowser, confidentialAccount, setSetting, testing, until, useSandbox } from './helpers';

/**
 * Reads the extension's real log (the file VS Code writes for the "Zendesk" LogOutputChannel) after a whole
 * session's life and looks for every secret that passed through it. The sandbox's `quoteNext` fault makes
 * the server quote the token in its error description (as some OAuth servers do), so a line carrying a bare
 * token is written and only the logger's registry of known tokens can redact it.
 */
describe('the log never holds a token, code, verifier, state or secret', () => {
  const env = useSandbox();

  // The LogOutputChannel's file: VS Code writes `<logsLocation>/<extension id>/<channel name>.log`, and
  // context.logUri is that same folder.
  async function logFile(): Promise<string> {
    const dir = (await testing()).logUri.fsPath;
    const file = path.join(dir, 'Zendesk.log');
    if (!fs.existsSync(file)) {
      const listing = fs.existsSync(dir) ? fs.readdirSync(dir).join(', ') : '(no such folder)';
      throw new Error(`no Zendesk.log in the extension's log folder ${dir}: ${listing}`);
    }
    return file;
  }

  before(async () => {
    // Debug lines (each HTTP request, each token request) are written only at debug level or below.
    await vscode.commands.executeCommand('_extensionTests.setLogLevel', 'trace');
  });
  after(async () => {
    await vscode.commands.executeCommand('_extensionTests.setLogLevel', 'info');
  });

  it('after a sign-in, API calls, refreshes, refused tokens and a sign-out', async () => {
    const t = await testing();
    const file = await logFile();
    const startedAt = fs.statSync(file).size;
    const secrets = { access: new Set<string>(), refresh: new Set<string>(), code: new Set<string>(), verifier: new Set<string>(), state: new Set<string>(), clientSecret: new Set<string>() };
    const collect = async () => {
      for (const s of await t.store.list()) {
        secrets.access.add(s.accessToken);
        if (s.refreshToken) secrets.refresh.add(s.refreshToken);
      }
      for (const p of env.sandbox.admin.tokenRequests()) {
        if (p.code) secrets.code.add(p.code);
        if (p.code_verifier) secrets.verifier.add(p.code_verifier);
        if (p.refresh_token) secrets.refresh.add(p.refresh_token);
        if (p.client_secret) secrets.clientSecret.add(p.client_secret);
      }
    };

    // Sign in with the confidential client: code, PKCE verifier, state and the client secret all go over the wire.
    await setSetting('accounts', [confidentialAccount(env.sandbox)]);
    await t.store.setClientSecret(env.sandbox.url, FIXTURES.confidentialClient.identifier, FIXTURES.confidentialClient.secret);
    secrets.clientSecret.add(FIXTURES.confidentialClient.secret);
    const browser = new ScriptedBrowser();
    t.seams.openExternal = browser.open;
    env.sandbox.admin.resetCounters();
    const session = await t.provider.createSession(['read'], {});
    await browser.settled();
    const back = new URL(browser.lastRedirect ?? 'about:blank');
    for (const [k, v] of back.searchParams) if (k === 'code' || k === 'state') secrets[k].add(v);
    const authorizeState = new URL(browser.opened[0]).searchParams.get('state');
    if (authorizeState) secrets.state.add(authorizeState);
    secrets.access.add(session.accessToken);
    await collect();

    // API calls: the Tickets view loads the views and a view's tickets.
    const tree = t.tickets.provider;
    await until(() => t.tickets.model.signedIn());
    const views = await tree.getChildren();
    assert.ok(views.length > 0 && views.every((n) => n.kind === 'view'), 'the views did not load');
    await tree.getChildren(views[0]);

    // A refresh ahead of expiry: both clocks move into the last tenth of the token's life.
    const [stored] = await t.store.list();
    const lifetime = (stored.expiresAt as number) - stored.issuedAt;
    const skew = lifetime - Math.min(lifetime / 10, 5 * 60_000) + 1000;
    t.seams.now = () => Date.now() + skew;
    env.sandbox.admin.advanceClock(Math.ceil(skew / 1000));
    await vscode.commands.executeCommand('zendesk.refreshTickets');
    assert.ok((await tree.getChildren()).every((n) => n.kind === 'view'), 'the views did not load after the refresh');
    assert.equal(env.sandbox.admin.counters().grants.refresh_token, 1, 'the token was not refreshed');
    await collect();

    // The server refuses the token twice, quoting it: one forced refresh, then a warning that quotes the new token.
    env.sandbox.admin.quoteNext('GET /api/v2/views', 2);
    await vscode.commands.executeCommand('zendesk.refreshTickets');
    const [failed] = await tree.getChildren();
    assert.equal(failed.kind, 'error', 'the twice-refused request did not fail');
    await collect();

    // Sign-out, with Zendesk quoting the token back when asked to revoke it.
    env.sandbox.admin.quoteNext('DELETE /api/v2/oauth/tokens/current', 1);
    await collect();
    await t.provider.removeSession(session.id);
    await collect();

    for (const [kind, values] of Object.entries(secrets)) {
      assert.ok(values.size > 0, `the test collected no secret of kind ${kind} to look for`);
      for (const v of values) assert.ok(v.length >= 8, `a secret (${kind}) of ${v.length} characters is too short to look for`);
    }

    // The file logger writes in batches: wait for the sign-out line, then read everything.
    let log = '';
    let written = '';
    const read = () => {
      const bytes = fs.readFileSync(file);
      log = bytes.toString('utf8');
      written = bytes.subarray(startedAt).toString('utf8');
      return written.includes('signed out of');
    };
    await until(read, 10_000).catch(() => { throw new Error(`the log never said "signed out of"; it has:\n${written}`); });
    for (const [kind, values] of Object.entries(secrets)) {
      for (const v of values) {
        const at = log.indexOf(v);
        // The message shows where, not the value itself.
        assert.equal(at, -1, `the log holds a secret (${kind}): …${log.slice(Math.max(0, at - 120), at)}<${kind}>…`);
      }
    }
    // What must be there, so the test cannot pass by reading the wrong file, too little of it, or a run where
    // the quoting fault never fired. (Checked after the leaks, so a failure here prints none of the secrets above.)
    for (const expected of [
      /\[sign-in\] signing in to http:\/\/127\.0\.0\.1:\d+ as client sandbox-confidential/,
      /\[sign-in\] POST \/oauth\/tokens grant_type=authorization_code → 201/, // a debug line: the level took
      /\[sign-in\] signed in to .+ \(sandbox\) with scopes read/,
      /\[api\] GET \/api\/v2\/views → 200/,
      /\[oauth\] POST \/oauth\/tokens grant_type=refresh_token → 201/,
      /\[tokens\] .+: access token refreshed/,
      /\[api\] GET \/api\/v2\/views → 401; refreshing the token once/,
      /\[api\] GET \/api\/v2\/views: invalid_token: Invalid access token: \*\*\*/,
      /\[provider\] could not revoke the token of .+ at Zendesk: .*Invalid access token: \*\*\*/,
      /\[provider\] signed out of /,
    ]) assert.match(written, expected);
  });
});
