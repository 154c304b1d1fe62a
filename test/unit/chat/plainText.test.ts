// Comment HTML as the plain text a model reads.
import assert from 'node:assert/strict';
import { commentText, decodeEntities, htmlToText } from '../../../src/chat/plainText';

describe('chat: html_body as plain text', () => {
  it('keeps paragraphs and line breaks, drops the tags', () => {
    const html =
      '<div class="zd-comment" dir="auto"><p dir="auto">Hello Jane,</p><p>The printer   is\n fixed.<br>Restart it<br/>once.</p></div>';
    assert.equal(htmlToText(html), 'Hello Jane,\n\nThe printer is fixed.\nRestart it\nonce.');
  });

  it('marks list items and writes out link addresses', () => {
    const html =
      '<p>Try:</p><ul><li>turning it off</li><li>the <a href="https://help.example.com/a?b=1&amp;c=2">guide</a></li></ul>';
    assert.equal(htmlToText(html), 'Try:\n\n- turning it off\n- the guide (https://help.example.com/a?b=1&c=2)');
  });

  it('does not repeat an address that is already the link text, nor a mailto', () => {
    assert.equal(
      htmlToText('<a href="https://x.test/">https://x.test/</a> or <a href="mailto:a@x.test">write</a>'),
      'https://x.test/ or write',
    );
  });

  it('decodes entities once (no double decoding) and leaves unknown ones', () => {
    assert.equal(
      htmlToText('<p>5 &lt; 6 &amp;&amp; &quot;ok&quot; &#39;a&#x27; &amp;lt; &bogus;</p>'),
      '5 < 6 && "ok" \'a\' &lt; &bogus;',
    );
    assert.equal(decodeEntities('&#0; &#x110000;'), '&#0; &#x110000;', 'invalid code points stay as written');
  });

  it('drops scripts, styles and HTML comments with their content', () => {
    assert.equal(
      htmlToText('<style>p{color:red}</style><p>A</p><script>alert(1)</script><!-- hidden --><p>B</p>'),
      'A\n\nB',
    );
  });

  it('keeps the layout of <pre> blocks', () => {
    assert.equal(
      htmlToText('<p>Log:</p><pre>line 1\n  indented &amp; kept</pre>'),
      'Log:\n\nline 1\n  indented & kept',
    );
  });

  it('writes table cells apart', () => {
    assert.equal(htmlToText('<table><tr><th>Plan</th><td>Pro</td></tr></table>'), '| Plan | Pro');
  });

  it('prefers html_body, then plain_body, then body', () => {
    assert.equal(commentText({ html_body: '<p>html</p>', plain_body: 'plain', body: 'body' }), 'html');
    assert.equal(commentText({ html_body: '', plain_body: ' plain ', body: 'body' }), 'plain');
    assert.equal(commentText({ body: 'body' }), 'body');
  });
});
