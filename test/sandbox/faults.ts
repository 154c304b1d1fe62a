import { normaliseRoute } from './router';

/** The fault controls: latency, failed requests, reset sockets and cut bodies, matched by normalised route. */

export type Fault =
  | { kind: 'fail'; status: 429 | 500 | 503; retryAfter?: number }
  | { kind: 'reset' }
  | { kind: 'truncate' }
  | { kind: 'quote' };

export class Faults {
  latencyMs = 0;
  private readonly queues = new Map<string, { fault: Fault; left: number }[]>();

  add(route: string, count: number, fault: Fault): void {
    if (!Number.isInteger(count) || count < 1) throw new RangeError('count must be a positive integer');
    const key = route === '*' ? '*' : normaliseRouteName(route);
    const q = this.queues.get(key) ?? [];
    q.push({ fault, left: count });
    this.queues.set(key, q);
  }

  /** The fault for this request, if one is armed for its route (exact route first, then '*'). */
  take(route: string): Fault | undefined {
    return this.takeFrom(route) ?? this.takeFrom('*');
  }

  private takeFrom(key: string): Fault | undefined {
    const q = this.queues.get(key);
    const head = q?.[0];
    if (!q || !head) return undefined;
    if (--head.left === 0) q.shift();
    return head.fault;
  }
}

/** Accepts `get /api/v2/tickets.json` or `GET /api/v2/tickets/12` and names it like the router does. */
export function normaliseRouteName(route: string): string {
  const m = /^\s*([A-Za-z]+)\s+(\S+)\s*$/.exec(route);
  if (!m || !m[1] || !m[2]) throw new Error(`route must look like "GET /api/v2/tickets": ${route}`);
  return normaliseRoute(m[1], m[2].replace(/\?.*$/, '')).route;
}
