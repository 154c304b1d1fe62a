/**
 * Custom ticket statuses (https://developer.zendesk.com/api-reference/ticketing/tickets/custom_ticket_statuses/):
 * the account's statuses, each in one of five categories (new, open, pending, hold, solved; a closed ticket is in
 * solved), one default per category; which one each ticket has; and `GET /api/v2/custom_statuses[/{id}]`.
 *
 * A ticket's custom status is decided here, not in the columnar store: an explicit choice (a write) if it still
 * belongs to the ticket's category, else the seeded one for that category, else the category's default. So a write
 * that sets only `status` gives the category's default, as Zendesk does ("Zendesk Support assigns the default ticket
 * custom status for that ticket status": https://support.zendesk.com/hc/en-us/articles/4959212269210).
 */
import { authenticate } from './access';
import { CUSTOM_STATUSES_OFF_TEXT } from './choices';
import { isoSeconds } from './clock';
import { recordNotFound } from './errors';
import { json, Reply, ReplyError } from './reply';
import { idParam, RequestContext, Router } from './router';
import type { Status } from './store';

export const STATUS_CATEGORIES = ['new', 'open', 'pending', 'hold', 'solved'] as const;
export type StatusCategory = (typeof STATUS_CATEGORIES)[number];

export interface CustomStatus {
  id: number;
  category: StatusCategory;
  agentLabel: string;
  endUserLabel: string;
  description: string;
  endUserDescription: string;
  active: boolean;
  default: boolean;
}

/** Ids of the five defaults: 360000001 (new) to 360000005 (solved), the numbers tickets carried before. */
const DEFAULT_BASE = 360_000_001;
/** When the account's statuses were made (fixed, like the seeded tickets). */
const CREATED_AT = Date.UTC(2023, 5, 1) / 1000;

const DEFAULT_LABELS: Record<StatusCategory, [string, string, string]> = {
  new: ['New', 'Open', 'Ticket is awaiting assignment to an agent'],
  open: ['Open', 'Open', 'Staff is working on the ticket'],
  pending: ['Pending', 'Awaiting your reply', 'Staff is waiting for the requester to reply'],
  hold: ['On-hold', 'Open', 'Staff is waiting for a third party'],
  solved: ['Solved', 'Solved', 'The ticket has been solved'],
};

/** The seeded account's own statuses: two active, one deactivated (a write naming it is refused). */
export const SEEDED_CUSTOM = {
  investigating: 360_000_011,
  waitingOnEngineering: 360_000_012,
  escalatedToVendor: 360_000_013,
} as const;

function seededStatuses(): CustomStatus[] {
  const defaults = STATUS_CATEGORIES.map((category, i): CustomStatus => {
    const [agentLabel, endUserLabel, description] = DEFAULT_LABELS[category];
    return {
      id: DEFAULT_BASE + i,
      category,
      agentLabel,
      endUserLabel,
      description,
      endUserDescription: description,
      active: true,
      default: true,
    };
  });
  return [
    ...defaults,
    {
      id: SEEDED_CUSTOM.investigating,
      category: 'open',
      agentLabel: 'Investigating',
      endUserLabel: 'Open',
      description: 'An agent is reproducing the problem',
      endUserDescription: 'We are looking into it',
      active: true,
      default: false,
    },
    {
      id: SEEDED_CUSTOM.waitingOnEngineering,
      category: 'hold',
      agentLabel: 'Waiting on engineering',
      endUserLabel: 'Open',
      description: 'Escalated to engineering; waiting for a fix or an answer',
      endUserDescription: 'We are working on it',
      active: true,
      default: false,
    },
    {
      id: SEEDED_CUSTOM.escalatedToVendor,
      category: 'hold',
      agentLabel: 'Escalated to vendor',
      endUserLabel: 'Open',
      description: 'No longer used',
      endUserDescription: 'We are working on it',
      active: false,
      default: false,
    },
  ];
}

export function categoryOf(status: Status): StatusCategory {
  return status === 'closed' ? 'solved' : status;
}

export class CustomStatuses {
  readonly all: readonly CustomStatus[] = seededStatuses();
  /** Statuses set by writes, by ticket id. */
  private readonly chosen = new Map<number, number>();

  /** `enabled`: the account has activated custom ticket statuses (the default); false is an account without them. */
  constructor(public enabled = true) {}

  byId(id: number): CustomStatus | undefined {
    return this.all.find((s) => s.id === id);
  }

