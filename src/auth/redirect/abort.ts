import { CancelledError } from '../../zendesk/errors';
import { RedirectCancelledError, RedirectTimeoutError } from './errors';

/** The error a wait() rejects with once `signal` aborted: the timeout stays a timeout, a cancellation keeps its
 * own words ("A newer sign-in replaced this one."), anything else (a bare abort()) is the sign-in cancelled. */
export function abortError(signal: AbortSignal): RedirectTimeoutError | CancelledError {
  const reason: unknown = signal.reason;
  if (reason instanceof RedirectTimeoutError || reason instanceof CancelledError) return reason;
  return new RedirectCancelledError();
}

/** Calls `fn` once when `signal` aborts (at once if it already has); returns the unsubscribe function. */
export function onAbort(signal: AbortSignal, fn: () => void): () => void {
  if (signal.aborted) {
    fn();
    return () => undefined;
  }
  signal.addEventListener('abort', fn, { once: true });
  return () => signal.removeEventListener('abort', fn);
}

/**
 * A promise settled once, by whichever comes first. Rejections are observed up front so an
 * abort before anyone called wait() is not an unhandled rejection.
 */
export class Outcome<T> {
  readonly promise: Promise<T>;
  private done = false;
  private resolveFn!: (v: T) => void;
  private rejectFn!: (e: unknown) => void;

  constructor() {
    this.promise = new Promise<T>((resolve, reject) => {
      this.resolveFn = resolve;
      this.rejectFn = reject;
    });
    this.promise.catch(() => undefined);
  }

  get settled(): boolean {
    return this.done;
  }

  resolve(v: T): boolean {
    if (this.done) return false;
    this.done = true;
    this.resolveFn(v);
    return true;
  }

  reject(e: unknown): boolean {
    if (this.done) return false;
    this.done = true;
    this.rejectFn(e);
    return true;
  }
}
