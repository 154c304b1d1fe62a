import * as assert from 'node:assert/strict';
import {
  AccountService,
  accountIdOf,
  accountNamed,
  accountsNamed,
  baseUrlOf,
  configForAccountId,
  configOfSession,
  isTestServer,
  parseAccountId,
  replacedBy,
  sameConfiguredAccount,
} from '../../../src/auth/accounts';
import { AmbiguousAccountError, NotSignedInError } from '../../../src/auth/errors';
import type { StoredSession } from '../../../src/auth/session';
import type { AccountConfig } from '../../../src/config';
import { Emitter } from '../../../src/events';
import { isLoopbackHost } from '../../../src/zendesk/subdomain';
import { NO_LOG } from '../../../src/zendesk/types';
import { JsonMemento } from '../fakes/memento';

function session(accountId: string, over: Partial<StoredSession> = {}): StoredSession {
  const [subdomain, user] = accountId.split('/');
  return {
    id: `id-${accountId}-${over.baseUrl ?? ''}`,
    accountId,
    accountLabel: `U${user} (${subdomain})`,
    subdomain,
    baseUrl: `https://${subdomain}.zendesk.com`,
    clientId: 'c',
    grant: 'authorization_code',
    scopes: ['read'],
    user: { id: Number(user), name: `U${user}`, email: `u${user}@x`, role: 'agent' },
    accessToken: 'a',
    issuedAt: 0,
    ...over,
  };
}
const acme: AccountConfig = { subdomain: 'acme', clientId: 'c', clientKind: 'public' };
const acmeSandbox: AccountConfig = {
  subdomain: 'sandbox',
  clientId: 'c',
  clientKind: 'public',
  baseUrl: 'http://127.0.0.1:4010',
};
const beta: AccountConfig = { subdomain: 'beta', clientId: 'c', clientKind: 'public' };

