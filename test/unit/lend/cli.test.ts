// zendesk-token's command line: scopes as users type them, exec's environment, and the helper run for real (the
// launcher in bin/ and the bundle in dist/) against a channel: the token alone on stdout, errors on stderr.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LAUNCHER_ADDED_ELECTRON, execEnvironment, exitStatus, parseInvocation } from '../../../src/lend/cli';
import { LendServer, type LendHandler } from '../../../src/lend/ipcServer';
import { LEND_ENV, parseScopeList, type TokenAnswer } from '../../../src/lend/protocol';
import { findRoot } from '../../support/repoRoot';
import { runCaptured, type Run } from '../../support/run';
import { NO_LOG } from '../../../src/zendesk/types';

const answer: TokenAnswer = {
  accessToken: 'tok-123456789',
  subdomain: 'acme',
  baseUrl: 'https://acme.zendesk.com',
  expiresAt: null,
  scopes: ['read'],
};

describe('lend: zendesk-token arguments', () => {
  it('reads scopes as typed: spaces, commas, plus signs; read when none; unknown ones named', () => {
    assert.deepEqual(parseScopeList(''), ['read']);
    assert.deepEqual(parseScopeList('read write'), ['read', 'write']);
    assert.deepEqual(parseScopeList('tickets:read,users:read'), ['tickets:read', 'users:read']);
    assert.deepEqual(parseScopeList('read+tickets:write read'), ['read', 'tickets:write']);
    assert.throws(() => parseScopeList('read tickts:write'), { code: 'bad_request', message: /tickts/ });
    assert.throws(() => parseScopeList('auditlogs:write'), { code: 'bad_request', message: /read-only/ });
  });

  it('reads the commands and their options', () => {
    assert.deepEqual(parseInvocation([]), { command: 'token', account: undefined, scopes: ['read'] });
    assert.deepEqual(parseInvocation(['--account', 'acme', '--scopes=tickets:read']), {
      command: 'token',
      account: 'acme',
      scopes: ['tickets:read'],
    });
    assert.deepEqual(parseInvocation(['exec', '--scopes', 'read write', '--', 'zcli', 'apps:server', '--', 'x']), {
      command: 'exec',
      account: undefined,
      scopes: ['read', 'write'],
      argv: ['zcli', 'apps:server', '--', 'x'],
    });
    assert.deepEqual(parseInvocation(['exec', 'env']).command, 'exec');
    assert.deepEqual(parseInvocation(['mcp', '--account', 'acme']), { command: 'mcp', account: 'acme' });
    assert.deepEqual(parseInvocation(['--help']), { command: 'help' });
    assert.throws(() => parseInvocation(['exec']), { code: 'bad_request', message: /exec -- COMMAND/ });
    assert.throws(() => parseInvocation(['--scopes']), { code: 'bad_request', message: /--scopes needs a value/ });
    assert.throws(() => parseInvocation(['--verbose']), { code: 'bad_request', message: /--help/ });
  });

  it("gives exec's command zcli's variables, leaves the helper's own environment alone", () => {
    const base = { PATH: '/bin', [LEND_ENV.secret]: 's', ELECTRON_RUN_AS_NODE: '1', [LAUNCHER_ADDED_ELECTRON]: '1' };
    const before = { ...base };
    const env = execEnvironment(base, answer);
    assert.equal(env.ZENDESK_SUBDOMAIN, 'acme');
    assert.equal(env.ZENDESK_OAUTH_TOKEN, 'tok-123456789');
    assert.equal(env.PATH, '/bin');
    assert.equal(env.ELECTRON_RUN_AS_NODE, undefined, 'the launcher added it: the command does not inherit it');
    assert.equal(env[LAUNCHER_ADDED_ELECTRON], undefined);
    assert.deepEqual(base, before);
    // The user set it themselves: it stays.
    assert.equal(execEnvironment({ ELECTRON_RUN_AS_NODE: '1' }, answer).ELECTRON_RUN_AS_NODE, '1');
  });

  it('reports a command that ended by a signal as a shell does', () => {
    assert.equal(exitStatus(3, null, os.constants.signals), 3);
    assert.equal(exitStatus(null, 'SIGTERM', os.constants.signals), 143);
  });
});

describe('lend: the zendesk-token helper as a process', function () {
  if (process.platform === 'win32') return;
  const root = findRoot(__dirname);
  const launcher = path.join(root, 'bin', 'zendesk-token');
  let server: LendServer;
  let parent: string;
  let token: (r: { scopes: string[]; account?: string }) => Promise<TokenAnswer>;
  const handler: LendHandler = { token: (r) => token(r), confirm: () => Promise.resolve({ allowed: false }) };

  before(async () => {
    assert.ok(fs.existsSync(path.join(root, 'dist', 'zendesk-token.js')), 'build first: node esbuild.mjs --tests');
    parent = fs.mkdtempSync(path.join(os.tmpdir(), 'lend-cli-'));
    server = await LendServer.start({ handler, log: NO_LOG, parentDir: parent });
  });
  after(async () => {
    await server?.dispose();
    if (parent) fs.rmSync(parent, { recursive: true, force: true });
  });
  beforeEach(() => {
    token = (r) => Promise.resolve({ ...answer, scopes: r.scopes });
  });

  function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
    return runCaptured(launcher, args, {
      env: { PATH: process.env.PATH, ...server.env(), [LEND_ENV.node]: process.execPath, ...env },
    });
  }

  it('prints the token and nothing else on stdout', async () => {
    let asked: { scopes: string[]; account?: string } | undefined;
    token = (r) => {
      asked = r;
      return Promise.resolve({ ...answer, scopes: r.scopes });
    };
    const r = await run(['--account', 'acme', '--scopes', 'tickets:read']);
    assert.deepEqual(r, { code: 0, out: 'tok-123456789\n', err: '' });
    assert.deepEqual({ account: asked?.account, scopes: asked?.scopes }, { account: 'acme', scopes: ['tickets:read'] });
  });

  it('says on stderr what to do, with nothing on stdout and a non-zero status', async () => {
    const { LendError } = await import('../../../src/lend/protocol');
    token = () => Promise.reject(new LendError('denied', 'Denied in VS Code.'));
    assert.deepEqual(await run([]), { code: 1, out: '', err: 'zendesk-token: Denied in VS Code.\n' });
    const noSecret = await run([], { [LEND_ENV.secret]: '' });
    assert.equal(noSecret.code, 1);
    assert.equal(noSecret.out, '');
    assert.match(noSecret.err, /VS Code opened/);
    const wrong = await run([], { [LEND_ENV.secret]: 'not-it' });
    assert.equal(wrong.code, 1);
    assert.match(wrong.err, /run this in a VS Code terminal/);
    const typo = await run(['--scopes', 'tikets:read']);
    assert.equal(typo.code, 2);
    assert.match(typo.err, /tikets:read/);
  });

  it('exec runs the command with the token in its environment and passes its exit status on', async () => {
    const script =
      'process.stdout.write(JSON.stringify([process.env.ZENDESK_SUBDOMAIN, process.env.ZENDESK_OAUTH_TOKEN, process.env.ELECTRON_RUN_AS_NODE ?? null])); process.exit(7)';
    const r = await run(['exec', '--', process.execPath, '-e', script]);
    assert.equal(r.code, 7);
    assert.deepEqual(JSON.parse(r.out), ['acme', 'tok-123456789', null]);
    const missing = await run(['exec', '--', 'no-such-command-zd']);
    assert.equal(missing.code, 127);
    assert.match(missing.err, /no-such-command-zd: not found on PATH/);
  });
});
