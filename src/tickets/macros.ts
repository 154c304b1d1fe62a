// Macros for the agent: the active ones they may apply, found by title and category, and what one would do to a
// ticket ("Show Ticket After Changes", which changes nothing) turned into words and into changes to stage.
// No `vscode` import.
import * as l10n from '@vscode/l10n';
import { listActiveMacros } from '../zendesk/api';
import type { ZendeskClient } from '../zendesk/http';
import { NO_LOG, type Logger, type Macro, type MacroResult, type Ticket } from '../zendesk/types';
import { valueLabel } from './format';
import type { StagedChanges, StagedFields } from './ticketTabs';

export interface MacroChoice {
  id: number;
  title: string;
  /** The last part of the title ("Refund approved" of "Billing::Refund approved"). */
  name: string;
  /** The parts before it, "Billing › Refunds"; undefined for a macro without a category. */
  category?: string;
  /** Restricted to one user: the agent's own. */
  personal: boolean;
  description?: string;
  position: number;
}

/** Zendesk nests macros by `::` in their titles. */
export function macroChoice(m: Macro): MacroChoice {
  const parts = m.title
    .split('::')
    .map((p) => p.trim())
    .filter(Boolean);
  const name = parts.pop() ?? m.title;
  return {
    id: m.id,
    title: m.title,
    name,
    category: parts.length ? parts.join(' › ') : undefined,
    personal: m.restriction?.type === 'User',
    description: m.description ?? undefined,
    position: m.position ?? Number.MAX_SAFE_INTEGER,
  };
}

/** The macros whose title or category holds every word of the query (any case, any order); names that start with
 * the query first, then Zendesk's order. An empty query is every macro. */
export function findMacros(choices: readonly MacroChoice[], query: string): MacroChoice[] {
  const q = query.trim().toLowerCase();
  const words = q.split(/\s+/).filter(Boolean);
  const hits = choices.filter((c) => {
    const text = `${c.title} ${c.category ?? ''}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
  const rank = (c: MacroChoice) => (q && c.name.toLowerCase().startsWith(q) ? 0 : 1);
  return hits.sort((a, b) => rank(a) - rank(b) || a.position - b.position || a.title.localeCompare(b.title));
}

/** Each account's active macros, asked for once and kept until a refresh: the picker opens without a request. */
export class MacroCatalog {
  private readonly loading = new Map<string, Promise<MacroChoice[]>>();

  constructor(private readonly log: Logger = NO_LOG) {}

  get(accountId: string, client: ZendeskClient): Promise<MacroChoice[]> {
    let p = this.loading.get(accountId);
    if (!p) {
      p = listActiveMacros(client).then(
        (list) => list.filter((m) => m.active !== false).map(macroChoice),
        (e: unknown) => {
          // A failure is not kept: the next pick asks again.
          this.loading.delete(accountId);
          this.log.warn(`[macros] active macros of ${accountId} not loaded: ${e instanceof Error ? e.name : 'error'}`);
          throw e;
        },
      );
      this.loading.set(accountId, p);
    }
    return p;
  }

  forget(accountId?: string): void {
    if (accountId === undefined) this.loading.clear();
    else this.loading.delete(accountId);
  }
}

/** One field the macro changes, with the values as an agent reads them. */
export interface FieldChange {
  field: keyof StagedFields;
  label: string;
  before: string;
  after: string;
}

export interface MacroPreview {
  changes: FieldChange[];
  comment?: { body: string; public: boolean };
  /** What to stage in the ticket's tab. */
  staged: StagedChanges;
}

const FIELDS: (keyof StagedFields)[] = [
  'status',
  'custom_status_id',
  'priority',
  'type',
  'assignee_id',
  'group_id',
  'tags',
  'subject',
];

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * What the macro would change on the ticket as the agent sees it: only fields whose value differs (Zendesk may
 * answer the whole ticket after the macro, or only what the macro sets), the comment it adds, and the same as
 * changes to stage. `name` turns a person's or a group's id into words.
 */
export function macroPreview(
  ticket: Ticket,
  result: MacroResult,
  macro: Pick<MacroChoice, 'id' | 'title'>,
  name: { person(id: number): string; group(id: number): string; status(key: string | number): string } = {
    person: (id) => l10n.t('user {0}', id),
    group: (id) => l10n.t('group {0}', id),
    status: (key) => valueLabel(String(key)),
  },
): MacroPreview {
  const fields: StagedFields = {};
  const changes: FieldChange[] = [];
  const show = (field: keyof StagedFields, v: unknown): string => {
    if (v === null || v === undefined || v === '') return '-';
    switch (field) {
      case 'assignee_id':
        return name.person(v as number);
      case 'group_id':
        return name.group(v as number);
      case 'status':
      case 'custom_status_id':
        return name.status(v as string | number);
      case 'tags':
        return (v as string[]).length ? (v as string[]).join(', ') : '-';
      case 'subject':
        return String(v);
      default:
        return valueLabel(String(v));
    }
  };
  const labels: Record<keyof StagedFields, string> = {
    status: l10n.t('Status'),
    custom_status_id: l10n.t('Status'),
    priority: l10n.t('Priority'),
    type: l10n.t('Type'),
    assignee_id: l10n.t('Assignee'),
    group_id: l10n.t('Group'),
    tags: l10n.t('Tags'),
    subject: l10n.t('Subject'),
  };
  for (const f of FIELDS) {
    if (!(f in result)) continue;
    const after = result[f];
    const before = ticket[f];
    const norm = f === 'tags' && Array.isArray(after) ? [...(after as string[])].sort() : after;
    const normBefore = f === 'tags' && Array.isArray(before) ? [...(before as string[])].sort() : before;
    if (same(norm, normBefore)) continue;
    (fields as Record<string, unknown>)[f] = after;
    // A custom status stands for the status too: one line, in the custom status's words.
    if (f === 'status' && 'custom_status_id' in result && !same(result.custom_status_id, ticket.custom_status_id)) {
      continue;
    }
    changes.push({ field: f, label: labels[f], before: show(f, before), after: show(f, after) });
  }
  const body = result.comment?.body ?? '';
  const comment = body.trim() ? { body, public: result.comment?.public !== false } : undefined;
  return {
    changes,
    comment,
    staged: { comment, fields, source: { kind: 'macro', id: macro.id, title: macro.title } },
  };
}

/** One line for a picker: "Status: Open → Pending · Priority: - → High · Adds an internal note". */
export function describePreview(p: MacroPreview): string {
  const parts = p.changes.map((c) => l10n.t('{0}: {1} → {2}', c.label, c.before, c.after));
  if (p.comment) parts.push(p.comment.public ? l10n.t('Adds a public reply') : l10n.t('Adds an internal note'));
  return parts.length ? parts.join(' · ') : l10n.t('Changes nothing on this ticket');
}
