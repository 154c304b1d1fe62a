// Ticket references in text: `ZD-1234`, `zendesk#1234` (the user's patterns, `zendesk.references.patterns`) and the
// ticket links of signed-in accounts. What a reference means is decided here, once, for the links, the hovers and
// the commit box's completion. No `vscode` import.
//
// A pattern is a template, `ZD-{id}`: literal text, then the ticket number. Not a regular expression: a user's
// regex could backtrack for seconds on every keystroke in every open file (a "catastrophic" pattern), and no
// check short of a linear-time engine tells those apart. Literal text escaped into a regex that ends in a bounded
// digit run is linear by construction, and says everything the reference formats in use need.
import * as l10n from '@vscode/l10n';
import { escapeRegExp } from '../../escape';
import { parseTicketRef } from '../../tickets/ticketRef';

/** A configured pattern, checked and compiled. */
export interface ReferencePattern {
  /** As configured: `ZD-{id}`. */
  readonly template: string;
  /** The literal text before the number: `ZD-`. */
  readonly prefix: string;
  /** Finds the pattern's references: the number is group 1. */
  readonly regex: RegExp;
}

export const DEFAULT_PATTERNS: readonly string[] = ['ZD-{id}', 'zendesk#{id}'];

/** How long the literal text of a pattern may be. */
export const MAX_PREFIX = 30;

const ID = '{id}';
const EXAMPLE = 'ZD-{id}';
/** Letters, digits and `_` in any script: a reference never starts or ends inside a word (`XZD-12`, `ZD-12a`). */
const NOT_AFTER_WORD = '(?<![\\p{L}\\p{N}\\p{M}_])';
const NOT_BEFORE_WORD = '(?![\\p{L}\\p{N}\\p{M}_])';
/** Zendesk's ticket ids: positive integers, no leading zero (`ZD-007` is not ticket 7), short of 2^53. */
const NUMBER = '([1-9]\\d{0,14})';

/** The pattern, or what is wrong with it in words that say how to fix it. */
export function compilePattern(template: unknown): ReferencePattern | { problem: string } {
  if (typeof template !== 'string') {
    return { problem: l10n.t('A reference pattern must be text with {0} at the end, such as {1}.', ID, EXAMPLE) };
  }
  const at = template.indexOf(ID);
  const prefix = template.slice(0, Math.max(at, 0));
  if (at < 0 || at + ID.length !== template.length || !prefix) {
    return { problem: l10n.t('"{0}" needs text and then {1} at the end, such as {2}.', template, ID, EXAMPLE) };
  }
  if (prefix.length > MAX_PREFIX) {
    return {
      problem: l10n.t('"{0}" is too long: keep the text before {1} to {2} characters.', template, ID, MAX_PREFIX),
    };
  }
  if (/\s/.test(prefix)) {
    return {
      problem: l10n.t('"{0}" has a space or line break: use text without spaces, such as {1}.', template, EXAMPLE),
    };
  }
  if (/\p{N}$/u.test(prefix)) {
    return {
      problem: l10n.t(
        '"{0}" ends in a digit before {1}, so the number could not be told apart: add a separator.',
        template,
        ID,
      ),
    };
  }
  return {
    template,
    prefix,
    regex: new RegExp(`${NOT_AFTER_WORD}${escapeRegExp(prefix)}${NUMBER}${NOT_BEFORE_WORD}`, 'gu'),
  };
}

/** The patterns to use and the problems of the ones left out. None usable (all wrong, or an empty list): the
 * defaults, so a typo never silently turns references off. */
export function compilePatterns(configured: unknown): { patterns: ReferencePattern[]; problems: string[] } {
  const list: unknown[] = Array.isArray(configured) ? configured : [...DEFAULT_PATTERNS];
  const patterns: ReferencePattern[] = [];
  const problems: string[] = [];
  for (const t of list) {
    const p = compilePattern(t);
    if ('problem' in p) problems.push(p.problem);
    else if (!patterns.some((q) => q.prefix === p.prefix)) patterns.push(p);
  }
  if (!Array.isArray(configured)) {
    problems.push(l10n.t('The reference patterns must be a list such as {0}.', `["${EXAMPLE}"]`));
  }
  if (!patterns.length) {
    return { patterns: DEFAULT_PATTERNS.map((t) => compilePattern(t) as ReferencePattern), problems };
  }
  return { patterns, problems };
}

