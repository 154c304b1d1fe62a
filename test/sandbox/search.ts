/** GET /api/v2/search and /search/count over tickets (spec §3.5): a small evaluator of Zendesk's search syntax. */
import { authenticate, Principal } from './access';
import { SEARCH_RESULT_LIMIT } from './choices';
import { json, Reply } from './reply';
import { paginate } from './pagination';
import { RequestContext, Router } from './router';
import type { SandboxState } from './state';
import { PRIORITIES, SortField, STATUSES, TICKET_TYPES } from './store';
import { sideloadGroups, sideloadUsers, ticketJson, ticketUserIds } from './ticketJson';
import { orderedTickets } from './tickets';

type Op = ':' | '<' | '>' | '<=' | '>=';

interface Term {
  field: string | null;
  op: Op;
  value: string;
  negate: boolean;
}

export function parseQuery(query: string): Term[] {
  const terms: Term[] = [];
  const re = /(-?)(?:([A-Za-z_]+)(<=|>=|:|<|>))?(?:"([^"]*)"|(\S+))/g;
  for (let m = re.exec(query); m; m = re.exec(query)) {
    terms.push({
      negate: m[1] === '-',
      field: m[2]?.toLowerCase() ?? null,
      op: (m[3] as Op | undefined) ?? ':',
      value: (m[4] ?? m[5] ?? '').toLowerCase(),
    });
  }
  return terms;
}

function compare(actual: number, op: Op, wanted: number): boolean {
  switch (op) {
    case ':':
      return actual === wanted;
    case '<':
      return actual < wanted;
    case '>':
      return actual > wanted;
    case '<=':
      return actual <= wanted;
    case '>=':
      return actual >= wanted;
  }
}

/** A predicate per term; null when the term can match no ticket at all (unknown value or object type). */
function termPredicate(state: SandboxState, who: Principal, t: Term): ((id: number) => boolean) | null {
  const s = state.store;
  const person = (v: string): number | null =>
    v === 'me'
      ? who.user.id
      : v === 'none'
        ? 0
        : /^\d+$/.test(v)
          ? Number(v)
          : (state.users.byEmailAddress(v)?.id ?? null);
  const day = (v: string): number | null =>
    /^\d{4}-\d{2}-\d{2}$/.test(v) ? Date.parse(`${v}T00:00:00Z`) / 1000 : null;
  const words = (text: string): boolean => text.toLowerCase().includes(t.value);
  switch (t.field) {
    case null:
      return (id) => words(s.subject(id)) || words(s.description(id));
    case 'type':
      // CHOICE: the sandbox searches tickets only; type:user (and any other type) finds nothing.
      return t.value === 'ticket' ? () => true : null;
    case 'status': {
      const w = STATUSES.indexOf(t.value as (typeof STATUSES)[number]);
      return w < 0 ? null : (id) => compare(s.status[id - 1] ?? 0, t.op, w);
    }
    case 'priority': {
      const w = PRIORITIES.indexOf(t.value as (typeof PRIORITIES)[number]);
      return w < 0 ? null : (id) => compare(s.priority[id - 1] ?? 0, t.op, w);
    }
    case 'ticket_type': {
      const w = TICKET_TYPES.indexOf(t.value as (typeof TICKET_TYPES)[number]);
      return w < 0 ? null : (id) => (s.type[id - 1] ?? 0) === w;
    }
    case 'assignee':
    case 'requester':
    case 'submitter': {
      const w = person(t.value);
      const col = t.field === 'assignee' ? s.assignee : t.field === 'requester' ? s.requester : s.submitter;
      return w === null ? null : (id) => (col[id - 1] ?? 0) === w;
    }
    case 'tags':
    case 'tag':
      return (id) => s.tags(id).includes(t.value);
    case 'subject':
      return (id) => words(s.subject(id));
    case 'description':
      return (id) => words(s.description(id));
    case 'created':
    case 'updated': {
      const d = day(t.value);
      const col = t.field === 'created' ? s.createdAt : s.updatedAt;
      if (d === null) return null;
      // A date means the whole UTC day: `>` is after it, `<` before it, `:` during it.
      const ops: Record<Op, (x: number) => boolean> = {
        ':': (x) => x >= d && x < d + 86_400,
        '<': (x) => x < d,
        '<=': (x) => x < d + 86_400,
        '>': (x) => x >= d + 86_400,
        '>=': (x) => x >= d,
      };
      return (id) => ops[t.op](col[id - 1] ?? 0);
    }
    default:
      // CHOICE: a field the sandbox does not know matches nothing (rather than being searched as text).
      return null;
  }
}

