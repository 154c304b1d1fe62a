// The repository root, found from wherever a test bundle runs (out/test/...): the nearest folder above it with the
// build script and the manifest.
import fs from 'node:fs';
import path from 'node:path';

export function findRoot(from = __dirname): string {
  for (let d = from; d !== path.dirname(d); d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, 'package.json')) && fs.existsSync(path.join(d, 'esbuild.mjs'))) return d;
  }
  throw new Error(`repository root not found above ${from}`);
}
