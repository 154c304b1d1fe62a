// The session store in plain Node over a fake keychain shared by windows: write order, self-repair, change events.
import * as assert from 'node:assert/strict';
import { RefreshLease } from '../../../src/auth/refreshLease';
import { SessionStore } from '../../../src/auth/sessionStore';
import { SecretKeys } from '../../../src/constants';
import { NO_LOG } from '../../../src/zendesk/types';
import { systemTimers } from '../../../src/timers';
import { ManualTimers } from '../../support/manualTimers';
import { FakeKeychain, seededRandom, type KeychainEvent } from './fakeKeychain';
import { indexAgreesWithKeys, storedSession } from './windows';

/** Replays the keychain's writes in the order they landed; returns the first state whose index names a missing key. */
function firstDanglingState(history: KeychainEvent[]): string | undefined {
  const data = new Map<string, string>();
  for (const e of history) {
    if (e.op === 'store') data.set(e.key, e.value ?? '');
    else data.delete(e.key);
    const index = JSON.parse(data.get(SecretKeys.sessionIndex) ?? '[]') as string[];
    const dangling = index.filter((id) => !data.has(SecretKeys.session(id)));
    if (dangling.length) return `after ${e.op} ${e.key}: the index names ${dangling.join(', ')} with no key`;
  }
  return undefined;
}

describe('SessionStore over a shared keychain', () => {
  it('writes a session before its id enters the index, and takes the id out before deleting the session', async () => {
    const keychain = new FakeKeychain((op) => (op === 'get' ? 1 : 20));
    const store = new SessionStore(keychain.window(), NO_LOG, undefined, { settleMs: 50 });
    await store.save(storedSession({ id: 'a' }));
    await store.save(storedSession({ id: 'b' }));
    await store.save(storedSession({ id: 'a', accessToken: 'access-1' }));
    await store.remove('a');
    assert.equal(firstDanglingState(keychain.history), undefined);
    assert.deepEqual(
      (await store.list()).map((s) => s.id),
      ['b'],
    );
    assert.deepEqual(indexAgreesWithKeys(keychain), { index: ['b'], keys: ['b'], agree: true });
    store.dispose();
  });

  it('leaves out, and drops from the index, an id whose session key is gone', async () => {
    const keychain = new FakeKeychain();
    keychain.seed(SecretKeys.sessionIndex, JSON.stringify(['a', 'gone']));
    keychain.seed(SecretKeys.session('a'), JSON.stringify(storedSession({ id: 'a' })));
    const store = new SessionStore(keychain.window(), NO_LOG);
    assert.deepEqual(
      (await store.list()).map((s) => s.id),
      ['a'],
    );
    assert.deepEqual(JSON.parse(keychain.peek(SecretKeys.sessionIndex) ?? ''), ['a']);
    store.dispose();
  });

  it('keeps an unreadable session in the index (it is not lost, only skipped)', async () => {
    const keychain = new FakeKeychain();
    keychain.seed(SecretKeys.sessionIndex, JSON.stringify(['a']));
    keychain.seed(SecretKeys.session('a'), '{not json');
    const store = new SessionStore(keychain.window(), NO_LOG);
    assert.deepEqual(await store.list(), []);
    assert.deepEqual(JSON.parse(keychain.peek(SecretKeys.sessionIndex) ?? ''), ['a']);
    store.dispose();
  });

  it('skips and logs a session key holding JSON of another shape (no TypeError, no secret in the log), and keeps it', async () => {
    const keychain = new FakeKeychain();
    const good = storedSession({ id: 'good' });
    const wrong: Record<string, unknown> = {
      nul: null,
      arr: [],
      str: 'secret-string-value',
      noUser: { ...storedSession({ id: 'noUser' }), user: null },
      scopesText: { ...storedSession({ id: 'scopesText', accessToken: 'secret-token-1' }), scopes: 'read write' },
      noToken: { ...storedSession({ id: 'noToken' }), accessToken: undefined },
      otherId: storedSession({ id: 'someone-else', accessToken: 'secret-token-2' }),
    };
    keychain.seed(SecretKeys.sessionIndex, JSON.stringify(['good', ...Object.keys(wrong)]));
    keychain.seed(SecretKeys.session('good'), JSON.stringify(good));
    for (const [id, v] of Object.entries(wrong)) keychain.seed(SecretKeys.session(id), JSON.stringify(v));
    const lines: string[] = [];
    const log = { ...NO_LOG, warn: (m: string) => lines.push(m), error: (m: string | Error) => lines.push(String(m)) };
    const store = new SessionStore(keychain.window(), log);
    assert.deepEqual(
      (await store.list()).map((s) => s.id),
      ['good'],
    );
    for (const id of Object.keys(wrong)) assert.equal(await store.get(id), undefined, id);
    for (const id of Object.keys(wrong)) {
      assert.ok(
        lines.some((l) => l.includes(`session ${id} `)),
        `nothing logged for ${id}: ${lines.join(' | ')}`,
      );
    }
    assert.ok(!lines.some((l) => /secret-/.test(l)), `a secret reached the log: ${lines.join(' | ')}`);
    // Skipped, not deleted: the keys and the index are as they were.
    assert.deepEqual(JSON.parse(keychain.peek(SecretKeys.sessionIndex) ?? ''), ['good', ...Object.keys(wrong)]);
    store.dispose();
  });

  it('two windows signing in and out at once, with random delays: every signed-in session is listed, none other', async () => {
    for (let seed = 1; seed <= 40; seed++) {
      const rand = seededRandom(seed);
      // The keychain's delays and the stores' settle waits on one virtual clock: no real time passes.
      const clock = new ManualTimers();
      const keychain = new FakeKeychain(() => rand() * 20, clock);
      keychain.seed(SecretKeys.sessionIndex, JSON.stringify(['old']));
      keychain.seed(SecretKeys.session('old'), JSON.stringify(storedSession({ id: 'old' })));
      const [w1, w2] = [
        new SessionStore(keychain.window(), NO_LOG, undefined, { settleMs: 50, timers: clock }),
        new SessionStore(keychain.window(), NO_LOG, undefined, { settleMs: 50, timers: clock }),
      ];
      // Window 1 signs out of "old" while window 2 signs in as "new" and window 1 lists.
      await clock.complete(Promise.all([w1.remove('old'), w2.save(storedSession({ id: 'new' })), w1.list()]));
      const listed = (await clock.complete(w2.list())).map((s) => s.id);
      assert.deepEqual(listed, ['new'], `seed ${seed}`);
      await clock.runToQuiet(60_000);
      assert.deepEqual(indexAgreesWithKeys(keychain), { index: ['new'], keys: ['new'], agree: true }, `seed ${seed}`);
      w1.dispose();
      w2.dispose();
    }
  });

  it('tells each window about session changes from any window, but not about leases or client secrets', async () => {
    const keychain = new FakeKeychain();
    const [w1, w2] = [
      new SessionStore(keychain.window(), NO_LOG, undefined, { settleMs: 10 }),
      new SessionStore(keychain.window(), NO_LOG),
    ];
    let seen = 0;
    w2.onDidChange(() => {
      seen++;
    });
    await w1.setClientSecret('https://acme.zendesk.com', 'c', 'hush');
    const release = await w1.refreshLease.acquire('a');
    await release?.();
    assert.equal(seen, 0);
    await w1.save(storedSession({ id: 'a' }));
    assert.ok(seen >= 1);
    w1.dispose();
    w2.dispose();
  });

  it("waitForChange wakes on another window's write to the session, else after its bound", async () => {
    const clock = new ManualTimers();
    const keychain = new FakeKeychain(undefined, clock);
    const [w1, w2] = [
      new SessionStore(keychain.window(), NO_LOG, undefined, { timers: clock }),
      new SessionStore(keychain.window(), NO_LOG, undefined, { settleMs: 10, timers: clock }),
    ];
    let t = clock.now();
    await clock.complete(w1.waitForChange('a', 100));
    assert.equal(clock.now() - t, 100, 'returned before its bound with no change');
    t = clock.now();
    await clock.complete(
      Promise.all([w1.waitForChange('a', 5_000), clock.sleep(20).then(() => w2.save(storedSession({ id: 'a' })))]),
    );
    assert.ok(clock.now() - t < 1_000, 'did not wake on the change');
    w1.dispose();
    w2.dispose();
  });
});

