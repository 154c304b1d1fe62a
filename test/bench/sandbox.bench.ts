// 7. The sandbox itself at 10,000 and 100,000 tickets: startup time, memory, and the time per page over loopback
// HTTP for cursor lists, offset lists and search (in process, one client, as test/sandbox/README.md reports).
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { FIXTURES, startSandbox, type Sandbox } from '../sandbox/index';
import { since, type BenchContext } from './context';
import { row, summarize, type Row } from './report';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

export function heapMb(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return (m.heapUsed + m.arrayBuffers) / 1024 / 1024;
}

async function timed(url: string, token: string): Promise<{ ms: number; body: Record<string, unknown> }> {
  const started = performance.now();
  const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
  const body = (await res.json()) as Record<string, unknown>;
  const ms = since(started);
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${JSON.stringify(body)}`);
  return { ms, body };
}

async function clientToken(sb: Sandbox): Promise<string> {
  const res = await fetch(`${sb.url}/oauth/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: FIXTURES.confidentialClient.identifier,
      client_secret: FIXTURES.confidentialClient.secret,
      scope: 'read',
    }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

async function measureSize(ctx: BenchContext, tickets: number): Promise<Row[]> {
  const s = `7. Sandbox ${tickets.toLocaleString('en-US')}`;
  const startup: number[] = [];
  const memory: number[] = [];
  for (let i = 0, n = ctx.reps(5, 2); i < n; i++) {
    const before = heapMb();
    const started = performance.now();
    const sb = await startSandbox({ tickets, rateLimitPerMinute: 1_000_000 });
    startup.push(since(started));
    memory.push(heapMb() - before);
    await sb.close();
  }
  const sb = await startSandbox({ tickets, rateLimitPerMinute: 1_000_000 });
  try {
    const token = await clientToken(sb);
    const cursor: number[] = [];
    let next: string | null = `${sb.url}/api/v2/tickets.json?page[size]=100`;
    for (let i = 0; next && i < ctx.reps(200, 20); i++) {
      const { ms, body } = await timed(next, token);
      cursor.push(ms);
      next = (body.links as { next: string | null }).next;
    }
    const offset: number[] = [];
    for (let page = 1; page <= ctx.reps(100, 10); page++) {
      offset.push(
        (
          await timed(
            `${sb.url}/api/v2/tickets.json?per_page=100&page=${page}&sort_by=updated_at&sort_order=desc`,
            token,
          )
        ).ms,
      );
    }
    const search: number[] = [];
    const queries = ['status<solved', 'type:ticket printer', 'tags:vip status:open', 'priority>normal'];
    for (let k = 0; k < ctx.reps(40, 8); k++) {
      search.push(
        (
          await timed(
            `${sb.url}/api/v2/search.json?query=${encodeURIComponent(queries[k % queries.length] ?? '')}&page=${1 + (k % 5)}`,
            token,
          )
        ).ms,
      );
    }
    return [
      row(s, 'startup', 'ms', summarize(startup)),
      row(s, 'heap + buffers after a forced GC', 'MB', summarize(memory)),
      row(s, 'cursor page of 100', 'ms', summarize(cursor)),
      row(s, 'offset page of 100 (sort_by=updated_at)', 'ms', summarize(offset)),
      row(s, 'search page', 'ms', summarize(search)),
    ];
  } finally {
    await sb.close();
  }
}

export async function measureSandbox(ctx: BenchContext): Promise<Row[]> {
  return [...(await measureSize(ctx, 10_000)), ...(await measureSize(ctx, 100_000))];
}