/** How a reference to a ticket is written in a pattern: `ZD-1234`. */
export function referenceText(pattern: ReferencePattern, ticketId: number): string {
  return `${pattern.prefix}${ticketId}`;
}

interface Found {
  /** Offsets in the text searched: [start, end). */
  start: number;
  end: number;
  ticketId: number;
}

export type TicketReference =
  /** `ZD-1234`: a ticket of the account in use. */
  | (Found & { kind: 'pattern'; pattern: ReferencePattern })
  /** A ticket link of a signed-in account: that account's ticket, whichever is in use. */
  | (Found & { kind: 'link'; accountId: string });

/** Links: up to what cannot be part of one in prose (space, quotes, angle brackets, a backslash). */
const URL_CANDIDATE = /\bhttps?:\/\/[^\s<>"'`\\]+/giu;
/** Punctuation that ends a sentence or a Markdown link around a URL rather than belonging to it. */
const TRAILING = /[.,;:!?)\]}*_~]+$/u;

/**
 * Every ticket reference in `text`, in order. A link counts only when it is a ticket link of a signed-in account
 * (`accounts`, the one in use first when several users of one Zendesk are signed in); a pattern inside any link
 * (`https://jira.example/browse/ZD-12`) is part of that link, not a reference.
 */
export function findReferences(
  text: string,
  patterns: readonly ReferencePattern[],
  accounts: readonly { accountId: string; baseUrl: string }[],
  inUse?: string,
): TicketReference[] {
  const found: TicketReference[] = [];
  const links: [number, number][] = [];
  for (const m of text.matchAll(URL_CANDIDATE)) {
    const url = m[0].replace(TRAILING, '');
    const start = m.index;
    links.push([start, start + m[0].length]);
    if (!accounts.length) continue;
    const ref = parseTicketRef(url, accounts, inUse);
    if (ref.kind === 'link') {
      found.push({ kind: 'link', start, end: start + url.length, ticketId: ref.ticketId, accountId: ref.accountId });
    }
  }
  const insideLink = (i: number) => links.some(([s, e]) => i >= s && i < e);
  for (const pattern of patterns) {
    for (const m of text.matchAll(pattern.regex)) {
      const start = m.index;
      if (insideLink(start)) continue;
      const end = start + m[0].length;
      // Two patterns can overlap (`#{id}` inside `zendesk#{id}`): the first found keeps its text.
      if (found.some((f) => start < f.end && f.start < end)) continue;
      found.push({ kind: 'pattern', pattern, start, end, ticketId: Number(m[1]) });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** The reference at `offset` in `text` (a hover's position on its line), if any. */
export function referenceAt(
  text: string,
  offset: number,
  patterns: readonly ReferencePattern[],
  accounts: readonly { accountId: string; baseUrl: string }[],
  inUse?: string,
): TicketReference | undefined {
  return findReferences(text, patterns, accounts, inUse).find((r) => offset >= r.start && offset < r.end);
}

/**
 * What a completion replaces at the end of `before` (the line up to the cursor): a pattern's text typed whole, with
 * the start of a number (`ZD-`, `zendesk#12`), or a bare `#` (GitHub's habit in commit messages), which the first
 * pattern's form replaces. Undefined when the cursor is not after one, or it follows a word (`XZD-`).
 */
export function completionTarget(
  before: string,
  patterns: readonly ReferencePattern[],
): { start: number; pattern: ReferencePattern } | undefined {
  const ends = (prefix: string) =>
    new RegExp(`${NOT_AFTER_WORD}${escapeRegExp(prefix)}\\d{0,15}$`, 'u').exec(before) ?? undefined;
  // The longest prefix first: `zendesk#` is not a bare `#`.
  for (const pattern of [...patterns].sort((a, b) => b.prefix.length - a.prefix.length)) {
    const m = ends(pattern.prefix);
    if (m) return { start: m.index, pattern };
  }
  const bare = ends('#');
  return bare && patterns.length ? { start: bare.index, pattern: patterns[0] } : undefined;
}

/** The characters that, typed, may complete a pattern's text: each pattern's last, and `#`. */
export function triggerCharacters(patterns: readonly ReferencePattern[]): string[] {
  return [...new Set(['#', ...patterns.map((p) => [...p.prefix].at(-1) as string)])];
}
