/**
 * A comment's `body` is Markdown: Zendesk renders it into the comment's `html_body` ("Bodies for comments",
 * https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_comments/#bodies-for-comments: Markdown is
 * supported in `body`, not in `html_body`). The wrapper is the one recorded live:
 * `<div class="zd-comment" dir="auto"><p dir="auto">Some comment</p></div>`.
 */
import MarkdownIt from 'markdown-it';

// CHOICE: CommonMark with a single newline as a line break (`breaks`), as Zendesk's agent editor shows a note's
// lines, and raw HTML in `body` escaped rather than kept (HTML belongs in `html_body`). Zendesk's exact Markdown
// dialect is not documented.
const md = new MarkdownIt({ html: false, breaks: true, linkify: false });

// Zendesk marks its text blocks `dir="auto"` (recorded on paragraphs), so right-to-left text reads right.
const BLOCKS = new Set([
  'paragraph_open',
  'bullet_list_open',
  'ordered_list_open',
  'list_item_open',
  'blockquote_open',
  'heading_open',
]);
md.core.ruler.push('zendesk_dir', (state) => {
  for (const t of state.tokens) if (BLOCKS.has(t.type)) t.attrSet('dir', 'auto');
  return true;
});

/** The `html_body` Zendesk makes of a Markdown `body`. */
export function renderCommentBody(body: string): string {
  return `<div class="zd-comment" dir="auto">${md.render(body).trim()}</div>`;
}
