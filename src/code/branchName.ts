// Branch names for "Start Work on Ticket": the template (`zendesk.startWork.branchTemplate`, `zd-{id}-{slug}` by
// default) filled from the ticket, slugged and cut so git takes it, and the branches that already belong to a ticket,
// so starting work twice checks out the same branch instead of making a second one. No `vscode` import.
//
// What git refuses is git-check-ref-format(1): https://git-scm.com/docs/git-check-ref-format
import * as l10n from '@vscode/l10n';
import { escapeRegExp } from '../escape';

export const DEFAULT_BRANCH_TEMPLATE = 'zd-{id}-{slug}';
/** Long enough for a readable subject, short enough for a terminal prompt and a CI job name. */
export const MAX_BRANCH_LENGTH = 60;

export interface BranchTicket {
  id: number;
  subject: string;
  /** The account's subdomain, for a template that names it (`{subdomain}`). */
  subdomain?: string;
}

const PLACEHOLDER = /\{(id|slug|subdomain)\}/g;

/** "Printer on fire (2nd floor) — ASAP!" → "printer-on-fire-2nd-floor-asap": ASCII letters and digits, hyphens. */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents apart from their letters by NFKD: "café" → "cafe"
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Why git would refuse `name` as a branch, in words; undefined when it takes it. */
export function branchNameProblem(name: string): string | undefined {
  if (!name) return l10n.t('A branch needs a name.');
  if (name === '@') return l10n.t('"@" alone is not a branch name.');
  // Control characters, space and ~ ^ : ? * [ \ are never in a ref.
  const bad = /[\u0000-\u0020\u007f~^:?*[\\]/.exec(name);
  if (bad) {
    return l10n.t('Branch names cannot contain "{0}".', bad[0] === ' ' ? l10n.t('a space') : bad[0]);
  }
  if (name.includes('..')) return l10n.t('Branch names cannot contain "..".');
  if (name.includes('@{')) return l10n.t('Branch names cannot contain "@{".');
  if (name.startsWith('-')) return l10n.t('Branch names cannot start with "-".');
  if (name.startsWith('/') || name.endsWith('/') || name.includes('//')) {
    return l10n.t('Branch names cannot start or end with "/" or contain "//".');
  }
  if (name.endsWith('.')) return l10n.t('Branch names cannot end with ".".');
  for (const part of name.split('/')) {
    if (part.startsWith('.')) return l10n.t('No part of a branch name can start with ".".');
    if (part.endsWith('.lock')) return l10n.t('No part of a branch name can end with ".lock".');
  }
  return undefined;
}

/** Why the template cannot make branches; undefined when it can. It must name the ticket, or a branch made from it
 * could never be found again for that ticket. */
export function templateProblem(template: string): string | undefined {
  if (!template.includes('{id}')) {
    return l10n.t(
      'The branch template "{0}" has no {1}: put the ticket number in it, as in {2}.',
      template,
      '{id}',
      DEFAULT_BRANCH_TEMPLATE,
    );
  }
  const sample = fillTemplate(template, { id: 1, subject: 'a', subdomain: 'a' }, Infinity);
  const problem = branchNameProblem(sample);
  return problem && l10n.t('The branch template "{0}" makes names git refuses: {1}', template, problem);
}

/**
 * The branch for a ticket: the template with `{id}`, `{slug}` (the subject, slugged) and `{subdomain}` filled in, at
 * most `max` characters: the slug is cut at a word where it can, the id is never cut. A subject of nothing but
 * symbols leaves no slug, and the separator before it goes too (`zd-1234`).
 */
export function fillTemplate(template: string, t: BranchTicket, max = MAX_BRANCH_LENGTH): string {
  const fixed = template.replace(PLACEHOLDER, (_m, p: string) =>
    p === 'id' ? String(t.id) : p === 'subdomain' ? slugify(t.subdomain ?? '') : '{slug}',
  );
  const room = Math.max(0, max - (fixed.length - (fixed.includes('{slug}') ? '{slug}'.length : 0)));
  let slug = slugify(t.subject);
  if (slug.length > room) {
    const cut = slug.slice(0, room);
    const word = cut.lastIndexOf('-');
    slug = (slug[room] === '-' ? cut : word > room / 2 ? cut.slice(0, word) : cut).replace(/-+$/, '');
  }
  let name = fixed.replace('{slug}', slug);
  if (!slug) name = name.replace(/[-_.]+(?=\/|$)/g, '').replace(/(^|\/)[-_.]+/g, '$1');
  return sanitizeBranchName(name);
}

/**
 * What is left of `name` once the characters and sequences git refuses are replaced or dropped. Repeated until
 * nothing changes: one repair can make another needed (`@{{` is `@{` once `@{` goes; `x.lock.` ends in `.lock` once
 * the `.` goes; `-.a` starts with `.` once the `-` goes). Each pass shortens the name or takes a `.` or a refused
 * character out of it, so it ends.
 */
export function sanitizeBranchName(name: string): string {
  for (;;) {
    const next = sanitizeOnce(name);
    if (next === name) return next;
    name = next;
  }
}

function sanitizeOnce(name: string): string {
  return name
    .replace(/[\u0000-\u0020\u007f~^:?*[\\]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/@\{/g, '@')
    .replace(/\/{2,}/g, '/')
    .split('/')
    .map((p) => p.replace(/^\.+/, '').replace(/\.lock$/, '-lock'))
    .filter(Boolean)
    .join('/')
    .replace(/^-+/, '')
    .replace(/[./]+$/, '');
}

/**
 * Whether `branch` (local `zd-1234-x`, or remote `origin/zd-1234-x` with `remote` given) belongs to ticket `id`: it
 * is the template's shape with that id (whatever the slug, the subject may have changed since), or the default
 * shape `zd-{id}` / `zd-{id}-…` after an optional prefix (`ada/zd-1234-…`), so branches made before the template
 * changed are found too. `zd-12345` is not ticket 1234's.
 */
export function branchIsForTicket(branch: string, id: number, template: string, remote?: string): boolean {
  const name = remote && branch.startsWith(`${remote}/`) ? branch.slice(remote.length + 1) : branch;
  const parts = template.split(PLACEHOLDER);
  // split with a capture group alternates literal, placeholder name, literal, ...
  const source = parts
    .map((p, i) => (i % 2 === 0 ? escapeRegExp(p) : p === 'id' ? String(id) : p === 'slug' ? '[^/]*' : '[a-z0-9-]*'))
    .join('');
  if (template.includes('{id}') && new RegExp(`^${source}$`, 'i').test(name)) return true;
  return new RegExp(`(?:^|/)zd-${id}(?:[-_/]|$)`, 'i').test(name);
}
