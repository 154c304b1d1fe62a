// A clock the unit tests move by hand, for the classes that take `Timers` (src/timers.ts): a retry due in 5 s
// fires when the test advances the clock 5 s, at once.
import type { CancelTimer, Timers } from '../../src/timers';

interface Pending {
  at: number;
  seq: number;
  fn: () => void;
}

export class ManualTimers implements Timers {
  private time: number;
  private seq = 0;
  private readonly pending: Pending[] = [];
  private readonly wall?: () => number;

  /**
   * `start`: where the clock starts. A function instead: `now()` reads it (the wall clock, for code that talks to the
   * sandbox over real HTTP), while the timers still fire only when the test advances them.
   */
  constructor(start: number | (() => number) = 0) {
    this.time = typeof start === 'number' ? start : 0;
    if (typeof start === 'function') this.wall = start;
  }

  now(): number {
    return this.wall ? this.wall() : this.time;
  }

  setTimeout(fn: () => void, ms: number): CancelTimer {
    const p: Pending = { at: this.time + Math.max(0, ms), seq: this.seq++, fn };
    this.pending.push(p);
    return () => {
      const i = this.pending.indexOf(p);
      if (i >= 0) this.pending.splice(i, 1);
    };
  }

  /** Timers not yet fired. */
  get waiting(): number {
    return this.pending.length;
  }

  /**
   * Moves the clock forward by `ms`, firing each timer that comes due on the way, in order, and letting what each
   * started run (promises, I/O already complete) before the next.
   */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      const next = this.pending.filter((p) => p.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!next) break;
      this.pending.splice(this.pending.indexOf(next), 1);
      this.time = Math.max(this.time, next.at);
      next.fn();
      await new Promise((r) => setImmediate(r));
    }
    this.time = end;
  }

  /**
   * Waits for `work`, moving the clock to the next timer whenever nothing else is left to run: a wait of 300 ms
   * (polling every 20) takes as long as the promises in it, not 300 ms.
   */
  async run<T>(work: Promise<T>): Promise<T> {
    let settled = false;
    const done = work.then(
      () => (settled = true),
      () => (settled = true),
    );
    while (!settled) {
      // Real I/O and the fakes' own latency get a moment first; only then does virtual time jump.
      await Promise.race([done, new Promise((r) => setTimeout(r, 1))]);
      const next = [...this.pending].sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!settled && next) await this.advance(Math.max(0, next.at - this.time));
    }
    return work;
  }
}
