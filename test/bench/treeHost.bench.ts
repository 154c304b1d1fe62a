// 5. The tree in the real extension host: its memory with 10,000 tickets loaded in the Tickets tree, measured from
// inside (test/bench/extensionHost/treeMemory.ts) in fresh code-server starts. Needs the test build of the
// extension staged in out (its test entry signs in to the sandbox through the scripted browser).
import fs from 'node:fs';
import path from 'node:path';
import { launchChromium, newWorkspace, repoRoot, startCodeServer, tmpDir, workbenchUrl } from '../harness/codeServer';
import { TEST_EXTENSION_DIR } from '../harness/testBuild';
import type { BenchContext } from './context';
import { le, row, summarize, type Row } from './report';

/** `spaces`: what V8 holds per heap space (MB, used or not), for where the RSS beyond the live heap sits. */
interface Memory {
  heapMb: number;
  rssMb: number;
  spaces?: Record<string, number>;
  waitedMs?: number;
}
/** `before`: right after sign-in; `after`: right after the load. `…Settled`: each once V8 has given back what it
 * took while working (treeMemory.ts, settledMemory), as while a user reads the tree. */
interface Result {
  tickets: number;
  items: number;
  loadMs: number;
  before: Memory;
  after: Memory;
  beforeSettled: Memory;
  afterSettled: Memory;
}

async function oneRun(): Promise<Result> {
  const out = path.join(tmpDir('bench-'), 'tree-memory.json');
  const workspace = newWorkspace();
  const server = await startCodeServer({
    workspace,
    smokeTestDriver: true,
    env: { ZD_BENCH_OUT: out },
  });
  const browser = await launchChromium();
  try {
    const page = browser.pages()[0] ?? (await browser.newPage());
    let finish!: (code: number) => void;
    const done = new Promise<number>((r) => (finish = r));
    await page.exposeFunction('codeAutomationLog', () => undefined);
    await page.exposeFunction('codeAutomationExit', (code: number) => finish(code));
    await page.goto(
      workbenchUrl(server, {
        workspace,
        extensionDevelopmentPath: path.join(repoRoot, TEST_EXTENSION_DIR),
        extensionTestsPath: path.join(repoRoot, 'out', 'test', 'bench', 'extensionHost', 'treeMemory.js'),
      }),
    );
    const timer = setTimeout(() => finish(-1), 300_000);
    const code = await done;
    clearTimeout(timer);
    if (code !== 0 || !fs.existsSync(out)) {
      throw new Error(
        `the extension host run ended with ${code === -1 ? 'a timeout' : `exit ${code}`}; see ${server.logFile}`,
      );
    }
    return JSON.parse(fs.readFileSync(out, 'utf8')) as Result;
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
  }
}

export async function measureTreeHost(ctx: BenchContext): Promise<Row[]> {
  const s = '5. Tree';
  if (!fs.existsSync(path.join(repoRoot, TEST_EXTENSION_DIR, 'dist', 'main.js'))) {
    return [
      row(
        s,
        'extension host memory with 10,000 tickets',
        'MB',
        'not measured: out holds no test build of the extension (npm run bench builds it first)',
      ),
    ];
  }
  const runs: Result[] = [];
  for (let i = 0, n = ctx.reps(5, 1); i < n; i++) {
    runs.push(await oneRun());
    const { before, after } = runs[i];
    ctx.progress(
      `extension host run ${i + 1}/${n}: +${(after.heapMb - before.heapMb).toFixed(1)} MB heap, +${(after.rssMb - before.rssMb).toFixed(1)} MB RSS; V8's young generation ${before.spaces?.new_space} → ${after.spaces?.new_space} MB, old space ${before.spaces?.old_space} → ${after.spaces?.old_space} MB`,
    );
  }
  const young = (r: Result) => (r.after.spaces?.new_space ?? 0) - (r.before.spaces?.new_space ?? 0);
  return [
    row(
      s,
      'extension host: heap + buffers added by 10,000 tickets in the tree',
      'MB',
      summarize(runs.map((r) => r.after.heapMb - r.before.heapMb)),
      {
        target: le(50, '≤ +50 MB'),
        note: `${runs[0].tickets} tickets and ${runs[0].items} tree items; after a forced GC; test build`,
      },
    ),
    row(
      s,
      'extension host: RSS added (what the OS sees), right after sign-in and right after the load',
      'MB',
      summarize(runs.map((r) => r.after.rssMb - r.before.rssMb)),
      {
        target: le(50, '≤ +50 MB'),
        note: `includes memory V8 took while loading and has not given back yet: its young generation grew by ${summarize(runs.map(young)).median} MB (median)`,
      },
    ),
    row(
      s,
      'extension host: RSS added (what the OS sees), the host idle before and after',
      'MB',
      summarize(runs.map((r) => r.afterSettled.rssMb - r.beforeSettled.rssMb)),
      {
        target: le(50, '≤ +50 MB'),
        note: `each measured once V8's young generation was given back (waited ${Math.round(summarize(runs.map((r) => r.afterSettled.waitedMs ?? 0)).median / 1000)} s after the load, median; 20 s at most)`,
      },
    ),
    row(
      s,
      'extension host: 10,000 tickets through the tree, "Load more" 25 at a time',
      'ms',
      summarize(runs.map((r) => r.loadMs)),
      {
        note: "after each page, the branch's children and every one's tree item, as VS Code asks for an expanded branch",
      },
    ),
  ];
}
