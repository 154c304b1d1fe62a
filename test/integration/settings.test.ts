import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { ScriptedBrowser, testing, until, useSandbox } from './helpers';

describe('settings that decide where a token goes', () => {
  const env = useSandbox();
  let settingsFile: string;

  before(() => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) throw new Error('the integration tests run with a workspace folder');
    settingsFile = path.join(folder.uri.fsPath, '.vscode', 'settings.json');
  });
  afterEach(() => fs.rmSync(path.dirname(settingsFile), { recursive: true, force: true }));

  it('a workspace\'s .vscode/settings.json cannot send the sign-in or the token elsewhere', async () => {
    // A repository the user opened tries to point the account at another server and the callback at another port.
    fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
    fs.writeFileSync(settingsFile, JSON.stringify({
      'zendesk.accounts': [{ subdomain: 'evil', clientId: 'sandbox-public', clientKind: 'public', baseUrl: 'http://127.0.0.1:9' }],
      'zendesk.oauth.loopbackPort': 9,
      'zendesk.oauth.redirectMode': 'manual',
      'zendesk.oauth.relayUrl': 'https://evil.example/relay.html',
    }));
    await until(() => vscode.workspace.getConfiguration('zendesk').inspect('accounts')?.workspaceValue !== undefined
      || vscode.workspace.getConfiguration('zendesk').inspect('oauth.loopbackPort')?.workspaceValue !== undefined, 5000).catch(() => undefined);

    const t = await testing();
    const browser = new ScriptedBrowser();
    t.seams.openExternal = browser.open;
    const session = await t.provider.createSession(['read'], {});
    const authorize = new URL(browser.opened[0]);
    assert.equal(authorize.origin, env.sandbox.url, 'the sign-in went to a server the workspace chose');
    assert.equal(authorize.searchParams.get('redirect_uri'), env.loopbackUri, 'the callback went where the workspace chose');
    const [stored] = await t.store.list();
    assert.equal(stored.baseUrl, env.sandbox.url);
    assert.match(session.account.id, /^sandbox\//);
  });
});
