// 6. Request files (src/requests/) in plain Node against the sandbox. A send's overhead over the client: parsing the
// file, preparing the request (account, variables, host check, JSON check) and formatting the response tab, timed
// apart from the client's own exchange. And "Send All Pages" over 10,000 tickets against a plain undici loop that
// does the same work (follow links.next, parse each page, gather its arrays), interleaved, ratio per round.
import { Pool } from 'undici';
import type { AccountInfo } from '../../src/auth/access';
import { sendAllPages } from '../../src/requests/paging';
import { parseRequestFile } from '../../src/requests/parser';
import { prepareRequest } from '../../src/requests/prepare';
import { formatAllPages, formatResponse } from '../../src/requests/responseText';
import { ZendeskClient } from '../../src/zendesk/http';
import { createUndiciTransport } from '../../src/zendesk/transport';
import { FIXTURES } from '../sandbox/fixtures';
import { since, type BenchContext } from './context';
import { le, ratios, row, settled, summarize, summarizeWithCi, type Row } from './report';
import { signInAgent, startSandboxProcess } from './sandboxProcess';

const TICKETS = 10_000;

/** A file as a user writes it: a variable, a named request, a header; the send is the second request. */
function requestFile(target: string): string {
  return [
    '@ticket = 7',
    '',
    '### the ticket',
    '# @name one',
    'GET /api/v2/tickets/{{ticket}}.json',
    '',
    '### the list',
    '# @name list',
    `GET ${target}`,
    'Accept: application/json',
    '',
  ].join('\n');
}

export async function measureRequestFiles(ctx: BenchContext): Promise<Row[]> {
  const sb = await startSandboxProcess({ tickets: TICKETS });
  const transport = createUndiciTransport();
  const pool = new Pool(sb.url, { connections: 8 });
  try {
    const token = (await signInAgent(transport, sb.url)).accessToken;
    const client = new ZendeskClient({ baseUrl: sb.url, transport, tokens: { getAccessToken: async () => token } });
    const account: AccountInfo = {
      accountId: 'sandbox/1000002',
      label: 'Agent (sandbox)',
      subdomain: 'sandbox',
      baseUrl: sb.url,
      user: { id: 1000002, name: 'Agent', email: FIXTURES.users.agent, role: 'agent' },
      scopes: ['read', 'write'],
    };

    const overhead = async (target: string, sends: number): Promise<{ overhead: number[]; exchange: number[] }> => {
      const text = requestFile(target);
      const out = { overhead: [] as number[], exchange: [] as number[] };
      for (let i = 0; i < sends; i++) {
        const t0 = performance.now();
        const file = parseRequestFile(text);
        const prepared = prepareRequest({
          file,
          request: file.requests[1],
          accounts: [account],
          inUse: account,
          responses: new Map(),
        });
        const t1 = performance.now();
        const res = await client.exchange(prepared.method, prepared.target, {
          headers: prepared.headers,
          body: prepared.body,
        });
        const t2 = performance.now();
        const tab = formatResponse({ method: prepared.method, url: prepared.url, accountLabel: account.label }, res);
        const t3 = performance.now();
        if (res.status !== 200 || tab.length < res.body.length) throw new Error(`request file send: ${res.status}`);
        out.overhead.push(t1 - t0 + (t3 - t2));
        out.exchange.push(t2 - t1);
      }
      return out;
    };
    const sends = ctx.reps(30, 5);
    await overhead('/api/v2/tickets/1.json', 3); // warm-up: the connection and the code
    const one = await overhead('/api/v2/tickets/{{ticket}}.json', sends);
    const page = await overhead('/api/v2/tickets.json?page[size]=100', sends);

    // Send All Pages against a plain loop doing the same work.
    const ours = async (): Promise<number> => {
      const r = await sendAllPages((target, o) => client.exchange('GET', target, o), '/api/v2/tickets.json', {
        maxPages: 1000,
      });
      if (r.stop !== 'done') throw new Error(`Send All Pages stopped: ${r.reason}`);
      return r.gathered.tickets?.length ?? 0;
    };
    const plain = async (): Promise<number> => {
      const gathered: Record<string, unknown[]> = {};
      let next: string | undefined = '/api/v2/tickets.json?page[size]=100';
      while (next) {
        const res = await pool.request({
          method: 'GET',
          path: next,
          headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
        });
        const body = JSON.parse(await res.body.text()) as Record<string, unknown> & {
          meta: { has_more: boolean };
          links: { next: string | null };
        };
        if (res.statusCode !== 200) throw new Error(`plain loop: ${res.statusCode}`);
        let items = 0;
        for (const [k, v] of Object.entries(body)) {
          if (Array.isArray(v)) {
            (gathered[k] ??= []).push(...(v as unknown[]));
            items += v.length;
          }
        }
        const u = body.meta.has_more && items && body.links.next ? new URL(body.links.next) : undefined;
        next = u ? u.pathname + u.search : undefined;
      }
      return gathered.tickets?.length ?? 0;
    };
    for (const f of [ours, plain]) if ((await f()) !== TICKETS) throw new Error('Send All Pages: not every ticket');
    const oursMs: number[] = [];
    const plainMs: number[] = [];
    // At least 9 rounds; more, up to 45, until the median ratio's 95% interval is narrower than the 15% margin.
    const [minRounds, maxRounds] = ctx.quick ? [2, 2] : [9, 45];
    for (let r = 0; r < maxRounds; r++) {
      for (const [f, into] of (r % 2
        ? [
            [plain, plainMs],
            [ours, oursMs],
          ]
        : [
            [ours, oursMs],
            [plain, plainMs],
          ]) as [() => Promise<number>, number[]][]) {
        const t0 = performance.now();
        await f();
        into.push(since(t0));
      }
      if (r + 1 >= minRounds && settled(ratios(oursMs, plainMs), 0.15)) break;
    }
    ctx.progress(`Send All Pages: ${oursMs.length} rounds`);
    // What the user then waits for on top: the response tab's text for 10,000 tickets.
    const all = await sendAllPages((target, o) => client.exchange('GET', target, o), '/api/v2/tickets.json', {
      maxPages: 1000,
    });
    const formatMs: number[] = [];
    for (let i = 0; i < ctx.reps(5, 2); i++) {
      const t0 = performance.now();
      formatAllPages({ method: 'GET', url: `${sb.url}/api/v2/tickets.json`, accountLabel: account.label }, all);
      formatMs.push(since(t0));
    }

    const s = '6. Request files';
    return [
      row(s, 'send GET one ticket: parse + prepare + format', 'ms', summarize(one.overhead), {
        target: le(5, '≤ 5 ms'),
      }),
      row(s, 'send GET one ticket: the client exchange itself', 'ms', summarize(one.exchange)),
      row(s, 'send GET 100 tickets: parse + prepare + format', 'ms', summarize(page.overhead), {
        target: le(5, '≤ 5 ms'),
      }),
      row(s, 'send GET 100 tickets: the client exchange itself', 'ms', summarize(page.exchange)),
      row(s, 'Send All Pages, 10,000 tickets (sendAllPages over the client)', 'ms', summarize(oursMs)),
      row(s, 'plain undici loop, same work', 'ms', summarize(plainMs)),
      row(s, 'Send All Pages ÷ plain loop (per round)', '×', summarizeWithCi(ratios(oursMs, plainMs)), {
        target: le(1.15, '≤ 1.15×'),
      }),
      row(s, 'then the response tab text for 10,000 tickets', 'ms', summarize(formatMs)),
    ];
  } finally {
    await pool.close();
    await transport.close?.();
    await sb.close();
  }
}
