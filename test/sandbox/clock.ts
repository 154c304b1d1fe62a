/**
 * The sandbox clock: wall time plus an offset that tests push forward, so code expiry, token expiry,
 * rate-limit windows and the per-ticket update limit can be crossed without waiting.
 */
export class Clock {
  private offsetMs = 0;

  constructor(private readonly wall: () => number = Date.now) {}

  nowMs(): number {
    return this.wall() + this.offsetMs;
  }

  nowSeconds(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  advance(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError('the sandbox clock only moves forward');
    this.offsetMs += seconds * 1000;
  }
}

/** Zendesk timestamps: ISO 8601 UTC without milliseconds. */
export function isoSeconds(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
