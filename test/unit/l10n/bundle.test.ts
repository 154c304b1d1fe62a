// l10n/bundle.l10n.json holds the English of every message, so a translator has one file to start from, and
// package.json points VS Code at the folder where the translated bundles go.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { BUNDLE_FILE, bundleSources, bundleText } from '../../../scripts/l10nBundle';
import { findRoot } from '../../support/repoRoot';


const root = findRoot();

describe('the English l10n bundle', () => {
  it('has every message of the source, and only those', () => {
    assert.ok(bundleSources(root).length > 50, 'the sources were not read');
    const want = JSON.parse(bundleText(root)) as Record<string, string>;
    assert.ok(want['Signed in to Zendesk as {0}.'], 'a known message is not extracted');
    const file = path.join(root, BUNDLE_FILE);
    const have = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>) : {};
    const todo = 'Run: node esbuild.mjs --tests && node out/scripts/l10nBundle.js';
    assert.deepEqual(Object.keys(want).filter((k) => !(k in have)), [], `missing from ${BUNDLE_FILE}. ${todo}`);
    assert.deepEqual(Object.keys(have).filter((k) => !(k in want)), [], `no longer in the source but still in ${BUNDLE_FILE}. ${todo}`);
    assert.equal(fs.readFileSync(file, 'utf8'), bundleText(root), `${BUNDLE_FILE} is not as the script writes it. ${todo}`);
  });

  it('is where package.json tells VS Code to look, and ships in the .vsix', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { l10n?: string };
    assert.equal(pkg.l10n, './l10n');
    assert.equal(path.join(pkg.l10n, 'bundle.l10n.json'), BUNDLE_FILE);
    const ignore = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8').split('\n').map((l) => l.trim());
    assert.ok(ignore.includes('!l10n/**'), '.vscodeignore is an allowlist: add "!l10n/**"');
  });
});
