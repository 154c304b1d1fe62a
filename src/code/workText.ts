// The words of working on a ticket in code: the status bar's label, the commit message's reference, the internal
// note a commit becomes. Plain text builders, unit-tested. No `vscode` import.
import * as l10n from '@vscode/l10n';
import { fenced } from './codeBlock';
import type { WorkTicket } from './currentTicket';
import {
  compilePattern,
  DEFAULT_PATTERNS,
  findReferences,
  referenceText,
  type ReferencePattern,
} from './references/referencePatterns';

/** Where no pattern is given (an empty list cannot come from compilePatterns): the default's first. */
const DEFAULT_PATTERN = compilePattern(DEFAULT_PATTERNS[0]) as ReferencePattern;

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

/**
 * The reference a commit message carries: the first of the user's patterns (`ZD-1234` by default), so what the
 * extension writes is what its links, hovers and completion read back.
 */
export function ticketKey(ticketId: number, patterns: readonly ReferencePattern[]): string {
  return referenceText(patterns[0] ?? DEFAULT_PATTERN, ticketId);
}

/** The tickets `message` names in the user's patterns (not inside other words: `XZD-12`, `ZD-12a`). */
function referencesIn(message: string, patterns: readonly ReferencePattern[]) {
  return findReferences(message, patterns, []);
}

/** Whether `message` names the ticket in any of the patterns. */
export function mentionsTicket(message: string, ticketId: number, patterns: readonly ReferencePattern[]): boolean {
  return referencesIn(message, patterns).some((r) => r.ticketId === ticketId);
}

/** A ticket a message names: by a pattern (no account: the one in use), or by a ticket link of a signed-in account. */
export interface NamedTicket {
  ticketId: number;
  accountId?: string;
}

/** The tickets a commit message names in the patterns or as ticket links of `accounts`, each once, in order. */
export function ticketsNamedIn(
  message: string,
  patterns: readonly ReferencePattern[],
  accounts: readonly { accountId: string; baseUrl: string }[] = [],
  inUse?: string,
): NamedTicket[] {
  const seen = new Set<string>();
  const named: NamedTicket[] = [];
  for (const r of findReferences(message, patterns, accounts, inUse)) {
    const t = r.kind === 'link' ? { ticketId: r.ticketId, accountId: r.accountId } : { ticketId: r.ticketId };
    const key = `${t.accountId ?? ''} ${t.ticketId}`;
    if (!seen.has(key)) named.push(t);
    seen.add(key);
  }
  return named;
}

/**
 * The ticket a commit's note is offered to: the current ticket when the message names it, else the first it names.
 * A pattern's number is a ticket of the account in use (`inUse`), or the current ticket's when the numbers match.
 */
export function commitTicket(
  named: readonly NamedTicket[],
  inUse: string | undefined,
  current?: { accountId: string; ticketId: number },
): { accountId: string; ticketId: number } | undefined {
  const isCurrent = (n: NamedTicket) =>
    !!current && n.ticketId === current.ticketId && (n.accountId ?? current.accountId) === current.accountId;
  const pick = named.find(isCurrent) ?? named[0];
  const accountId = pick && (isCurrent(pick) ? current?.accountId : (pick.accountId ?? inUse));
  return pick && accountId ? { accountId, ticketId: pick.ticketId } : undefined;
}

/** The ticket of a `ZD-1234: ` prefix the message starts with, and where the text after it starts. */
export function ticketPrefix(
  message: string,
  patterns: readonly ReferencePattern[],
): { ticketId: number; rest: number } | undefined {
  const lead = message.length - message.trimStart().length;
  const first = referencesIn(message, patterns)[0];
  if (first?.start !== lead || message[first.end] !== ':') return undefined;
  const after = message.slice(first.end + 1);
  return { ticketId: first.ticketId, rest: message.length - after.trimStart().length };
}

/**
 * The message with `ZD-1234: ` before its first line, unless it names the ticket already; a message prefixed with
 * another ticket's reference (the branch's ticket changed) gets this one's instead.
 */
export function withTicketPrefix(message: string, ticketId: number, patterns: readonly ReferencePattern[]): string {
  if (mentionsTicket(message, ticketId, patterns)) return message;
  const rest = message.slice(ticketPrefix(message, patterns)?.rest ?? 0);
  return `${ticketKey(ticketId, patterns)}: ${rest}`;
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
