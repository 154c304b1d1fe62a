// Accounts and scopes in the extension host, against the sandbox over HTTP: asking for more access when an action
// needs it, actions that act on their node's account, and the workspace's own account.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { AccountService } from '../../src/auth/accounts';
import type { TicketNode } from '../../src/tickets/ticketTree';
import type { Ticket } from '../../src/zendesk/types';
import { NO_LOG } from '../../src/zendesk/types';
import { FIXTURES, startSandbox, type Sandbox } from '../sandbox';
import { getAs } from './apiHelpers';
import { ScriptedBrowser, publicAccount, registerLoopback, setSetting, testing, until, useSandbox } from './helpers';

/** The extension's own sign-in ("Zendesk: Sign In", with the configured account's `read`): the session its
 * features use and ask more of. */
async function signIn() {
  const t = await testing();
  t.ui.openExternal = new ScriptedBrowser().open;
  await vscode.commands.executeCommand('zendesk.signIn');
  await until(() => t.accounts.all().length > 0);
  const own = t.accounts.all()[0];
  return {
    t,
    session: { id: own.id, accessToken: own.accessToken, account: { id: own.accountId, label: own.accountLabel } },
  };
}

async function openTicket(accountId?: string): Promise<Ticket> {
  const { tickets } = await getAs<{ tickets: Ticket[] }>('/api/v2/tickets.json?per_page=50', accountId);
  const ticket = tickets.find((x) => x.status === 'open' || x.status === 'new');
  assert.ok(ticket, 'the sandbox has an open ticket');
  return ticket;
}

function ticketNode(accountId: string, ticket: Ticket): TicketNode {
  return { kind: 'ticket', accountId, ticket, listKey: 'view:0' };
}

describe('asking for more access when an action needs it', () => {
  const env = useSandbox();

  it('a read-only session changes a status: the prompt, Allow, the change made, one session with read write, the old token revoked', async () => {
    const { t, session } = await signIn();
    const ticket = await openTicket();
    const questions: string[] = [];
    t.ui.allowMoreAccess = async (q) => {
      questions.push(q);
      return true;
    };
    const browser = new ScriptedBrowser();
    t.ui.openExternal = browser.open;

    await vscode.commands.executeCommand(
      'zendesk.changeTicketStatus',
      ticketNode(session.account.id, ticket),
      'pending',
    );

    assert.deepEqual(questions, ['Changing tickets needs write access to sandbox. Allow it?']);
    assert.equal(new URL(browser.opened[0]).searchParams.get('scope'), 'read write', 'the sign-in asked for the union');
    assert.equal((await getAs<{ ticket: Ticket }>(`/api/v2/tickets/${ticket.id}.json`)).ticket.status, 'pending');
    const sessions = await t.store.list();
    assert.equal(sessions.length, 1);
    assert.deepEqual([...sessions[0].scopes].sort(), ['read', 'write']);
    assert.equal(sessions[0].accountId, session.account.id, 'still the same user');
    assert.equal(t.accounts.inUse()?.accountId, session.account.id, 'still the account in use');
    const old = await fetch(`${env.sandbox.url}/api/v2/users/me.json`, {
      headers: { Authorization: `Bearer ${session.accessToken}` },
    });
    assert.equal(old.status, 401, 'the replaced token still works');
  });

  it('Cancel leaves the session as it was and changes nothing', async () => {
    const { t, session } = await signIn();
    const ticket = await openTicket();
    t.ui.allowMoreAccess = async () => false;
    const browser = new ScriptedBrowser();
    t.ui.openExternal = browser.open;
    env.sandbox.admin.resetCounters();

    await vscode.commands.executeCommand(
      'zendesk.changeTicketStatus',
      ticketNode(session.account.id, ticket),
      'pending',
    );

    assert.deepEqual(browser.opened, [], 'no sign-in started');
    assert.equal(env.sandbox.admin.counters().requests['PUT /api/v2/tickets/{id}'], undefined, 'a change was sent');
    assert.equal((await getAs<{ ticket: Ticket }>(`/api/v2/tickets/${ticket.id}.json`)).ticket.status, ticket.status);
    const [kept] = await t.store.list();
    assert.equal(kept.accessToken, session.accessToken);
    assert.deepEqual(kept.scopes, ['read']);
  });

  it('another extension asks for write while only a read session exists: one sign-in for exactly write, beside the read one', async () => {
    const { t, session } = await signIn();
    const browser = new ScriptedBrowser();
    t.ui.openExternal = browser.open;
    // What VS Code calls for getSession('zendesk', ['write'], { createIfNone: true }) when no session has exactly write.
    assert.deepEqual(await t.provider.getSessions(['write'], {}), []);
    const created = await t.provider.createSession(['write'], {});
    assert.deepEqual(created.scopes, ['write']);
    assert.equal(
      new URL(browser.opened[0]).searchParams.get('scope'),
      'write',
      'the sign-in asked for more than the caller did',
    );
    assert.deepEqual(
      (await t.provider.getSessions(['read'], {})).map((s) => s.id),
      [session.id],
    );
    assert.deepEqual(
      (await t.provider.getSessions(['write'], {})).map((s) => s.id),
      [created.id],
    );
    // The extension's own read session is neither widened nor replaced, and is still the one its features use.
    assert.equal((await t.store.list()).length, 2);
    assert.deepEqual(
      t.accounts.all().map((s) => [s.id, s.scopes]),
      [[session.id, ['read']]],
    );
  });
});

