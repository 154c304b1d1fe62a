// Loaded by the VS Code extension host (extensionTestsPath). Runs the integration suites with the real `vscode` API.
// Serves both routes: code-server through the workbench URL payload (CI), and desktop VS Code through
// @vscode/test-electron (`npm run test:desktop`), which calls the same `run()`.
import { runMocha, testFiles } from '../runMocha';

export async function run(): Promise<void> {
  const r = await runMocha('integration', testFiles(__dirname), { timeout: 30_000 });
  if (r.failures > 0) throw new Error(`${r.failures} integration tests failed.`);
  if (r.passes === 0) throw new Error('No integration test ran.');
}
