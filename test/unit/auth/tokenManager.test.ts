import * as assert from 'node:assert/strict';
import type { SessionRepository, StoredSession } from '../../../src/auth/session';
import { SessionEndedError, TokenManager, refreshDueAt, type TokenGrants } from '../../../src/auth/tokenManager';
import { NetworkError, OAuthError } from '../../../src/zendesk/errors';
import type { TokenSet } from '../../../src/zendesk/oauth';
import { NO_LOG } from '../../../src/zendesk/types';
import type { Timers } from '../../../src/timers';
import { ManualTimers } from '../../support/manualTimers';
import { until } from '../../support/wait';
import { storedSession } from './windows';

const HOUR = 3_600_000;

/** SecretStorage stand-in: a Map, with the same read/write boundaries as SessionStore. */
class MemoryRepo implements SessionRepository {
  readonly sessions = new Map<string, StoredSession>();
  saves = 0;
  async get(id: string) {
    const s = this.sessions.get(id);
    return s && { ...s };
  }
  async save(s: StoredSession) {
    this.saves++;
    this.sessions.set(s.id, { ...s });
  }
  async remove(id: string) {
    this.sessions.delete(id);
  }
  async getClientSecret() {
    return 'secret';
  }
}

/** The one session fixture (./windows.ts), valid for a day unless the test says otherwise. */
function session(over: Partial<StoredSession> = {}): StoredSession {
  return storedSession({ expiresAt: 24 * HOUR, ...over });
}

class FakeGrants implements TokenGrants {
  calls = 0;
  fail: Error | undefined;
  delayMs = 20;
  onRefresh?: () => Promise<void>;
  async refresh(s: StoredSession): Promise<TokenSet> {
    this.calls++;
    await new Promise((r) => setTimeout(r, this.delayMs));
    await this.onRefresh?.();
    if (this.fail) throw this.fail;
    const n = Number(s.refreshToken?.split('-')[1]) + 1;
    return {
      accessToken: `access-${n}`,
      refreshToken: `refresh-${n}`,
      tokenType: 'bearer',
      scopes: ['read'],
      expiresAt: clock + 24 * HOUR,
    };
  }
  async clientCredentials(): Promise<TokenSet> {
    this.calls++;
    return { accessToken: `cc-${this.calls}`, tokenType: 'bearer', scopes: ['read'], expiresAt: clock + HOUR };
  }
}

/** Where the test sets the time (expiries); the manager reads it plus how far the test advanced its timers. */
let clock = 0;
let manual = new ManualTimers();
const timers: Timers = { now: () => clock + manual.now(), setTimeout: (fn, ms) => manual.setTimeout(fn, ms) };

function setup(s = session()) {
  manual = new ManualTimers();
  const repo = new MemoryRepo();
  void repo.save(s);
  repo.saves = 0;
  const grants = new FakeGrants();
  const ended: string[] = [];
  // invalid_grant is believed after 300 ms of re-reading (5 s in the extension).
  const tm = new TokenManager({
    repo,
    grants,
    log: NO_LOG,
    timers,
    onEnded: (x) => ended.push(x.id),
    raceWaitMs: 300,
    pollMs: 20,
  });
  return { repo, grants, tm, ended };
}

