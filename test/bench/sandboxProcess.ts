// The sandbox in its own process for the client measurements: its work (routing, JSON of 10,000 tickets) then
// runs beside the client under test instead of on the client's event loop, as a real server does.
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { TokenSet } from '../../src/zendesk/oauth';
import type { HttpTransport } from '../../src/zendesk/transport';
import { publicClient, signIn } from '../support/sandboxClient';

export interface SandboxProcess {
  url: string;
  /** POST /__sandbox/<what> */
  control(what: string, body?: unknown): Promise<void>;
  counters(): Promise<{ requests: Record<string, number>; grants: Record<string, number> }>;
  close(): Promise<void>;
}

/** `cli`: the built sandbox command line (out/test/sandbox/cli.js); found from out/test/bench by default. */
export async function startSandboxProcess(o: { tickets: number; cli?: string }): Promise<SandboxProcess> {
  const cli = o.cli ?? path.join(__dirname, '..', 'sandbox', 'cli.js');
  // No rate limit worth the name: the benchmarks page through 10,000 tickets many times a minute.
  const proc = spawn(
    process.execPath,
    [cli, '--port', '0', '--tickets', String(o.tickets), '--rate-limit', '100000000'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    proc.once('exit', (code) => reject(new Error(`the sandbox exited (${code}) before listening: ${out}`)));
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
  });
  proc.stdout.resume();
  const call = async (method: string, what: string, body?: unknown): Promise<unknown> => {
    const res = await fetch(`${url}/__sandbox/${what}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`sandbox control ${what}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  return {
    url,
    control: async (what, body) => {
      await call('POST', what, body ?? {});
    },
    counters: async () =>
      (await call('GET', 'counters')) as { requests: Record<string, number>; grants: Record<string, number> },
    close: async () => {
      if (proc.exitCode !== null) return;
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
    },
  };
}

/** Signs in as the agent fixture through the sandbox's scripted browser (authorization code + PKCE). */
export function signInAgent(http: HttpTransport, baseUrl: string): Promise<TokenSet> {
  return signIn(http, publicClient(baseUrl));
}

/** Sum of the request counters whose route matches. */
export function countOf(c: { requests: Record<string, number> }, route: RegExp): number {
  return Object.entries(c.requests)
    .filter(([k]) => route.test(k))
    .reduce((n, [, v]) => n + v, 0);
}
