// Runs mocha over the given files and writes {passes, failures, pending} to $ZD_RESULTS, so the
// top-level test runner can add every layer's counts into one summary line.
import fs from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';

export interface LayerResults {
  layer: string;
  passes: number;
  failures: number;
  pending: number;
  ms: number;
  /** The slowest tests, slowest first: a test that starts sleeping real seconds shows here. */
  slowest: { title: string; ms: number }[];
}

/** How many of the slowest tests a layer reports. */
const SLOWEST = 10;

export function testFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true })
    .map((f) => path.join(dir, String(f)))
    .filter((f) => f.endsWith('.test.js'))
    .sort();
}

export interface RunOptions extends Mocha.MochaOptions {
  /**
   * Folders of the code under test (the extension's bundle, the tests). An unhandled promise rejection whose
   * stack runs through one of them fails the layer, named with the test that was running. Others (other
   * extensions in the same extension host) are only printed.
   */
  failOnRejectionsFrom?: string[];
}

interface Rejection {
  during: string;
  text: string;
}

/** Listens for unhandled rejections while the layer runs; `ours` decides which fail it. */
function watchRejections(ours: string[], current: () => string): { ours: Rejection[]; stop(): void } {
  const found: Rejection[] = [];
  // Mocha hears a rejection first and emits it again on `process`: count each promise once.
  const seen = new WeakSet<Promise<unknown>>();
  const listener = (reason: unknown, promise: Promise<unknown>) => {
    if (seen.has(promise)) return;
    seen.add(promise);
    const text =
      reason instanceof Error
        ? (reason.stack ?? `${reason.name}: ${reason.message}`)
        : `a non-Error value: ${String(reason)}`;
    if (ours.some((root) => text.includes(root))) found.push({ during: current(), text });
    else console.log(`[unhandled rejection outside the code under test, during "${current()}"] ${text}`);
  };
  process.on('unhandledRejection', listener);
  return { ours: found, stop: () => process.off('unhandledRejection', listener) };
}

export function runMocha(layer: string, files: string[], runOptions: RunOptions = {}): Promise<LayerResults> {
  const { failOnRejectionsFrom, ...options } = runOptions;
  const mocha = new Mocha({ ui: 'bdd', color: false, reporter: 'spec', timeout: 20_000, ...options });
  const grep = process.env.ZD_GREP;
  if (grep) mocha.grep(grep);
  for (const f of files) mocha.addFile(f);
  const started = Date.now();
  let running = '(between tests)';
  const durations: { title: string; ms: number }[] = [];
  const rejections = failOnRejectionsFrom ? watchRejections(failOnRejectionsFrom, () => running) : undefined;
  return new Promise((resolve) => {
    const runner = mocha.run(() => {
      rejections?.stop();
      for (const r of rejections?.ours ?? []) {
        console.log(`${layer}: unhandled promise rejection during "${r.during}":\n${r.text}`);
      }
      const s = runner.stats;
      const failures = (s?.failures ?? 0) + (rejections?.ours.length ?? 0);
      const results: LayerResults = {
        layer,
        passes: s?.passes ?? 0,
        failures,
        pending: s?.pending ?? 0,
        ms: Date.now() - started,
        slowest: durations.sort((a, b) => b.ms - a.ms).slice(0, SLOWEST),
      };
      console.log(`${layer}: the ${results.slowest.length} slowest tests`);
      for (const t of results.slowest) console.log(formatSlow(t));
      console.log(
        `${layer}: ${results.passes} passed, ${results.failures} failed` +
          (results.pending ? `, ${results.pending} skipped` : '') +
          (rejections?.ours.length ? ` (${rejections.ours.length} of them unhandled promise rejections)` : ''),
      );
      const out = process.env.ZD_RESULTS;
      if (out) fs.writeFileSync(out, JSON.stringify(results));
      resolve(results);
    });
    runner.on('test', (t: Mocha.Test) => {
      running = t.fullTitle();
    });
    runner.on('hook', (h: Mocha.Hook) => {
      running = h.fullTitle();
    });
    runner.on('test end', (t: Mocha.Test) => {
      running = '(between tests)';
      if (t.duration !== undefined) durations.push({ title: t.fullTitle(), ms: t.duration });
    });
  });
}

/** One line of the slowest-tests list: the duration right-aligned, then the test's full title. */
function formatSlow(t: { title: string; ms: number }): string {
  return `${String(t.ms).padStart(8)} ms  ${t.title}`;
}
