// The shipped build, made for the benchmark the way `npm run package` makes it: `node esbuild.mjs --production` in a
// copy of this checkout (so dist/ here keeps the test build the extension-host benchmarks need). The copy is an
// installable extension folder (package.json, media, dist/ ...) and comes with esbuild's metafile, which says how
// many bytes of each bundle come from which source folder.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Metafile } from 'esbuild';
import { repoRoot } from '../harness/codeServer';

const SKIP = new Set(['node_modules', '.git', '.vscode-test', 'out', 'dist']);

/** Builds the production bundles into `dir` (emptied first) and returns their metafile. */
export function buildShipped(dir: string): Metafile {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const entry of fs.readdirSync(repoRoot)) {
    if (!SKIP.has(entry) && !entry.endsWith('.vsix')) {
      fs.cpSync(path.join(repoRoot, entry), path.join(dir, entry), { recursive: true });
    }
  }
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'));
  const metaFile = path.join(dir, 'meta.json');
  execFileSync('node', ['esbuild.mjs', '--production', `--metafile=${metaFile}`], { cwd: dir, stdio: 'pipe' });
  return JSON.parse(fs.readFileSync(metaFile, 'utf8')) as Metafile;
}

/** Bytes of one output (such as 'dist/main.js') by source folder (src/requests, src/auth, ...). */
export function bytesByFolder(meta: Metafile, output: string): [string, number][] {
  const out = meta.outputs[output];
  if (!out) throw new Error(`the metafile has no ${output}`);
  const by = new Map<string, number>();
  for (const [file, input] of Object.entries(out.inputs)) {
    const parts = file.split('/');
    const folder = parts[0] !== 'src' ? 'other' : parts.length > 2 ? `${parts[0]}/${parts[1]}` : 'src/*.ts';
    by.set(folder, (by.get(folder) ?? 0) + input.bytesInOutput);
  }
  return [...by.entries()].sort((a, b) => b[1] - a[1]);
}
