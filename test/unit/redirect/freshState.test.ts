// Every sign-in carries its own `state`: two sign-ins through the same way back send different states to
// Zendesk, and neither accepts the other's answer. A state reused across sign-ins would let an answer
// captured once (an old tab, a logged URL) complete any later sign-in.
import assert from 'node:assert/strict';
import { StateMismatchError } from '../../../src/auth/redirect/errors';
import { decodeRelayState } from '../../../src/auth/redirect/relay';
import { createStrategy } from '../../../src/auth/redirect/strategies';
import type { PendingRedirect, RedirectContext, StrategyId } from '../../../src/auth/redirect/types';
import { buildAuthorizeUrl } from '../../../src/zendesk/oauth';
import { codeChallengeS256, createCodeVerifier, createState } from '../../../src/zendesk/pkce';
import { context, FakeHost } from './fakeHost';

const RELAY = 'https://relay.example.com/zendesk/relay.html';

/** What signIn does per attempt: a fresh state from createState(), the strategy started with it, the URL built. */
async function signInAttempt(
  id: StrategyId,
  host: FakeHost,
): Promise<{ ctx: RedirectContext; pending: PendingRedirect; authorizeState: string }> {
  const ctx = context(host, { state: createState(), config: { loopbackPort: 0, relayUrl: RELAY } });
  const pending = await createStrategy(id).start(ctx);
  const url = buildAuthorizeUrl({
    baseUrl: 'https://acme.zendesk.com',
    clientId: 'vscode',
    redirectUri: pending.redirectUri,
    scopes: ['read'],
    state: pending.stateParam,
    codeChallenge: codeChallengeS256(createCodeVerifier()),
  });
  return { ctx, pending, authorizeState: new URL(url).searchParams.get('state') ?? '' };
}

/** The flow's own state inside what the strategy sends (the relay wraps it with its callback). */
function innerState(id: StrategyId, stateParam: string): string | undefined {
  return id === 'relay' ? decodeRelayState(stateParam)?.s : stateParam;
}

describe('redirect: every sign-in has its own state', () => {
  const pendings: PendingRedirect[] = [];
  afterEach(() => pendings.splice(0).forEach((p) => p.dispose()));

  for (const id of ['loopback', 'relay', 'manual'] as const) {
    it(`${id}: two sign-ins send different states, each its own createState()`, async () => {
      const first = await signInAttempt(id, new FakeHost());
      const second = await signInAttempt(id, new FakeHost());
      pendings.push(first.pending, second.pending);
      assert.notEqual(first.ctx.state, second.ctx.state, 'createState() returned the same state twice');
      assert.notEqual(first.authorizeState, second.authorizeState, 'two sign-ins sent Zendesk the same state');
      assert.equal(first.authorizeState, first.pending.stateParam);
      assert.equal(
        innerState(id, first.pending.stateParam),
        first.ctx.state,
        'the strategy did not send the state it was given',
      );
      assert.equal(
        innerState(id, second.pending.stateParam),
        second.ctx.state,
        'the strategy did not send the state it was given',
      );
      if (id === 'relay') {
        const cb = (p: PendingRedirect) => decodeRelayState(p.stateParam)?.cb;
        assert.notEqual(cb(first.pending), cb(second.pending), 'two relay sign-ins share a callback nonce');
      }
    });
  }

  it("loopback: the second sign-in refuses the first one's answer and waits for its own", async () => {
    const first = await signInAttempt('loopback', new FakeHost());
    first.pending.dispose();
    const second = await signInAttempt('loopback', new FakeHost());
    pendings.push(second.pending);
    const waited = second.pending.wait();
    assert.equal(
      (await fetch(`${second.pending.redirectUri}?code=old&state=${encodeURIComponent(first.authorizeState)}`)).status,
      400,
    );
    assert.equal(
      (await fetch(`${second.pending.redirectUri}?code=new&state=${encodeURIComponent(second.authorizeState)}`)).status,
      200,
    );
    assert.deepEqual(await waited, { code: 'new' });
  });

  it("manual: the first sign-in's address pasted into the second is refused", async () => {
    let pasted = 0;
    const host = new FakeHost(undefined, () =>
      Promise.resolve(
        pasted++ === 0 ? `http://127.0.0.1:0/callback?code=old&state=${encodeURIComponent(firstState)}` : undefined,
      ),
    );
    const firstState = (await signInAttempt('manual', new FakeHost())).authorizeState;
    const second = await signInAttempt('manual', host);
    pendings.push(second.pending);
    await assert.rejects(second.pending.wait());
    assert.match(host.problems[1] ?? '', /another sign-in attempt/);
  });

  it("relay: the second sign-in refuses an answer carrying the first one's state", async () => {
    const first = await signInAttempt('relay', new FakeHost());
    first.pending.dispose();
    const host = new FakeHost();
    const second = await signInAttempt('relay', host);
    pendings.push(second.pending);
    const cb = decodeRelayState(second.pending.stateParam)?.cb ?? '';
    host.fire(`${cb}&${new URLSearchParams({ zd_code: 'old', zd_state: first.pending.stateParam })}`);
    await assert.rejects(second.pending.wait(), StateMismatchError);
  });
});