describe('who an account is (the one set of identity rules)', () => {
  it('an account id is SUBDOMAIN/USER_ID, and only that parses back', () => {
    assert.equal(accountIdOf('acme', 42), 'acme/42');
    assert.deepEqual(parseAccountId('acme/42'), { subdomain: 'acme', userId: 42 });
    for (const bad of ['acme', 'acme/', '/42', 'acme/4x', 'ACME/1', 'acme/1/2', 'a b/1']) {
      assert.throws(() => parseAccountId(bad), /is not a Zendesk account id/, bad);
    }
  });

  const baseUrls: [Pick<AccountConfig, 'subdomain' | 'baseUrl'>, string | RegExp][] = [
    [{ subdomain: 'acme' }, 'https://acme.zendesk.com'],
    [{ subdomain: 'acme', baseUrl: '' }, 'https://acme.zendesk.com'],
    [{ subdomain: 'sandbox', baseUrl: 'http://127.0.0.1:4010' }, 'http://127.0.0.1:4010'],
    [{ subdomain: 'sandbox', baseUrl: 'http://localhost:4010/' }, 'http://localhost:4010'],
    [{ subdomain: 'sandbox', baseUrl: 'http://[::1]:4010' }, 'http://[::1]:4010'],
    [{ subdomain: 'sandbox', baseUrl: 'https://zd.example.com' }, 'https://zd.example.com'],
    [{ subdomain: 'sandbox', baseUrl: 'http://10.0.0.5:4010' }, /plain http is allowed only/],
    [{ subdomain: 'sandbox', baseUrl: 'http://127.0.0.2:4010' }, /plain http is allowed only/],
    [{ subdomain: 'sandbox', baseUrl: 'https://u:p@zd.example.com' }, /user name or password/],
    [{ subdomain: 'sandbox', baseUrl: 'https://zd.example.com/api' }, /only a scheme, host and port/],
    [{ subdomain: 'Bad_Name' }, /invalid characters/],
  ];
  for (const [account, expected] of baseUrls) {
    it(`the base URL of ${JSON.stringify(account)} is ${String(expected)}`, () => {
      if (typeof expected === 'string') assert.equal(baseUrlOf(account), expected);
      else assert.throws(() => baseUrlOf(account), expected);
    });
  }

  const loopback: [string, boolean][] = [
    ['127.0.0.1', true],
    ['localhost', true],
    ['LOCALHOST', true],
    ['[::1]', true],
    ['::1', false],
    ['127.0.0.2', false],
    ['0.0.0.0', false],
    ['localhost.evil.com', false],
    ['10.0.0.1', false],
    ['acme.zendesk.com', false],
  ];
  for (const [host, expected] of loopback) {
    it(`${host} is ${expected ? '' : 'not '}a loopback host`, () => assert.equal(isLoopbackHost(host), expected));
  }

  it('marks a session on anything but SUBDOMAIN.zendesk.com as a test server', () => {
    assert.equal(isTestServer(session('acme/1')), false);
    assert.equal(isTestServer(session('sandbox/1', { baseUrl: 'http://127.0.0.1:4010' })), true);
  });

  it('a session belongs to the configured account at its base URL', () => {
    assert.equal(configOfSession([beta, acme], session('acme/1')), acme);
    assert.equal(
      configOfSession([beta, acme, acmeSandbox], session('sandbox/1', { baseUrl: 'http://127.0.0.1:4010' })),
      acmeSandbox,
    );
    assert.equal(configOfSession([beta], session('acme/1')), undefined);
    // Same subdomain, another server: not the same account.
    assert.equal(configOfSession([{ ...acme, baseUrl: 'https://acme.example.com' }], session('acme/1')), undefined);
  });

  it('two configured accounts are the same when they sign in at the same base URL', () => {
    const otherClient: AccountConfig = { ...acme, clientId: 'other' };
    assert.equal(sameConfiguredAccount(acme, otherClient), true);
    assert.equal(sameConfiguredAccount(acme, { ...acme, baseUrl: '' }), true);
    assert.equal(sameConfiguredAccount(acme, beta), false);
    assert.equal(sameConfiguredAccount(acmeSandbox, { ...acmeSandbox, baseUrl: 'http://127.0.0.1:4011' }), false);
    assert.equal(sameConfiguredAccount({ subdomain: 'Bad_Name' }, { subdomain: 'Bad_Name' }), false);
  });

  it("the account to sign in to for an account id: its session's, else the only one with that subdomain", () => {
    const sandboxSession = session('sandbox/5', { baseUrl: 'http://127.0.0.1:4010' });
    assert.equal(configForAccountId([acme, acmeSandbox], [sandboxSession], 'sandbox/5'), acmeSandbox);
    assert.equal(configForAccountId([acme, beta], [], 'beta/9'), beta);
    assert.equal(
      configForAccountId([acme, { ...acme, baseUrl: 'https://acme.example.com' }], [], 'acme/9'),
      undefined,
      'ambiguous',
    );
    assert.equal(configForAccountId([acme], [], 'not an id'), undefined);
  });

  it('a new session replaces the same user on the same account only', () => {
    const old = session('acme/1');
    const other = session('acme/2');
    const elsewhere = session('acme/1', { baseUrl: 'https://acme.example.com' });
    assert.deepEqual(replacedBy(session('acme/1', { id: 'new' }), [old, other, elsewhere]), [old]);
  });

  it("the own session and those for other extensions never replace one another; a caller's replaces only its own scope set", () => {
    const own = session('acme/1', { id: 'own', scopes: ['read', 'write'] });
    const tickets = session('acme/1', { id: 'tickets', scopes: ['tickets:read'], forCaller: true });
    const read = session('acme/1', { id: 'read', scopes: ['read'], forCaller: true });
    const all = [own, tickets, read];
    assert.deepEqual(
      replacedBy(session('acme/1', { id: 'own2', scopes: ['read', 'write', 'impersonate'] }), all).map((s) => s.id),
      ['own'],
    );
    assert.deepEqual(
      replacedBy(session('acme/1', { id: 't2', scopes: ['tickets:read'], forCaller: true }), all).map((s) => s.id),
      ['tickets'],
    );
    assert.deepEqual(
      replacedBy(session('acme/1', { id: 'rw', scopes: ['write', 'read'], forCaller: true }), all).map((s) => s.id),
      [],
    );
  });
});

function service(sessions: StoredSession[], global = new JsonMemento(), workspace = new JsonMemento()) {
  const changed = new Emitter<void>();
  const source = { list: async () => [...sessions], onDidChange: changed.event };
  return { accounts: new AccountService(source, global, workspace, NO_LOG), sessions, changed, global, workspace };
}

