/** The account's per-minute API budget and the per-ticket update limit (spec §4.2). */
import type { Clock } from './clock';

export interface Budget {
  allowed: boolean;
  limit: number;
  remaining: number;
  resetSeconds: number;
}

/**
 * CHOICE: fixed one-minute windows counted from the sandbox's start on the sandbox clock (not wall-clock minutes),
 * so a test that starts a sandbox and spends its budget at once never straddles a window edge.
 */
export class AccountRateLimiter {
  private window = -1;
  private used = 0;

  constructor(
    private readonly clock: Clock,
    readonly limit: number,
    private readonly startMs: number,
  ) {}

  take(): Budget {
    const elapsed = this.clock.nowMs() - this.startMs;
    const window = Math.floor(elapsed / 60_000);
    if (window !== this.window) {
      this.window = window;
      this.used = 0;
    }
    const resetSeconds = Math.max(1, Math.ceil(((window + 1) * 60_000 - elapsed) / 1000));
    if (this.used >= this.limit) return { allowed: false, limit: this.limit, remaining: 0, resetSeconds };
    this.used++;
    return { allowed: true, limit: this.limit, remaining: this.limit - this.used, resetSeconds };
  }
}

export function budgetHeaders(b: Budget): Record<string, string> {
  return {
    'X-Rate-Limit': String(b.limit),
    'X-Rate-Limit-Remaining': String(b.remaining),
    'ratelimit-limit': String(b.limit),
    'ratelimit-remaining': String(b.remaining),
    'ratelimit-reset': String(b.resetSeconds),
  };
}

/** A sliding window of update times per (user, ticket). */
export class TicketUpdateLimiter {
  private readonly updates = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    private readonly max: number,
    private readonly windowSeconds: number,
  ) {}

  /** Seconds to wait before this user may update this ticket again, or 0 if allowed now. */
  retryAfter(userId: number, ticketId: number): number {
    const recent = this.recent(`${userId}:${ticketId}`);
    if (recent.length < this.max) return 0;
    const oldest = recent[0] ?? this.clock.nowMs();
    return Math.max(1, Math.ceil((oldest + this.windowSeconds * 1000 - this.clock.nowMs()) / 1000));
  }

  record(userId: number, ticketId: number): void {
    const key = `${userId}:${ticketId}`;
    const recent = this.recent(key);
    recent.push(this.clock.nowMs());
    this.updates.set(key, recent);
  }

  private recent(key: string): number[] {
    const cutoff = this.clock.nowMs() - this.windowSeconds * 1000;
    const kept = (this.updates.get(key) ?? []).filter((t) => t > cutoff);
    this.updates.set(key, kept);
    return kept;
  }
}

/**
 * Fixed one-minute windows per key (on the sandbox clock, counted from the sandbox's start like the account budget):
 * the endpoint limits Zendesk states per minute, such as Update Ticket's per account and a view count's per view per
 * agent (https://developer.zendesk.com/api-reference/introduction/rate-limits/).
 */
export class KeyedMinuteLimiter {
  private window = -1;
  private readonly used = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    readonly limit: number,
    private readonly startMs: number,
  ) {}

  /** Seconds to wait before any of `keys` may be used again (0: allowed now, and each key is spent once). */
  take(keys: readonly string[]): number {
    const elapsed = this.clock.nowMs() - this.startMs;
    const window = Math.floor(elapsed / 60_000);
    if (window !== this.window) {
      this.window = window;
      this.used.clear();
    }
    if (keys.some((k) => (this.used.get(k) ?? 0) >= this.limit)) {
      return Math.max(1, Math.ceil(((window + 1) * 60_000 - elapsed) / 1000));
    }
    for (const k of keys) this.used.set(k, (this.used.get(k) ?? 0) + 1);
    return 0;
  }
}
