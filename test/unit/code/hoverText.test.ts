// The hover's Markdown (src/code/references/hoverText.ts) with hostile subjects and names: parsed as a CommonMark
// renderer with raw HTML and autolinks on (more than VS Code's hover allows) reads them, nothing from the ticket
// becomes a link, an image or HTML; the text reads as Zendesk has it; the one command link is the ticket tab's.
import assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { failureMarkdown, openTicketCommandUri, previewMarkdown } from '../../../src/code/references/hoverText';
import type { TicketPreview } from '../../../src/code/references/ticketPreviews';
import { HOSTILE } from '../../support/hostileHtml';

const md = new MarkdownIt({ html: true, linkify: true });
type Token = ReturnType<typeof md.parse>[number];

/** The hover's paragraphs, each as its inline tokens. */
function paragraphs(src: string): Token[][] {
  return md
    .parse(src, {})
    .filter((t) => t.type === 'inline')
    .map((t) => t.children ?? []);
}

/** What a paragraph reads as. */
function text(tokens: Token[]): string {
  return tokens.map((t) => (t.type === 'text' || t.type === 'text_special' ? t.content : '')).join('');
}

/** Every link target, image and piece of raw HTML in the Markdown. */
function active(src: string): string[] {
  const all = md.parse(src, {}).flatMap((t) => [t, ...(t.children ?? [])]);
  return all.flatMap((t) => {
    if (t.type === 'link_open') return [`link ${t.attrGet('href') ?? ''}`];
    if (t.type === 'image') return [`image ${t.attrGet('src') ?? ''}`];
    if (t.type === 'html_inline' || t.type === 'html_block') return [`html ${t.content}`];
    return [];
  });
}

const MARKDOWN_HOSTILE: [string, string][] = [
  ['a command link', '[Open](command:workbench.action.terminal.new)'],
  ['a command link with arguments', '[x](command:zendesk.openTicket?%5B%7B%22ticketId%22%3A1%7D%5D)'],
  ['a reference-style link', '[x][1]\n\n[1]: command:workbench.action.terminal.new'],
  ['an image (a tracking pixel)', '![](https://evil.example/pixel.png)'],
  ['an autolink', '<https://evil.example>'],
  ['a bare URL', 'see https://evil.example/path and www.evil.example'],
  ['an email', 'mail ann@evil.example'],
  ['a heading after line breaks', 'Printer\n\n# Heading\n\n---'],
  ['a list and a quote', '- one\n> quoted'],
  ['emphasis and code', '*bold* _it_ `code` ~~gone~~'],
  ['a theme icon', '$(zap) $(terminal)'],
  ['entities', '&lt;script&gt; &#106;avascript: &amp;'],
  ['a table', '| a | b |\n|---|---|\n| c | d |'],
  ['backslashes', '\\[x\\](command:y) \\\\'],
];

function preview(subject: string, people = 'Ann Agent'): TicketPreview {
  return {
    accountId: 'acme/1',
    ticketId: 42,
    subject,
    status: 'Open',
    requester: people,
    assignee: people,
    updatedAt: '2026-12-07T10:00:00Z',
    agentUrl: 'https://acme.zendesk.com/agent/tickets/42',
  };
}

const NOW = Date.parse('2026-12-07T12:00:00Z');
const OWN_LINKS = [`link ${openTicketCommandUri('acme/1', 42)}`, 'link https://acme.zendesk.com/agent/tickets/42'];

describe('ticket references: the hover’s Markdown', () => {
  it('shows number, subject, status, people and the last update, with the two ways to open the ticket', () => {
    const src = previewMarkdown(preview('Printer on fire'), NOW);
    const ps = paragraphs(src).map(text);
    assert.deepEqual(ps, [
      '#42 Printer on fire',
      'Status: Open · Requester: Ann Agent · Assignee: Ann Agent',
      'Updated 2h ago (2026-12-07 10:00 UTC)',
      'Open Ticket · Open in Zendesk',
    ]);
    assert.deepEqual(active(src), OWN_LINKS);
    assert.equal(
      decodeURIComponent(openTicketCommandUri('acme/1', 42)),
      'command:zendesk.openTicket?[{"accountId":"acme/1","ticketId":42}]',
    );
  });

  for (const [what, hostile] of [...MARKDOWN_HOSTILE, ...HOSTILE]) {
    it(`a subject and names with ${what} read as text and make no link, image or HTML`, () => {
      const src = previewMarkdown(preview(hostile, hostile), NOW);
      assert.deepEqual(active(src), OWN_LINKS);
      const ps = paragraphs(src);
      assert.equal(ps.length, 4, 'the subject made paragraphs of its own');
      // CommonMark reads NUL as U+FFFD (its own safety rule).
      const oneLine = hostile.replace(/\s+/g, ' ').trim().replace(/\0/g, '\uFFFD');
      assert.equal(text(ps[0]), `#42 ${oneLine}`);
      assert.equal(text(ps[1]), `Status: Open · Requester: ${oneLine} · Assignee: ${oneLine}`);
    });
  }

  it('a hover that could not read the ticket says why as text, and still opens the tab', () => {
    const src = failureMarkdown('acme/1', 42, 'Reading #42 failed: [x](command:evil) <img src=x>');
    assert.deepEqual(active(src), [OWN_LINKS[0]]);
    assert.equal(text(paragraphs(src)[0]), '#42 Reading #42 failed: [x](command:evil) <img src=x>');
  });
});
