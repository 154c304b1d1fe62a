// End-to-end tests: Playwright drives the real workbench. `node out/test/e2e/index.js` (inside scripts/offline.sh).
import { checkInstalled } from '../harness/codeServer';
import { runMocha, testFiles } from '../runMocha';

try {
  checkInstalled();
} catch (e) {
  console.error(`e2e: ${(e as Error).message}`);
  process.exit(2);
}
void runMocha('e2e', testFiles(__dirname), { timeout: 120_000, slow: 20_000 }).then((r) => {
  process.exit(r.failures > 0 || r.passes === 0 ? 1 : 0);
});
