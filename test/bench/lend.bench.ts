// 8. Terminal tokens: `zendesk-token` as a terminal runs it (the launcher in bin/, the bundle in dist/, a new Node
// process each time) against the lending channel, cold (the first run: nothing in the OS's file cache is assumed
// warm, the server's first connection) and warm; and the channel's own round trip from a process already running
// (what `zendesk-token mcp` pays per tool call). The server answers through the real consent logic with the
// terminal already allowed and the session already found: the figures are the channel's and the helper's, not
// Zendesk's (a token refresh is measured in 4. Refresh storm).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Emitter } from '../../src/events';
import { LEND_ENV } from '../../src/lend/protocol';
import { requestToken } from '../../src/lend/ipcClient';
import { LendServer } from '../../src/lend/ipcServer';
import { LendService, type LendTerminal } from '../../src/lend/lendService';
import { NO_LOG } from '../../src/zendesk/types';
import { repoRoot } from '../harness/codeServer';
import { since, type BenchContext } from './context';
import { le, row, summarize, type Row } from './report';

const SECTION = '8. Terminal tokens';

function runHelper(env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const p = spawn(path.join(repoRoot, 'bin', 'zendesk-token'), [], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.on('error', reject);
    p.on('close', (code) =>
      code === 0 && out === 'bench-token-0123456789\n'
        ? resolve(since(started))
        : reject(new Error(`zendesk-token exited ${code}`)),
    );
  });
}

export async function measureLend(ctx: BenchContext): Promise<Row[]> {
  const terminal: LendTerminal = { name: 'bench' };
  const closed = new Emitter<LendTerminal>();
  const service = new LendService({
    // Every request comes from the one terminal, allowed at the first question.
    terminals: { terminalOf: () => Promise.resolve(terminal), onDidClose: (l) => closed.event(l) },
    dialogs: { askToLend: (_m, _d, choices) => Promise.resolve(choices[choices.length - 1]) },
    sessions: {
      account: () => Promise.resolve({ accountId: 'bench/1', subdomain: 'bench', label: 'Bench (bench)' }),
      token: (_a, scopes) =>
        Promise.resolve({
          accessToken: 'bench-token-0123456789',
          subdomain: 'bench',
          baseUrl: 'https://bench.zendesk.com',
          expiresAt: null,
          scopes: [...scopes],
        }),
    },
    log: NO_LOG,
  });
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'lend-bench-'));
  const server = await LendServer.start({ handler: service, log: NO_LOG, parentDir: parent });
  try {
    const env = { PATH: process.env.PATH, ...server.env(), [LEND_ENV.node]: process.execPath };
    ctx.progress('zendesk-token, cold');
    const cold = await runHelper(env);
    const warm: number[] = [];
    for (let i = 0; i < ctx.reps(30, 5); i++) warm.push(await runHelper(env));
    // The same without curl on PATH: the launcher's Node helper, what the fast path saves.
    const noCurl = path.join(parent, 'no-curl');
    fs.mkdirSync(noCurl);
    fs.symlinkSync('/usr/bin/dirname', path.join(noCurl, 'dirname'));
    const viaNode: number[] = [];
    for (let i = 0; i < ctx.reps(30, 5); i++) viaNode.push(await runHelper({ ...env, PATH: noCurl }));
    // A bare `node -e ''`: what any helper that is a Node program pays before its first line.
    const bare: number[] = [];
    for (let i = 0; i < ctx.reps(30, 5); i++) {
      const started = performance.now();
      await new Promise((resolve) => spawn(process.execPath, ['-e', ''], { stdio: 'ignore' }).on('close', resolve));
      bare.push(since(started));
    }
    const channel = { handle: server.handle, secret: server.secret };
    await requestToken(channel, { scopes: ['read'] });
    const roundTrips: number[] = [];
    for (let i = 0; i < ctx.reps(200, 20); i++) {
      const started = performance.now();
      await requestToken(channel, { scopes: ['read'] });
      roundTrips.push(since(started));
    }
    const warmSummary = summarize(warm);
    return [
      row(SECTION, 'zendesk-token, cold (first run)', 'ms', cold),
      row(SECTION, 'zendesk-token, warm (a new process each run)', 'ms', warmSummary, {
        target: le(20, 'warm under 20 ms (issue 21)'),
        note: 'through curl where curl is installed (the launcher’s fast path)',
      }),
      row(SECTION, 'zendesk-token, warm, without curl (the Node helper)', 'ms', summarize(viaNode), {
        note: `a bare Node start here takes ${summarize(bare).median.toFixed(1)} ms of it`,
      }),
      row(SECTION, 'channel round trip, warm (from a running process)', 'ms', summarize(roundTrips), {
        target: le(20, 'warm under 20 ms (issue 21)'),
      }),
    ];
  } finally {
    service.dispose();
    closed.dispose();
    await server.dispose();
    fs.rmSync(parent, { recursive: true, force: true });
  }
}
