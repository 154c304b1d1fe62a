/**
 * Sandbox benchmark: startup time and memory for 10k and 100k tickets, and the time per page over loopback
 * HTTP for cursor lists, offset lists and search. Bounded loops; stops by itself.
 *   node esbuild.mjs --tests && node out/test/bench/sandbox.bench.js
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { FIXTURES, startSandbox, Sandbox } from '../sandbox/index';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function stats(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = samples.reduce((a, b) => a + b, 0) / Math.max(1, samples.length);
  const p95 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? 0;
  return `${mean.toFixed(2)} / ${p95.toFixed(2)}`;
}

function memoryMb(): number {
  gc();
  const m = process.memoryUsage();
  return (m.heapUsed + m.arrayBuffers) / 1024 / 1024;
}

async function timed(url: string, token: string): Promise<{ ms: number; body: Record<string, unknown> }> {
  const started = performance.now();
  const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
  const body = (await res.json()) as Record<string, unknown>;
  const ms = performance.now() - started;
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${JSON.stringify(body)}`);
  return { ms, body };
}

async function clientToken(sb: Sandbox): Promise<string> {
  const res = await fetch(`${sb.url}/oauth/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credentials', client_id: FIXTURES.confidentialClient.identifier, client_secret: FIXTURES.confidentialClient.secret, scope: 'read' }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

async function measure(tickets: number): Promise<Record<string, string>> {
  const before = memoryMb();
  const started = performance.now();
  const sb = await startSandbox({ tickets, rateLimitPerMinute: 1_000_000 });
  const startupMs = performance.now() - started;
  const memory = memoryMb() - before;
  try {
    const token = await clientToken(sb);
    const cursor: number[] = [];
    let next: string | null = `${sb.url}/api/v2/tickets.json?page[size]=100`;
    for (let i = 0; next && i < 200; i++) {
      const { ms, body } = await timed(next, token);
      cursor.push(ms);
      next = (body.links as { next: string | null }).next;
    }
    const offset: number[] = [];
    for (let page = 1; page <= 100; page++) offset.push((await timed(`${sb.url}/api/v2/tickets.json?per_page=100&page=${page}&sort_by=updated_at&sort_order=desc`, token)).ms);
    const search: number[] = [];
    const queries = ['status<solved', 'type:ticket printer', 'tags:vip status:open', 'priority>normal'];
    for (let k = 0; k < 40; k++) search.push((await timed(`${sb.url}/api/v2/search.json?query=${encodeURIComponent(queries[k % queries.length] ?? '')}&page=${1 + (k % 5)}`, token)).ms);
    return {
      tickets: tickets.toLocaleString('en-US'),
      'startup ms': startupMs.toFixed(0),
      'heap+buffers MB': memory.toFixed(1),
      'rss MB': (process.memoryUsage().rss / 1024 / 1024).toFixed(0),
      'cursor page ms (mean / p95)': `${stats(cursor)} (${cursor.length} pages)`,
      'offset page ms (mean / p95)': `${stats(offset)} (${offset.length} pages)`,
      'search page ms (mean / p95)': `${stats(search)} (${search.length} pages)`,
    };
  } finally {
    await sb.close();
  }
}

async function main(): Promise<void> {
  const rows: Record<string, string>[] = [];
  for (const n of [10_000, 100_000]) rows.push(await measure(n));
  console.table(rows);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
