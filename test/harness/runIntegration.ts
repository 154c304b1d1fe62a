// Runs the integration suites (out/test/integration) inside the real VS Code extension host of code-server,
// loaded through the workbench URL payload in headless Chromium. Exit code: 0 all passed; 1 failures;
// 2 the harness could not start or timed out; 3 the results disagree with the exit code, or no test ran.
import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import { launchChromium, newWorkspace, repoRoot, startCodeServer, tmpDir, workbenchUrl } from './codeServer';
import { TEST_EXTENSION_DIR } from './testBuild';

const NOISE = /\[AgentHost|\[ChatModelSelection|\[AccountPolicyGate/;

async function main(): Promise<number> {
  const timeoutS = Number(process.env.TEST_TIMEOUT_S || 600);
  const verbose = process.env.VERBOSE === '1';
  const workspace = newWorkspace();
  // The extension host writes its counts here (it inherits the server's environment); npm test reads them.
  const resultsFile = process.env.ZD_RESULTS || path.join(tmpDir('results-'), 'integration.json');
  fs.rmSync(resultsFile, { force: true });
  const server = await startCodeServer({
    workspace,
    smokeTestDriver: true,
    verbose,
    // The extension host inherits these: where to write results, and which tests to run.
    env: { ZD_RESULTS: resultsFile, ZD_GREP: process.env.ZD_GREP ?? '' },
  });
  console.log(`[integration] VS Code at ${server.url} (log ${server.logFile})`);
  const browser = await launchChromium();
  try {
    const page = browser.pages()[0] ?? (await browser.newPage());
    let finish!: (r: { code: number; via: string }) => void;
    const done = new Promise<{ code: number; via: string }>((r) => (finish = r));
    // Exposed before navigation: the workbench calls these for extension tests.
    await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown) => {
      const text = util.format(...(Array.isArray(args) ? args : [args])).replace(/%c/g, '');
      if (verbose || !NOISE.test(text)) console.log(text);
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => finish({ code, via: 'codeAutomationExit' }));
    page.on('pageerror', (e) => console.error('[page error]', e.message));
    if (verbose) page.on('console', (m) => console.log('[browser]', m.type(), m.text()));
    await page.goto(
      workbenchUrl(server, {
        workspace,
        // The test build (its dialogs and clock answer the tests: test/harness/testMain.ts), not dist/ at the root.
        extensionDevelopmentPath: path.join(repoRoot, TEST_EXTENSION_DIR),
        extensionTestsPath: path.join(repoRoot, 'out', 'test', 'integration', 'index.js'),
      }),
    );
    const timer = setTimeout(() => finish({ code: 2, via: `timeout after ${timeoutS} s` }), timeoutS * 1000);
    const { code, via } = await done;
    clearTimeout(timer);
    let results: { passes: number; failures: number } | undefined;
    try {
      results = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as typeof results;
    } catch {
      /* no results: reported below */
    }
    console.log(`[integration] extension host exited ${code} (${via}); results ${JSON.stringify(results ?? null)}`);
    if (code !== 0) return code;
    return results && results.failures === 0 && results.passes > 0 ? 0 : 3;
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error('[integration] harness failed:', e instanceof Error ? e.message : e);
    process.exit(2);
  },
);
