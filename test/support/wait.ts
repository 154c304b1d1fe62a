// Waiting on state, the one way every suite does it (unit, integration, e2e helpers): poll a condition until it
// holds or a deadline passes. `sleep` is for what has no state to wait on (a fake keychain's latency).

export const sleep = (ms: number): Promise<void> => new Promise<void>((r) => setTimeout(r, ms));

/** Resolves once `predicate` holds; rejects with `what` (or a generic message) after `timeoutMs`. */
export async function until(
  predicate: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  what = 'condition not met in time',
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > end) throw new Error(what);
    await sleep(10);
  }
}
