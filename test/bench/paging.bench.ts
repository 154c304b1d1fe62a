// 3. Paging 10,000 tickets from the sandbox, 100 a page: this extension's ZendeskClient through its page iterator
// (ticketPages: the same request and parse per page as every list the extension loads, the tree's "Load more"
// included) against a plain undici keep-alive loop and the npm package node-zendesk, all pointed at the same
// sandbox process. They run interleaved (A B C D, B C D A, ...) so that load from elsewhere falls on all of them
// alike, and each round's ratio to the plain loop is taken within the round. Wall time is what a user waits; the
// client's CPU time is the steadier figure on a loaded machine.
import { Pool } from 'undici';
import { createClient } from 'node-zendesk';
import { RedactingLogger, SecretRegistry } from '../../src/log';
import { ticketPages } from '../../src/zendesk/api';
import { ZendeskClient } from '../../src/zendesk/http';
import { createUndiciTransport } from '../../src/zendesk/transport';
import { clientLogicCpu } from './clientLogic';
import { since, type BenchContext } from './context';
import { le, ratios, row, settled, summarize, summarizeWithCi, type Row } from './report';
import { countOf, signInAgent, startSandboxProcess } from './sandboxProcess';

const TICKETS = 10_000;
const PAGE = 100;

type Contender = { name: string; run(): Promise<number> };

/** A full collection, then a moment for V8's background sweeping to finish (the bench runs with --expose-gc). */
async function settleHeap(): Promise<void> {
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((resolve) => setTimeout(resolve, 20));
}

export async function measurePaging(ctx: BenchContext): Promise<Row[]> {
  const sb = await startSandboxProcess({ tickets: TICKETS });
  const transport = createUndiciTransport();
  const pool = new Pool(sb.url, { connections: 8 });
  try {
    const token = (await signInAgent(transport, sb.url)).accessToken;
    // As the extension makes it: its logger redacts every line (the token among the known secrets) and hands it to an
    // output channel, which drops the per-request debug lines at the default level.
    const secrets = new SecretRegistry();
    secrets.add(token);
    const drop = (): void => undefined;
    const log = new RedactingLogger(
      { trace: drop, debug: drop, info: drop, warn: drop, error: drop },
      'zendesk',
      secrets,
    );
    const ours = new ZendeskClient({ baseUrl: sb.url, transport, tokens: { getAccessToken: async () => token }, log });
    const nodeZendesk = createClient({ token, oauth: true, endpointUri: `${sb.url}/api/v2` });

    const contenders: Contender[] = [
      {
        name: 'this extension (ZendeskClient, ticketPages)',
        run: async () => {
          let n = 0;
          for await (const page of ticketPages(ours, { pageSize: PAGE })) for (const t of page.tickets) if (t.id) n++;
          return n;
        },
      },
      {
        name: 'plain undici keep-alive loop',
        run: async () => {
          let n = 0;
          let next: string | undefined = `/api/v2/tickets?page[size]=${PAGE}`;
          while (next) {
            const res = await pool.request({
              method: 'GET',
              path: next,
              headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
            });
            const body = (await res.body.json()) as {
              tickets: { id: number }[];
              meta: { has_more: boolean };
              links: { next: string | null };
            };
            if (res.statusCode !== 200) throw new Error(`plain loop: ${res.statusCode}`);
            for (const t of body.tickets) if (t.id) n++;
            next =
              body.meta.has_more && body.tickets.length && body.links.next
                ? new URL(body.links.next).pathname + new URL(body.links.next).search
                : undefined;
          }
          return n;
        },
      },
      {
        name: 'node-zendesk 6.0.1 (tickets.list)',
        run: async () => (await nodeZendesk.tickets.list()).filter((t) => t.id).length,
      },
    ];

    // How each pages (and that each gets every ticket once): one counted warm-up run apiece.
    const perRun: string[] = [];
    for (const c of contenders) {
      await sb.control('counters/reset');
      const got = await c.run();
      const pages = countOf(await sb.counters(), /^GET \/api\/v2\/tickets$/);
      if (got !== TICKETS) throw new Error(`${c.name} got ${got} tickets, not ${TICKETS}`);
      perRun.push(`${c.name.split(' (')[0]}: ${pages} requests`);
    }

    // At least 9 rounds; more, up to 45, until the median ratio's 95% interval is narrower than the 10% margin.
    const [minRounds, maxRounds] = ctx.quick ? [2, 2] : [9, 45];
    const ms: number[][] = contenders.map(() => []);
    // The client's CPU time as well: the sandbox runs in another process, so this is the client's own work, and
    // time the process spends waiting for a core on this loaded machine does not count.
    const cpu: number[][] = contenders.map(() => []);
    for (let r = 0; r < maxRounds; r++) {
      for (let k = 0; k < contenders.length; k++) {
        const i = (r + k) % contenders.length;
        // Each starts on a collected heap: in this rotation a contender always follows the same one, and the garbage
        // node-zendesk leaves would otherwise be collected (on V8's threads too, which cpuUsage counts) in the next run.
        await settleHeap();
        const started = performance.now();
        const cpu0 = process.cpuUsage();
        await contenders[i].run();
        ms[i].push(since(started));
        const used = process.cpuUsage(cpu0);
        cpu[i].push((used.user + used.system) / 1000);
      }
      // Both ratios are judged, so both intervals must settle.
      if (r + 1 >= minRounds && settled(ratios(ms[0], ms[1]), 0.1) && settled(ratios(cpu[0], cpu[1]), 0.1)) break;
    }
    ctx.progress(`paging: ${ms[0].length} rounds`);
    const [oursMs, plainMs, nzMs] = ms;

    // The client's own work, without the network, interleaved the same way.
    const logic: number[][] = [[], []];
    await clientLogicCpu(); // warm-up
    for (let r = 0; r < ctx.reps(15, 3); r++) (await clientLogicCpu()).forEach((v, k) => logic[k].push(v));
    const s = '3. Paging 10,000';
    return [
      row(s, contenders[0].name, 'ms', summarize(oursMs), { note: perRun.join('; ') }),
      row(s, contenders[1].name, 'ms', summarize(plainMs)),
      row(s, contenders[2].name, 'ms', summarize(nzMs)),
      row(s, 'this extension ÷ plain loop (per round)', '×', summarizeWithCi(ratios(oursMs, plainMs)), {
        target: le(1.1, '≤ 1.10×'),
      }),
      row(s, 'node-zendesk ÷ plain loop (per round)', '×', summarizeWithCi(ratios(nzMs, plainMs))),
      row(s, 'client CPU: this extension (ticketPages)', 'ms', summarize(cpu[0])),
      row(s, 'client CPU: plain loop', 'ms', summarize(cpu[1])),
      row(s, 'client CPU: node-zendesk', 'ms', summarize(cpu[2])),
      row(s, 'client CPU: this extension ÷ plain loop (per round)', '×', summarizeWithCi(ratios(cpu[0], cpu[1])), {
        target: le(1.1, '≤ 1.10×'),
      }),
      row(s, 'no network, 100 canned pages: JSON.parse alone, CPU', 'ms', summarize(logic[0])),
      row(s, 'no network, 100 canned pages: ZendeskClient through ticketPages, CPU', 'ms', summarize(logic[1])),
    ];
  } finally {
    await pool.close();
    await transport.close?.();
    await sb.close();
  }
}
