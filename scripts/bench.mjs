// `npm run bench`: runs every benchmark in out/test/bench (built by `node esbuild.mjs --tests`) one after
// another and lets each print its own figures. Benchmarks measure; they never pass or fail a build.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'out', 'test', 'bench');
const benches = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.bench.js')).sort() : [];
if (!benches.length) {
  console.error('No benchmark built: run `node esbuild.mjs --tests` first.');
  process.exit(1);
}
let failed = 0;
for (const b of benches) {
  console.log(`\n=== ${b}`);
  const r = spawnSync(process.execPath, ['--expose-gc', path.join(dir, b), ...process.argv.slice(2)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
