import assert from 'node:assert/strict';
import {
  AuthorizationDeniedError,
  InvalidCallbackError,
  RedirectCancelledError,
  RedirectTimeoutError,
  StateMismatchError,
} from '../../../src/auth/redirect/errors';
import { ManualStrategy, readPastedCallback } from '../../../src/auth/redirect/manual';
import { context, FakeHost, STATE } from './fakeHost';

describe('redirect: manual', () => {
  async function run(answer: string | undefined) {
    const host = new FakeHost(undefined, () => Promise.resolve(answer));
    const ctx = context(host, { config: { loopbackPort: 48127 } });
    const pending = await new ManualStrategy().start(ctx);
    return { host, ctx, pending };
  }

  it('registers the plain loopback URL and prompts with it', async () => {
    const { host, pending } = await run(`http://127.0.0.1:48127/callback?code=abc123&state=${STATE}`);
    assert.equal(pending.strategy, 'manual');
    assert.equal(pending.redirectUri, 'http://127.0.0.1:48127/callback');
    assert.equal(pending.stateParam, STATE);
    assert.deepEqual(await pending.wait(), { code: 'abc123' });
    assert.deepEqual(host.prompts, ['http://127.0.0.1:48127/callback']);
  });

  it('accepts the pasted URL with surrounding blanks, and prompts once however often wait() is called', async () => {
    const { host, pending } = await run(`  http://127.0.0.1:48127/callback?state=${STATE}&code=xyz \n`);
    const [a, b] = await Promise.all([pending.wait(), pending.wait()]);
    assert.deepEqual(a, { code: 'xyz' });
    assert.deepEqual(b, { code: 'xyz' });
    assert.equal(host.prompts.length, 1);
  });

  it('rejects a pasted URL with another state', async () => {
    const { pending } = await run('http://127.0.0.1:48127/callback?code=abc123&state=older-attempt');
    await assert.rejects(pending.wait(), StateMismatchError);
  });

  it('rejects a pasted URL without state even if it has a code', async () => {
    const { pending } = await run('http://127.0.0.1:48127/callback?code=abc123');
    await assert.rejects(pending.wait(), StateMismatchError);
  });

  it('turns a cancelled prompt into RedirectCancelledError', async () => {
    const { pending } = await run(undefined);
    await assert.rejects(pending.wait(), RedirectCancelledError);
  });

  it('rejects promptly on abort even while the prompt is open', async () => {
    const host = new FakeHost(undefined, () => new Promise(() => undefined));
    const ctx = context(host);
    const pending = await new ManualStrategy().start(ctx);
    const waited = pending.wait();
    ctx.controller.abort(new RedirectTimeoutError());
    await assert.rejects(waited, RedirectTimeoutError);
  });

  it('dispose rejects a pending wait()', async () => {
    const host = new FakeHost(undefined, () => new Promise(() => undefined));
    const pending = await new ManualStrategy().start(context(host));
    const waited = pending.wait();
    pending.dispose();
    pending.dispose();
    await assert.rejects(waited, RedirectCancelledError);
  });
});

describe('redirect: readPastedCallback', () => {
  it('reads a full URL: state first, then error, then code', () => {
    assert.deepEqual(readPastedCallback(`http://127.0.0.1:48127/callback?code=c1&state=${STATE}`, STATE), { code: 'c1' });
    assert.throws(() => readPastedCallback(`http://127.0.0.1:48127/callback?error=access_denied&state=${STATE}`, STATE), AuthorizationDeniedError);
    assert.throws(() => readPastedCallback('http://127.0.0.1:48127/callback?error=access_denied&state=x', STATE), StateMismatchError);
    assert.throws(() => readPastedCallback(`http://127.0.0.1:48127/callback?state=${STATE}`, STATE), InvalidCallbackError);
  });

  it('reads the query alone', () => {
    assert.deepEqual(readPastedCallback(`?code=c2&state=${STATE}`, STATE), { code: 'c2' });
    assert.deepEqual(readPastedCallback(`code=c3&state=${STATE}`, STATE), { code: 'c3' });
    assert.throws(() => readPastedCallback('code=c3', STATE), StateMismatchError);
  });

  it('accepts a bare code (PKCE binds it to this flow) but nothing else', () => {
    assert.deepEqual(readPastedCallback('0a1b2c3d4e5f6a7b8c9d', STATE), { code: '0a1b2c3d4e5f6a7b8c9d' });
    for (const bad of ['', '   ', 'short', 'two words here', 'http://', 'https://[bad', 'javascript:alert(1)', '<script>']) {
      assert.throws(() => readPastedCallback(bad, STATE), InvalidCallbackError, bad);
    }
  });
});
