// Writes l10n/bundle.l10n.json: the English message of every vscode.l10n.t / l10n.t call in src/, the file a
// translator copies to l10n/bundle.l10n.<locale>.json (package.json "l10n" points VS Code there). It does what
// `@vscode/l10n-dev export` does, without that package. The l10n unit test fails when the file is out of date.
//   node esbuild.mjs --tests && node out/scripts/l10nBundle.js
import fs from 'node:fs';
import path from 'node:path';
import { englishBundle } from '../test/unit/l10n/scan';

export const BUNDLE_FILE = path.join('l10n', 'bundle.l10n.json');

/** The sources whose messages go into the bundle, read from the repository root. */
export function bundleSources(root: string): { file: string; text: string }[] {
  return fs
    .readdirSync(path.join(root, 'src'), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .sort()
    .map((f) => ({ file: path.join('src', f), text: fs.readFileSync(path.join(root, 'src', f), 'utf8') }));
}

export function bundleText(root: string): string {
  return JSON.stringify(englishBundle(bundleSources(root)), null, 2) + '\n';
}

function findRoot(): string {
  for (let d = __dirname; d !== path.dirname(d); d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, 'package.json')) && fs.existsSync(path.join(d, 'esbuild.mjs'))) return d;
  }
  throw new Error('repository root not found');
}

if (require.main === module) {
  const root = findRoot();
  const out = path.join(root, BUNDLE_FILE);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const text = bundleText(root);
  fs.writeFileSync(out, text);
  console.log(`l10n: ${Object.keys(JSON.parse(text) as object).length} messages in ${BUNDLE_FILE}`);
}
