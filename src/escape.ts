// Text from Zendesk (and from users) shown as itself inside HTML or Markdown: the one place each escape is decided.
// Plain Node, no `vscode` import. The ticket page's own script (media/detail/) runs in the webview and cannot import
// this: it writes text with textContent and inserts only HTML the extension host built with these.

/** Text safe anywhere in HTML, attribute values included (quoted with " or '): & < > " ' ` as numeric references. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Text safe in HTML element content (never an attribute): only & < > need escaping there. */
export function escapeHtmlText(s: string): string {
  return s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/** Text shown as itself in Markdown: no link, image, emphasis or HTML can come out of it. Not for code spans, where a
 * backslash shows as itself. `:` too: a renderer with autolinks (GFM's, VS Code's hovers) turns `https://…` in plain
 * text into a link, and an escaped colon keeps it text. */
export function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>~&:]/g, (ch) => `\\${ch}`);
}

/** Text shown as itself in a Markdown code span (`acme-corp`, `tickets:read`). A backslash is literal there, so
 * nothing is escaped: the span's backtick run is one longer than any inside, and a space pads text that starts or
 * ends with a backtick or a space (CommonMark strips one space from each end). Line breaks read as spaces; empty
 * text, which no code span can hold, is a span of one space. */
export function codeSpan(s: string): string {
  const text = s.replace(/\r?\n|\r/g, ' ');
  if (text === '') return '` `';
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  const pad = /^[` ]|[` ]$/.test(text) ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

/** A Markdown code fence longer than any run of backticks in `text` (at least three), so the text cannot close it. */
export function codeFence(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(Math.max(3, longest + 1));
}

/** Literal text inside a regular expression, also with the `u` flag (which refuses escapes of anything but syntax
 * characters and `/`). */
export function escapeRegExp(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}
