// Unit tests: plain Node, no VS Code. `node out/test/unit/index.js`
import { runMocha, testFiles } from '../runMocha';

void runMocha('unit', testFiles(__dirname), { timeout: 15_000 }).then((r) => {
  process.exitCode = r.failures > 0 || r.passes === 0 ? 1 : 0;
});
