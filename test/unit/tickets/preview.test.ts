// The composer's preview: the Markdown an agent types, as the requester will see it once Zendesk has rendered it, read
// back as a browser reads HTML (parse5). Raw HTML and unsafe links in the Markdown never become markup.
import * as assert from 'node:assert/strict';
import { markdownToHtml, renderPreview } from '../../../src/tickets/detail/preview';
import { attr, elements, text, type Node5 } from './pageHtml';

const BASE = 'https://acme.zendesk.com';
const opts = { baseUrl: BASE, imageOrigins: [BASE] };
const shown = (md: string) => elements(renderPreview(md, opts));
const tags = (md: string) => shown(md).map((n) => n.tagName);
const only = (md: string, tag: string): Node5[] => shown(md).filter((n) => n.tagName === tag);

describe('the composer preview', () => {
  it('renders headings, emphasis and line breaks as Zendesk does', () => {
    const els = shown('# Refund approved\n\nThanks **Elena**, _really_\nsee below');
    assert.equal(text(only('# Refund approved', 'h1')[0]), 'Refund approved');
    assert.equal(text(els.find((n) => n.tagName === 'strong') as Node5), 'Elena');
    assert.equal(text(els.find((n) => n.tagName === 'em') as Node5), 'really');
    assert.equal(els.filter((n) => n.tagName === 'br').length, 1, 'a single newline is a line break in Zendesk');
  });

  it('renders bulleted and numbered lists', () => {
    const els = shown('- one\n- two\n\n1. first\n2. second');
    const ul = els.find((n) => n.tagName === 'ul') as Node5;
    const ol = els.find((n) => n.tagName === 'ol') as Node5;
    assert.deepEqual((ul.childNodes ?? []).filter((c) => c.tagName === 'li').map(text), ['one', 'two']);
    assert.deepEqual((ol.childNodes ?? []).filter((c) => c.tagName === 'li').map(text), ['first', 'second']);
  });

  it('renders inline code and code blocks as code, their content as text', () => {
    const els = shown('Run `npm ci`\n\n```\nif (a < b) { <b>x</b> }\n```');
    assert.equal(text(els.find((n) => n.tagName === 'code') as Node5), 'npm ci');
    const pre = els.find((n) => n.tagName === 'pre') as Node5;
    assert.equal(text(pre), 'if (a < b) { <b>x</b> }\n');
    assert.ok(!els.some((n) => n.tagName === 'b'), 'markup inside a code block became markup');
  });

  it('makes web and mail links, written or bare, into links', () => {
    const links = only(
      '[the article](https://acme.zendesk.com/hc/articles/1) or https://status.example and a@b.example',
      'a',
    );
    assert.deepEqual(
      links.map((a) => [text(a), attr(a, 'href')]),
      [
        ['the article', 'https://acme.zendesk.com/hc/articles/1'],
        ['https://status.example', 'https://status.example/'],
        ['a@b.example', 'mailto:a@b.example'],
      ],
    );
  });

  it('shows raw HTML as the text typed, never as markup', () => {
    const md =
      'Hello <b>bold</b> <img src=x onerror=alert(1)>\n\n<script>alert(1)</script>\n\n<div onclick="x()">d</div>';
    const all = shown(md);
    assert.ok(!all.some((n) => ['b', 'img', 'script'].includes(n.tagName ?? '')), tags(md).join());
    assert.ok(!all.some((n) => (n.attrs ?? []).some((a) => /^on/i.test(a.name))));
    // What the agent typed is still there to read, as text.
    const body = all[0];
    assert.ok(text(body).includes('<b>bold</b>') && text(body).includes('<script>alert(1)</script>'), text(body));
    assert.doesNotMatch(markdownToHtml(md), /<(b|img|script|div onclick)[\s>]/, 'markdown-it let raw HTML through');
  });

  it('neutralises javascript:, data:, file: and relative links, in Markdown and in the rendered HTML alike', () => {
    const md =
      '[a](javascript:alert(1)) [b](JAVASCRIPT:alert(1)) [c](&#106;avascript:alert(1)) [d](data:text/html,x) ' +
      '[e](file:///etc/passwd) [f](vbscript:x) [g](/relative) <javascript:alert(1)> ![h](javascript:alert(1))';
    for (const html of [markdownToHtml(md), renderPreview(md, opts)]) {
      const els = elements(html);
      assert.deepEqual(
        els.filter((n) => n.tagName === 'a' || n.tagName === 'img').map((n) => attr(n, 'href') ?? attr(n, 'src')),
        [],
        html,
      );
    }
  });

  it("shows the account's images, and an image from elsewhere as a link", () => {
    const imgs = only(`![shot](${BASE}/attachments/token/t/?name=a.png)`, 'img');
    assert.equal(attr(imgs[0], 'src'), `${BASE}/attachments/token/t/?name=a.png`);
    const links = only('![pixel](https://evil.example/p.png)', 'a');
    assert.deepEqual(
      links.map((a) => [text(a), attr(a, 'href')]),
      [['[pixel]', 'https://evil.example/p.png']],
    );
    assert.equal(only('![pixel](https://evil.example/p.png)', 'img').length, 0);
  });
});
