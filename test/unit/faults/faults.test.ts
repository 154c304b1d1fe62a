// The fault suite: one VS Code window's whole auth and API stack, in plain Node, against the sandbox over real HTTP
// (undici, short timeouts), with a keychain that can fail or crawl. For each fault: no unhandled rejection, a clear
// message that says what to do, the session kept wherever it can be recovered, nothing stored half-written, and the
// tickets model reporting an error rather than an empty list.
import * as assert from 'node:assert/strict';
import { AccessService } from '../../../src/auth/accessService';
import { AccountService } from '../../../src/auth/accounts';
import { ClientRegistry } from '../../../src/auth/clients';
import { SecretStorageError, type SecretStore, type StoredSession } from '../../../src/auth/session';
import { SessionStore } from '../../../src/auth/sessionStore';
import { TokenManager, type TokenGrants } from '../../../src/auth/tokenManager';
import { SecretKeys } from '../../../src/constants';
import { TicketModel, viewSource } from '../../../src/tickets/ticketModel';
import { describeError } from '../../../src/ui/errorText';
import { getMe } from '../../../src/zendesk/api';
import { ZendeskClient } from '../../../src/zendesk/http';
import { refreshTokens, type TokenSet } from '../../../src/zendesk/oauth';
import { createUndiciTransport, type HttpTransport } from '../../../src/zendesk/transport';
import { NO_LOG } from '../../../src/zendesk/types';
import { FIXTURES, type Sandbox } from '../../sandbox';
import { sleep, until } from '../../support/wait';
import { FakeKeychain } from '../auth/fakeKeychain';
import { indexAgreesWithKeys } from '../auth/windows';
import { useSandbox } from '../../support/sandboxHttp';
import { publicClient, signIn } from '../../support/sandboxClient';
import { JsonMemento } from '../fakes/memento';
import { ManualTimers } from '../../support/manualTimers';
import { InstantRetryClock } from '../../support/retryClock';

/** A keychain whose reads or writes can be made to throw, as a locked or missing Linux keyring does. */
class FlakyKeychain {
  failReads = false;
  failWrites = false;
  constructor(readonly inner: FakeKeychain) {}
  window(): SecretStore {
    const w = this.inner.window();
    const refuse = (what: string) => Promise.reject(new Error(`Cannot ${what}: the keyring is locked`));
    return {
      get: (k) => (this.failReads ? refuse('read') : w.get(k)),
      store: (k, v) => (this.failWrites ? refuse('write') : w.store(k, v)),
      delete: (k) => (this.failWrites ? refuse('delete') : w.delete(k)),
      onDidChange: w.onDidChange,
    };
  }
}

/** One window: store, token manager, accounts, clients, access and the tickets model, over `keychain`. */
function openWindow(keychain: FlakyKeychain, http: HttpTransport, timers: ManualTimers, retries: InstantRetryClock) {
  const store = new SessionStore(keychain.window(), NO_LOG, undefined, { settleMs: 20, leaseTtlMs: 2_000 });
  const grants: TokenGrants = {
    refresh: (s, signal) =>
      refreshTokens(
        { http, signal },
        { client: { baseUrl: s.baseUrl, clientId: s.clientId }, refreshToken: s.refreshToken ?? '' },
      ),
    clientCredentials: () => Promise.reject(new Error('not used')),
  };
  const ended: string[] = [];
  const tokens = new TokenManager({
    repo: store,
    grants,
    log: NO_LOG,
    timers,
    raceWaitMs: 300,
    pollMs: 50,
    onEnded: (s) => ended.push(s.id),
  });
  const accounts = new AccountService(store, new JsonMemento(), new JsonMemento(), NO_LOG);
  const clients = new ClientRegistry(accounts, tokens, http, NO_LOG, retries);
  const access = new AccessService(accounts, clients, {
    allowMoreAccess: async () => false,
    signInWithScopes: () => Promise.reject(new Error('no sign-in in the fault suite')),
  });
  const model = new TicketModel(
    {
      signedIn: () => accounts.inUse() !== undefined,
      read: (fn) => access.withClient(undefined, { scopes: ['read'], purpose: 'Reading' }, (c) => fn(c)),
    },
    () => undefined,
    25,
  );
  const me = () => access.withClient(undefined, { scopes: ['read'], purpose: 'Reading' }, (c) => getMe(c));
  return {
    store,
    tokens,
    accounts,
    access,
    model,
    me,
    ended,
    close: () => {
      tokens.dispose();
      accounts.dispose();
      clients.dispose();
      store.dispose();
    },
  };
}

async function storedSession(sandbox: Sandbox, http: HttpTransport, tokens: TokenSet): Promise<StoredSession> {
  const api = new ZendeskClient({
    baseUrl: sandbox.url,
    transport: http,
    tokens: { getAccessToken: async () => tokens.accessToken },
  });
  const me = await getMe(api);
  return {
    id: 'session-1',
    accountId: `sandbox/${me.id}`,
    accountLabel: `${me.name} (sandbox)`,
    subdomain: 'sandbox',
    baseUrl: sandbox.url,
    clientId: FIXTURES.publicClient.identifier,
    grant: 'authorization_code',
    scopes: tokens.scopes,
    user: { id: me.id, name: me.name, email: me.email ?? '', role: me.role },
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    issuedAt: Date.now(),
    expiresAt: tokens.expiresAt,
    refreshTokenExpiresAt: tokens.refreshTokenExpiresAt,
  };
}

