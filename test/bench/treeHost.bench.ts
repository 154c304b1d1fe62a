// 5. The tree in the real extension host: its memory with 10,000 tickets loaded in the Tickets tree, measured from
// inside (test/bench/extensionHost/treeMemory.ts) in fresh code-server starts. Needs the test build of the
// extension (its test seams sign in to the sandbox), so it runs before the production build is made.
import fs from 'node:fs';
import path from 'node:path';
import { launchChromium, newWorkspace, repoRoot, startCodeServer, tmpDir, workbenchUrl } from '../harness/codeServer';
import type { BenchContext } from './context';
import { le, row, summarize, type Row } from './report';

interface Result { tickets: number; items: number; loadMs: number; before: { heapMb: number; rssMb: number }; after: { heapMb: number; rssMb: number } }

async function oneRun(): Promise<Result> {
  const out = path.join(tmpDir('bench-'), 'tree-memory.json');
  const workspace = newWorkspace();
  const server = await startCodeServer({ workspace, smokeTestDriver: true, env: { ZENDESK_TEST_MODE: '1', ZD_BENCH_OUT: out } });
  const browser = await launchChromium();
  try {
    const page = browser.pages()[0] ?? (await browser.newPage());
    let finish!: (code: number) => void;
    const done = new Promise<number>((r) => (finish = r));
    await page.exposeFunction('codeAutomationLog', () => undefined);
    await page.exposeFunction('codeAutomationExit', (code: number) => finish(code));
    await page.goto(workbenchUrl(server, { workspace, extensionDevelopmentPath: repoRoot, extensionTestsPath: path.join(repoRoot, 'out', 'test', 'bench', 'extensionHost', 'treeMemory.js') }));
    const timer = setTimeout(() => finish(-1), 300_000);
    const code = await done;
    clearTimeout(timer);
    if (code !== 0 || !fs.existsSync(out)) throw new Error(`the extension host run ended with ${code === -1 ? 'a timeout' : `exit ${code}`}; see ${server.logFile}`);
    return JSON.parse(fs.readFileSync(out, 'utf8')) as Result;
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
  }
}

export async function measureTreeHost(ctx: BenchContext): Promise<Row[]> {
  const s = '5. Tree';
  if (!fs.readFileSync(path.join(repoRoot, 'dist', 'main.js'), 'utf8').includes('testSeamsFromEnvironment')) {
    return [row(s, 'extension host memory with 10,000 tickets', 'MB', 'not measured: dist/ holds the production build; it needs the test build (npm run bench builds it first)')];
  }
  const runs: Result[] = [];
  for (let i = 0, n = ctx.reps(5, 1); i < n; i++) {
    runs.push(await oneRun());
    ctx.progress(`extension host run ${i + 1}/${n}: +${(runs[i].after.heapMb - runs[i].before.heapMb).toFixed(1)} MB heap`);
  }
  return [
    row(s, 'extension host: heap + buffers added by 10,000 tickets in the tree', 'MB', summarize(runs.map((r) => r.after.heapMb - r.before.heapMb)), {
      target: le(50, '≤ +50 MB'),
      note: `${runs[0].tickets} tickets and ${runs[0].items} tree items; after a forced GC; test build`,
    }),
    row(s, 'extension host: RSS added (what the OS sees)', 'MB', summarize(runs.map((r) => r.after.rssMb - r.before.rssMb)), {
      target: le(50, '≤ +50 MB'),
      note: 'includes memory the GC freed and V8 kept: each "Load more" builds every node of the view again',
    }),
    row(s, 'extension host: 10,000 tickets through the tree, "Load more" 25 at a time', 'ms', summarize(runs.map((r) => r.loadMs))),
  ];
}
