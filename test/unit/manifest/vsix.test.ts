import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { TEST_ENTRY_MARKER, TEST_EXTENSION_DIR } from '../../harness/testBuild';
import { findRoot } from '../../support/repoRoot';
import { productionBuild } from './productionBuild';

/** The file names in a zip archive, read from its central directory. */
function zipEntries(file: string): string[] {
  const buf = fs.readFileSync(file);
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, 'not a zip file');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(at), 0x02014b50, 'bad central directory');
    const nameLen = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30);
    const comment = buf.readUInt16LE(at + 32);
    names.push(buf.toString('utf8', at + 46, at + 46 + nameLen));
    at += 46 + nameLen + extra + comment;
  }
  return names;
}

describe('the packaged .vsix', function () {
  this.timeout(120_000);
  const root = findRoot();
  let entries: string[] = [];
  /** The two bundles VS Code runs: activation (dist/extension.js) and the implementation it loads (dist/main.js). */
  let activation = '';
  let implementation = '';
  /** The sources esbuild put into each of them. */
  let sources: Record<string, string[]> = {};

  before(() => {
    const build = productionBuild();
    // A leftover test map, so that a .vscodeignore letting out/ in would show here.
    fs.mkdirSync(path.join(build.dir, 'out', 'test'), { recursive: true });
    fs.writeFileSync(path.join(build.dir, 'out', 'test', 'leak.test.js.map'), '{}');
    const out = path.join(build.dir, 'zendesk.vsix');
    execFileSync(
      path.join(root, 'node_modules/.bin/vsce'),
      ['package', '--no-dependencies', '--no-rewrite-relative-links', '--out', out],
      { cwd: build.dir, stdio: 'pipe' },
    );
    entries = zipEntries(out);
    activation = build.read('dist/extension.js');
    implementation = build.read('dist/main.js');
    sources = Object.fromEntries(
      ['dist/extension.js', 'dist/main.js'].map((f) => [f, Object.keys(build.meta.outputs[f]?.inputs ?? {})]),
    );
    build.remove();
  });

  it('contains the bundles, the manifest, the media and the docs', () => {
    for (const f of [
      'extension/package.json',
      'extension/dist/extension.js',
      'extension/dist/main.js',
      'extension/dist/zendesk-vscode.d.ts',
      'extension/dist/undici.js',
      'extension/dist/webview/detailPage.js',
      'extension/media/icon.png',
      'extension/media/zendesk.svg',
      'extension/readme.md',
    ]) {
      assert.ok(entries.includes(f), `${f} is missing from the .vsix (${entries.join(', ')})`);
    }
  });

  it('ships no test code: neither bundle holds the test entry, its fake dialogs or a test-mode switch', () => {
    // The right files: each holds what only it registers.
    assert.ok(activation.includes('registerAuthenticationProvider'), 'not the activation bundle');
    assert.ok(
      implementation.length > 10_000 && implementation.includes('createStatusBarItem'),
      'not the implementation bundle',
    );
    // The marker is in the test build's implementation (out/dist/main.js): looking for it can fail.
    const testBuild = fs.readFileSync(path.join(root, TEST_EXTENSION_DIR, 'dist', 'main.js'), 'utf8');
    assert.ok(testBuild.includes(TEST_ENTRY_MARKER), 'the test build lacks the marker this test looks for');
    for (const [name, bundle] of [
      ['dist/extension.js', activation],
      ['dist/main.js', implementation],
    ]) {
      assert.ok(
        sources[name]?.some((f) => f.startsWith('src/')),
        `no sources listed for ${name}`,
      );
      assert.deepEqual(
        // node_modules is a link in the build's copy: its files show by their real path.
        sources[name].filter((f) => !f.startsWith('src/') && !f.split('/').includes('node_modules')),
        [],
        `${name} holds files from outside src/`,
      );
      for (const seam of [TEST_ENTRY_MARKER, 'ZENDESK_TEST_MODE', 'answerable', 'testing', 'describeError:']) {
        assert.ok(!bundle.includes(seam), `${name} contains "${seam}"`);
      }
    }
  });

  it('leaks no sources, tests, node_modules, test maps or local state', () => {
    const leaks = entries.filter(
      (e) =>
        /^extension\/(src|test|out|scripts|node_modules|\.vscode-test|\.ci|\.git)\//.test(e) ||
        (/\.ts$/.test(e) && e !== 'extension/dist/zendesk-vscode.d.ts') ||
        (/\.map$/.test(e) && !/^extension\/dist\/(extension|main|undici)\.js\.map$/.test(e)) ||
        /(^|\/)(tsconfig\.json|esbuild\.mjs|eslint\.config\.mjs|package-lock\.json)$/.test(e),
    );
    assert.deepEqual(leaks, []);
  });
});
