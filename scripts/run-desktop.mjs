// The integration suites on desktop VS Code, through @vscode/test-electron: the same entry point
// (out/test/integration/index.js exports run()) that the code-server route loads. Needs a machine that can
// download VS Code; where it cannot (this project's CI), use `npm run test:integration`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The suites expect a workspace folder (the settings suite writes a .vscode/settings.json into it).
const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'zd-ws-'));
try {
  await runTests({
    version: process.env.VSCODE_VERSION || '1.93.0',
    // The test build of the extension (esbuild.mjs --tests stages it; its entry is test/harness/testMain.ts).
    extensionDevelopmentPath: path.join(root, 'out', 'extension'),
    extensionTestsPath: path.join(root, 'out', 'test', 'integration', 'index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
} catch (e) {
  console.error(`test:desktop failed: ${e instanceof Error ? e.message : e}`);
  console.error('If VS Code could not be downloaded here, run the same suites with `npm run test:integration`.');
  process.exit(1);
}
