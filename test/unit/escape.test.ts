/** The one Markdown and HTML escaping (src/escape.ts) used by the status bar, request-file hovers, chat and pages. */
import assert from 'node:assert/strict';
import { escapeMarkdown } from '../../src/escape';

describe('escape', () => {
  it('escapeMarkdown backslash-escapes every character Markdown would read as syntax, and nothing else', () => {
    assert.equal(escapeMarkdown('[click](https://evil.example) ![x](y) *b* _i_ `c` <img> ~s~ &amp; #h | \\'),
      '\\[click\\]\\(https://evil\\.example\\) \\!\\[x\\]\\(y\\) \\*b\\* \\_i\\_ \\`c\\` \\<img\\> \\~s\\~ \\&amp; \\#h \\| \\\\');
    assert.equal(escapeMarkdown('Ann Agent, ann@acme'), 'Ann Agent, ann@acme');
    assert.equal(escapeMarkdown('{a}+b-c.'), '\\{a\\}\\+b\\-c\\.');
  });
});
