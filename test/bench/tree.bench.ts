// 5. The tree: the tickets model (src/tickets/ticketModel.ts, what the Tickets view asks) over the sandbox in
// plain Node. Time and requests from nothing loaded to the view list, and from there to a view's first page; and
// the heap the model holds with 10,000 tickets of one view loaded. The extension host's memory with the whole tree
// is measured in the real extension host by treeHost.bench.ts.
import { TicketModel, viewSource } from '../../src/tickets/ticketModel';
import { ZendeskClient } from '../../src/zendesk/http';
import { createUndiciTransport } from '../../src/zendesk/transport';
import { since, type BenchContext } from './context';
import { eq, le, row, summarize, type Row } from './report';
import { heapMb } from './sandbox.bench';
import { VIEW_ID_BASE } from '../sandbox/viewRules';
import { countOf, signInAgent, startSandboxProcess } from './sandboxProcess';
import { readsOf } from '../unit/fakes/reads';

/** "Recently updated tickets": every ticket not closed, so 20,000 seeded tickets give it more than 10,000. */
const BIG_VIEW = VIEW_ID_BASE + 4;
const LOADED = 10_000;

export async function measureTree(ctx: BenchContext): Promise<Row[]> {
  const sb = await startSandboxProcess({ tickets: 20_000 });
  const transport = createUndiciTransport();
  try {
    const token = (await signInAgent(transport, sb.url)).accessToken;
    const client = new ZendeskClient({ baseUrl: sb.url, transport, tokens: { getAccessToken: async () => token } });

    const viewsMs: number[] = [];
    const pageMs: number[] = [];
    const viewsRequests: number[] = [];
    const pageRequests: number[] = [];
    for (let i = 0, n = ctx.reps(9, 2); i < n; i++) {
      // A fresh model each time: the tree as it is first opened (the connection is warm, as after sign-in).
      const model = new TicketModel(readsOf(client), () => undefined);
      await sb.control('counters/reset');
      const t0 = performance.now();
      const views = await model.listViews();
      viewsMs.push(since(t0));
      viewsRequests.push(countOf(await sb.counters(), /./));
      await sb.control('counters/reset');
      const t1 = performance.now();
      const first = await model.tickets(viewSource(views[0].id));
      pageMs.push(since(t1));
      pageRequests.push(countOf(await sb.counters(), /./));
      if (first.error || first.tickets.length === 0) {
        throw new Error(`the first page of "${views[0].title}" did not load: ${first.error?.message ?? 'empty'}`);
      }
    }

    // One function call per repetition: when it returns, its model is garbage for the next "before". (A loop
    // variable of this async function would stay alive in its suspended frame and hide the next model's growth.)
    const loadOne = async (before: number): Promise<{ mb: number; ms: number }> => {
      const model = new TicketModel(readsOf(client), () => undefined, 100);
      const t0 = performance.now();
      const big = viewSource(BIG_VIEW);
      let loaded = (await model.tickets(big)).tickets.length;
      while (loaded < LOADED) {
        await model.loadMore(big.key);
        const now = (await model.tickets(big)).tickets.length;
        if (now === loaded) throw new Error(`the view stopped at ${loaded} tickets`);
        loaded = now;
      }
      const ms = since(t0);
      const mb = heapMb() - before;
      // Uses the model after the measurement, so it is certainly alive during it.
      if ((await model.tickets(big)).tickets.length < LOADED) throw new Error('unreachable');
      return { mb, ms };
    };
    const heap: number[] = [];
    const loadMs: number[] = [];
    for (let i = 0, n = ctx.reps(5, 1); i < n; i++) {
      const r = await loadOne(heapMb());
      heap.push(r.mb);
      loadMs.push(r.ms);
    }

    const s = '5. Tree';
    return [
      row(s, 'open the view list (nothing loaded yet)', 'ms', summarize(viewsMs)),
      row(s, 'requests for the view list', 'requests', summarize(viewsRequests), { target: eq(1, '= 1') }),
      row(s, "a view's first page (25 tickets)", 'ms', summarize(pageMs)),
      row(s, "requests for a view's first page", 'requests', summarize(pageRequests), { target: eq(1, '= 1') }),
      row(s, 'load 10,000 tickets of one view, 100 a page', 'ms', summarize(loadMs)),
      row(s, "the model's heap with 10,000 tickets (plain Node)", 'MB', summarize(heap), {
        target: le(50, '≤ +50 MB'),
        note: 'the model alone in plain Node; the extension host with the tree is measured apart (treehost)',
      }),
    ];
  } finally {
    await transport.close?.();
    await sb.close();
  }
}
