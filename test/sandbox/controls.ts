/**
 * The test controls, in process (SandboxAdmin) and over HTTP under /__sandbox/ (loopback only). The HTTP
 * routes call the same SandboxAdmin methods, so both behave the same. Control requests are not rate
 * limited, counted or faulted.
 */
import { badRequest } from './errors';
import { json, Reply } from './reply';
import { isRecord } from './router';
import type { SandboxState } from './state';
import { FIXTURES } from './fixtures';

export interface SandboxAdmin {
  setLatency(ms: number): void;
  /** The next n matching requests fail: a 5xx, or the account rate limit's 429 (its Retry-After: `retryAfter`, default 1 s). */
  failNext(route: string, count: number, opts: { status: 429 | 500 | 503; retryAfter?: number }): void;
  resetNext(route: string, count: number): void;
  truncateNext(route: string, count: number): void;
  /** The next n matching requests are refused with an error description that quotes their credential. */
  quoteNext(route: string, count: number): void;
  expireTokens(email: string): void;
  revokeTokens(email: string): void;
  advanceClock(seconds: number): void;
  counters(): { requests: Record<string, number>; grants: Record<string, number> };
  resetCounters(): void;
  /** Every token request's parameters since the last resetCounters (codes, verifiers, secrets: in process only). */
  tokenRequests(): Record<string, string>[];
  registerRedirectUri(clientIdentifier: string, uri: string): void;
  userId(email: string): number;
  /** The next `asks` counts of these views (every view when omitted) answer as still computing: `value: null`. */
  computeViewCounts(opts?: { viewIds?: number[]; asks?: number }): void;
  /** Whether the account has activated custom ticket statuses (an account without them when false). */
  setCustomStatuses(enabled: boolean): void;
  /** An admin makes a ticket field required to solve, or not (Admin Center), while agents have the old definition. */
  setFieldRequired(fieldId: number, required: boolean): void;
}

export function createAdmin(state: SandboxState): SandboxAdmin {
  const userId = (email: string): number => {
    const u = state.users.byEmailAddress(email);
    if (!u) throw new Error(`no sandbox user with email ${email}`);
    return u.id;
  };
  return {
    setLatency(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError('latency must be a non-negative number of milliseconds');
      state.faults.latencyMs = ms;
    },
    failNext(route, count, opts) {
      if (opts.status !== 429 && opts.status !== 500 && opts.status !== 503) {
        throw new RangeError('status must be 429, 500 or 503');
      }
      if (opts.retryAfter !== undefined && (!Number.isInteger(opts.retryAfter) || opts.retryAfter < 0)) {
        throw new RangeError('retryAfter must be a whole number of seconds');
      }
      state.faults.add(route, count, {
        kind: 'fail',
        status: opts.status,
        ...(opts.retryAfter === undefined ? {} : { retryAfter: opts.retryAfter }),
      });
    },
    resetNext: (route, count) => state.faults.add(route, count, { kind: 'reset' }),
    truncateNext: (route, count) => state.faults.add(route, count, { kind: 'truncate' }),
    quoteNext: (route, count) => state.faults.add(route, count, { kind: 'quote' }),
    expireTokens: (email) => state.oauth.expireUser(userId(email)),
    revokeTokens: (email) => state.oauth.revokeUser(userId(email)),
    advanceClock: (seconds) => state.clock.advance(seconds),
    counters: () => state.counters.snapshot(),
    resetCounters: () => state.counters.reset(),
    tokenRequests: () => state.counters.tokenRequests(),
    registerRedirectUri: (client, uri) => state.oauth.registerRedirectUri(client, uri),
    userId,
    computeViewCounts({ viewIds, asks = 1 } = {}) {
      if (!Number.isInteger(asks) || asks < 0) throw new RangeError('asks must be a non-negative whole number');
      const known = new Set(state.views.map((v) => v.id));
      const unknown = (viewIds ?? []).filter((id) => !known.has(id));
      if (unknown.length) throw new RangeError(`no such views: ${unknown.join(', ')}`);
      for (const id of viewIds ?? known) {
        if (asks === 0) state.viewCountsComputing.delete(id);
        else state.viewCountsComputing.set(id, asks);
      }
    },
    setCustomStatuses: (enabled) => {
      state.customStatuses.enabled = enabled;
    },
    setFieldRequired: (fieldId, required) => {
      const field = state.ticketFields.field(fieldId);
      if (!field) throw new Error(`no sandbox ticket field ${fieldId}`);
      field.required = required;
    },
  };
}

