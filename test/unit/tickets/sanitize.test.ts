// The comment sanitiser against hostile HTML. Each output is parsed again with parse5 (the HTML5 parsing algorithm
// browsers use), and the parsed tree is checked for what could run script, load from elsewhere or escape the comment.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseFragment } from 'parse5';
import { sanitizeHtml } from '../../../src/tickets/detail/sanitize';
import { BASE, HOSTILE, SOUP_PIECES } from '../../support/hostileHtml';

const opts = { baseUrl: BASE, imageOrigins: [BASE, 'https://acme.zendesk-attachments.example'] };
const clean = (html: string) => sanitizeHtml(html, opts);

interface Node5 {
  nodeName: string;
  tagName?: string;
  attrs?: { name: string; value: string }[];
  childNodes?: Node5[];
  value?: string;
}

const ALLOWED_TAGS = new Set([
  'a',
  'abbr',
  'b',
  'blockquote',
  'br',
  'caption',
  'code',
  'del',
  'div',
  'em',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'i',
  'img',
  'ins',
  'kbd',
  'li',
  'mark',
  'ol',
  'p',
  'pre',
  's',
  'small',
  'span',
  'strike',
  'strong',
  'sub',
  'sup',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'u',
  'ul',
]);

/** Every way the parsed output could be dangerous, as a list of findings (empty = safe). */
function findings(html: string): string[] {
  const found: string[] = [];
  const walk = (n: Node5) => {
    if (n.tagName) {
      if (!ALLOWED_TAGS.has(n.tagName)) found.push(`element <${n.tagName}>`);
      for (const a of n.attrs ?? []) {
        if (/^on/i.test(a.name)) found.push(`handler ${a.name}`);
        if (a.name === 'style' || a.name === 'srcset' || a.name.includes(':')) found.push(`attribute ${a.name}`);
        if (a.name === 'href' && !/^(https?:|mailto:)/.test(a.value)) found.push(`href ${a.value}`);
        if (a.name === 'src' && !opts.imageOrigins.some((o) => a.value.startsWith(`${o}/`))) {
          found.push(`src ${a.value}`);
        }
      }
    }
    if (n.nodeName === '#comment') found.push('comment node');
    for (const c of n.childNodes ?? []) walk(c);
  };
  walk(parseFragment(html) as unknown as Node5);
  return found;
}

/** The text a reader sees, to check that content survives. */
function textOf(html: string): string {
  const parts: string[] = [];
  const walk = (n: Node5) => {
    if (n.nodeName === '#text') parts.push(n.value ?? '');
    for (const c of n.childNodes ?? []) walk(c);
  };
  walk(parseFragment(html) as unknown as Node5);
  return parts.join('');
}

describe('the comment sanitiser against hostile HTML', () => {
  for (const [name, html] of HOSTILE) {
    it(`neutralises ${name}`, () => {
      const out = clean(html);
      assert.deepEqual(findings(out), [], `${html}\n→ ${out}`);
      assert.ok(!/<script/i.test(out), out);
    });
  }

  it("keeps the conversation readable: text, formatting, lists, tables, safe links and the account's images", () => {
    const html =
      '<div class="zd-comment"><p dir="auto">Hello <b>there</b> &amp; <em>welcome</em></p><ul><li>one</li></ul>' +
      '<table><tr><td colspan="2">cell</td></tr></table><a href="/hc/articles/1">article</a> <a href="mailto:x@y.example">mail</a>' +
      `<img src="${BASE}/attachments/token/abc/?name=a.png" alt="shot" width="10"></div>`;
    const out = clean(html);
    assert.deepEqual(findings(out), []);
    assert.match(out, /<b>there<\/b> &amp; <em>welcome<\/em>/);
    assert.match(out, /<td colspan="2">cell<\/td>/);
    assert.match(
      out,
      new RegExp(`<a href="${BASE}/hc/articles/1">article</a>`),
      'a relative link resolves on the account host',
    );
    assert.match(out, /<a href="mailto:x@y.example">mail<\/a>/);
    assert.match(
      out,
      /<img src="https:\/\/acme\.zendesk\.com\/attachments\/token\/abc\/\?name=a\.png" alt="shot" width="10">/,
    );
    assert.ok(!out.includes('class='), "class attributes could borrow the page's styles");
  });

  it('turns an image from elsewhere into a link the user can choose to open, not a request', () => {
    const out = clean('<img src="https://evil.example/pixel.png" alt="logo">');
    assert.equal(out, '<a href="https://evil.example/pixel.png">[logo]</a>');
  });

  it('shows markup written as text as text, and keeps the text of dropped tags', () => {
    assert.equal(textOf(clean('&lt;script&gt;alert(1)&lt;/script&gt;')), '<script>alert(1)</script>');
    assert.equal(textOf(clean('<font color=red>red</font> <marquee>move</marquee>')), 'red move');
    assert.equal(textOf(clean('a < b and c > d')), 'a < b and c > d');
  });

  it('closes what it opened and nothing else, so a comment stays inside its box', () => {
    assert.equal(clean('<b><i>x'), '<b><i>x</i></b>');
    assert.equal(clean('</div></p>x<div>y'), 'x<div>y</div>');
  });

  it('never lets random tag soup made of hostile pieces produce anything dangerous (property)', () => {
    const pieces = fc.constantFrom(...SOUP_PIECES);
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 40 }), (parts) => {
        const out = clean(parts.join(''));
        assert.deepEqual(findings(out), [], `${parts.join('')}\n→ ${out}`);
      }),
      { numRuns: 3000 },
    );
  });
});
