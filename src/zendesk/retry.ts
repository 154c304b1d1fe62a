// The one retry policy of the REST client: which answers are retried, how long the client waits, and when it stops
// waiting and hands the answer back. Every caller (the tree, the ticket tab, request files, chat tools) gets this
// policy through ZendeskClient; a caller that shows the wait gets it through `onRetry`, never by running a loop.
//
// What Zendesk says (https://developer.zendesk.com/api-reference/introduction/rate-limits/): over a limit the answer
// is 429 with Retry-After in seconds, and "the API stops processing any more requests until a certain amount of time
// has passed" (https://developer.zendesk.com/documentation/api-basics/best-practices/best-practices-for-avoiding-rate-limiting/):
// a rate-limited request was not applied, so retrying it, a write included, cannot apply it twice. A 503 with
// Retry-After is a database timeout or deadlock, worth retrying after that many seconds; without it, maintenance
// (https://developer.zendesk.com/api-reference/ticketing/introduction/#response-format).
import { DEFAULT_RETRY_AFTER_SECONDS, retryAfterSeconds } from './responses';
import type { HttpResponse } from './transport';

/** Time for the retry waits: injected, so unit tests move a fake clock instead of sleeping real seconds. */
export interface RetryClock {
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason as soon as it is aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Why the client waits: Zendesk's rate limit (429) or a 503 that says when to come back. */
export type RetryReason = 'rate-limited' | 'unavailable';

/** A wait the client is about to sit through, so a caller can show it ("Zendesk is busy, retrying in 12 s…"). */
export interface RetryNotice {
  /** 1 for the first retry. */
  attempt: number;
  waitMs: number;
  reason: RetryReason;
  status: number;
  /** waitMs in whole seconds, as Retry-After gave it. */
  waitSeconds: number;
}

export interface RetryLimits {
  /** Retries after the first answer. */
  maxRetries: number;
  /** A single wait longer than this is not sat through: the answer goes straight back (a RateLimitedError). */
  maxWaitSeconds: number;
  /** All the waits of one call together; a wait that would go past it is not begun. Never below maxWaitSeconds. */
  maxTotalWaitSeconds: number;
}

/** What a silent caller gets: a list or a count waits a minute at most at a time, two minutes in all. */
export const DEFAULT_RETRY_LIMITS: RetryLimits = { maxRetries: 3, maxWaitSeconds: 60, maxTotalWaitSeconds: 120 };

/**
 * What a caller that shows the wait beside Cancel gets (the ticket tab's submit, where the agent watches it): Zendesk's
 * per-ticket limit is 30 updates in 10 minutes (https://developer.zendesk.com/api-reference/introduction/rate-limits/),
 * so its Retry-After can reach 600 s, which a silent list never sits through; a minute more in all.
 */
export const INTERACTIVE_RETRY_LIMITS: RetryLimits = {
  maxRetries: DEFAULT_RETRY_LIMITS.maxRetries,
  maxWaitSeconds: 600,
  maxTotalWaitSeconds: 660,
};

/** Methods that change nothing: a 503 is retried only for these, since a write that timed out may have landed. */
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The wait before retrying `res`, or undefined when the answer is final: not one Zendesk says to retry, the retries
 * used up, or a wait past a cap. `attempt` is the retry this would be (1 for the first), `waitedMs` the waits so far.
 */
export function retryWait(
  method: string,
  res: HttpResponse,
  attempt: number,
  waitedMs: number,
  limits: RetryLimits,
  now: number,
): { waitMs: number; reason: RetryReason; waitSeconds: number } | undefined {
  if (attempt > limits.maxRetries) return undefined;
  const after = retryAfterSeconds(res, now);
  let reason: RetryReason;
  let seconds: number;
  if (res.status === 429) {
    reason = 'rate-limited';
    seconds = after ?? DEFAULT_RETRY_AFTER_SECONDS;
  } else if (res.status === 503 && after !== undefined && SAFE_METHODS.has(method.toUpperCase())) {
    reason = 'unavailable';
    seconds = after;
  } else return undefined;
  const total = Math.max(limits.maxTotalWaitSeconds, limits.maxWaitSeconds);
  if (seconds > limits.maxWaitSeconds || waitedMs + seconds * 1000 > total * 1000) return undefined;
  return { waitMs: seconds * 1000, reason, waitSeconds: seconds };
}

/** setTimeout that rejects with the signal's reason when cancelled. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The real clock. */
export const SYSTEM_CLOCK: RetryClock = { now: () => Date.now(), sleep: abortableSleep };
