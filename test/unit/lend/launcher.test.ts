// bin/zendesk-token as a terminal runs it: the curl fast path prints the token and nothing else, keeps the secret
// out of every process's arguments, words a refusal as the Node helper does without asking twice, and anything it
// does not understand goes to the Node helper.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LendServer, type LendHandler } from '../../../src/lend/ipcServer';
import { LEND_ENV, LendError, type TokenRequest } from '../../../src/lend/protocol';
import { NO_LOG } from '../../../src/zendesk/types';
import { findRoot } from '../../support/repoRoot';
import { runCaptured, type Run } from '../../support/run';

const LAUNCHER = path.join(findRoot(__dirname), 'bin', 'zendesk-token');
const TOKEN = 'tok-0123456789abcdef';

function which(cmd: string): string | undefined {
  try {
    return execFileSync('/bin/sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

function run(env: NodeJS.ProcessEnv, args: string[] = []): Promise<Run> {
  return runCaptured(LAUNCHER, args, { env });
}

describe('lend: bin/zendesk-token, the curl fast path', function () {
  const curl = which('curl');
  if (process.platform === 'win32' || !curl) return;
  let dir: string;
  let server: LendServer;
  let requests: TokenRequest[];
  let refusal: LendError | undefined;
  /** A PATH whose curl records its arguments (then runs the real one), with what the launcher's fallback needs. */
  let shimmed: string;
  /** A PATH without curl. */
  let noCurl: string;
  let argvLog: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lend-launcher-'));
    argvLog = path.join(dir, 'curl-argv');
    shimmed = path.join(dir, 'shimmed');
    noCurl = path.join(dir, 'no-curl');
    for (const d of [shimmed, noCurl]) {
      fs.mkdirSync(d);
      for (const tool of ['dirname', 'sed']) fs.symlinkSync(which(tool) ?? `/usr/bin/${tool}`, path.join(d, tool));
    }
    fs.writeFileSync(
      path.join(shimmed, 'curl'),
      `#!/bin/sh\nprintf '%s\\n' "$@" >> '${argvLog}'\nexec '${curl}' "$@"\n`,
      { mode: 0o755 },
    );
    const handler: LendHandler = {
      token: (r) => {
        requests.push(r);
        if (refusal) return Promise.reject(refusal);
        return Promise.resolve({
          accessToken: TOKEN,
          subdomain: 's',
          baseUrl: 'https://s.test',
          expiresAt: null,
          scopes: r.scopes,
        });
      },
      confirm: () => Promise.resolve({ allowed: false }),
    };
    server = await LendServer.start({ handler, log: NO_LOG, parentDir: dir });
  });
  after(async () => {
    await server.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    requests = [];
    refusal = undefined;
    fs.rmSync(argvLog, { force: true });
  });

  const env = (PATH: string, secret = server.secret): NodeJS.ProcessEnv => ({
    PATH,
    [LEND_ENV.handle]: server.handle,
    [LEND_ENV.secret]: secret,
    [LEND_ENV.node]: process.execPath,
  });

  it('prints the token and nothing else through curl, the secret in no argument', async () => {
    const r = await run(env(shimmed));
    assert.deepEqual(r, { code: 0, out: `${TOKEN}\n`, err: '' });
    const argv = fs.readFileSync(argvLog, 'utf8');
    assert.match(argv, /--unix-socket/, 'curl was not used');
    assert.ok(!argv.includes(server.secret), 'the secret is in curl’s arguments');
    assert.equal(requests.length, 1);
    assert.deepEqual(requests[0]?.scopes, ['read']);
    assert.ok(Number.isInteger(requests[0]?.pid), 'the request names its process, to find its terminal');
  });

  it('words a refusal as the Node helper does, with its exit status, and asks once', async () => {
    refusal = new LendError('denied', 'Denied in VS Code.');
    const fast = await run(env(shimmed));
    assert.deepEqual(fast, { code: 1, out: '', err: 'zendesk-token: Denied in VS Code.\n' });
    assert.equal(requests.length, 1, 'asked a second time');
    const slow = await run(env(noCurl));
    assert.deepEqual(slow, fast);
    refusal = new LendError('bad_request', '"scopes" must be a list of scopes such as ["read"].');
    const bad = await run(env(shimmed));
    assert.deepEqual(bad, {
      code: 2,
      out: '',
      err: 'zendesk-token: "scopes" must be a list of scopes such as ["read"].\n',
    });
  });

  it('goes to the Node helper without curl, with arguments, or with a wrong secret', async () => {
    assert.deepEqual(await run(env(noCurl)), { code: 0, out: `${TOKEN}\n`, err: '' });
    const scoped = await run(env(shimmed), ['--scopes', 'tickets:read']);
    assert.deepEqual(scoped, { code: 0, out: `${TOKEN}\n`, err: '' });
    assert.deepEqual(requests.at(-1)?.scopes, ['tickets:read']);
    assert.ok(!fs.existsSync(argvLog), 'curl was used for arguments it does not handle');
    const wrong = await run(env(shimmed, 'not-the-secret'));
    assert.equal(wrong.code, 1);
    assert.equal(wrong.out, '');
    assert.match(wrong.err, /^zendesk-token: .*terminal/);
  });
});
