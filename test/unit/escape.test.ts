/** The one Markdown and HTML escaping (src/escape.ts) used by the status bar, request-file hovers, chat and pages. */
import assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { codeFence, codeSpan, escapeHtml, escapeHtmlText, escapeMarkdown, escapeRegExp } from '../../src/escape';

/** What a CommonMark renderer shows in each code span of `md`, in order. */
function codeSpansShown(md: string): string[] {
  const inline = new MarkdownIt().parseInline(md, {})[0]?.children ?? [];
  return inline.filter((t) => t.type === 'code_inline').map((t) => t.content);
}

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

  it('codeSpan shows the text as itself in a code span: no backslash, whatever backticks or spaces it holds', () => {
    // The status bar's tooltip showed a subdomain as acme\-corp: a backslash is literal inside a code span.
    assert.equal(codeSpan('acme-corp'), '`acme-corp`');
    assert.equal(codeSpan('tickets:read'), '`tickets:read`');
    const texts = ['acme-corp', 'tickets:read', 'a`b', '``x``', '`', ' lead', 'trail ', ' both ', '*not bold* [x](y)'];
    for (const text of texts) {
      assert.deepEqual(codeSpansShown(`Subdomain: ${codeSpan(text)} and more`), [text], JSON.stringify(text));
    }
    assert.deepEqual(codeSpansShown(codeSpan('two\nlines')), ['two lines'], 'a line break reads as a space');
    assert.deepEqual(codeSpansShown(codeSpan('')), [' '], 'no code span is empty: a space');
  });

  it('codeFence: text fenced with it is one code block holding exactly the text, whatever backticks it has', () => {
    const md = new MarkdownIt();
    for (const text of ['plain', 'a ``` b', '````', 'x\n```\ny', '`one` ``two``']) {
      const f = codeFence(text);
      const blocks = md.parse(`${f}\n${text}\n${f}\n\nafter`, {}).filter((t) => t.type === 'fence');
      assert.deepEqual(
        blocks.map((b) => b.content),
        [`${text}\n`],
        JSON.stringify(text),
      );
    }
  });

  it('escapeRegExp: a pattern of the text matches the text literally, with or without the u flag', () => {
    for (const text of ['ZD-', 'a.b*c+?', '^$()[]{}|/\\', 'zendesk#']) {
      for (const flags of ['', 'u']) {
        const re = new RegExp(`^${escapeRegExp(text)}$`, flags);
        assert.ok(re.test(text), `${JSON.stringify(text)} /${flags}`);
        assert.ok(!re.test(`${text}x`), `${JSON.stringify(text)} /${flags} matches only itself`);
      }
    }
  });
});
