/** The seeded views and the evaluation of their conditions against tickets (spec §3.6). */
import { SEED_EPOCH_START } from './choices';
import { PRIORITIES, SortField, STATUSES, TICKET_TYPES, TicketStore } from './store';

export interface ViewCondition {
  field: 'status' | 'priority' | 'type' | 'assignee_id' | 'requester_id' | 'group_id' | 'current_tags';
  operator: 'is' | 'is_not' | 'less_than' | 'greater_than' | 'includes' | 'not_includes';
  value: string;
}

export interface ViewDefinition {
  id: number;
  title: string;
  /** Null for Zendesk's own default views, as on real accounts. */
  description: string | null;
  active: boolean;
  position: number;
  conditions: { all: ViewCondition[]; any: ViewCondition[] };
  sort: { field: SortField; desc: boolean };
}

/** View ids as large as real Zendesk's (13-14 digits); position is the offset from it. */
export const VIEW_ID_BASE = 26_155_588_300_000;

const unsolved: ViewCondition = { field: 'status', operator: 'less_than', value: 'solved' };

/** The seeded views; with `activeViews` above the six seeded active ones, "Queue N" views up to that many. */
export function seededViews(activeViews = 0): ViewDefinition[] {
  const v = (
    id: number,
    title: string,
    description: string | null,
    all: ViewCondition[],
    sort: ViewDefinition['sort'],
    active = true,
    any: ViewCondition[] = [],
  ): ViewDefinition => ({
    id,
    title,
    description,
    active,
    position: id - VIEW_ID_BASE,
    conditions: { all, any },
    sort,
  });
  // Extra queues cycle through statuses and priorities, so their counts differ (ids after the seeded ones).
  const extra = Array.from({ length: Math.max(0, activeViews - 6) }, (_, k) => {
    const n = k + 7;
    const status = STATUSES[k % 4];
    const priority = PRIORITIES[1 + (k % 4)] ?? 'normal';
    return v(
      VIEW_ID_BASE + 100 + n,
      `Queue ${n}`,
      `${status} tickets of ${priority} priority`,
      [
        { field: 'status', operator: 'is', value: status },
        { field: 'priority', operator: 'is', value: priority },
      ],
      { field: 'id', desc: false },
    );
  });
  return [
    v(
      VIEW_ID_BASE + 1,
      'Your unsolved tickets',
      null,
      [unsolved, { field: 'assignee_id', operator: 'is', value: 'current_user' }],
      { field: 'id', desc: false },
    ),
    v(VIEW_ID_BASE + 2, 'Unassigned tickets', null, [unsolved, { field: 'assignee_id', operator: 'is', value: '' }], {
      field: 'created_at',
      desc: false,
    }),
    v(VIEW_ID_BASE + 3, 'All unsolved tickets', null, [unsolved], { field: 'id', desc: false }),
    // CHOICE: "Recently updated" is every ticket that is not closed, newest update first (no time window, so seeded data shows).
    v(
      VIEW_ID_BASE + 4,
      'Recently updated tickets',
      'Open work, most recently updated first',
      [{ field: 'status', operator: 'is_not', value: 'closed' }],
      { field: 'updated_at', desc: true },
    ),
    v(VIEW_ID_BASE + 5, 'Pending tickets', null, [{ field: 'status', operator: 'is', value: 'pending' }], {
      field: 'updated_at',
      desc: false,
    }),
    v(VIEW_ID_BASE + 6, 'Recently solved tickets', null, [{ field: 'status', operator: 'is', value: 'solved' }], {
      field: 'updated_at',
      desc: true,
    }),
    v(
      VIEW_ID_BASE + 7,
      'VIP or urgent (old)',
      'An inactive view kept for history',
      [unsolved],
      { field: 'id', desc: false },
      false,
      [
        { field: 'current_tags', operator: 'includes', value: 'vip' },
        { field: 'priority', operator: 'is', value: 'urgent' },
      ],
    ),
    ...extra,
  ];
}

export const VIEWS_CREATED_AT = SEED_EPOCH_START - 7 * 86_400;

function columnValue(
  store: TicketStore,
  c: ViewCondition,
  id: number,
  viewerId: number,
): { actual: number; wanted: number } {
  const i = id - 1;
  const person = (v: string): number => (v === 'current_user' ? viewerId : v === '' ? 0 : Number(v));
  switch (c.field) {
    case 'status':
      return { actual: store.status[i] ?? 0, wanted: STATUSES.indexOf(c.value as (typeof STATUSES)[number]) };
    case 'priority':
      return {
        actual: store.priority[i] ?? 0,
        wanted: c.value === '' ? 0 : PRIORITIES.indexOf(c.value as (typeof PRIORITIES)[number]),
      };
    case 'type':
      return {
        actual: store.type[i] ?? 0,
        wanted: c.value === '' ? 0 : TICKET_TYPES.indexOf(c.value as (typeof TICKET_TYPES)[number]),
      };
    case 'assignee_id':
      return { actual: store.assignee[i] ?? 0, wanted: person(c.value) };
    case 'requester_id':
      return { actual: store.requester[i] ?? 0, wanted: person(c.value) };
    case 'group_id':
      return { actual: store.group[i] ?? 0, wanted: c.value === '' ? 0 : Number(c.value) };
    case 'current_tags':
      return { actual: 0, wanted: 0 };
  }
}

export function conditionHolds(store: TicketStore, c: ViewCondition, id: number, viewerId: number): boolean {
  if (c.field === 'current_tags') {
    const tags = store.tags(id);
    const any = c.value.split(/\s+/).some((t) => tags.includes(t));
    return c.operator === 'not_includes' ? !any : any;
  }
  const { actual, wanted } = columnValue(store, c, id, viewerId);
  switch (c.operator) {
    case 'is':
      return actual === wanted;
    case 'is_not':
      return actual !== wanted;
    case 'less_than':
      return actual < wanted;
    case 'greater_than':
      return actual > wanted;
    default:
      return false;
  }
}

/** The tickets a view shows to one viewer: every `all` condition, and at least one `any` condition if there are any. */
export function viewMatches(store: TicketStore, view: ViewDefinition, viewerId: number): Int32Array {
  const out: number[] = [];
  for (let id = 1; id <= store.count; id++) {
    if (!view.conditions.all.every((c) => conditionHolds(store, c, id, viewerId))) continue;
    if (view.conditions.any.length > 0 && !view.conditions.any.some((c) => conditionHolds(store, c, id, viewerId))) {
      continue;
    }
    out.push(id);
  }
  return Int32Array.from(out);
}
