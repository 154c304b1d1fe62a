// The README is the Marketplace page, for users; what contributors need lives in CONTRIBUTING.md and docs/. These
// tests keep it short and keep every link between those pages pointing at a file (and a heading) that exists.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { findRoot } from '../../support/repoRoot';

const root = findRoot();
/** The README is a page a user reads, not the contributors' manual (issue 23). */
const README_MAX_LINES = 250;

function pages(): string[] {
  const docs = fs
    .readdirSync(path.join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`);
  return ['README.md', 'CONTRIBUTING.md', ...docs];
}

/** The page without code: a `[0](x)` in a code sample is not a link. */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

/** Link and image targets: `[text](target)`, `![alt](target)` and `<img src="target">`. */
function linkTargets(markdown: string): string[] {
  const text = prose(markdown);
  const out: string[] = [];
  for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) out.push(m[1]);
  for (const m of text.matchAll(/<img\s[^>]*src="([^"]+)"/g)) out.push(m[1]);
  return out;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchors(markdown: string): Set<string> {
  const headings = markdown.replace(/^```[\s\S]*?^```/gm, '').match(/^#{1,6} .+$/gm) ?? [];
  return new Set(headings.map((h) => anchorOf(h.replace(/^#+ /, ''))));
}

/** Every relative target of `page` that does not exist, as "page: target (why)". */
function broken(page: string): string[] {
  const text = fs.readFileSync(path.join(root, page), 'utf8');
  const problems: string[] = [];
  for (const target of linkTargets(text)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:: not a file here
    const [file, anchor] = target.split('#', 2);
    const resolved = file === '' ? path.join(root, page) : path.join(root, path.dirname(page), decodeURI(file));
    if (!fs.existsSync(resolved)) {
      problems.push(`${page}: ${target} (no such file)`);
      continue;
    }
    if (anchor !== undefined && resolved.endsWith('.md') && !anchors(fs.readFileSync(resolved, 'utf8')).has(anchor)) {
      problems.push(`${page}: ${target} (no such heading)`);
    }
  }
  return problems;
}

describe('README and docs', () => {
  it(`the README is at most ${README_MAX_LINES} lines`, () => {
    const lines = fs.readFileSync(path.join(root, 'README.md'), 'utf8').trimEnd().split('\n').length;
    assert.ok(lines <= README_MAX_LINES, `README.md has ${lines} lines; move detail to docs/ or CONTRIBUTING.md`);
  });

  it('every relative link in README.md, CONTRIBUTING.md and docs/ points at a file and heading that exist', () => {
    assert.deepEqual(pages().flatMap(broken), []);
  });

  it("the README's pictures are under media/, which ships in the .vsix", () => {
    const text = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const images = [...prose(text).matchAll(/!\[[^\]]*\]\(([^)\s]+)\)|<img\s[^>]*src="([^"]+)"/g)].map(
      (m) => m[1] ?? m[2],
    );
    assert.ok(images.length > 0, 'the README shows no picture');
    assert.deepEqual(
      images.filter((i) => !i.startsWith('media/')),
      [],
    );
    assert.match(fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8'), /^!media\/\*\*$/m);
  });

  it('finds links and anchors as GitHub does', () => {
    assert.deepEqual(linkTargets('[a](docs/x.md#y) `[b](no)` <img src="media/p.png" alt="">\n```\n[c](no)\n```\n'), [
      'docs/x.md#y',
      'media/p.png',
    ]);
    assert.equal(
      anchorOf('Ways back from the browser (`zendesk.oauth.redirectMode`)'),
      'ways-back-from-the-browser-zendeskoauthredirectmode',
    );
    assert.equal(anchorOf('Languages (localization)'), 'languages-localization');
  });
});
