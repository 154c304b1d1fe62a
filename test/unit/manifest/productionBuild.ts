// The production build (`node esbuild.mjs --production`, what `npm run package` ships) made in a copy of the working
// tree, so it never replaces this checkout's dist/ (the integration tests load the test build from there).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Metafile } from 'esbuild';
import { findRoot } from '../../support/repoRoot';

export interface ProductionBuild {
  /** The copy: package.json, media, ... and the production dist/. */
  dir: string;
  /** A shipped file's text, such as 'dist/extension.js'. */
  read(file: string): string;
  /** esbuild's metafile of the shipped bundles. */
  meta: Metafile;
  remove(): void;
}

export function productionBuild(): ProductionBuild {
  const root = findRoot();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vsix-src-'));
  const skip = new Set(['node_modules', '.git', '.vscode-test', 'out', 'dist']);
  for (const entry of fs.readdirSync(root)) {
    if (!skip.has(entry) && !entry.endsWith('.vsix')) {
      fs.cpSync(path.join(root, entry), path.join(dir, entry), { recursive: true });
    }
  }
  // Present, so that a .vscodeignore letting it in would show in a .vsix made from the copy.
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  // Outside dist/: the metafile is for the tests, never for the package.
  const metaFile = path.join(dir, 'meta.json');
  execFileSync('node', ['esbuild.mjs', '--production', `--metafile=${metaFile}`], { cwd: dir });
  return {
    dir,
    read: (file) => fs.readFileSync(path.join(dir, file), 'utf8'),
    meta: JSON.parse(fs.readFileSync(metaFile, 'utf8')) as Metafile,
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
