// Tokens for what runs in VS Code's terminals (src/lend/): a process started with the environment the terminals get
// asks `zendesk-token` for a token; the user's answer decides; the token works at the sandbox and carries exactly the
// scopes asked; without the secret there is nothing.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { LEND_ENV } from '../../src/lend/protocol';
import { ScriptedBrowser, signIn, testing, until, useSandbox } from './helpers';

interface Run {
  code: number | null;
  out: string;
  err: string;
}

/** The variables a terminal of this window gets, read from the extension's environment collection. */
async function terminalEnv(): Promise<NodeJS.ProcessEnv> {
  const t = await testing();
  assert.ok(await t.lending, 'the channel did not start');
  const c = t.terminalEnvironment;
  const value = (name: string) => {
    const m = c.get(name);
    assert.ok(m, `${name} is not in the terminals' environment`);
    return m.value;
  };
  const pathPrefix = c.get('PATH');
  assert.equal(pathPrefix?.type, vscode.EnvironmentVariableMutatorType.Prepend);
  return {
    HOME: os.homedir(),
    PATH: `${pathPrefix?.value ?? ''}${process.env.PATH ?? ''}`,
    [LEND_ENV.handle]: value(LEND_ENV.handle),
    [LEND_ENV.secret]: value(LEND_ENV.secret),
    [LEND_ENV.node]: value(LEND_ENV.node),
  };
}

/** Runs a shell command line as a terminal would, with `env`. */
function sh(line: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const p = spawn('/bin/sh', ['-c', line], { env });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('lend: tokens for the terminals (zendesk-token)', function () {
  if (process.platform === 'win32') return;
  const env = useSandbox();
  const questions: { message: string; choices: readonly string[] }[] = [];
  let answer: (choices: readonly string[]) => string | undefined = () => undefined;

  beforeEach(async () => {
    questions.length = 0;
    const t = await testing();
    t.ui.askToLend = (message, _detail, choices) => {
      questions.push({ message, choices });
      return Promise.resolve(answer(choices));
    };
  });
  afterEach(async () => {
    delete (await testing()).ui.askToLend;
  });

  /** What the sandbox says of a token: its scopes, and whose it is. */
  async function atSandbox(token: string): Promise<{ scopes: string[]; userId: number }> {
    const res = await fetch(`${env.sandbox.url}/api/v2/oauth/tokens/current.json`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { token: { scopes: string[]; user_id: number } };
    return { scopes: body.token.scopes, userId: body.token.user_id };
  }

  it('gives a token after Allow that works at the sandbox, with exactly the scopes asked', async () => {
    const { session } = await signIn(['read']);
    const e = await terminalEnv();
    answer = (choices) => choices[0];
    const r = await sh('zendesk-token', e);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.err, '');
    const token = r.out.trimEnd();
    assert.equal(r.out, `${token}\n`, 'nothing but the token on stdout');
    assert.equal(questions.length, 1);
    assert.match(questions[0]?.message ?? '', /asks for a Zendesk token for sandbox with read/);
    const me = await fetch(`${env.sandbox.url}/api/v2/users/me.json`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    assert.equal(((await me.json()) as { user: { email: string } }).user.email, 'agent@sandbox.test');
    assert.deepEqual((await atSandbox(token)).scopes, ['read']);
    assert.equal(token, session.accessToken, "the read session's own token");

    // Narrower than the signed-in session: a session signed in for exactly that set, not the broader one.
    (await testing()).ui.openExternal = new ScriptedBrowser().open;
    const narrow = await sh('zendesk-token --scopes tickets:read', e);
    assert.equal(narrow.code, 0, narrow.err);
    const narrowToken = narrow.out.trim();
    assert.notEqual(narrowToken, token);
    assert.deepEqual((await atSandbox(narrowToken)).scopes, ['tickets:read']);
  });

  it('gives nothing after Deny: no token, a message on stderr, a non-zero status', async () => {
    await signIn(['read']);
    answer = () => undefined;
    const r = await sh('zendesk-token', await terminalEnv());
    assert.deepEqual({ code: r.code, out: r.out }, { code: 1, out: '' });
    assert.equal(r.err, 'zendesk-token: Denied in VS Code.\n');
    assert.equal(questions.length, 1);
  });

  it('gives nothing to a process without the secret, and asks the user nothing', async () => {
    await signIn(['read']);
    answer = (choices) => choices[0];
    const e = await terminalEnv();
    for (const secret of [undefined, 'not-the-secret', `${e[LEND_ENV.secret] ?? ''}x`]) {
      const r = await sh('zendesk-token', { ...e, [LEND_ENV.secret]: secret });
      assert.equal(r.code, 1, String(secret));
      assert.equal(r.out, '');
      assert.match(r.err, /terminal/);
    }
    assert.equal(questions.length, 0);
  });

  it('exec gives the command ZENDESK_SUBDOMAIN and ZENDESK_OAUTH_TOKEN, for that command only', async () => {
    await signIn(['read']);
    answer = (choices) => choices[0];
    const r = await sh(
      'zendesk-token exec -- sh -c \'echo "$ZENDESK_SUBDOMAIN"; curl -s -H "Authorization: Bearer $ZENDESK_OAUTH_TOKEN" "$0/api/v2/users/me.json"; echo\' ' +
        `${env.sandbox.url}; echo "after:$ZENDESK_OAUTH_TOKEN"`,
      await terminalEnv(),
    );
    assert.equal(r.code, 0, r.err);
    const [subdomain, body, after] = r.out.split('\n');
    assert.equal(subdomain, 'sandbox');
    assert.equal((JSON.parse(body ?? '') as { user: { email: string } }).user.email, 'agent@sandbox.test');
    assert.equal(after, 'after:', 'the shell itself never had the token');
  });

  it("recognises the terminal a request comes from: asked once for it, by the terminal's name", async function () {
    await signIn(['read']);
    await terminalEnv();
    answer = (choices) => choices.find((c) => c === 'Allow for This Terminal');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lend-terminal-'));
    const terminal = vscode.window.createTerminal({
      name: 'lend-test',
      shellPath: '/bin/sh',
      shellArgs: ['-c', `zendesk-token > "${dir}/a"; zendesk-token > "${dir}/b"; echo $? > "${dir}/rc"; sleep 30`],
    });
    try {
      await until(() => fs.existsSync(path.join(dir, 'rc')), 30_000, 'the terminal never ran zendesk-token');
      assert.equal(fs.readFileSync(path.join(dir, 'rc'), 'utf8').trim(), '0');
      const a = fs.readFileSync(path.join(dir, 'a'), 'utf8').trim();
      assert.ok(a.length > 10);
      assert.equal(fs.readFileSync(path.join(dir, 'b'), 'utf8').trim(), a);
      assert.deepEqual(questions, [
        {
          message:
            "A process in terminal 'lend-test' asks for a Zendesk token for sandbox with read. Allow for this terminal?",
          choices: ['Allow for This Terminal'],
        },
      ]);
    } finally {
      terminal.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('logs who asked for what, never the token', async () => {
    const { t } = await signIn(['read']);
    answer = (choices) => choices[0];
    const r = await sh('zendesk-token', await terminalEnv());
    const token = r.out.trim();
    assert.ok(token.length > 10);
    const file = path.join(t.logUri.fsPath, 'Zendesk.log');
    let text = '';
    await until(
      () => {
        text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
        return /\[lend\] a process in no known terminal \(pid \d+\) asked for a token for sandbox\/\d+ with read: given/.test(
          text,
        );
      },
      10_000,
      'the request was not logged',
    );
    assert.ok(!text.includes(token), 'the token is in the log');
  });
});
