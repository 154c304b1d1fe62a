import * as assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import * as vscode from 'vscode';
import { AccountService } from '../../src/auth/accounts';
import { Emitter } from '../../src/events';
import { AccountIndicator } from '../../src/ui/accountIndicator';
import { AccountStatusBar, type StatusAccount } from '../../src/ui/statusBar';
import { NO_LOG } from '../../src/zendesk/types';

/** A status bar item that records what it was given, so each state can be read back. */
function fakeItem(): vscode.StatusBarItem & { shown: boolean } {
  return {
    id: 'zendesk.account',
    alignment: vscode.StatusBarAlignment.Left,
    priority: 50,
    name: undefined,
    text: '',
    tooltip: undefined,
    color: undefined,
    backgroundColor: undefined,
    command: undefined,
    accessibilityInformation: undefined,
    shown: false,
    show() {
      this.shown = true;
    },
    hide() {
      this.shown = false;
    },
    dispose() {
      /* nothing held */
    },
  } as vscode.StatusBarItem & { shown: boolean };
}

const ann: StatusAccount = {
  label: 'Ann Agent (acme)',
  subdomain: 'acme',
  user: 'Ann Agent <ann@acme.test>',
  scopes: ['read', 'write'],
  expiresAt: Date.UTC(2026, 11, 1, 12),
};
const bob: StatusAccount = {
  label: 'Bob Admin (acme)',
  subdomain: 'acme',
  user: 'Bob Admin <bob@acme.test>',
  scopes: ['read'],
};
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
    for (const part of ['acme', 'Ann Agent', 'ann@acme\\.test', '`read`', '`write`', 'Token expires']) {
      assert.ok(tip.includes(part), `tooltip lacks ${part}: ${tip}`);
    }
    assert.match(item.accessibilityInformation?.label ?? '', /signed in as Ann Agent \(acme\)/);
  });

  it('shows the subdomain and the scopes as themselves in code spans: acme-corp, not acme\\-corp', () => {
    const item = fakeItem();
    const corp = { ...ann, subdomain: 'acme-corp', scopes: ['tickets:read', 'users:write'] };
    new AccountStatusBar(item, commands).render({ accounts: [corp], active: corp });
    // What the hover shows in its code spans, as a CommonMark renderer reads the tooltip.
    const md = (item.tooltip as vscode.MarkdownString).value;
    const tokens = new MarkdownIt().parse(md, {}).flatMap((t) => t.children ?? []);
    const spans = tokens.filter((t) => t.type === 'code_inline').map((t) => t.content);
    assert.deepEqual(spans, ['acme-corp', 'tickets:read', 'users:write']);
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
    new AccountStatusBar(item, commands).render({
      accounts: [ann],
      active: ann,
      needsAttention: 'Your Zendesk session has ended. Sign in again.',
    });
    assert.match(item.text, /^\$\(warning\) /);
    assert.deepEqual(item.backgroundColor, new vscode.ThemeColor('statusBarItem.warningBackground'));
  });
});

describe('the status bar follows the account in use here', () => {
  class MapMemento {
    private readonly values = new Map<string, unknown>();
    get<T>(key: string): T | undefined {
      return this.values.get(key) as T | undefined;
    }
    async update(key: string, value: unknown): Promise<void> {
      this.values.set(key, value);
    }
  }
  const session = (accountId: string, name: string) => {
    const [subdomain, user] = accountId.split('/');
    return {
      id: accountId,
      accountId,
      accountLabel: `${name} (${subdomain})`,
      subdomain,
      baseUrl: `https://${subdomain}.zendesk.com`,
      clientId: 'c',
      grant: 'authorization_code' as const,
      scopes: ['read'],
      user: { id: Number(user), name, email: `${name.toLowerCase()}@x.test`, role: 'agent' },
      accessToken: 't',
      issuedAt: 0,
    };
  };

  it("shows the workspace's own account, marked, over the user-wide active one", async () => {
    const sessions = [session('acme/1', 'Ann'), session('beta/2', 'Bob')];
    const changed = new Emitter<void>();
    const accounts = new AccountService(
      { list: async () => sessions, onDidChange: changed.event },
      new MapMemento(),
      new MapMemento(),
      NO_LOG,
    );
    const item = fakeItem();
    const indicator = new AccountIndicator(accounts, new AccountStatusBar(item, commands), NO_LOG);
    await accounts.settled();
    await accounts.setActive('acme/1');
    assert.equal(item.text, '$(account) Ann (acme) (+1)');
    await accounts.useInWorkspace('beta/2');
    assert.equal(item.text, '$(account) Bob (beta) (+1) $(pin)');
    assert.match((item.tooltip as vscode.MarkdownString).value, /Used in this workspace \(its own choice\)/);
    await accounts.useInWorkspace(undefined);
    assert.equal(item.text, '$(account) Ann (acme) (+1)');
    indicator.dispose();
    accounts.dispose();
  });
});
