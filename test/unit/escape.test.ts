/** The one Markdown and HTML escaping (src/escape.ts) used by the status bar, request-file hovers, chat and pages. */
import assert from 'node:assert/strict';
import { escapeHtml, escapeHtmlText, escapeMarkdown } from '../../src/escape';

describe('escape', () => {
  it('escapeMarkdown backslash-escapes every character Markdown would read as syntax, and nothing else', () => {
    assert.equal(
      escapeMarkdown('[click](https://evil.example) ![x](y) *b* _i_ `c` <img> ~s~ &amp; #h | \\'),
      '\\[click\\]\\(https\\://evil\\.example\\) \\!\\[x\\]\\(y\\) \\*b\\* \\_i\\_ \\`c\\` \\<img\\> \\~s\\~ \\&amp; \\#h \\| \\\\',
    );
    assert.equal(escapeMarkdown('Ann Agent, ann@acme'), 'Ann Agent, ann@acme');
    assert.equal(escapeMarkdown('{a}+b-c.'), '\\{a\\}\\+b\\-c\\.');
    assert.equal(escapeMarkdown('see https://evil.example'), 'see https\\://evil\\.example', 'no autolink');
  });

  it('escapeHtml turns & < > " \' ` into character references, so text cannot leave an element or a quoted attribute', () => {
    assert.equal(
      escapeHtml(`<a href="x" onclick='y'>&\`</a>`),
      '&#60;a href=&#34;x&#34; onclick=&#39;y&#39;&#62;&#38;&#96;&#60;/a&#62;',
    );
    assert.equal(escapeHtml('plain text, 100%'), 'plain text, 100%');
  });

  it('escapeHtmlText escapes & < > for element content and leaves quotes as they read', () => {
    assert.equal(
      escapeHtmlText(`<script>alert("x")</script> & 'y'`),
      `&lt;script&gt;alert("x")&lt;/script&gt; &amp; 'y'`,
    );
    assert.equal(escapeHtmlText('&amp;'), '&amp;amp;', 'an entity in the text is shown as typed, not decoded');
  });
});
