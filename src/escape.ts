// Text from Zendesk (and from users) shown as itself inside Markdown: the one place each escape is decided.
// Plain Node, no `vscode` import. The ticket page's own script (media/detail/) runs in the webview and cannot import
// this; it keeps its own copy.

/** Text shown as itself in Markdown: no link, image, emphasis or HTML can come out of it. Not for code spans, where a
 * backslash shows as itself. */
export function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, (ch) => `\\${ch}`);
}
