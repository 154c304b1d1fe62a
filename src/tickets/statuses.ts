// The one vocabulary of ticket statuses, used by the tree, the ticket tab, "Submit as" and the chat tools: Zendesk's
// system statuses, or the account's own custom ticket statuses grouped by their category
// (https://developer.zendesk.com/api-reference/ticketing/tickets/custom_ticket_statuses/), what each reads as, and
// the patch that sets one. No `vscode` import.
import * as l10n from '@vscode/l10n';
import {
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  type CustomStatus,
  type StatusCategory,
  type Ticket,
  type TicketPatch,
  type TicketPriority,
  type TicketStatus,
} from '../zendesk/types';

/** The categories in Zendesk's order, which is also the order statuses are offered in. */
export const STATUS_CATEGORIES: readonly StatusCategory[] = TICKET_STATUSES.filter(
  (s): s is StatusCategory => s !== 'closed',
);

/** The statuses of work still to do: the categories before solved. */
export const UNSOLVED_STATUSES: ReadonlySet<TicketStatus> = new Set(
  STATUS_CATEGORIES.slice(0, STATUS_CATEGORIES.indexOf('solved')),
);

/** The priorities one may choose, lowest first. */
export const PRIORITIES: readonly TicketPriority[] = TICKET_PRIORITIES;

/** What a priority reads as, as Zendesk's agent workspace names it. */
export function priorityNames(): Record<TicketPriority, string> {
  return { low: l10n.t('Low'), normal: l10n.t('Normal'), high: l10n.t('High'), urgent: l10n.t('Urgent') };
}

/** Whether a value from outside (a page message, a tool's input) is one of Zendesk's priorities. */
export function isPriority(v: unknown): v is TicketPriority {
  return typeof v === 'string' && (PRIORITIES as readonly string[]).includes(v);
}

/** Zendesk's names of the system statuses, as its agent workspace shows them. */
export function systemStatusNames(): Record<TicketStatus, string> {
  return {
    new: l10n.t('New'),
    open: l10n.t('Open'),
    pending: l10n.t('Pending'),
    hold: l10n.t('On-hold'),
    solved: l10n.t('Solved'),
    closed: l10n.t('Closed'),
  };
}

function systemDescriptions(): Record<StatusCategory, string> {
  return {
    new: l10n.t('Not yet worked on'),
    open: l10n.t('Waiting on your team'),
    pending: l10n.t('Waiting on the requester'),
    hold: l10n.t('Waiting on a third party'),
    solved: l10n.t('The request is resolved'),
  };
}

/** The category a ticket's status is in: a closed ticket is in `solved`. */
export function categoryOf(status: TicketStatus): StatusCategory {
  return status === 'closed' ? 'solved' : status;
}

/**
 * A status a person can choose. `key` names it in the page, drafts and messages: the category for a system status
 * and for a category's default custom status (so "pending" means the same on every account), the custom status id
 * for the others.
 */
export interface StatusChoice {
  key: string;
  category: StatusCategory;
  label: string;
  description?: string;
  /** Set on an account with custom statuses: what a change sends. */
  customStatusId?: number;
}

export interface StatusGroup {
  category: StatusCategory;
  label: string;
  choices: readonly StatusChoice[];
}

/** What a ticket needs for its status to be read: its category and, on an account with custom statuses, which one. */
export type StatusOf = Pick<Ticket, 'status' | 'custom_status_id'>;

export class StatusVocabulary {
  private readonly byKey: ReadonlyMap<string, StatusChoice>;
  /** Read once: a tree asks for every row it draws. */
  private readonly names = systemStatusNames();

  private constructor(
    /** The account has custom ticket statuses: changes send `custom_status_id`. */
    readonly custom: boolean,
    /** The statuses one may choose, grouped by category in Zendesk's order. */
    readonly choices: readonly StatusChoice[],
    /** Every custom status by id, inactive ones too: a ticket can still have one deactivated since. */
    private readonly known: ReadonlyMap<number, StatusChoice>,
  ) {
    this.byKey = new Map(choices.map((c) => [c.key, c]));
  }

