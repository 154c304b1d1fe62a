import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TEST_SEAMS_MARKER } from '../../../src/testSeams';

function findRoot(): string {
  for (let d = __dirname; d !== path.dirname(d); d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, 'esbuild.mjs'))) return d;
  }
  throw new Error('repository root not found');
}

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
  let bundle = '';

  before(() => {
    // Package a copy of the working tree, so the production build does not replace this checkout's dist/.
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'vsix-src-'));
    const skip = new Set(['node_modules', '.git', '.vscode-test', 'out', 'dist']);
    for (const entry of fs.readdirSync(root)) {
      if (!skip.has(entry) && !entry.endsWith('.vsix')) fs.cpSync(path.join(root, entry), path.join(copy, entry), { recursive: true });
    }
    // Present, so that a .vscodeignore letting it in would show here.
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(copy, 'node_modules'));
    fs.mkdirSync(path.join(copy, 'out', 'test'), { recursive: true });
    fs.writeFileSync(path.join(copy, 'out', 'test', 'leak.test.js.map'), '{}');
    execFileSync('node', ['esbuild.mjs', '--production'], { cwd: copy });
    const out = path.join(copy, 'zendesk.vsix');
    execFileSync(path.join(root, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '--no-rewrite-relative-links', '--out', out], { cwd: copy, stdio: 'pipe' });
    entries = zipEntries(out);
    bundle = fs.readFileSync(path.join(copy, 'dist', 'extension.js'), 'utf8');
    fs.rmSync(copy, { recursive: true, force: true });
  });

  it('contains the bundle, the manifest, the media and the docs', () => {
    for (const f of ['extension/package.json', 'extension/dist/extension.js', 'extension/dist/zendesk-vscode.d.ts', 'extension/dist/undici.js', 'extension/media/icon.png', 'extension/media/zendesk.svg', 'extension/readme.md']) {
      assert.ok(entries.includes(f), `${f} is missing from the .vsix (${entries.join(', ')})`);
    }
  });

  it('ships no test seams: the production bundle has no test-mode switch, seam or test export', () => {
    assert.ok(bundle.length > 10_000, 'the production bundle was not read');
    assert.ok(bundle.includes('registerAuthenticationProvider'), 'not the extension bundle');
    for (const seam of [TEST_SEAMS_MARKER, 'ZENDESK_TEST_MODE', 'seams', 'testing:', 'describeError:']) {
      assert.ok(!bundle.includes(seam), `the production bundle contains "${seam}"`);
    }
  });

  it('leaks no sources, tests, node_modules, test maps or local state', () => {
    const leaks = entries.filter((e) =>
      /^extension\/(src|test|out|scripts|node_modules|\.vscode-test|\.ci|\.git)\//.test(e) ||
      (/\.ts$/.test(e) && e !== 'extension/dist/zendesk-vscode.d.ts') ||
      (/\.map$/.test(e) && !/^extension\/dist\/(extension|undici)\.js\.map$/.test(e)) ||
      /(^|\/)(tsconfig\.json|esbuild\.mjs|eslint\.config\.mjs|package-lock\.json)$/.test(e));
    assert.deepEqual(leaks, []);
  });
});
