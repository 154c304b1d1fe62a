// `npm test`: type-check, lint, unit tests (plain Node), integration tests (VS Code extension host),
// end-to-end tests (the workbench UI), the tour (the packaged extension along the main path), in that order.
// Ends with one summary line over all layers,
// "N passed, N failed", and exits non-zero on any failure, a harness that cannot start, or a layer that ran no test.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zd-results-'));
const offline = ['bash', path.join(root, 'scripts', 'offline.sh')];

const steps = [
  // Idempotent: installs VS Code (code-server on Node 24) and Chromium on first use, a no-op afterwards.
  { name: 'setup', cmd: ['bash', 'scripts/setup-vscode.sh'] },
  { name: 'build', cmd: ['node', 'esbuild.mjs', '--tests'] },
  { name: 'typecheck', cmd: ['npx', 'tsc', '--noEmit', '-p', '.'] },
  { name: 'lint', cmd: ['npm', 'run', '--silent', 'lint'] },
  { name: 'unit', layer: true, cmd: ['node', 'out/test/unit/index.js'] },
  { name: 'integration', layer: true, cmd: [...offline, 'node', 'out/test/harness/runIntegration.js'] },
  { name: 'e2e', layer: true, cmd: [...offline, 'node', 'out/test/e2e/index.js'] },
  // `npm run demo -- --tour`: the packaged .vsix installed in VS Code, the main path driven on screen, one count per step.
  { name: 'tour', layer: true, cmd: [...offline, 'node', 'out/scripts/demo.js', '--tour'] },
];
const only = process.env.ZD_LAYERS?.split(',');

let passed = 0;
let failed = 0;
const report = [];
for (const step of steps) {
  if (only && step.layer && !only.includes(step.name)) continue;
  console.log(`\n=== ${step.name}: ${step.cmd.join(' ')}`);
  const started = Date.now();
  const resultsFile = path.join(resultsDir, `${step.name}.json`);
  fs.rmSync(resultsFile, { force: true });
  const r = spawnSync(step.cmd[0], step.cmd.slice(1), {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ZD_RESULTS: resultsFile },
  });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (!step.layer) {
    if (r.status !== 0) {
      failed++;
      report.push(`${step.name}: FAILED (exit ${r.status ?? r.signal}) in ${secs} s`);
      if (step.name === 'build' || step.name === 'setup') break; // nothing else can run
    } else report.push(`${step.name}: ok in ${secs} s`);
    continue;
  }
  let results;
  try {
    results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  } catch {
    /* reported below */
  }
  if (!results) {
    failed++;
    report.push(
      `${step.name}: FAILED, the layer did not report (exit ${r.status ?? r.signal}); its harness could not start`,
    );
    continue;
  }
  passed += results.passes;
  failed += results.failures;
  let line = `${step.name}: ${results.passes} passed, ${results.failures} failed${results.pending ? `, ${results.pending} skipped` : ''} in ${secs} s`;
  if (results.passes === 0) {
    failed++;
    line += ' — FAILED: ran no test';
  } else if (r.status !== 0 && results.failures === 0) {
    failed++;
    line += ` — FAILED: exit ${r.status ?? r.signal}`;
  }
  report.push(line);
  // The unit layer should stay fast (no test sleeps real seconds): its slowest tests in the summary make a
  // regression visible in the CI log. Every layer prints its own list at its end.
  if (step.name === 'unit' && Array.isArray(results.slowest)) {
    report.push(`  the ${results.slowest.length} slowest unit tests:`);
    for (const t of results.slowest) report.push(`  ${String(t.ms).padStart(8)} ms  ${t.title}`);
  }
}
console.log('\n=== summary');
for (const line of report) console.log(line);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