  /** An account without custom ticket statuses: Zendesk's five. */
  static system(): StatusVocabulary {
    const names = systemStatusNames();
    const descriptions = systemDescriptions();
    return new StatusVocabulary(
      false,
      STATUS_CATEGORIES.map((category) => ({
        key: category,
        category,
        label: names[category],
        description: descriptions[category],
      })),
      new Map(),
    );
  }

  /** The account's custom statuses: active ones to choose from, each category's default first. An account that
   * lists none active is taken as one without them. */
  static of(list: readonly CustomStatus[]): StatusVocabulary {
    const valid = list.filter((s) => STATUS_CATEGORIES.includes(s.status_category));
    const choice = (s: CustomStatus): StatusChoice => ({
      key: s.default ? s.status_category : String(s.id),
      category: s.status_category,
      label: s.agent_label.trim() || systemStatusNames()[s.status_category],
      ...(s.description ? { description: s.description } : {}),
      customStatusId: s.id,
    });
    const active = valid.filter((s) => s.active);
    if (!active.length) return StatusVocabulary.system();
    const choices = STATUS_CATEGORIES.flatMap((category) => {
      const inCategory = active.filter((s) => s.status_category === category);
      return [...inCategory.filter((s) => s.default), ...inCategory.filter((s) => !s.default)].map(choice);
    });
    return new StatusVocabulary(true, choices, new Map(valid.map((s) => [s.id, choice(s)])));
  }

  /** The choices by category, in Zendesk's order; a category with nothing active (an unused On-hold) is left out. */
  groups(): StatusGroup[] {
    return STATUS_CATEGORIES.map((category) => ({
      category,
      label: this.names[category],
      choices: this.choices.filter((c) => c.category === category),
    })).filter((g) => g.choices.length);
  }

  find(key: string | undefined): StatusChoice | undefined {
    return key === undefined ? undefined : this.byKey.get(key);
  }

  /** The ticket's status as a choice: its custom status when known, else its category's default. A closed ticket
   * has none (it cannot be changed). */
  current(t: StatusOf): StatusChoice | undefined {
    if (t.status === 'closed') return undefined;
    const known = t.custom_status_id ? this.known.get(t.custom_status_id) : undefined;
    return known?.category === t.status ? known : this.byKey.get(t.status);
  }

  /** The key of the ticket's status, for a picker's selected value (a closed ticket: "closed"). */
  keyOf(t: StatusOf): string {
    return this.current(t)?.key ?? t.status;
  }

  /** What the ticket's status reads as: "Waiting on engineering" on an account with custom statuses, "On-hold" without. */
  label(t: StatusOf): string {
    if (t.status === 'closed') {
      const known = t.custom_status_id ? this.known.get(t.custom_status_id) : undefined;
      // A closed ticket is in the solved category; its custom status says how it was solved, Zendesk still calls it closed.
      return known ? l10n.t('{0} (closed)', known.label) : this.names.closed;
    }
    return this.current(t)?.label ?? this.names[t.status] ?? t.status;
  }

  /** "Pending" or "Waiting on engineering (On-hold)": the label, and the category when the label does not say it. */
  labelWithCategory(t: StatusOf): string {
    const label = this.label(t);
    const category = this.names[t.status] ?? t.status;
    return label === category || t.status === 'closed' ? label : l10n.t('{0} ({1})', label, category);
  }

  /** The patch that gives a ticket this status: `custom_status_id` on an account with custom statuses (Zendesk sets
   * the category from it), `status` without. */
  patch(choice: StatusChoice): Pick<TicketPatch, 'status' | 'custom_status_id'> {
    return choice.customStatusId !== undefined
      ? { custom_status_id: choice.customStatusId }
      : { status: choice.category };
  }

  /** Whether the ticket already has this status (nothing to send). */
  isCurrent(t: StatusOf, choice: StatusChoice): boolean {
    return this.current(t)?.key === choice.key;
  }

  /** A choice by its agent label (case and spacing aside) or, failing that, by its key: how a chat tool names one. */
  byLabel(text: string): StatusChoice | undefined {
    const wanted = text.trim().replace(/\s+/g, ' ').toLowerCase();
    return (
      this.choices.find((c) => c.label.replace(/\s+/g, ' ').toLowerCase() === wanted) ?? this.byKey.get(text.trim())
    );
  }
}