describe('the account service (plain Node)', () => {
  const ann = session('acme/1');
  const bob = session('beta/2');

  it('uses the active account, else the first; a workspace choice wins over both', async () => {
    const { accounts } = service([ann, bob]);
    await accounts.settled();
    assert.equal(accounts.inUse()?.accountId, 'acme/1');
    await accounts.setActive('beta/2');
    assert.equal(accounts.inUse()?.accountId, 'beta/2');
    await accounts.useInWorkspace('acme/1');
    assert.equal(accounts.inUse()?.accountId, 'acme/1');
    assert.equal(
      accounts.active()?.accountId,
      'beta/2',
      'the workspace choice does not change the user-wide active account',
    );
    await accounts.useInWorkspace(undefined);
    assert.equal(accounts.inUse()?.accountId, 'beta/2');
  });

  it('keeps the workspace choice per workspace: another workspace state does not see it', async () => {
    const global = new JsonMemento();
    const first = service([ann, bob], global, new JsonMemento());
    await first.accounts.settled();
    await first.accounts.setActive('beta/2');
    await first.accounts.useInWorkspace('acme/1');
    const second = service([ann, bob], global, new JsonMemento());
    await second.accounts.settled();
    assert.equal(second.accounts.inUse()?.accountId, 'beta/2');
    // The same workspace, reloaded: the choice is still there.
    const again = service([ann, bob], global, first.workspace);
    await again.accounts.settled();
    assert.equal(again.accounts.inUse()?.accountId, 'acme/1');
  });

  it("picks only among the user's own sessions: a choice of an account not signed in is refused or ignored", async () => {
    const { accounts, workspace } = service([ann]);
    await accounts.settled();
    await assert.rejects(accounts.useInWorkspace('evil/1'), /Not signed in to evil\/1/);
    await workspace.update('zendesk.workspaceAccount', 'evil/1'); // a stale or hand-edited state
    assert.equal(accounts.inUse()?.accountId, 'acme/1');
  });

  it('follows the store: another window signing in or out changes what is in use, with a change event', async () => {
    const env = service([ann]);
    await env.accounts.settled();
    let events = 0;
    env.accounts.onDidChange(() => {
      events++;
    });
    env.sessions.push(bob);
    env.changed.fire();
    await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(
      env.accounts.all().map((s) => s.accountId),
      ['acme/1', 'beta/2'],
    );
    env.sessions.splice(0, 1);
    env.changed.fire();
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(env.accounts.inUse()?.accountId, 'beta/2');
    assert.ok(events >= 2);
  });

  it("lists one session per account, the extension's own, not those signed in for other extensions", async () => {
    const own = session('acme/1', { id: 'own', scopes: ['read', 'write'] });
    const forCaller = (id: string, accountId: string, scopes: string[]) =>
      session(accountId, { id, scopes, forCaller: true });
    const env = service([
      forCaller('t', 'acme/1', ['tickets:read']),
      own,
      forCaller('r', 'acme/1', ['read']),
      forCaller('b', 'beta/2', ['tickets:read']),
    ]);
    await env.accounts.settled();
    // acme: its own session; beta, signed in only for another extension: that session, until one of its own.
    assert.deepEqual(
      env.accounts.all().map((s) => s.id),
      ['own', 'b'],
    );
    assert.equal(env.accounts.find('acme/1')?.id, 'own');
  });

  it('a session for another extension that ended says nothing while the account has its own', async () => {
    const own = session('acme/1', { id: 'own' });
    const tickets = session('acme/1', { id: 'tickets', scopes: ['tickets:read'], forCaller: true });
    const env = service([own]);
    await env.accounts.settled();
    assert.equal(await env.accounts.sessionEnded(tickets), false);
    assert.equal(env.accounts.attention(), undefined);
  });

  it('a session that ended asks for attention until the user signs in again', async () => {
    const env = service([ann]);
    await env.accounts.settled();
    // The token manager removes the session from the store (which says so) before it reports the end.
    env.sessions.splice(0, 1);
    env.changed.fire();
    await env.accounts.sessionEnded(ann);
    assert.match(env.accounts.attention() ?? '', /session for U1 \(acme\) has ended\. Sign in again\./);
    env.sessions.push(ann);
    env.changed.fire();
    await env.accounts.settled();
    assert.equal(env.accounts.attention(), undefined);
  });

  it('a keychain that fails to read keeps what was known, and reload never rejects', async () => {
    const env = service([ann]);
    await env.accounts.settled();
    const broken = new AccountService(
      { list: () => Promise.reject(new Error('no keyring')), onDidChange: env.changed.event },
      new JsonMemento(),
      new JsonMemento(),
      NO_LOG,
    );
    await broken.settled();
    assert.deepEqual(broken.all(), []);
    // Known sessions stay when a later read fails.
    let failing = false;
    const flaky = new AccountService(
      {
        list: () => (failing ? Promise.reject(new Error('no keyring')) : Promise.resolve([ann])),
        onDidChange: env.changed.event,
      },
      new JsonMemento(),
      new JsonMemento(),
      NO_LOG,
    );
    await flaky.settled();
    failing = true;
    env.changed.fire();
    await flaky.settled();
    assert.deepEqual(
      flaky.all().map((s) => s.accountId),
      ['acme/1'],
    );
  });

  it('is the one cache: filled when made and updated by change events alone, with no read of its own', async () => {
    let reads = 0;
    let sessions = [ann];
    const changed = new Emitter<void>();
    const accounts = new AccountService(
      {
        list: async () => {
          reads++;
          return [...sessions];
        },
        onDidChange: changed.event,
      },
      new JsonMemento(),
      new JsonMemento(),
      NO_LOG,
    );
    await accounts.settled();
    assert.deepEqual(
      accounts.all().map((s) => s.accountId),
      ['acme/1'],
    );
    assert.equal(reads, 1);
    // Reading the cache reads nothing; a change not yet announced is not seen.
    sessions = [ann, bob];
    accounts.all();
    accounts.inUse();
    await accounts.settled();
    assert.equal(reads, 1);
    assert.equal(accounts.all().length, 1);
    // Announced: followed, and settled() resolves once it is in.
    changed.fire();
    await accounts.settled();
    assert.deepEqual(
      accounts.all().map((s) => s.accountId),
      ['acme/1', 'beta/2'],
    );
    assert.equal(reads, 2);
  });

  it('a burst of change events is read once more after the read under way, not once each', async () => {
    let reads = 0;
    let release: (() => void) | undefined;
    let sessions = [ann];
    const changed = new Emitter<void>();
    const accounts = new AccountService(
      {
        list: async () => {
          reads++;
          await new Promise<void>((r) => (release = r));
          return [...sessions];
        },
        onDidChange: changed.event,
      },
      new JsonMemento(),
      new JsonMemento(),
      NO_LOG,
    );
    // The first read is under way; five changes come meanwhile, the last adding bob.
    for (let i = 0; i < 5; i++) changed.fire();
    sessions = [ann, bob];
    const done = accounts.settled();
    for (let i = 0; i < 50 && reads < 2; i++) {
      release?.();
      await new Promise((r) => setImmediate(r));
    }
    release?.();
    await done;
    assert.equal(reads, 2);
    assert.deepEqual(
      accounts.all().map((s) => s.accountId),
      ['acme/1', 'beta/2'],
    );
  });
});

