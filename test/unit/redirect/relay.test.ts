import assert from 'node:assert/strict';
import {
  AuthorizationDeniedError,
  InvalidCallbackError,
  RedirectCancelledError,
  RedirectConfigError,
  RedirectTimeoutError,
  StateMismatchError,
} from '../../../src/auth/redirect/errors';
import { decodeRelayState, readCallbackUri, RelayStrategy } from '../../../src/auth/redirect/relay';
import type { PendingRedirect } from '../../../src/auth/redirect/types';
import { captureLog, context, FakeHost, STATE } from './fakeHost';

const RELAY = 'https://relay.example.com/zendesk/relay.html';

describe('redirect: relay', () => {
  async function start(host = new FakeHost(), overrides = {}) {
    const ctx = context(host, { config: { loopbackPort: 0, relayUrl: RELAY }, ...overrides });
    const pending = await new RelayStrategy().start(ctx);
    const { cb } = decodeRelayState(pending.stateParam)!;
    const nonce = new URL(host.externalRequests[0]).searchParams.get('nonce')!;
    return { ctx, pending, cb, nonce };
  }

  /** What the relay page sends the browser to: the callback with zd_* appended. */
  function forwarded(cb: string, params: Record<string, string>): string {
    return `${cb}&${new URLSearchParams(params).toString()}`;
  }

  it('registers the relay page and carries state, callback and nonce in stateParam', async () => {
    const host = new FakeHost();
    const { pending, cb, nonce } = await start(host);
    assert.equal(pending.strategy, 'relay');
    assert.equal(pending.redirectUri, RELAY);
    assert.match(nonce, /^[0-9a-f]{32}$/, '128 random bits');
    assert.equal(host.externalRequests[0], `vscode://zendesk-vscode.zendesk-vscode/callback?nonce=${nonce}`);
    assert.deepEqual(decodeRelayState(pending.stateParam), { v: 1, s: STATE, cb });
    assert.match(pending.stateParam, /^[A-Za-z0-9_-]+$/, 'base64url');
    pending.dispose();
  });

  it('delivers the code from the forwarded URI and stops listening', async () => {
    const host = new FakeHost();
    const log = captureLog();
    const { pending, cb } = await start(host, { log });
    host.fire(forwarded(cb, { zd_code: 'abc123', zd_state: pending.stateParam }));
    assert.deepEqual(await pending.wait(), { code: 'abc123' });
    assert.equal(host.listenerCount, 0);
    assert.ok(log.lines.every((l) => !l.includes('abc123') && !l.includes(pending.stateParam)));
  });

  it('reads what code-server delivers (vscode-query merged) and vscode.Uri.toString() encoding', async () => {
    const host = new FakeHost();
    const { pending, nonce } = await start(host);
    const query = `zd_code=c0de&zd_state=${pending.stateParam}&nonce=${nonce}`;
    host.fire(`code-oss://zendesk-vscode.zendesk-vscode/callback?${encodeURIComponent(query)}`);
    assert.deepEqual(await pending.wait(), { code: 'c0de' });
  });

  it('ignores URIs for another flow or another path', async () => {
    const host = new FakeHost();
    const { pending, cb, nonce } = await start(host);
    host.fire(forwarded(cb.replace(nonce, 'f'.repeat(32)), { zd_code: 'other', zd_state: pending.stateParam }));
    host.fire(forwarded(cb.replace('/callback', '/elsewhere'), { zd_code: 'other', zd_state: pending.stateParam }));
    host.fire('not a uri');
    assert.equal(host.listenerCount, 1, 'still waiting');
    host.fire(forwarded(cb, { zd_code: 'mine', zd_state: pending.stateParam }));
    assert.deepEqual(await pending.wait(), { code: 'mine' });
  });

  it('rejects a wrong zd_state before reading anything else', async () => {
    const host = new FakeHost();
    const { pending, cb } = await start(host);
    host.fire(forwarded(cb, { zd_code: 'abc', zd_error: 'access_denied', zd_state: 'forged' }));
    await assert.rejects(pending.wait(), StateMismatchError);
    assert.equal(host.listenerCount, 0);
  });

  it('forwards error and description', async () => {
    const host = new FakeHost();
    const { pending, cb } = await start(host);
    host.fire(
      forwarded(cb, {
        zd_error: 'access_denied',
        zd_error_description: 'The end-user denied',
        zd_state: pending.stateParam,
      }),
    );
    const err = await pending.wait().then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err instanceof AuthorizationDeniedError);
    assert.equal(err.error, 'access_denied');
    assert.equal(err.description, 'The end-user denied');
  });

  it('rejects a callback without code', async () => {
    const host = new FakeHost();
    const { pending, cb } = await start(host);
    host.fire(forwarded(cb, { zd_state: pending.stateParam }));
    await assert.rejects(pending.wait(), InvalidCallbackError);
  });

  it('keeps a Codespaces callback intact: its own state stays, zd_* are added', async () => {
    const platform = 'https://fluffy-space-abc123.github.dev/extension-auth-callback?state=platform-state%2Bxyz';
    const host = new FakeHost(() => platform);
    const { pending, cb } = await start(host);
    assert.equal(cb, platform);
    pending.dispose();
  });

  it('rejects on cancel and timeout, and stops listening', async () => {
    const host = new FakeHost();
    const a = await start(host);
    a.ctx.controller.abort();
    await assert.rejects(a.pending.wait(), RedirectCancelledError);
    const b = await start(host);
    b.ctx.controller.abort(new RedirectTimeoutError());
    await assert.rejects(b.pending.wait(), RedirectTimeoutError);
    assert.equal(host.listenerCount, 0);
  });

  it('refuses to start without an https relayUrl', async () => {
    for (const relayUrl of [
      undefined,
      '',
      'http://relay.example.com/r.html',
      'not a url',
      'https://relay.example.com/r.html?x=1',
    ]) {
      const err = await new RelayStrategy()
        .start(context(new FakeHost(), { config: { loopbackPort: 0, relayUrl } }))
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      assert.ok(err instanceof RedirectConfigError, String(relayUrl));
      assert.match(err.message, /zendesk\.oauth\.relayUrl/);
    }
  });

  it('readCallbackUri reads both encodings of a UriHandler URI', () => {
    assert.equal(readCallbackUri('vscode://a.b/callback?nonce=1&zd_code=2')?.params.get('zd_code'), '2');
    assert.equal(readCallbackUri('vscode://a.b/callback?nonce%3D1%26zd_code%3D2')?.params.get('zd_code'), '2');
    assert.equal(readCallbackUri('vscode://a.b/callback?x')?.path, '/callback');
    assert.equal(readCallbackUri('::'), undefined);
  });
});

describe('redirect: relay pending lifecycle', () => {
  let pending: PendingRedirect | undefined;
  afterEach(() => pending?.dispose());

  it('dispose is idempotent and rejects wait()', async () => {
    const host = new FakeHost();
    pending = await new RelayStrategy().start(context(host, { config: { loopbackPort: 0, relayUrl: RELAY } }));
    pending.dispose();
    pending.dispose();
    await assert.rejects(pending.wait(), RedirectCancelledError);
    assert.equal(host.listenerCount, 0);
  });
});