describe('TokenManager', () => {
  beforeEach(() => {
    clock = 0;
  });

  it('refreshes in the last tenth of the lifetime or the last 5 minutes, whichever is sooner', () => {
    assert.equal(refreshDueAt({ issuedAt: 0, expiresAt: 24 * HOUR }), 24 * HOUR - 5 * 60_000);
    assert.equal(refreshDueAt({ issuedAt: 0, expiresAt: 30 * 60_000 }), 27 * 60_000);
    assert.equal(refreshDueAt({ issuedAt: 0, expiresAt: undefined }), undefined);
  });

  it('returns the stored token while it is fresh, without a refresh', async () => {
    const { tm, grants } = setup();
    clock = 23 * HOUR;
    assert.equal(await tm.getAccessToken('s1'), 'access-0');
    assert.equal(grants.calls, 0);
  });

  it('refreshes once it is due, storing the rotated pair before handing out the token', async () => {
    const { tm, grants, repo } = setup();
    clock = 24 * HOUR - 60_000;
    assert.equal(await tm.getAccessToken('s1'), 'access-1');
    assert.equal(grants.calls, 1);
    assert.equal(repo.sessions.get('s1')?.refreshToken, 'refresh-1');
    assert.equal(repo.sessions.get('s1')?.issuedAt, clock);
    assert.equal(repo.saves, 1);
    tm.dispose();
  });

  it('single flight: 20 concurrent callers on a rejected token cause one refresh', async () => {
    const { tm, grants } = setup();
    const tokens = await Promise.all(
      Array.from({ length: 20 }, () => tm.getAccessToken('s1', { rejected: 'access-0' })),
    );
    assert.equal(grants.calls, 1);
    assert.deepEqual(new Set(tokens), new Set(['access-1']));
    // A late caller with the old rejected token gets the new one without another refresh.
    assert.equal(await tm.getAccessToken('s1', { rejected: 'access-0' }), 'access-1');
    assert.equal(grants.calls, 1);
    tm.dispose();
  });

  it('a second window that loses the race adopts the pair the winner stored instead of signing out', async () => {
    const { tm, grants, repo, ended } = setup();
    grants.onRefresh = async () => {
      // The other window refreshed first: Zendesk rotated the pair, so ours is now invalid_grant.
      await repo.save({
        ...session(),
        accessToken: 'access-other',
        refreshToken: 'refresh-other',
        issuedAt: clock,
        expiresAt: clock + 24 * HOUR,
      });
      grants.fail = new OAuthError('invalid_grant', 'revoked', 400);
    };
    assert.equal(await tm.getAccessToken('s1', { forceRefresh: true }), 'access-other');
    assert.deepEqual(ended, []);
    assert.ok(repo.sessions.has('s1'));
  });

  it('a window that loses the race before the winner has stored its pair waits for that pair instead of signing out', async () => {
    const { tm, grants, repo, ended } = setup();
    grants.onRefresh = async () => {
      // The other window spent refresh-0 first; its pair reaches the keychain 150 ms after our invalid_grant.
      grants.fail = new OAuthError('invalid_grant', 'revoked', 400);
      manual.setTimeout(
        () =>
          void repo.save({
            ...session(),
            accessToken: 'access-other',
            refreshToken: 'refresh-other',
            issuedAt: clock,
            expiresAt: clock + 24 * HOUR,
          }),
        150,
      );
    };
    assert.equal(await manual.run(tm.getAccessToken('s1', { forceRefresh: true })), 'access-other');
    assert.deepEqual(ended, []);
    assert.equal(repo.sessions.get('s1')?.refreshToken, 'refresh-other');
    tm.dispose();
  });

  it("a caller that cancels while waiting for another window's pair stops waiting, and the session stays", async () => {
    const { tm, grants, repo, ended } = setup();
    grants.fail = new OAuthError('invalid_grant', 'revoked', 400);
    const cancel = new AbortController();
    manual.setTimeout(() => cancel.abort(new Error('cancelled by the user')), 100);
    // Rejected with the cancel, not with "session ended" once the 300 ms of re-reading are over.
    await assert.rejects(
      manual.run(tm.getAccessToken('s1', { forceRefresh: true, signal: cancel.signal })),
      /cancelled by the user/,
    );
    assert.deepEqual(ended, []);
    assert.ok(repo.sessions.has('s1'));
  });

  it('invalid_grant with nothing newer stored ends the session', async () => {
    const { tm, grants, repo, ended } = setup();
    grants.fail = new OAuthError('invalid_grant', 'expired', 400);
    await assert.rejects(manual.run(tm.getAccessToken('s1', { forceRefresh: true })), SessionEndedError);
    assert.deepEqual(ended, ['s1']);
    assert.equal(repo.sessions.has('s1'), false);
  });

  it('a network error keeps the session and its tokens', async () => {
    const { tm, grants, repo, ended } = setup();
    grants.fail = new NetworkError('connection reset');
    await assert.rejects(tm.getAccessToken('s1', { forceRefresh: true }), NetworkError);
    assert.deepEqual(ended, []);
    assert.equal(repo.sessions.get('s1')?.refreshToken, 'refresh-0');
    grants.fail = undefined;
    assert.equal(await tm.getAccessToken('s1', { forceRefresh: true }), 'access-1');
    tm.dispose();
  });

  it('client credentials sessions get a new token from the grant, with no refresh token', async () => {
    const { tm, repo } = setup(session({ grant: 'client_credentials', refreshToken: undefined, expiresAt: HOUR }));
    clock = HOUR;
    assert.equal(await tm.getAccessToken('s1'), 'cc-1');
    assert.equal(repo.sessions.get('s1')?.refreshToken, undefined);
    tm.dispose();
  });

  it('schedules a background refresh at the due time', async () => {
    const { tm, grants, repo } = setup(session({ issuedAt: 0, expiresAt: 300 }));
    clock = 0;
    tm.schedule((await repo.get('s1')) as StoredSession);
    await manual.advance(269);
    assert.equal(grants.calls, 0, 'refreshed before the due time');
    await manual.advance(10); // the due time (300 ms lifetime: its last tenth, plus jitter) has come
    await until(() => grants.calls === 1);
    tm.dispose();
  });
});
