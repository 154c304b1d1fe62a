// 2. Bytes: the JavaScript VS Code loads when the extension activates (dist/extension.js; undici is split into
// dist/undici.js and loaded on the first request), and the whole package. Builds what users get: `npm run
// package` (the production bundle, then the .vsix), so the activation starts that follow load that bundle too.
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
  const size = (f: string) => fs.statSync(path.join(repoRoot, f)).size;
  const bundle = fs.readFileSync(path.join(repoRoot, 'dist', 'extension.js'), 'utf8');
  const found = UNDICI_MARKERS.filter((m) => bundle.includes(m));
  const loadsApart = /(require|import)\(["']\.\/undici\.js["']\)/.test(bundle);
  const s = '2. Bytes';
  return [
    row(s, 'JavaScript loaded at activation: dist/extension.js (production)', 'bytes', size('dist/extension.js')),
    ...bytesByFolder(await buildShipped({ outfile: path.join(repoRoot, 'dist', 'extension.js'), write: false })).map(([folder, bytes]) => row(s, `  of which ${folder}`, 'bytes', bytes)),
    row(s, 'HTTP client code (undici) inside dist/extension.js', 'markers', found.length, {
      target: eq(0, 'none'),
      note: found.length ? `found ${found.join(', ')}` : `none of ${UNDICI_MARKERS.join(', ')}; ${loadsApart ? 'it imports ./undici.js on the first request' : 'no import of ./undici.js seen'}`,
    }),
    row(s, 'dist/undici.js, loaded on the first request', 'bytes', size('dist/undici.js')),
    row(s, 'the package: zendesk-vscode.vsix', 'bytes', size('zendesk-vscode.vsix')),
  ];
}
