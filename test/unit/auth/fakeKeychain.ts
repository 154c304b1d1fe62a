// One OS keychain shared by several VS Code windows, for plain-Node tests of the session store and what sits on it.
// Every operation takes its own delay, so operations of different windows (and of one window) can land out of
// order, and `onDidChange` fires in every window after each write and delete, as VS Code does.
import { Emitter } from '../../../src/events';
import type { SecretStore } from '../../../src/auth/session';
import { delay, systemTimers, type Timers } from '../../../src/timers';

export type KeychainOp = 'get' | 'store' | 'delete';

export interface KeychainEvent {
  op: 'store' | 'delete';
  key: string;
  value?: string;
  at: number;
}

/** A seeded PRNG (the sandbox's mulberry32), so a failing trial's delays can be replayed from its seed. */
export { prng as seededRandom } from '../../sandbox/seed';

export class FakeKeychain {
  private readonly data = new Map<string, string>();
  private readonly changed = new Emitter<{ key: string }>();
  /** Every write and delete in the order it landed. */
  readonly history: KeychainEvent[] = [];
  /** Operations started and not yet landed (a test waits for them to drain). */
  pending = 0;
  /** Operations started so far, reads included. */
  started = 0;

  /**
   * `delay` picks each operation's delay in ms; the default answers at once (on a later tick). `timers`: the clock
   * the delays run on, the system's by default; a simulation passes its virtual one (test/support/manualTimers.ts).
   */
  constructor(
    private delay: (op: KeychainOp, key: string) => number = () => 0,
    private readonly timers: Timers = systemTimers,
  ) {}

  /** What one window sees: the shared data and events; optionally its own delays. */
  window(delay?: (op: KeychainOp, key: string) => number): SecretStore {
    const d = delay ?? ((op: KeychainOp, key: string) => this.delay(op, key));
    return {
      get: (key) => this.op(d('get', key), () => this.data.get(key)),
      store: (key, value) => this.op(d('store', key), () => this.set(key, value)),
      delete: (key) => this.op(d('delete', key), () => this.remove(key)),
      onDidChange: this.changed.event,
    };
  }

  setDelay(delay: (op: KeychainOp, key: string) => number): void {
    this.delay = delay;
  }

  /** Reads without delay, for assertions. */
  peek(key: string): string | undefined {
    return this.data.get(key);
  }

  keys(): string[] {
    return [...this.data.keys()];
  }

  /** Writes without delay and without events: a state set up before the windows open. */
  seed(key: string, value: string): void {
    this.data.set(key, value);
  }

  /** Resolves once no operation is in flight (on the system clock; a simulation runs its virtual one to quiet). */
  async drain(): Promise<void> {
    while (this.pending > 0) await delay(this.timers, 5);
  }

  private set(key: string, value: string): void {
    this.data.set(key, value);
    this.history.push({ op: 'store', key, value, at: this.timers.now() });
    this.changed.fire({ key });
  }

  private remove(key: string): void {
    this.data.delete(key);
    this.history.push({ op: 'delete', key, at: this.timers.now() });
    this.changed.fire({ key });
  }

  /** The operation lands (reads its value, or writes) at the end of its delay, like an IPC round trip. */
  private async op<T>(ms: number, land: () => T): Promise<T> {
    this.pending++;
    this.started++;
    try {
      await delay(this.timers, ms);
      return land();
    } finally {
      this.pending--;
    }
  }
}
