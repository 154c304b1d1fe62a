// Runs mocha over the given files and writes {passes, failures, pending} to $ZD_RESULTS, so the
// top-level test runner can add every layer's counts into one summary line.
import fs from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';

export interface LayerResults { layer: string; passes: number; failures: number; pending: number; ms: number }

export function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true })
    .map((f) => path.join(dir, String(f)))
    .filter((f) => f.endsWith('.test.js'))
    .sort();
}

export function runMocha(layer: string, files: string[], options: Mocha.MochaOptions = {}): Promise<LayerResults> {
  const mocha = new Mocha({ ui: 'bdd', color: false, reporter: 'spec', timeout: 20_000, ...options });
  const grep = process.env.ZD_GREP;
  if (grep) mocha.grep(grep);
  for (const f of files) mocha.addFile(f);
  const started = Date.now();
  return new Promise((resolve) => {
    const runner = mocha.run(() => {
      const s = runner.stats;
      const results: LayerResults = { layer, passes: s?.passes ?? 0, failures: s?.failures ?? 0, pending: s?.pending ?? 0, ms: Date.now() - started };
      console.log(`${layer}: ${results.passes} passed, ${results.failures} failed` + (results.pending ? `, ${results.pending} skipped` : ''));
      const out = process.env.ZD_RESULTS;
      if (out) fs.writeFileSync(out, JSON.stringify(results));
      resolve(results);
    });
  });
}