/** Another workspace's (empty) workspace state. */
class EmptyWorkspaceState {
  private readonly values = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.values.set(key, value);
  }
}

describe('several accounts: every action carries its account', () => {
  const env = useSandbox();
  afterEach(async () => {
    await (await testing()).accounts.useInWorkspace(undefined);
  });
  let other: Sandbox;
  before(async () => {
    other = await startSandbox({ tickets: 20, seed: 2 });
  });
  after(async () => {
    await other?.close();
  });

  async function twoAccounts() {
    const t = await testing();
    registerLoopback(other, env.loopbackUri);
    await setSetting('accounts', [
      publicAccount(env.sandbox, ['read', 'write']),
      { ...publicAccount(other, ['read', 'write']), subdomain: 'beta' },
    ]);
    t.ui.openExternal = new ScriptedBrowser().open;
    const a = await t.provider.createSession(['read', 'write'], { account: { id: 'sandbox/0', label: 'sandbox' } });
    const b = await t.provider.createSession(['read', 'write'], { account: { id: 'beta/0', label: 'beta' } });
    await until(() => t.accounts.all().length === 2);
    await t.accounts.setActive(a.account.id);
    return { t, a, b };
  }

  it("an action from a node of the account not in use goes to that account's host", async () => {
    const { t, b } = await twoAccounts();
    assert.match(b.account.id, /^beta\/\d+$/);
    const ticket = await openTicket(b.account.id);
    env.sandbox.admin.resetCounters();
    other.admin.resetCounters();

    await vscode.commands.executeCommand('zendesk.changeTicketStatus', ticketNode(b.account.id, ticket), 'hold');

    assert.equal(
      other.admin.counters().requests['PUT /api/v2/tickets/{id}'],
      1,
      "the change did not reach the node's account",
    );
    assert.deepEqual(env.sandbox.admin.counters().requests, {}, 'the account in use was called');
    assert.equal(
      (await getAs<{ ticket: Ticket }>(`/api/v2/tickets/${ticket.id}.json`, b.account.id)).ticket.status,
      'hold',
    );
    assert.equal(t.accounts.inUse()?.accountId !== b.account.id, true);
  });

  it("the tree has one root per account, and each root lists its own account's views", async () => {
    const { t, a, b } = await twoAccounts();
    const roots = await t.tickets.provider.getChildren();
    assert.deepEqual(
      roots.map((r) => (r.kind === 'account' ? r.accountId : r.kind)),
      [a.account.id, b.account.id],
      'the account in use first',
    );
    other.admin.resetCounters();
    const views = await t.tickets.provider.getChildren(roots[1]);
    assert.ok(views.length > 0 && views.every((v) => v.kind === 'view' && v.accountId === b.account.id));
    assert.equal(other.admin.counters().requests['GET /api/v2/views'], 1);
  });

  it("Copy Ticket Link on a node uses that node's account", async () => {
    const { b } = await twoAccounts();
    const ticket = await openTicket(b.account.id);
    await vscode.commands.executeCommand('zendesk.copyTicketLink', ticketNode(b.account.id, ticket));
    assert.equal(await vscode.env.clipboard.readText(), `${other.url}/agent/tickets/${ticket.id}`);
  });

  it('a workspace picks its account: API calls go as it, it survives a reload, and another workspace does not see it', async () => {
    const { t, a, b } = await twoAccounts();
    await vscode.commands.executeCommand('zendesk.useAccountInWorkspace', b.account.id);
    assert.equal(t.accounts.inUse()?.accountId, b.account.id);
    assert.equal(t.accounts.active()?.accountId, a.account.id, 'the user-wide active account is unchanged');
    const me = await getAs<{ user: { email: string } }>('/api/v2/users/me.json');
    assert.equal(me.user.email, FIXTURES.users.agent);
    other.admin.resetCounters();
    await getAs('/api/v2/users/me.json');
    assert.equal(
      other.admin.counters().requests['GET /api/v2/users/me'],
      1,
      "the call did not go to the workspace's account",
    );
    // A reload reads the same workspace state; another workspace has a state of its own.
    const reloaded = new AccountService(t.store, t.globalState, t.workspaceState, NO_LOG);
    await reloaded.settled();
    assert.equal(reloaded.inUse()?.accountId, b.account.id);
    const elsewhere = new AccountService(t.store, t.globalState, new EmptyWorkspaceState(), NO_LOG);
    await elsewhere.settled();
    assert.equal(elsewhere.inUse()?.accountId, a.account.id);
    reloaded.dispose();
    elsewhere.dispose();
  });
});

describe('every sign-in is its own', () => {
  useSandbox();

  it('two sign-ins send different states, PKCE challenges and verifiers', async () => {
    const t = await testing();
    const states: string[] = [];
    const challenges: string[] = [];
    for (let i = 0; i < 2; i++) {
      const browser = new ScriptedBrowser();
      t.ui.openExternal = browser.open;
      await t.provider.createSession(['read'], {});
      const authorize = new URL(browser.opened[0]);
      states.push(authorize.searchParams.get('state') ?? '');
      challenges.push(authorize.searchParams.get('code_challenge') ?? '');
    }
    assert.ok(
      states.every((s) => s.length >= 22),
      `states: ${states.join(', ')}`,
    );
    assert.notEqual(states[0], states[1], 'two sign-ins sent the same state');
    assert.notEqual(challenges[0], challenges[1], 'two sign-ins sent the same PKCE challenge');
  });
});
