// The comment sanitiser against hostile HTML. Each output is parsed again with parse5 (the HTML5 parsing algorithm
// browsers use), and the parsed tree is checked for what could run script, load from elsewhere or escape the comment.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseFragment } from 'parse5';
import { sanitizeHtml } from '../../../src/tickets/detail/sanitize';

const BASE = 'https://acme.zendesk.com';
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

const HOSTILE: [string, string][] = [
  ['script element', '<p>hi</p><script>alert(1)</script>'],
  ['script with odd case and attributes', '<ScRiPt type="text/javascript" src="https://evil.example/x.js"></sCrIpT>'],
  ['split script', '<scr<script>x</script>ipt>alert(1)</script>'],
  ['onerror on an image', '<img src=x onerror=alert(1)>'],
  ['onerror on an allowed image host', `<img src="${BASE}/a.png" onerror="alert(1)">`],
  ['onclick without quotes', '<p onclick=alert(1)>x</p>'],
  ['handler after a slash', '<img/src="x"/onerror=alert(1)>'],
  ['javascript: link', '<a href="javascript:alert(1)">x</a>'],
  ['JaVaScRiPt: link', '<a href="JaVaScRiPt:alert(1)">x</a>'],
  ['entity-encoded javascript:', '<a href="&#106;avascript&#58;alert(1)">x</a>'],
  [
    'hex entities without semicolons',
    '<a href="&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A;alert(1)">x</a>',
  ],
  ['tab inside the scheme', '<a href="java\tscript:alert(1)">x</a>'],
  ['newline and NUL inside the scheme', '<a href="java\nscr\u0000ipt:alert(1)">x</a>'],
  ['leading spaces and control characters', '<a href=" \u0001javascript:alert(1)">x</a>'],
  ['&colon; entity', '<a href="javascript&colon;alert(1)">x</a>'],
  ['data: URL', '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>'],
  ['vbscript: URL', '<a href="vbscript:msgbox(1)">x</a>'],
  ['style element', '<style>body{background:url(javascript:alert(1))}</style><p>x</p>'],
  ['style attribute', '<p style="background:url(https://evil.example/track)">x</p>'],
  ['iframe', '<iframe src="https://evil.example"></iframe>'],
  ['iframe srcdoc', '<iframe srcdoc="<script>alert(1)</script>"></iframe>'],
  ['object and embed', '<object data="x.swf"><embed src="x.swf"></object>'],
  ['svg onload', '<svg onload=alert(1)><circle r=1 /></svg>'],
  ['svg script', '<svg><script>alert(1)</script></svg>'],
  ['svg with a foreign link', '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>'],
  ['math with a link', '<math><mi xlink:href="javascript:alert(1)">x</mi></math>'],
  ['base element', '<base href="https://evil.example/">'],
  ['meta refresh', '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'],
  ['link stylesheet', '<link rel="stylesheet" href="https://evil.example/x.css">'],
  [
    'form with formaction',
    '<form action="https://evil.example"><button formaction="javascript:alert(1)">go</button></form>',
  ],
  ['image from another host (tracking pixel)', '<img src="https://evil.example/pixel.png">'],
  ['srcset', `<img src="${BASE}/a.png" srcset="https://evil.example/x.png 2x">`],
  ['comment hiding markup', '<!--<img src=x onerror=alert(1)>--><p>x</p>'],
  ['comment closed early', '<!-- --!><img src=x onerror=alert(1)> -->'],
  ['CDATA', '<![CDATA[<img src=x onerror=alert(1)>]]>'],
  ['unclosed attribute quote', '<a href="https://ok.example title=x onmouseover=alert(1)>x</a>'],
  ['closing the page containers', '</div></div></section></body><script>alert(1)</script>'],
  ['template', '<template><img src=x onerror=alert(1)></template>'],
  ['noscript parsing differential', '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>'],
  ['textarea breakout', '<textarea></textarea><img src=x onerror=alert(1)></textarea>'],
  ['title breakout', '<title><img src=x onerror=alert(1)></title>'],
  ['attribute with a backtick', '<p title=`x` onclick=`alert(1)`>x</p>'],
  ['entity in a tag name', '<&#115;cript>alert(1)</script>'],
  ['double-encoded', '&lt;script&gt;alert(1)&lt;/script&gt;'],
];

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
    const pieces = fc.constantFrom(
      '<',
      '>',
      '/',
      '"',
      "'",
      '=',
      ' ',
      '<!--',
      '-->',
      '<script>',
      '</script>',
      '<img src=x onerror=alert(1)>',
      '<a href="',
      'javascript:',
      '&#106;',
      '&colon;',
      '<svg>',
      '</svg>',
      '<style>',
      '</style>',
      'onload=',
      '<p',
      '<b>',
      '</b>',
      '<textarea>',
      '</textarea>',
      '<iframe>',
      '<noscript>',
      '</noscript>',
      `${BASE}/x.png`,
      'text',
      '<![CDATA[',
      ']]>',
      '\t',
      '\u0000',
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 40 }), (parts) => {
        const out = clean(parts.join(''));
        assert.deepEqual(findings(out), [], `${parts.join('')}\n→ ${out}`);
      }),
      { numRuns: 3000 },
    );
  });
});