describe("the fault suite: one window's stack against the sandbox's faults", function () {
  this.timeout(30_000);
  const sb = useSandbox({ tickets: 60, seed: 3 });
  let http: HttpTransport;
  let keychain: FlakyKeychain;
  let win: ReturnType<typeof openWindow>;
  let session: StoredSession;
  /** The token manager's timers (its retry of a refused store); its clock is the wall's, as the sandbox's is. */
  let timers: ManualTimers;
  /** The client's retry waits (Retry-After): recorded and passed at once, not slept. */
  let retries: InstantRetryClock;
  const rejections: unknown[] = [];
  const onRejection = (e: unknown) => {
    rejections.push(e);
  };

  before(() => {
    process.on('unhandledRejection', onRejection);
  });
  after(() => {
    process.off('unhandledRejection', onRejection);
  });

  beforeEach(async () => {
    rejections.length = 0;
    http = createUndiciTransport({ headersTimeoutMs: 800, bodyTimeoutMs: 800 });
    session = await storedSession(
      sb(),
      http,
      await signIn(http, publicClient(sb().url), { scopes: ['read', 'write'] }),
    );
    const fake = new FakeKeychain();
    fake.seed(SecretKeys.session(session.id), JSON.stringify(session));
    fake.seed(SecretKeys.sessionIndex, JSON.stringify([session.id]));
    keychain = new FlakyKeychain(fake);
    timers = new ManualTimers(() => Date.now());
    retries = new InstantRetryClock(Date.now());
    win = openWindow(keychain, http, timers, retries);
    await win.accounts.settled();
    sb().admin.setLatency(0);
    sb().admin.resetCounters();
  });

  afterEach(async () => {
    win.close();
    await sleep(20); // let late callbacks settle before the rejection check
    assert.deepEqual(rejections.map(String), [], 'an unhandled rejection');
    assert.ok(indexAgreesWithKeys(keychain.inner).agree, 'the index and the keys disagree');
    await http.close?.();
  });

  const kept = async () => {
    const [s] = await win.store.list();
    assert.ok(s, 'the session was lost');
    assert.equal(win.ended.length, 0, 'the session was ended');
    return s;
  };

  it('a storm of 429s: the tree says when to try again, the session stays, and the next try works', async () => {
    // The first try and the client's 3 retries all meet a 429.
    sb().admin.failNext('GET /api/v2/views', 4, { status: 429, retryAfter: 1 });
    await assert.rejects(win.model.listViews(), (e: Error) => {
      assert.equal(e.name, 'RateLimitedError');
      assert.match(describeError(e, 'Loading tickets').text, /rate limit was reached\. Try again in 1 s\./);
      return true;
    });
    await kept();
    assert.deepEqual(retries.waits, [1_000, 1_000, 1_000], 'the waits the client sat through before giving up');
    sb().admin.failNext('GET /api/v2/views', 1, { status: 429, retryAfter: 1 }); // one more: waited out
    assert.ok((await win.model.listViews()).length > 0);
  });

  it('a 503 with Retry-After is waited out, unseen by the user', async () => {
    sb().admin.failNext('GET /api/v2/views', 1, { status: 503, retryAfter: 1 });
    assert.ok((await win.model.listViews()).length > 0);
    assert.equal(sb().admin.counters().requests['GET /api/v2/views'], 2);
    assert.deepEqual(retries.waits, [1_000], 'waited as long as Retry-After said');
  });

  it('a connection reset mid-body: "Could not reach Zendesk", the session kept, the view\'s tickets show the error', async () => {
    const [view] = await win.model.listViews();
    sb().admin.resetNext(`GET /api/v2/views/${view.id}/tickets`, 1);
    const source = viewSource(view.id);
    const page = await win.model.tickets(source);
    assert.equal(page.tickets.length, 0);
    assert.ok(page.error, 'an empty list instead of an error');
    assert.match(
      describeError(page.error, 'Loading tickets').text,
      /Could not reach Zendesk\. Check your connection and try again; your session is kept\./,
    );
    await kept();
    win.model.retry(source.key);
    const again = await win.model.tickets(source);
    assert.equal(again.error, undefined);
    assert.ok(again.tickets.length > 0);
  });

  it('a response that never finishes ends at the timeout with a clear message', async () => {
    sb().admin.setLatency(3_000);
    const started = Date.now();
    await assert.rejects(
      win.me(),
      (e: Error) => e.name === 'NetworkError' && /Could not reach Zendesk/.test(describeError(e).text),
    );
    assert.ok(Date.now() - started < 2_500, 'the request was not cut off by its timeout');
    sb().admin.setLatency(0);
    await kept();
  });

  it('a truncated or non-JSON body is a network error, not a crash', async () => {
    sb().admin.truncateNext('GET /api/v2/users/me', 1);
    await assert.rejects(win.me(), (e: Error) => e.name === 'NetworkError');
    await kept();
    assert.equal((await win.me()).email, FIXTURES.users.agent);
  });

  it('tokens revoked at Zendesk mid-session: the session ends, cleanly, with "sign in again"', async () => {
    sb().admin.revokeTokens(FIXTURES.users.agent);
    await assert.rejects(win.me(), (e: Error) => {
      assert.equal(e.name, 'SessionEndedError');
      const m = describeError(e);
      assert.equal(m.signIn, true);
      assert.match(m.text, /session has ended\. Sign in again\?/);
      return true;
    });
    assert.deepEqual(await win.store.list(), []);
    assert.deepEqual(
      keychain.inner.keys().filter((k) => k.startsWith(SecretKeys.session(''))),
      [],
      'a half-removed session',
    );
  });

  it('an expired refresh token: the session ends with "sign in again", nothing half-removed', async () => {
    sb().admin.advanceClock(91 * 24 * 3600); // past any refresh token's lifetime (at most 90 days)
    await assert.rejects(win.me(), (e: Error) => e.name === 'SessionEndedError' && describeError(e).signIn === true);
    assert.deepEqual(await win.store.list(), []);
  });

  it('sign-in: a token endpoint that fails mid-exchange gives a clear message and stores nothing', async () => {
    for (const fault of ['reset', 'truncate', '503'] as const) {
      if (fault === 'reset') sb().admin.resetNext('POST /oauth/tokens', 1);
      else if (fault === 'truncate') sb().admin.truncateNext('POST /oauth/tokens', 1);
      else sb().admin.failNext('POST /oauth/tokens', 1, { status: 503 });
      await assert.rejects(signIn(http, publicClient(sb().url)), (e: Error) => {
        const text = describeError(e).text;
        assert.match(
          text,
          fault === '503' ? /Zendesk had a problem \(HTTP 503\)\. Try again shortly\./ : /Could not reach Zendesk/,
          `${fault}: ${text}`,
        );
        return true;
      });
    }
    assert.deepEqual(
      (await win.store.list()).map((x) => x.id),
      [session.id],
      'a failed sign-in changed the stored sessions',
    );
  });

  it('an expired access token is refreshed once, and the rotated pair is what is stored', async () => {
    sb().admin.expireTokens(FIXTURES.users.agent);
    assert.equal((await win.me()).email, FIXTURES.users.agent);
    const s = await kept();
    assert.notEqual(s.refreshToken, session.refreshToken);
    assert.equal(sb().admin.counters().grants.refresh_token, 1);
  });

  it('a keychain that cannot be read: the keyring message, nothing deleted, and it works once unlocked', async () => {
    keychain.failReads = true;
    await assert.rejects(win.me(), (e: Error) => {
      assert.ok(e instanceof SecretStorageError, String(e));
      assert.match(describeError(e).text, /OS keychain.*start and unlock a keyring/);
      return true;
    });
    await win.accounts.settled(); // never rejects: keeps what it knew (test/unit/auth/accounts.test.ts reads through a failing store)
    assert.equal(win.accounts.all().length, 1);
    keychain.failReads = false;
    await kept();
    assert.equal((await win.me()).email, FIXTURES.users.agent);
  });

  it('a keychain that refuses to store a refreshed pair: the window keeps the only live pair and stores it later', async () => {
    sb().admin.expireTokens(FIXTURES.users.agent);
    keychain.failWrites = true;
    // The refresh happens (the old refresh token is now dead at Zendesk); the store refuses the new pair.
    assert.equal((await win.me()).email, FIXTURES.users.agent);
    assert.equal((await win.me()).email, FIXTURES.users.agent, 'the next call lost the session');
    assert.equal(sb().admin.counters().grants.refresh_token, 1, 'a second refresh with the dead refresh token');
    keychain.failWrites = false;
    assert.equal((await win.store.list())[0]?.refreshToken, session.refreshToken, 'stored before the retry was due');
    await timers.advance(5_000); // the retry of the store
    await until(async () => (await win.store.list())[0]?.refreshToken !== session.refreshToken);
    const s = await kept();
    assert.notEqual(s.refreshToken, session.refreshToken, 'the live pair never reached the keychain');
    const ok = await fetch(`${sb().url}/api/v2/users/me.json`, {
      headers: { Authorization: `Bearer ${s.accessToken}` },
    });
    assert.equal(ok.status, 200);
  });

  it('a slow keychain (300 ms a write): concurrent calls on an expired token share one refresh and all succeed', async () => {
    keychain.inner.setDelay((op) => (op === 'store' ? 300 : 5));
    sb().admin.expireTokens(FIXTURES.users.agent);
    const results = await Promise.all(Array.from({ length: 10 }, () => win.me()));
    assert.ok(results.every((r) => r.email === FIXTURES.users.agent));
    assert.equal(sb().admin.counters().grants.refresh_token, 1);
    await kept();
  });
});
