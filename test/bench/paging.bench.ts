// 3. Paging 10,000 tickets from the sandbox, 100 a page: this extension's ZendeskClient (cursor iterator) against a
// plain undici keep-alive loop and the npm package node-zendesk, all pointed at the same sandbox process. The three
// run interleaved (A B C, B C A, C A B, ...) so that load from elsewhere falls on all of them alike, and each
// repetition's ratio to the plain loop is taken within the round.
import { Pool } from 'undici';
import { createClient } from 'node-zendesk';
import { iterateTickets } from '../../src/zendesk/api';
import { ZendeskClient } from '../../src/zendesk/http';
import { createUndiciTransport } from '../../src/zendesk/transport';
import { since, type BenchContext } from './context';
import { le, ratios, row, summarize, type Row } from './report';
import { countOf, signInAgent, startSandboxProcess } from './sandboxProcess';

const TICKETS = 10_000;
const PAGE = 100;

type Contender = { name: string; run(): Promise<number> };

export async function measurePaging(ctx: BenchContext): Promise<Row[]> {
  const sb = await startSandboxProcess({ tickets: TICKETS });
  const transport = createUndiciTransport();
  const pool = new Pool(sb.url, { connections: 8 });
  try {
    const token = (await signInAgent(transport, sb.url)).accessToken;
    const ours = new ZendeskClient({ baseUrl: sb.url, transport, tokens: { getAccessToken: async () => token } });
    const nodeZendesk = createClient({ token, oauth: true, endpointUri: `${sb.url}/api/v2` });

    const contenders: Contender[] = [
      {
        name: 'this extension (ZendeskClient, iterateTickets)',
        run: async () => {
          let n = 0;
          for await (const t of iterateTickets(ours, { pageSize: PAGE })) if (t.id) n++;
          return n;
        },
      },
      {
        name: 'plain undici keep-alive loop',
        run: async () => {
          let n = 0;
          let next: string | undefined = `/api/v2/tickets?page[size]=${PAGE}`;
          while (next) {
            const res = await pool.request({ method: 'GET', path: next, headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
            const body = (await res.body.json()) as { tickets: { id: number }[]; meta: { has_more: boolean }; links: { next: string | null } };
            if (res.statusCode !== 200) throw new Error(`plain loop: ${res.statusCode}`);
            for (const t of body.tickets) if (t.id) n++;
            next = body.meta.has_more && body.tickets.length && body.links.next ? new URL(body.links.next).pathname + new URL(body.links.next).search : undefined;
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

    const rounds = ctx.reps(9, 2);
    const ms: number[][] = contenders.map(() => []);
    for (let r = 0; r < rounds; r++) {
      for (let k = 0; k < contenders.length; k++) {
        const i = (r + k) % contenders.length;
        const started = performance.now();
        await contenders[i].run();
        ms[i].push(since(started));
      }
      ctx.progress(`paging round ${r + 1}/${rounds}`);
    }
    const [oursMs, plainMs, nzMs] = ms;
    const s = '3. Paging 10,000';
    return [
      row(s, contenders[0].name, 'ms', summarize(oursMs), { note: perRun.join('; ') }),
      row(s, contenders[1].name, 'ms', summarize(plainMs)),
      row(s, contenders[2].name, 'ms', summarize(nzMs)),
      row(s, 'this extension ÷ plain loop (per round)', '×', summarize(ratios(oursMs, plainMs)), { target: le(1.1, '≤ 1.10×') }),
      row(s, 'node-zendesk ÷ plain loop (per round)', '×', summarize(ratios(nzMs, plainMs))),
    ];
  } finally {
    await pool.close();
    await transport.close?.();
    await sb.close();
  }
}
