// The clock and the timers a class runs on, passed to its constructor: the system's in the extension, a manual
// clock in the unit tests (test/support/manualTimers.ts), so no test waits real seconds for a retry or a refresh.

/** Cancels a timer; calling it after the timer fired does nothing. */
export type CancelTimer = () => void;

export interface Timers {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs `fn` once after `ms`. A `background` timer (a refresh ahead of expiry) never keeps the process alive. */
  setTimeout(fn: () => void, ms: number, background?: boolean): CancelTimer;
}

export const systemTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (fn, ms, background) => {
    const t = setTimeout(fn, ms);
    if (background) t.unref?.();
    return () => clearTimeout(t);
  },
};

/** Resolves after `ms` on `timers`' clock. */
export function delay(timers: Timers, ms: number): Promise<void> {
  return new Promise((resolve) => timers.setTimeout(resolve, ms));
}
