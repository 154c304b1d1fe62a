/**
 * `npm run bench`: every measurement of issue 11 in one run, side by side, one table, written as JSON to
 * .vscode-test/bench/. `--quick` for a reduced check run; `--only=paging,storm` for some of them.
 *   node esbuild.mjs --tests && node --expose-gc out/test/bench/index.js [--quick] [--only=...]
 */
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../harness/codeServer';
import { measureActivation } from './activation.bench';
import { measureBytes } from './bytes.bench';
import { createContext, type BenchContext } from './context';
import { measureDetail } from './detail.bench';
import { measurePaging } from './paging.bench';
import { measureRefreshStorm } from './refreshStorm.bench';
import { formatTable, row, runInfo, writeReport, type Row } from './report';
import { measureRequestFiles } from './requestFiles.bench';
import { measureSandbox } from './sandbox.bench';
import { measureTicketTab } from './ticketTab.bench';
import { measureLend } from './lend.bench';
import { measureTree } from './tree.bench';
import { measureTreeHost } from './treeHost.bench';

const MEASUREMENTS: { key: string; section: string; run: (ctx: BenchContext) => Promise<Row[]> }[] = [
  // The extension host's tree memory needs the test build (npm run bench makes it); bytes then builds the
  // production bundle, which the activation starts load, as users get it.
  { key: 'treehost', section: '5. Tree (extension host)', run: measureTreeHost },
  { key: 'bytes', section: '2. Bytes', run: measureBytes },
  { key: 'activation', section: '1. Activation', run: measureActivation },
  { key: 'paging', section: '3. Paging 10,000', run: measurePaging },
  { key: 'storm', section: '4. Refresh storm', run: measureRefreshStorm },
  { key: 'tree', section: '5. Tree', run: measureTree },
  { key: 'detail', section: '6. Ticket detail', run: measureDetail },
  { key: 'requests', section: '6. Request files', run: measureRequestFiles },
  { key: 'sandbox', section: '7. Sandbox', run: measureSandbox },
  { key: 'tickettab', section: '8. Ticket tab', run: measureTicketTab },
  { key: 'lend', section: '9. Terminal tokens', run: measureLend },
];

async function main(): Promise<void> {
  // Each code-server start adds an exit hook (test/harness/codeServer.ts) and a full run makes about 25 of them.
  process.setMaxListeners(64);
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const only = args
    .find((a) => a.startsWith('--only='))
    ?.slice('--only='.length)
    .split(',');
  const ctx = createContext(quick);
  const started = new Date();
  const loadBefore = os.loadavg().map((x) => Math.round(x * 100) / 100);
  console.log(
    `npm run bench${quick ? ' --quick (reduced: a check that it runs, not figures to report)' : ''}; load average ${loadBefore.join(', ')} on ${os.cpus().length} cores`,
  );

  const rows: Row[] = [];
  let broken = 0;
  for (const m of MEASUREMENTS) {
    if (only && !only.includes(m.key)) continue;
    console.log(`\n=== ${m.section}`);
    const t0 = performance.now();
    try {
      const got = await m.run(ctx);
      rows.push(...got);
      console.log(formatTable(got));
    } catch (e) {
      broken++;
      const message = e instanceof Error ? e.message : String(e);
      console.error(e);
      rows.push(row(m.section, m.key, '', `could not be measured: ${message.split('\n')[0]}`));
    }
    console.log(`(${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }

  const info = runInfo(started, quick, loadBefore);
  const file = writeReport(path.join(repoRoot, '.vscode-test', 'bench'), info, rows);
  console.log(
    `\n=== All figures (load average before ${info.loadBefore.join(', ')}, after ${info.loadAfter.join(', ')})\n`,
  );
  console.log(formatTable(rows));
  const notMet = rows.filter((r) => r.verdict === 'NOT MET');
  console.log(
    `\n${rows.filter((r) => r.verdict === 'met').length} targets met, ${notMet.length} not met${notMet.length ? `: ${notMet.map((r) => `${r.section} ${r.what}`).join('; ')}` : ''}.`,
  );
  console.log(`Written to ${path.relative(repoRoot, file)} (and latest.json, latest.md).`);
  // A target not met is a finding, not a failure; a measurement that could not run at all is.
  process.exitCode = broken ? 1 : 0;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