  defaultOf(category: StatusCategory): CustomStatus {
    const d = this.all.find((s) => s.category === category && s.default);
    if (!d) throw new Error(`no default custom status for ${category}`);
    return d;
  }

  /**
   * The seeded ticket's status, decided by its id so the same seed gives the same data: every fifth open ticket is
   * "Investigating", every third on-hold ticket "Waiting on engineering". Only with the feature on.
   */
  private seeded(ticketId: number, category: StatusCategory): number | undefined {
    if (!this.enabled) return undefined;
    if (category === 'open' && ticketId % 5 === 0) return SEEDED_CUSTOM.investigating;
    if (category === 'hold' && ticketId % 3 === 0) return SEEDED_CUSTOM.waitingOnEngineering;
    return undefined;
  }

  /** The ticket's `custom_status_id`: always one of its category (status), whatever wrote the status last. */
  ofTicket(ticketId: number, status: Status): number {
    const category = categoryOf(status);
    const chosen = this.chosen.get(ticketId);
    if (chosen !== undefined && this.byId(chosen)?.category === category) return chosen;
    return this.seeded(ticketId, category) ?? this.defaultOf(category).id;
  }

  /** A write set the ticket's status: `customStatusId` when it named one, else the category's default. */
  choose(ticketId: number, category: StatusCategory, customStatusId?: number): void {
    this.chosen.set(ticketId, customStatusId ?? this.defaultOf(category).id);
  }

  /** Why a write may not use this id, or undefined when it may (an active status of this account). */
  refusal(id: unknown): string | undefined {
    const s = typeof id === 'number' ? this.byId(id) : undefined;
    // CHOICE: Zendesk does not document the wording of this 422; the field is named, as its other 422s do.
    if (!this.enabled) return 'Custom status: custom ticket statuses are not activated on this account';
    if (!s) return `Custom status: ${String(id)} is not a custom status of this account`;
    if (!s.active) return `Custom status: ${s.agentLabel} is inactive`;
    return undefined;
  }
}

export function customStatusJson(s: CustomStatus): Record<string, unknown> {
  return {
    id: s.id,
    status_category: s.category,
    agent_label: s.agentLabel,
    end_user_label: s.endUserLabel,
    description: s.description,
    end_user_description: s.endUserDescription,
    raw_agent_label: s.agentLabel,
    raw_end_user_label: s.endUserLabel,
    raw_description: s.description,
    raw_end_user_description: s.endUserDescription,
    active: s.active,
    default: s.default,
    created_at: isoSeconds(CREATED_AT),
    updated_at: isoSeconds(CREATED_AT),
  };
}

/** Zendesk's boolean query parameters: `true`/`false`; anything else is no filter. */
export function boolParam(q: URLSearchParams, name: string): boolean | undefined {
  const v = q.get(name);
  return v === 'true' ? true : v === 'false' ? false : undefined;
}

function featureOff(ctx: RequestContext): void {
  // CHOICE: Zendesk does not document what an account without custom ticket statuses answers; the sandbox answers
  // 403 Forbidden, as for other features an account does not have.
  if (!ctx.state.customStatuses.enabled) {
    throw new ReplyError(json(403, { error: 'Forbidden', description: CUSTOM_STATUSES_OFF_TEXT }));
  }
}

/** `GET /api/v2/custom_statuses`: every status, unpaginated, filtered by `active`, `default`, `status_categories`. */
function listCustomStatuses(ctx: RequestContext): Reply {
  // "Allowed for: End Users": any signed-in user whose token may read tickets.
  authenticate(ctx, { resource: 'tickets' });
  featureOff(ctx);
  const active = boolParam(ctx.query, 'active');
  const isDefault = boolParam(ctx.query, 'default');
  const categories = ctx.query
    .get('status_categories')
    ?.split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  const list = ctx.state.customStatuses.all.filter(
    (s) =>
      (active === undefined || s.active === active) &&
      (isDefault === undefined || s.default === isDefault) &&
      (!categories?.length || categories.includes(s.category)),
  );
  return json(200, { custom_statuses: list.map(customStatusJson) });
}

function showCustomStatus(ctx: RequestContext): Reply {
  authenticate(ctx, { resource: 'tickets' });
  featureOff(ctx);
  const s = ctx.state.customStatuses.byId(idParam(ctx));
  return s ? json(200, { custom_status: customStatusJson(s) }) : recordNotFound();
}

export function registerCustomStatusRoutes(router: Router): void {
  router.add('GET /api/v2/custom_statuses', listCustomStatuses);
  router.add('GET /api/v2/custom_statuses/{id}', showCustomStatus);
}
