// A clock the unit tests move by hand, for the classes that take `Timers` (src/timers.ts): a retry due in 5 s
// fires when the test advances the clock 5 s, at once. It is also a virtual scheduler for simulations (several
// windows, a keychain with latency, a token endpoint): every delay of every fake and of the code under test is a
// timer on this one clock, and `runUntil` fires them in order as soon as nothing else is left to run, so a trial
// modelling 10 s of keychain traffic takes the milliseconds its promises take.
import { delay, type CancelTimer, type Timers } from '../../src/timers';

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
  /** Real I/O in flight (a request to the sandbox over HTTP): virtual time stands still until it lands. */
  private readonly io = new Set<Promise<unknown>>();

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

  /** Resolves after `ms` on this clock: a fake's latency. */
  sleep(ms: number): Promise<void> {
    return delay(this, ms);
  }

  /**
   * Real I/O the simulation waits for: while it is in flight, `runUntil` does not move the clock, so its real
   * latency (the network's) takes no virtual time and no timer fires early because of it.
   */
  track<T>(work: Promise<T>): Promise<T> {
    const p = work.then(
      () => undefined,
      () => undefined,
    );
    this.io.add(p);
    void p.then(() => this.io.delete(p));
    return work;
  }

  /** Lets everything runnable run: the tracked I/O lands, and the promises it and they started settle. */
  private async idle(): Promise<void> {
    do {
      while (this.io.size > 0) await Promise.all([...this.io]);
      // A macrotask turn: every microtask queued before it (and by it) has run.
      await new Promise((r) => setImmediate(r));
    } while (this.io.size > 0);
  }

  /**
   * Runs the simulation until `done()` holds, firing the next timer whenever nothing else is left to run.
   * Returns whether `done()` held; false when no timer is left (everything finished) or the next one is more than
   * `maxMs` away from where the clock was when called.
   */
  async runUntil(done: () => boolean, maxMs = 3_600_000): Promise<boolean> {
    const end = this.time + maxMs;
    for (;;) {
      await this.idle();
      if (done()) return true;
      const next = this.next();
      if (!next || next.at > end) return false;
      this.pending.splice(this.pending.indexOf(next), 1);
      this.time = Math.max(this.time, next.at);
      next.fn();
    }
  }

  /** Runs the simulation until `work` settles, and returns it. */
  async complete<T>(work: Promise<T>): Promise<T> {
    let settled = false;
    const watched = work.then(
      () => (settled = true),
      () => (settled = true),
    );
    if (!(await this.runUntil(() => settled))) {
      throw new Error('the simulation ran out of timers before the work settled');
    }
    await watched;
    return work;
  }

  /** Runs until no timer is left and nothing is in flight: every window has finished what it was doing. */
  async runToQuiet(maxMs?: number): Promise<void> {
    await this.runUntil(() => false, maxMs);
    if (this.pending.length > 0) throw new Error(`timers still pending ${maxMs} ms on: the simulation never settled`);
  }

  private next(): Pending | undefined {
    return [...this.pending].sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
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
