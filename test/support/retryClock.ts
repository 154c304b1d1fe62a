// The client's retry waits (src/zendesk/retry.ts `RetryClock`) on a clock the test owns: a wait moves time on at
// once and is recorded, so a 429 with Retry-After: 30 costs no real seconds and the test can say how long it waited.
import type { RetryClock } from '../../src/zendesk/retry';

export class InstantRetryClock implements RetryClock {
  /** Every wait the client sat through, in ms, in order. */
  readonly waits: number[] = [];
  /** The next sleep waits for its signal's abort instead of moving time on (a user cancelling the wait). */
  hold = false;
  constructor(public t = Date.UTC(2026, 0, 1)) {}

  now(): number {
    return this.t;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.waits.push(ms);
    if (!this.hold) {
      this.t += ms;
      return Promise.resolve();
    }
    return new Promise((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason), { once: true }));
  }
}
