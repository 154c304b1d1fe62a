// `npm run bench`: the project's one performance report (test/bench/index.ts, built by `node esbuild.mjs
// --tests`). Prints one table and writes it as JSON to .vscode-test/bench/. `--quick` checks that everything runs
// with fewer repetitions; `--only=treehost,bytes,activation,paging,storm,tree,detail,requests,sandbox,tickettab` picks measurements.
// A target not met is printed as such and does not fail the command; a measurement that cannot run does.
// ZD_BENCH_DETAIL_ROOT=<checkout> measures the ticket detail's loader of another checkout while it is not merged here.
// The activation starts run code-server inside scripts/offline.sh (loopback only), like the e2e tests.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = path.join(root, 'out', 'test', 'bench', 'index.js');
if (!fs.existsSync(entry)) {
  console.error('The benchmark is not built: run `node esbuild.mjs --tests` first (npm run bench does).');
  process.exit(1);
}
const r = spawnSync(
  'bash',
  [path.join(root, 'scripts', 'offline.sh'), process.execPath, '--expose-gc', entry, ...process.argv.slice(2)],
  { stdio: 'inherit', cwd: root },
);
process.exit(r.status ?? 1);