function searchIds(state: SandboxState, who: Principal, query: string): Int32Array {
  const predicates: ((id: number) => boolean)[] = [];
  for (const t of parseQuery(query)) {
    const p = termPredicate(state, who, t);
    if (p === null && !t.negate) return new Int32Array(0);
    if (p !== null) predicates.push(t.negate ? (id) => !p(id) : p);
  }
  // End users find only their own requests.
  if (who.user.role === 'end-user') predicates.push((id) => state.store.requester[id - 1] === who.user.id);
  const out: number[] = [];
  for (let id = 1; id <= state.store.count; id++) if (predicates.every((p) => p(id))) out.push(id);
  return Int32Array.from(out);
}

/** The sideloads `include` asks for one result type: `tickets(users,groups)` → users, groups. */
export function typedIncludes(q: URLSearchParams, type: string): Set<string> {
  const out = new Set<string>();
  for (const m of (q.get('include') ?? '').matchAll(/([a-z_]+)\(([^)]*)\)/g)) {
    if (m[1] === type) for (const s of (m[2] ?? '').split(',')) if (s.trim()) out.add(s.trim());
  }
  return out;
}

const SORT_BY: Record<string, SortField> = {
  updated_at: 'updated_at',
  created_at: 'created_at',
  priority: 'priority',
  status: 'status',
  ticket_type: 'type',
};

function cachedSearch(ctx: RequestContext, who: Principal): Int32Array {
  const query = ctx.query.get('query') ?? '';
  return ctx.state.results.get(`search:${who.user.id}:${query}`, ctx.state.store.version, () =>
    searchIds(ctx.state, who, query),
  );
}

function search(ctx: RequestContext): Reply {
  // CHOICE: search needs `read` or `tickets:read`, since it searches tickets only.
  const who = authenticate(ctx, { resource: 'tickets' });
  const byField = SORT_BY[ctx.query.get('sort_by') ?? ''];
  // CHOICE: without sort_by ("relevance") results come in ticket id order; with sort_by the default order is desc.
  const sort = byField
    ? { field: byField, desc: ctx.query.get('sort_order') !== 'asc' }
    : { field: 'id' as const, desc: ctx.query.get('sort_order') === 'desc' };
  const list = orderedTickets(ctx.state, cachedSearch(ctx, who), sort);
  const page = paginate(ctx, list, {
    depthLimit: SEARCH_RESULT_LIMIT,
    depthError: () =>
      json(422, { error: 'invalid', description: 'Requested response size was greater than Search Response Limits' }),
    cursorRefusal: () => json(400, { error: 'invalid', description: 'page must be an integer' }),
  });
  const results = page.ids.map((id) => ({ ...ticketJson(ctx.state, id), result_type: 'ticket' }));
  // Search sideloads per result type, `include=tickets(users,groups)`; the flat `include=users,groups` of the other
  // lists is ignored here (https://developer.zendesk.com/api-reference/ticketing/ticket-management/search/#side-loading).
  const inc = typedIncludes(ctx.query, 'tickets');
  const users = inc.has('users') ? { users: sideloadUsers(ctx.state, ticketUserIds(ctx.state, page.ids)) } : {};
  const groups = inc.has('groups') ? { groups: sideloadGroups(ctx.state, page.ids) } : {};
  return json(200, { results, ...users, ...groups, facets: null, ...page.fields });
}

export function registerSearchRoutes(router: Router): void {
  router.add('GET /api/v2/search', search);
  router.add('GET /api/v2/search/count', (ctx) =>
    json(200, { count: cachedSearch(ctx, authenticate(ctx, { resource: 'tickets' })).length }),
  );
}
