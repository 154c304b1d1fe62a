// 6. Ticket detail (issue 9): the requests and the time to open a ticket, through its own loader
// (src/tickets/detail/detailModel.ts, loadTicketDetail) in plain Node against the sandbox. The detail is built on
// another branch: until it is merged here, this bundles that loader at run time from the checkout named by
// ZD_BENCH_DETAIL_ROOT (for example the main checkout), and says which one it measured; without either it says
// "not built yet". The loader is called with this branch's ZendeskClient, which has the same request() it uses.
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { repoRoot } from '../harness/codeServer';
import { ZendeskClient } from '../../src/zendesk/http';
import { createUndiciTransport } from '../../src/zendesk/transport';
import { since, type BenchContext } from './context';
import { le, row, summarize, type Row } from './report';
import { countOf, signInAgent, startSandboxProcess } from './sandboxProcess';

const LOADER = path.join('src', 'tickets', 'detail', 'detailModel.ts');

/** What the bench needs of the loader; checked when it is loaded, since it is bundled at run time. */
type LoadTicketDetail = (c: ZendeskClient, id: number) => Promise<{ ticket: { id: number }; comments: unknown[] }>;

async function loadLoader(root: string): Promise<LoadTicketDetail> {
  const outfile = path.join(repoRoot, '.vscode-test', 'bench', 'variants', 'detail-loader.js');
  await esbuild.build({
    absWorkingDir: root,
    stdin: {
      contents: `export { loadTicketDetail } from './${LOADER.split(path.sep).join('/').replace(/\.ts$/, '')}';`,
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    logLevel: 'silent',
    external: ['vscode'],
  });
  // A file built a moment ago by this run, not a module known at build time.
  const mod = require(outfile) as { loadTicketDetail?: unknown };
  if (typeof mod.loadTicketDetail !== 'function') throw new Error(`${LOADER} has no loadTicketDetail function`);
  return mod.loadTicketDetail as LoadTicketDetail;
}

export async function measureDetail(ctx: BenchContext): Promise<Row[]> {
  const s = '6. Ticket detail';
  const root = [repoRoot, process.env.ZD_BENCH_DETAIL_ROOT].find(
    (r): r is string => !!r && fs.existsSync(path.join(r, LOADER)),
  );
  if (!root) {
    return [row(s, 'requests to open a ticket', 'requests', 'not built yet (issue 9)', { note: 'target ≤ 2' })];
  }
  const from = root === repoRoot ? 'this checkout' : `${root}, not yet merged here`;
  const loadTicketDetail = await loadLoader(root);
  const sb = await startSandboxProcess({ tickets: 10_000 });
  const transport = createUndiciTransport();
  try {
    const token = (await signInAgent(transport, sb.url)).accessToken;
    const client = new ZendeskClient({ baseUrl: sb.url, transport, tokens: { getAccessToken: async () => token } });
    const requests: number[] = [];
    const ms: number[] = [];
    await loadTicketDetail(client, 1); // warm-up
    for (let i = 0, n = ctx.reps(9, 2); i < n; i++) {
      // Every 20th ticket from 3 is the customer's, with public replies and internal notes.
      const id = 3 + 20 * i;
      await sb.control('counters/reset');
      const t0 = performance.now();
      const d = await loadTicketDetail(client, id);
      ms.push(since(t0));
      requests.push(countOf(await sb.counters(), /./));
      if (d.ticket.id !== id || d.comments.length === 0) {
        throw new Error(`ticket ${id} opened without its conversation`);
      }
    }
    return [
      row(s, 'requests to open a ticket (loadTicketDetail)', 'requests', summarize(requests), {
        target: le(2, '≤ 2'),
        note: `the loader from ${from}`,
      }),
      row(s, 'time to load a ticket with its conversation', 'ms', summarize(ms)),
    ];
  } finally {
    await transport.close?.();
    await sb.close();
  }
}
