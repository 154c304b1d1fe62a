// "New Ticket": who it is for, read from what the agent typed in the form's requester box, and the description made
// from an editor selection (code/codeBlock.ts: the code fenced with its language, its path and lines, a permalink).
// No `vscode` import.
import * as l10n from '@vscode/l10n';
import { codeBlock, type CodeSelection } from '../code/codeBlock';

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

/** "New Ticket from Selection": the editor's code (code/selectionToTicket.ts `editorCode`: the path relative to the
 * repository, the lines, and a permalink when the lines are pushed). The description's block is `codeBlock`'s, the
 * same as "Add Selection to Ticket…" makes. */
export interface SelectedCode {
  selection: CodeSelection;
  permalink?: string;
}

/** The description's code part: where it comes from (a link to the lines when pushed), then the code fenced. */
export function selectionBlock(code: SelectedCode): string {
  return codeBlock(code.selection, code.permalink);
}

/** A subject to start from: "Question about app.ts:12". */
export function selectionSubject(s: CodeSelection): string {
  const file = s.path.split('/').pop() ?? s.path;
  return l10n.t('Question about {0}', `${file}:${s.startLine}`);
}