describe('RefreshLease', () => {
  it('of windows asking at the same moment, exactly one gets the lease; once released, the next can take it', async () => {
    for (let seed = 1; seed <= 10; seed++) {
      const rand = seededRandom(seed);
      // Delays up to 20 ms each way; the settle time (50 ms) exceeds a read plus a write. All on a virtual clock.
      const clock = new ManualTimers();
      const keychain = new FakeKeychain(() => rand() * 20, clock);
      const stores = Array.from(
        { length: 4 },
        () => new SessionStore(keychain.window(), NO_LOG, undefined, { settleMs: 50, timers: clock }),
      );
      const got = await clock.complete(Promise.all(stores.map((s) => s.refreshLease.acquire('a'))));
      assert.equal(got.filter(Boolean).length, 1, `seed ${seed}`);
      assert.equal(await clock.complete(stores[0].refreshLease.heldByOther('a')), true);
      await clock.complete(got.find(Boolean)?.() ?? Promise.resolve());
      assert.equal(await clock.complete(stores[0].refreshLease.heldByOther('a')), false);
      assert.ok(await clock.complete(stores[1].refreshLease.acquire('a')));
      for (const s of stores) s.dispose();
    }
  });

  it('releasing a lapsed lease leaves alone the lease another window holds now', async () => {
    const keychain = new FakeKeychain();
    let clock = 0;
    const timers = { now: () => clock, setTimeout: systemTimers.setTimeout };
    const window = () => new RefreshLease(keychain.window(), { settleMs: 1, ttlMs: 1_000, timers });
    const [w1, w2, w3] = [window(), window(), window()];
    const release1 = await w1.acquire('a');
    assert.ok(release1);
    clock = 1_500; // w1 hung past its lease's lifetime; w2 takes the lease.
    const release2 = await w2.acquire('a');
    assert.ok(release2);
    await release1();
    assert.equal(await w3.heldByOther('a'), true, 'w1 released the lease w2 holds now');
    assert.equal(await w3.acquire('a'), undefined);
    await release2();
    assert.equal(await w3.heldByOther('a'), false);
  });

  it('a lease whose holder never released it lapses after its lifetime', async () => {
    const keychain = new FakeKeychain();
    // The settle wait is real (1 ms, the keychain's writes land in it); the lease's lifetime is on the test's clock.
    let clock = 0;
    const timers = { now: () => clock, setTimeout: systemTimers.setTimeout };
    const [w1, w2] = [
      new SessionStore(keychain.window(), NO_LOG, undefined, { settleMs: 1, leaseTtlMs: 600, timers }),
      new SessionStore(keychain.window(), NO_LOG, undefined, { settleMs: 1, leaseTtlMs: 600, timers }),
    ];
    assert.ok(await w1.refreshLease.acquire('a'));
    assert.equal(await w2.refreshLease.acquire('a'), undefined);
    clock = 599;
    assert.equal(await w2.refreshLease.acquire('a'), undefined, 'the lease lapsed before its lifetime');
    clock = 650;
    assert.ok(await w2.refreshLease.acquire('a'));
    w1.dispose();
    w2.dispose();
  });
});