function str(body: Record<string, unknown>, key: string): string {
  const v = body[key];
  if (typeof v !== 'string') throw new Error(`"${key}" must be a string`);
  return v;
}

function num(body: Record<string, unknown>, key: string, fallback?: number): number {
  const v = body[key] ?? fallback;
  if (typeof v !== 'number') throw new Error(`"${key}" must be a number`);
  return v;
}

const OK = (): Reply => json(200, { ok: true });

/** Answers one control request (a path under /__sandbox/). */
export function handleControl(
  state: SandboxState,
  admin: SandboxAdmin,
  method: string,
  url: URL,
  rawBody: Buffer,
): Reply {
  const path = url.pathname.slice('/__sandbox'.length);
  let body: Record<string, unknown> = {};
  if (rawBody.length > 0) {
    try {
      const parsed: unknown = JSON.parse(rawBody.toString('utf8'));
      if (isRecord(parsed)) body = parsed;
    } catch {
      return badRequest('InvalidJSON', 'control bodies are JSON objects');
    }
  }
  try {
    switch (`${method} ${path.replace(/\/+$/, '')}`) {
      case 'POST /latency':
        admin.setLatency(num(body, 'ms'));
        return OK();
      case 'POST /fail': {
        const status = num(body, 'status', 503);
        if (status !== 500 && status !== 503) throw new Error('"status" must be 500 or 503');
        const retryAfter = body.retryAfter === undefined ? undefined : num(body, 'retryAfter');
        admin.failNext(str(body, 'route'), num(body, 'count', 1), {
          status,
          ...(retryAfter === undefined ? {} : { retryAfter }),
        });
        return OK();
      }
      case 'POST /reset':
        admin.resetNext(str(body, 'route'), num(body, 'count', 1));
        return OK();
      case 'POST /truncate':
        admin.truncateNext(str(body, 'route'), num(body, 'count', 1));
        return OK();
      case 'POST /quote':
        admin.quoteNext(str(body, 'route'), num(body, 'count', 1));
        return OK();
      case 'POST /expire-tokens':
        admin.expireTokens(str(body, 'email'));
        return OK();
      case 'POST /revoke-tokens':
        admin.revokeTokens(str(body, 'email'));
        return OK();
      case 'POST /clock':
        admin.advanceClock(num(body, 'advanceSeconds'));
        return json(200, { ok: true, now: new Date(state.clock.nowMs()).toISOString() });
      case 'GET /counters':
        return json(200, admin.counters());
      case 'POST /counters/reset':
        admin.resetCounters();
        return OK();
      case 'POST /redirect-uris':
        admin.registerRedirectUri(str(body, 'client'), str(body, 'uri'));
        return OK();
      case 'POST /view-counts-computing': {
        const ids = body.viewIds;
        if (ids !== undefined && (!Array.isArray(ids) || !ids.every((x) => typeof x === 'number'))) {
          throw new Error('"viewIds" must be an array of view ids');
        }
        admin.computeViewCounts({
          ...(ids === undefined ? {} : { viewIds: ids as number[] }),
          asks: num(body, 'asks', 1),
        });
        return OK();
      }
      case 'GET /user-id':
        return json(200, { id: admin.userId(url.searchParams.get('email') ?? '') });
      case 'POST /custom-statuses': {
        if (typeof body.enabled !== 'boolean') throw new Error('"enabled" must be true or false');
        admin.setCustomStatuses(body.enabled);
        return OK();
      }
      case 'POST /field-required': {
        if (typeof body.required !== 'boolean') throw new Error('"required" must be true or false');
        admin.setFieldRequired(num(body, 'fieldId'), body.required);
        return OK();
      }
      case 'GET /fixtures':
        return json(200, { ...FIXTURES, subdomain: state.subdomain, url: state.url });
      default:
        return json(404, { error: 'UnknownControl', description: `no sandbox control ${method} /__sandbox${path}` });
    }
  } catch (e) {
    return badRequest('InvalidControl', e instanceof Error ? e.message : String(e));
  }
}
