// Loaded by the VS Code extension host (extensionTestsPath). Runs the integration suites with the real `vscode` API.
// Serves both routes: code-server through the workbench URL payload (CI), and desktop VS Code through
// @vscode/test-electron (`npm run test:desktop`), which calls the same `run()`.
import path from 'node:path';
import { runMocha, testFiles } from '../runMocha';

// The repository root (this file is out/test/integration/index.js). A rejection whose stack runs through the
// extension's bundle (dist/), these tests (out/), or their sources when source maps apply (src/, test/, which
// holds the fixture extension too) is ours; the host's other extensions share the process and are not.
const root = path.resolve(__dirname, '..', '..', '..');

export async function run(): Promise<void> {
  const r = await runMocha('integration', testFiles(__dirname), {
    timeout: 30_000,
    failOnRejectionsFrom: ['dist', 'out', 'src', 'test'].map((dir) => path.join(root, dir) + path.sep),
  });
  if (r.failures > 0) throw new Error(`${r.failures} integration tests failed.`);
  if (r.passes === 0) throw new Error('No integration test ran.');
}
