// Code as a ticket comment shows it: where it is (the file relative to the repository, the lines, a permalink to the
// pushed commit when there is one), then the code fenced with its language. "Add Selection to Ticket…" and "New
// Ticket from Selection" both build their text here. Markdown, which Zendesk renders in a comment's `body`
// (https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_comments/). No `vscode` import.
import * as l10n from '@vscode/l10n';
import { codeFence } from '../escape';

export interface CodeSelection {
  text: string;
  /** VS Code's language id ("typescript"); "plaintext" has no fence language. */
  languageId: string;
  /** Relative to the repository (else the workspace), with forward slashes; the file name alone outside both. */
  path: string;
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
}

/** `text` fenced, with a language when it has one Markdown takes (`c++`, `objective-c`, `c#`, `shellscript`). */
export function fenced(text: string, languageId = ''): string {
  const body = text.replace(/\s+$/, '');
  const f = codeFence(body);
  const lang = languageId === 'plaintext' ? '' : languageId.replace(/[^\w+#.-]/g, '');
  return `${f}${lang}\n${body}\n${f}\n`;
}

/** Where the selection is: "`src/app.ts`, lines 12–20". */
export function codePlace(s: CodeSelection): string {
  const path = `\`${s.path.replace(/`/g, '')}\``;
  return s.startLine === s.endLine
    ? l10n.t('{0}, line {1}', path, s.startLine)
    : l10n.t('{0}, lines {1}–{2}', path, s.startLine, s.endLine);
}

/** The block: its place (a link to the lines at the pushed commit, when given), a blank line, the fenced code. */
export function codeBlock(s: CodeSelection, permalink?: string): string {
  const place = codePlace(s);
  const head = permalink ? `[${place}](${permalink.replace(/[()\s]/g, encodeURIComponent)})` : place;
  return `${head}\n\n${fenced(s.text, s.languageId)}`;
}
