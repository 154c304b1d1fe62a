// "New Ticket": who it is for, read from what the agent typed in the form's requester box, and the description made from an editor selection
// (a fenced code block with its language, the file's workspace-relative path and the lines). No `vscode` import.
import * as l10n from '@vscode/l10n';

export type RequesterInput =
  { kind: 'me' } | { kind: 'email'; email: string; name?: string } | { kind: 'invalid'; reason: string };

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/** Empty: the agent (Zendesk makes the submitter the requester). `ada@example.com`, or `Ada Lovelace <ada@example.com>`
 * for someone new: Zendesk finds the user by email or makes an end user with that name. */
export function parseRequester(text: string): RequesterInput {
  const t = text.trim();
  if (!t) return { kind: 'me' };
  if (EMAIL.test(t)) return { kind: 'email', email: t };
  const m = /^(.*?)\s*<\s*([^<>\s]+)\s*>$/.exec(t);
  if (m && EMAIL.test(m[2])) {
    return { kind: 'email', email: m[2], name: m[1].replace(/^"|"$/g, '').trim() || undefined };
  }
  return {
    kind: 'invalid',
    reason: l10n.t(
      'Type the requester’s email, or a name and email as Ada Lovelace <ada@example.com>, or nothing for yourself.',
    ),
  };
}

export interface EditorSelection {
  text: string;
  /** VS Code's language id ("typescript"); "plaintext" has no fence language. */
  languageId: string;
  /** Workspace-relative, with forward slashes; the file name alone outside a workspace. */
  path: string;
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
}

/** The fence is longer than any run of backticks in the code, so the code cannot close it. */
function fence(code: string): string {
  const longest = Math.max(0, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(Math.max(3, longest + 1));
}

/** Where the selection is, as a line of the description: "`src/app.ts`, lines 12–20". */
export function selectionPlace(s: EditorSelection): string {
  return s.startLine === s.endLine
    ? l10n.t('{0}, line {1}', `\`${s.path}\``, s.startLine)
    : l10n.t('{0}, lines {1}–{2}', `\`${s.path}\``, s.startLine, s.endLine);
}

/** The description's code part: where it comes from, then the code fenced with its language (Markdown, which Zendesk
 * renders in a comment's `body`). */
export function selectionBlock(s: EditorSelection): string {
  const code = s.text.replace(/\s+$/, '');
  const f = fence(code);
  const lang = s.languageId === 'plaintext' ? '' : s.languageId.replace(/[^\w+#.-]/g, '');
  return `${selectionPlace(s)}\n\n${f}${lang}\n${code}\n${f}\n`;
}

/** A subject to start from: "Question about app.ts:12". */
export function selectionSubject(s: EditorSelection): string {
  const file = s.path.split('/').pop() ?? s.path;
  return l10n.t('Question about {0}', `${file}:${s.startLine}`);
}
