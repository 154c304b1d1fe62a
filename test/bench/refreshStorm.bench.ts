// 4. Refresh storm: 100 requests at once on an expired token, through the extension's TokenManager and
// ZendeskClient (as ClientRegistry wires them) against the sandbox. Two ways a token is expired: the extension
// knows it (its expiry time has passed), or only the server does (every request gets a 401). Either way Zendesk
// should see exactly one token request: it rotates the refresh token, so a second one would be a lost session.
import { TokenManager } from '../../src/auth/tokenManager';
import type { SessionRepository, StoredSession } from '../../src/auth/session';
import { NO_LOG } from '../../src/zendesk/types';
import { getTicket } from '../../src/zendesk/api';
import { ZendeskClient } from '../../src/zendesk/http';
import { refreshTokens } from '../../src/zendesk/oauth';
import { createUndiciTransport } from '../../src/zendesk/transport';
import { FIXTURES } from '../sandbox/fixtures';
import { since, type BenchContext } from './context';
import { eq, row, summarize, type Row } from './report';
import { publicClient } from '../support/sandboxClient';
import { signInAgent, startSandboxProcess } from './sandboxProcess';

const CONCURRENT = 100;

class MapRepo implements SessionRepository {
  readonly sessions = new Map<string, StoredSession>();
  async get(id: string) {
    return this.sessions.get(id);
  }
  async save(s: StoredSession) {
    this.sessions.set(s.id, s);
  }
  async remove(id: string) {
    this.sessions.delete(id);
  }
  async getClientSecret() {
    return undefined;
  }
}

export async function measureRefreshStorm(ctx: BenchContext): Promise<Row[]> {
  const sb = await startSandboxProcess({ tickets: 1_000 });
  const http = createUndiciTransport();
  const tm: { current?: TokenManager } = {};
  try {
    const signedIn = await signInAgent(http, sb.url);
    const repo = new MapRepo();
    const id = 'bench-session';
    await repo.save({
      id,
      accountId: 'sandbox/1000002',
      accountLabel: 'Agent (sandbox)',
      subdomain: 'sandbox',
      baseUrl: sb.url,
      clientId: FIXTURES.publicClient.identifier,
      grant: 'authorization_code',
      scopes: ['read', 'write'],
      user: { id: 1000002, name: 'Agent', email: FIXTURES.users.agent, role: 'agent' },
      accessToken: signedIn.accessToken,
      refreshToken: signedIn.refreshToken,
      issuedAt: Date.now(),
      expiresAt: signedIn.expiresAt,
    });
    const tokens = new TokenManager({
      repo,
      log: NO_LOG,
      grants: {
        refresh: (s, signal) =>
          refreshTokens({ http, signal }, { client: publicClient(s.baseUrl), refreshToken: s.refreshToken ?? '' }),
        clientCredentials: () => Promise.reject(new Error('not used')),
      },
    });
    tm.current = tokens;
    const client = new ZendeskClient({
      baseUrl: sb.url,
      transport: http,
      tokens: { getAccessToken: (o) => tokens.getAccessToken(id, o) },
    });

    const storm = async (): Promise<{ ms: number; grants: number; requests: number }> => {
      const before = await sb.counters();
      const started = performance.now();
      const got = await Promise.all(Array.from({ length: CONCURRENT }, (_, i) => getTicket(client, i + 1)));
      const ms = since(started);
      if (got.length !== CONCURRENT || got.some((t, i) => t.id !== i + 1)) {
        throw new Error('the storm did not get every ticket');
      }
      const after = await sb.counters();
      const delta = (o: Record<string, number>, n: Record<string, number>) =>
        Object.keys(n).reduce((sum, k) => sum + (n[k] - (o[k] ?? 0)), 0);
      return { ms, grants: delta(before.grants, after.grants), requests: delta(before.requests, after.requests) };
    };

    const known = { ms: [] as number[], grants: [] as number[], requests: [] as number[] };
    const server = { ms: [] as number[], grants: [] as number[], requests: [] as number[] };
    const push = (into: typeof known, r: Awaited<ReturnType<typeof storm>>) => {
      into.ms.push(r.ms);
      into.grants.push(r.grants);
      into.requests.push(r.requests);
    };
    for (let i = 0, n = ctx.reps(9, 2); i < n; i++) {
      // The extension knows: the stored expiry has passed.
      const s = (await repo.get(id)) as StoredSession;
      await repo.save({ ...s, expiresAt: Date.now() - 1000 });
      push(known, await storm());
      // Only the server knows: the token dies there, the stored expiry still lies ahead.
      await sb.control('expire-tokens', { email: FIXTURES.users.agent });
      push(server, await storm());
      ctx.progress(`refresh storm ${i + 1}/${n}`);
    }

    const s = '4. Refresh storm';
    return [
      row(s, `${CONCURRENT} requests, token known to be expired: token requests`, 'requests', summarize(known.grants), {
        target: eq(1, '= 1'),
      }),
      row(s, `${CONCURRENT} requests, token known to be expired: total time`, 'ms', summarize(known.ms), {
        note: `API requests per storm: ${summarize(known.requests).median}`,
      }),
      row(
        s,
        `${CONCURRENT} requests, token expired at the server (401s): token requests`,
        'requests',
        summarize(server.grants),
        { target: eq(1, '= 1') },
      ),
      row(s, `${CONCURRENT} requests, token expired at the server (401s): total time`, 'ms', summarize(server.ms), {
        note: `API requests per storm: ${summarize(server.requests).median} (the 401s and their retries)`,
      }),
    ];
  } finally {
    tm.current?.dispose();
    await http.close?.();
    await sb.close();
  }
}
