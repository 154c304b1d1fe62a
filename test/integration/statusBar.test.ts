import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { AccountStatusBar, type StatusAccount } from '../../src/ui/statusBar';

/** A status bar item that records what it was given, so each state can be read back. */
function fakeItem(): vscode.StatusBarItem & { shown: boolean } {
  return {
    id: 'zendesk.account', alignment: vscode.StatusBarAlignment.Left, priority: 50, name: undefined, text: '', tooltip: undefined,
    color: undefined, backgroundColor: undefined, command: undefined, accessibilityInformation: undefined, shown: false,
    show() { this.shown = true; }, hide() { this.shown = false; }, dispose() { /* nothing held */ },
  } as vscode.StatusBarItem & { shown: boolean };
}

const ann: StatusAccount = { label: 'Ann Agent (acme)', subdomain: 'acme', user: 'Ann Agent <ann@acme.test>', scopes: ['read', 'write'], expiresAt: Date.UTC(2026, 11, 1, 12) };
const bob: StatusAccount = { label: 'Bob Admin (acme)', subdomain: 'acme', user: 'Bob Admin <bob@acme.test>', scopes: ['read'] };
const commands = { signIn: 'zendesk.signIn', menu: 'zendesk.accountMenu' };

describe('the status bar account indicator', () => {
  it('signed out: "Zendesk: Sign In", and a click signs in', () => {
    const item = fakeItem();
    new AccountStatusBar(item, commands);
    assert.equal(item.text, '$(account) Zendesk: Sign In');
    assert.equal(item.command, 'zendesk.signIn');
    assert.equal(item.name, 'Zendesk Account');
    assert.ok(item.shown);
    assert.equal(item.backgroundColor, undefined);
  });

  it('signed in: the account, a tooltip with subdomain, user, scopes and expiry, and a click opens the account menu', () => {
    const item = fakeItem();
    new AccountStatusBar(item, commands).render({ accounts: [ann], active: ann });
    assert.equal(item.text, '$(account) Ann Agent (acme)');
    assert.equal(item.command, 'zendesk.accountMenu');
    const tip = (item.tooltip as vscode.MarkdownString).value;
    for (const part of ['acme', 'Ann Agent', 'ann@acme\\.test', '`read`', '`write`', 'Token expires']) assert.ok(tip.includes(part), `tooltip lacks ${part}: ${tip}`);
    assert.match(item.accessibilityInformation?.label ?? '', /signed in as Ann Agent \(acme\)/);
  });

  it('several accounts: the active one with a count', () => {
    const item = fakeItem();
    new AccountStatusBar(item, commands).render({ accounts: [ann, bob], active: bob });
    assert.equal(item.text, '$(account) Bob Admin (acme) (+1)');
    assert.match((item.tooltip as vscode.MarkdownString).value, /2 accounts signed in\. Click to switch\./);
  });

  it('a test server account is marked', () => {
    const item = fakeItem();
    const sandbox = { ...ann, customBaseUrl: 'http://127.0.0.1:4010' };
    new AccountStatusBar(item, commands).render({ accounts: [sandbox], active: sandbox });
    assert.match(item.text, /\$\(beaker\)$/);
    assert.match((item.tooltip as vscode.MarkdownString).value, /not zendesk\.com/);
  });

  it('a session that needs the user: warning icon and warning colour', () => {
    const item = fakeItem();
    new AccountStatusBar(item, commands).render({ accounts: [ann], active: ann, needsAttention: 'Your Zendesk session has ended. Sign in again.' });
    assert.match(item.text, /^\$\(warning\) /);
    assert.deepEqual(item.backgroundColor, new vscode.ThemeColor('statusBarItem.warningBackground'));
  });
});
