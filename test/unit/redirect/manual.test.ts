import assert from 'node:assert/strict';
import {
  AuthorizationDeniedError,
  InvalidCallbackError,
  RedirectCancelledError,
  RedirectTimeoutError,
  StateMismatchError,
} from '../../../src/auth/redirect/errors';
import { MAX_PASTES, ManualStrategy, readPastedCallback } from '../../../src/auth/redirect/manual';
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

  it('never signs in with a pasted URL with another state, however often it is pasted', async () => {
    const { pending } = await run('http://127.0.0.1:48127/callback?code=abc123&state=older-attempt');
    await assert.rejects(pending.wait(), StateMismatchError);
  });

  it('never signs in with a pasted URL without state even if it has a code', async () => {
    const { pending } = await run('http://127.0.0.1:48127/callback?code=abc123');
    await assert.rejects(pending.wait(), StateMismatchError);
  });

  /** A host whose user pastes `answers` one after the other (undefined = Escape). */
  async function pastes(...answers: Array<string | undefined>) {
    const queue = [...answers];
    const host = new FakeHost(undefined, () => Promise.resolve(queue.shift()));
    const pending = await new ManualStrategy().start(context(host, { config: { loopbackPort: 48127 } }));
    return { host, pending };
  }
  const full = (query: string) => `http://127.0.0.1:48127/callback?${query}`;

  it('refuses a bare code, says to paste the whole address, and asks again', async () => {
    const { host, pending } = await pastes('0a1b2c3d4e5f6a7b8c9d', full(`code=real&state=${STATE}`));
    assert.deepEqual(await pending.wait(), { code: 'real' });
    assert.equal(host.prompts.length, 2);
    assert.equal(host.problems[0], undefined);
    assert.equal(
      host.problems[1],
      "Paste the whole address from the browser's address bar (it starts with http…), not only the code.",
    );
  });

  it('never signs in with a bare code, however often it is pasted', async () => {
    const { host, pending } = await pastes(...Array<string>(MAX_PASTES + 3).fill('0a1b2c3d4e5f6a7b8c9d'));
    const err = await pending.wait().then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err instanceof InvalidCallbackError, String(err));
    assert.match(err.message, /whole address .* not only the code/);
    assert.equal(host.prompts.length, MAX_PASTES, 'stops asking after a few refused pastes');
  });

  it('asks again after a typo or an address from another attempt, saying which', async () => {
    const { host, pending } = await pastes(
      'htp:/127.0.0.1 oops',
      full('code=old&state=older-attempt'),
      full(`code=ok&state=${STATE}`),
    );
    assert.deepEqual(await pending.wait(), { code: 'ok' });
    assert.equal(host.prompts.length, 3);
    assert.match(host.problems[1] ?? '', /not the address the browser ended on/);
    assert.match(host.problems[2] ?? '', /another sign-in attempt/);
  });

  it("ends on Zendesk's own answer (Deny) without asking again", async () => {
    const { host, pending } = await pastes(
      full(`error=access_denied&state=${STATE}`),
      full(`code=late&state=${STATE}`),
    );
    await assert.rejects(pending.wait(), AuthorizationDeniedError);
    assert.equal(host.prompts.length, 1);
  });

  it('Escape on a second prompt cancels', async () => {
    const { pending } = await pastes('0a1b2c3d4e5f6a7b8c9d', undefined);
    await assert.rejects(pending.wait(), RedirectCancelledError);
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
    assert.deepEqual(readPastedCallback(`http://127.0.0.1:48127/callback?code=c1&state=${STATE}`, STATE), {
      code: 'c1',
    });
    assert.throws(
      () => readPastedCallback(`http://127.0.0.1:48127/callback?error=access_denied&state=${STATE}`, STATE),
      AuthorizationDeniedError,
    );
    assert.throws(
      () => readPastedCallback('http://127.0.0.1:48127/callback?error=access_denied&state=x', STATE),
      StateMismatchError,
    );
    assert.throws(
      () => readPastedCallback(`http://127.0.0.1:48127/callback?state=${STATE}`, STATE),
      InvalidCallbackError,
    );
  });

  it('reads the query alone', () => {
    assert.deepEqual(readPastedCallback(`?code=c2&state=${STATE}`, STATE), { code: 'c2' });
    assert.deepEqual(readPastedCallback(`code=c3&state=${STATE}`, STATE), { code: 'c3' });
    assert.throws(() => readPastedCallback('code=c3', STATE), StateMismatchError);
  });

  it('refuses a state equal but for its last character, or a prefix of it', () => {
    const last = `${STATE.slice(0, -1)}${STATE.endsWith('0') ? '1' : '0'}`;
    assert.throws(
      () => readPastedCallback(`http://127.0.0.1:48127/callback?code=c&state=${last}`, STATE),
      StateMismatchError,
    );
    assert.throws(
      () => readPastedCallback(`http://127.0.0.1:48127/callback?code=c&state=${STATE.slice(0, -1)}`, STATE),
      StateMismatchError,
    );
  });

  it('refuses a bare code (it carries no state: login CSRF) and says what to paste', () => {
    for (const code of ['0a1b2c3d4e5f6a7b8c9d', 'abc123DEF456ghi789', 'a'.repeat(64)]) {
      assert.throws(
        () => readPastedCallback(code, STATE),
        (e: unknown) =>
          e instanceof InvalidCallbackError &&
          e.message ===
            "Paste the whole address from the browser's address bar (it starts with http…), not only the code.",
        code,
      );
    }
  });

  it('refuses what is not an address, saying what to paste', () => {
    for (const bad of [
      '',
      '   ',
      'short',
      'two words here',
      'http://',
      'https://[bad',
      'javascript:alert(1)',
      '<script>',
    ]) {
      assert.throws(
        () => readPastedCallback(bad, STATE),
        (e: unknown) =>
          e instanceof InvalidCallbackError && /whole address from the browser's address bar/.test(e.message),
        bad,
      );
    }
  });
});
