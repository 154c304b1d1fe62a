// `npm run package`: the .vsix a user installs, and the one the demo and the tour install, so what is tested is
// what ships. Builds in a copy of the working tree, so the minified production bundle never replaces this
// checkout's development dist/. Prints the .vsix's size and file count.
//   node scripts/package.mjs [--out FILE]     default: zendesk-vscode.vsix in the repository root
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SKIP = new Set(['node_modules', '.git', '.vscode-test', 'out', 'dist']);

/** The number of entries in a zip archive (its end-of-central-directory record), the extension's files among them. */
export function zipFileCount(file) {
  const buf = fs.readFileSync(file);
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error(`${file} is not a zip file`);
  return buf.readUInt16LE(eocd + 10);
}

export function packageVsix(out = path.join(root, 'zendesk-vscode.vsix')) {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'zd-package-'));
  try {
    for (const entry of fs.readdirSync(root)) {
      if (!SKIP.has(entry) && !entry.endsWith('.vsix'))
        fs.cpSync(path.join(root, entry), path.join(copy, entry), { recursive: true });
    }
    // vsce reads the manifest's dependencies from node_modules even with --no-dependencies.
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(copy, 'node_modules'));
    execFileSync('node', ['esbuild.mjs', '--production'], { cwd: copy, stdio: 'inherit' });
    const tmpOut = path.join(copy, 'out.vsix');
    // The README's pictures (media/readme/, small) ship in the .vsix and stay relative, so VS Code's extension page
    // shows them offline. Publishing to the Marketplace needs https image URLs instead: add
    // `--baseImagesUrl https://…/raw/HEAD/` there, and `--baseContentUrl https://…/blob/HEAD/` for the README's links
    // to docs/ and CONTRIBUTING.md, which do not ship (see docs/testing.md, Tests).
    execFileSync(
      path.join(root, 'node_modules', '.bin', 'vsce'),
      ['package', '--no-dependencies', '--no-rewrite-relative-links', '--out', tmpOut],
      { cwd: copy, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
    fs.copyFileSync(tmpOut, out);
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
  const bytes = fs.statSync(out).size;
  // The archive also holds [Content_Types].xml and extension.vsixmanifest besides the extension's files.
  const files = zipFileCount(out) - 2;
  return { file: out, bytes, files };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--out');
  const r = packageVsix(i > 0 ? path.resolve(process.argv[i + 1]) : undefined);
  const shown = path.relative(process.cwd(), r.file);
  console.log(
    `package: ${shown.startsWith('..') ? r.file : shown}, ${(r.bytes / 1024).toFixed(0)} KiB, ${r.files} files`,
  );
}
