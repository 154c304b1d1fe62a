/** A comment's Markdown `body` comes back rendered in `html_body`, in Zendesk's recorded wrapper (markdown.ts). */
import assert from 'node:assert/strict';
import { parseFragment } from 'parse5';
import { FIXTURES } from '../../sandbox/index';
import { api, signIn, useSandbox } from '../../support/sandboxHttp';

interface Node {
  nodeName: string;
  attrs?: { name: string; value: string }[];
  childNodes?: Node[];
  value?: string;
}

/** The element tree as `name[text]` lines, so the test reads the structure a browser would build. */
function elements(n: Node, out: string[] = [], depth = 0): string[] {
  for (const c of n.childNodes ?? []) {
    if (c.nodeName.startsWith('#')) continue;
    const text = (c.childNodes ?? [])
      .filter((x) => x.nodeName === '#text')
      .map((x) => x.value ?? '')
      .join('')
      .replace(/\s+/g, ' ')
      .trim();
    out.push(`${'  '.repeat(depth)}${c.nodeName}${text ? ` ${text}` : ''}`);
    elements(c, out, depth + 1);
  }
  return out;
}

describe('sandbox API: Markdown comment bodies', () => {
  const sb = useSandbox({ tickets: 20 });

  it('renders paragraphs, line breaks, emphasis, lists and code into html_body; raw HTML stays text', async () => {
    const token = (await signIn(sb(), FIXTURES.users.agent)).access_token;
    const body = 'First line **bold** and _soft_\nsecond line\n\n- one\n- `two`\n\n<script>x()</script>';
    const put = await api(sb(), token, 'PUT', '/api/v2/tickets/2', { ticket: { comment: { body, public: false } } });
    assert.equal(put.status, 200, put.text);
    const comments = (await api(sb(), token, 'GET', '/api/v2/tickets/2/comments')).json<{
      comments: { body: string; html_body: string }[];
    }>().comments;
    const last = comments[comments.length - 1];
    assert.equal(last.body, body, 'body is kept as written');
    const tree = parseFragment(last.html_body) as unknown as Node;
    assert.deepEqual(elements(tree), [
      'div',
      '  p First line and second line',
      '    strong bold',
      '    em soft',
      '    br',
      '  ul',
      '    li one',
      '    li',
      '      code two',
      '  p <script>x()</script>',
    ]);
    const div = tree.childNodes?.[0];
    assert.deepEqual(
      div?.attrs,
      [
        { name: 'class', value: 'zd-comment' },
        { name: 'dir', value: 'auto' },
      ],
      'the recorded wrapper',
    );
  });
});
