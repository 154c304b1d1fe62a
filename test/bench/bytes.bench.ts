// 2. Bytes: the JavaScript VS Code loads when it activates the extension (dist/extension.js: registrations only),
// the implementation that bundle loads on first use or right after activation (dist/main.js), undici, split into
// dist/undici.js and loaded on the first request, and the whole package (`npm run package`).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../harness/codeServer';
import { buildShipped, bytesByFolder } from './bundle';
import type { BenchContext } from './context';
import { eq, row, type Row } from './report';

/** Strings that exist only in undici's code: its error codes and its HTTP parser. */
const UNDICI_MARKERS = ['UND_ERR_', 'llhttp'];

export async function measureBytes(ctx: BenchContext): Promise<Row[]> {
  ctx.progress('npm run package (production build and .vsix)');
  const r = spawnSync('npm', ['run', 'package'], { cwd: repoRoot, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm run package failed: ${(r.stderr || r.stdout).slice(-500)}`);
  const shipped = path.join(repoRoot, '.vscode-test', 'bench', 'shipped');
  const meta = buildShipped(shipped);
  const size = (f: string) => fs.statSync(path.join(shipped, f)).size;
  const read = (f: string) => fs.readFileSync(path.join(shipped, f), 'utf8');
  const found = UNDICI_MARKERS.filter((m) => read('dist/extension.js').includes(m) || read('dist/main.js').includes(m));
  const loadsApart = /(require|import)\(["']\.\/undici\.js["']\)/.test(read('dist/main.js'));
  const s = '2. Bytes';
  const byFolder = (output: string) =>
    bytesByFolder(meta, output).map(([folder, bytes]) => row(s, `  of which ${folder}`, 'bytes', bytes));
  return [
    row(
      s,
      'JavaScript loaded at activation: dist/extension.js (production; registrations only)',
      'bytes',
      size('dist/extension.js'),
    ),
    ...byFolder('dist/extension.js'),
    row(
      s,
      'the implementation, loaded on first use or right after activation: dist/main.js (production)',
      'bytes',
      size('dist/main.js'),
    ),
    ...byFolder('dist/main.js'),
    row(s, 'HTTP client code (undici) inside dist/extension.js or dist/main.js', 'markers', found.length, {
      target: eq(0, 'none'),
      note: found.length
        ? `found ${found.join(', ')}`
        : `none of ${UNDICI_MARKERS.join(', ')}; ${loadsApart ? 'dist/main.js imports ./undici.js on the first request' : 'no import of ./undici.js seen'}`,
    }),
    row(s, 'dist/undici.js, loaded on the first request', 'bytes', size('dist/undici.js')),
    row(s, 'the package: zendesk-vscode.vsix', 'bytes', fs.statSync(path.join(repoRoot, 'zendesk-vscode.vsix')).size),
  ];
}