describe('which signed-in account a typed name means (request files, chat tools, commands)', () => {
  const accounts = [
    { accountId: 'acme/1', subdomain: 'acme' },
    { accountId: 'acme/2', subdomain: 'acme' },
    { accountId: 'beta/3', subdomain: 'beta' },
  ];
  const table: [string, string[]][] = [
    ['acme/2', ['acme/2']],
    ['ACME/2', ['acme/2']],
    [' beta ', ['beta/3']],
    ['acme', ['acme/1', 'acme/2']],
    ['acme/9', []],
    ['gamma', []],
    ['', []],
  ];
  for (const [name, expected] of table) {
    it(`${JSON.stringify(name)} means ${expected.join(', ') || 'no account'}`, () => {
      assert.deepEqual(
        accountsNamed(accounts, name).map((a) => a.accountId),
        expected,
      );
    });
  }

  // The one resolver every feature uses: exactly one account, or a typed error saying why not.
  const people = accounts.map((a, i) => ({ ...a, user: { name: ['Ann', 'Bob', 'Cy'][i] ?? '' } }));
  it('accountNamed: one match is that account', () => {
    assert.equal(accountNamed(people, 'beta').accountId, 'beta/3');
    assert.equal(accountNamed(people, 'ACME/2').accountId, 'acme/2');
  });
  it('accountNamed: several are refused, naming each, never the first or the one in use', () => {
    assert.throws(
      () => accountNamed(people, ' acme '),
      (e: unknown) =>
        e instanceof AmbiguousAccountError &&
        e.account === 'acme' &&
        e.message === 'Several signed-in accounts are on acme: acme/1 (Ann), acme/2 (Bob).',
    );
  });
  it('accountNamed: none is NotSignedInError naming what was asked', () => {
    assert.throws(
      () => accountNamed(people, 'gamma'),
      (e: unknown) => e instanceof NotSignedInError && e.accountId === 'gamma',
    );
  });
});
