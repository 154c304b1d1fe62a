// The words of working on a ticket in code: the status bar's label, the commit message's reference, the internal
// note a commit becomes. Plain text builders, unit-tested. No `vscode` import.
import * as l10n from '@vscode/l10n';
import { fenced } from './codeBlock';
import type { WorkTicket } from './currentTicket';

/** How long a subject may be in the status bar before it is cut. */
const STATUS_SUBJECT_MAX = 40;

/**
 * The status bar and quick picks render `$(name)` as an icon: a subject from Zendesk is text, so every `$(` in it is
 * escaped (`\$(`, which they show as written), and line breaks become spaces.
 */
export function noIcons(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\$\(/g, '\\$(');
}

/** `#1234 Printer on fire`, the subject cut to fit; the icon is the caller's. */
export function statusLabel(t: WorkTicket): string {
  const s = t.subject.replace(/\s+/g, ' ').trim();
  const cut = s.length > STATUS_SUBJECT_MAX ? `${s.slice(0, STATUS_SUBJECT_MAX - 1).trimEnd()}…` : s;
  return noIcons(cut ? `#${t.ticketId} ${cut}` : `#${t.ticketId}`);
}

/** The reference a commit message carries: `ZD-1234`. */
export function ticketKey(ticketId: number): string {
  return `ZD-${ticketId}`;
}

/** `ZD-1234` as a word of `message` (not inside `ZD-12345` or `XZD-1234`). */
export function mentionsTicket(message: string, ticketId: number): boolean {
  return new RegExp(`(?<![\\w-])ZD-${ticketId}(?!\\d)`, 'i').test(message);
}

/** The ticket ids a commit message names as `ZD-1234`, each once, in order. */
export function ticketIdsIn(message: string): number[] {
  const ids = [...message.matchAll(/(?<![\w-])ZD-(\d{1,15})(?!\d)/gi)].map((m) => Number(m[1]));
  return [...new Set(ids.filter((n) => Number.isSafeInteger(n) && n > 0))];
}

/**
 * The message with `ZD-1234: ` before its first line, unless it names the ticket already; a message prefixed with
 * another ticket's key (the branch's ticket changed) gets this one's instead.
 */
export function withTicketPrefix(message: string, ticketId: number): string {
  if (mentionsTicket(message, ticketId)) return message;
  const rest = message.replace(/^\s*ZD-\d+:\s*/i, '');
  return `${ticketKey(ticketId)}: ${rest}`;
}

export interface CommitNote {
  sha: string;
  message: string;
  branch?: string;
  /** The commit's page on its web host; none when the remote is unknown. */
  url?: string;
}

/** The internal note a commit becomes (Markdown): the commit, linked where it can be, and its message as written. */
export function commitNoteBody(c: CommitNote): string {
  const short = c.sha.slice(0, 8);
  const commit = c.url ? `[\`${short}\`](${c.url})` : `\`${short}\``;
  const head = c.branch ? l10n.t('Commit {0} on {1}:', commit, `\`${c.branch}\``) : l10n.t('Commit {0}:', commit);
  return `${head}\n\n${fenced(c.message.trim())}`;
}
