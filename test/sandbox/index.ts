/**
 * The local Zendesk sandbox: a faithful-enough Zendesk (OAuth + Support API) on 127.0.0.1 for tests,
 * benchmarks and demos. See README.md in this folder for the fixtures, the controls and every CHOICE.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { registerAgentPages } from './agentPages';
import { registerAuthorizeRoutes } from './authorize';
import {
  DEFAULT_ACCESS_TTL_SECONDS,
  TICKET_UPDATE_WINDOW_SECONDS,
  TICKET_UPDATES_PER_ACCOUNT_MINUTE,
  TICKET_UPDATES_PER_WINDOW,
  VIEW_COUNTS_PER_VIEW_MINUTE,
} from './choices';
import { Clock } from './clock';
import { createAdmin, SandboxAdmin } from './controls';
import { CustomStatuses, registerCustomStatusRoutes } from './customStatuses';
import { Faults } from './faults';
import { TicketFieldValues } from './fieldWrites';
import { FIXTURES } from './fixtures';
import { OAuthRegistry } from './oauth';
import { AccountRateLimiter, KeyedMinuteLimiter, TicketUpdateLimiter } from './ratelimit';
import { registerRequestRoutes } from './requests';
import { Router } from './router';
import { registerSearchRoutes } from './search';
import { registerMacroRoutes } from './macros';
import { FIXTURE_USER_IDS, seedWorld } from './seed';
import { createRequestHandler } from './server';
import { Counters, ResultCache, SandboxState } from './state';
import { registerTicketFieldRoutes, TicketFieldCatalog } from './ticketFields';
import { registerTicketReadRoutes } from './tickets';
import { registerTicketWriteRoutes } from './ticketWrites';
import { registerTokenRoutes } from './tokens';
import { registerUploadRoutes, UploadStore } from './uploads';
import { registerUserRoutes } from './userRoutes';
import { seededViews } from './viewRules';
import { registerViewRoutes } from './views';

export { FIXTURES } from './fixtures';
export type { SandboxAdmin } from './controls';

export interface SandboxOptions {
  /** 0 = an ephemeral port (the default). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Seeded tickets; default 10,000. */
  tickets?: number;
  /** Default 1; the same seed gives the same data. */
  seed?: number;
  /** Default 'sandbox'. */
  subdomain?: string;
  /** Extra redirect URLs registered on both seeded clients. */
  redirectUris?: string[];
  /** The account's per-minute API budget; default 700. */
  rateLimitPerMinute?: number;
  /** Access-token lifetime when the client sends no expires_in; default 1800. */
  accessTokenTtlSeconds?: number;
  /** Active views; default (and at least) the 6 seeded ones. More are added as "Queue 7", "Queue 8", ... */
  views?: number;
  /** Update Ticket's per-account limit a minute; default 100 (Zendesk's on most plans). */
  ticketUpdatesPerMinute?: number;
  /** The account has activated custom ticket statuses; default true. */
  customStatuses?: boolean;
}

export interface Sandbox {
  /** http://127.0.0.1:PORT, no trailing slash. */
  url: string;
  subdomain: string;
  admin: SandboxAdmin;
  close(): Promise<void>;
}

function positiveInteger(name: string, v: number, allowZero = false): number {
  if (!Number.isInteger(v) || v < (allowZero ? 0 : 1)) {
    throw new RangeError(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} integer`);
  }
  return v;
}

function buildRouter(): Router {
  const router = new Router();
  registerAuthorizeRoutes(router);
  registerTokenRoutes(router);
  registerUserRoutes(router);
  registerTicketReadRoutes(router);
  registerTicketWriteRoutes(router);
  registerSearchRoutes(router);
  registerViewRoutes(router);
  registerRequestRoutes(router);
  registerUploadRoutes(router);
  registerAgentPages(router);
  registerCustomStatusRoutes(router);
  registerTicketFieldRoutes(router);
  registerMacroRoutes(router);
  return router;
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const tickets = positiveInteger('tickets', opts.tickets ?? 10_000, true);
  const seed = positiveInteger('seed', opts.seed ?? 1, true);
  const rateLimit = positiveInteger('rateLimitPerMinute', opts.rateLimitPerMinute ?? 700);
  const updatesPerMinute = positiveInteger(
    'ticketUpdatesPerMinute',
    opts.ticketUpdatesPerMinute ?? TICKET_UPDATES_PER_ACCOUNT_MINUTE,
  );
  const views = seededViews(positiveInteger('views', opts.views ?? 0, true));
  const host = opts.host ?? '127.0.0.1';
  const clock = new Clock();
  const { users, store } = seedWorld(seed, tickets);
  const oauth = new OAuthRegistry(clock);
  const redirectUris = [FIXTURES.defaultRedirectUri, ...(opts.redirectUris ?? [])];
  oauth.addClient({
    id: 360_000_501,
    identifier: FIXTURES.confidentialClient.identifier,
    name: 'Sandbox Confidential App',
    kind: 'confidential',
    secret: FIXTURES.confidentialClient.secret,
    redirectUris: [...redirectUris],
    ownerId: FIXTURE_USER_IDS.admin,
  });
  oauth.addClient({
    id: 360_000_502,
    identifier: FIXTURES.publicClient.identifier,
    name: 'Sandbox Public App',
    kind: 'public',
    secret: null,
    redirectUris: [...redirectUris],
    ownerId: FIXTURE_USER_IDS.admin,
  });
  const state: SandboxState = {
    url: '',
    subdomain: opts.subdomain ?? FIXTURES.subdomain,
    accessTokenTtlSeconds: positiveInteger(
      'accessTokenTtlSeconds',
      opts.accessTokenTtlSeconds ?? DEFAULT_ACCESS_TTL_SECONDS,
    ),
    clock,
    users,
    store,
    customStatuses: new CustomStatuses(opts.customStatuses ?? true),
    ticketFields: new TicketFieldCatalog(),
    fieldValues: new TicketFieldValues(),
    oauth,
    views,
    faults: new Faults(),
    counters: new Counters(),
    accountLimit: new AccountRateLimiter(clock, rateLimit, clock.nowMs()),
    ticketUpdateLimit: new TicketUpdateLimiter(clock, TICKET_UPDATES_PER_WINDOW, TICKET_UPDATE_WINDOW_SECONDS),
    ticketUpdateAccountLimit: new KeyedMinuteLimiter(clock, updatesPerMinute, clock.nowMs()),
    viewCountLimit: new KeyedMinuteLimiter(clock, VIEW_COUNTS_PER_VIEW_MINUTE, clock.nowMs()),
    viewCountsComputing: new Map(),
    results: new ResultCache(),
    uploads: new UploadStore(),
    browser: { pending: new Map(), sessions: new Map() },
  };
  const admin = createAdmin(state);
  const server = createServer(createRequestHandler(state, buildRouter(), admin));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  state.url = `http://${urlHost}:${port}`;
  return {
    url: state.url,
    subdomain: state.subdomain,
    admin,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
