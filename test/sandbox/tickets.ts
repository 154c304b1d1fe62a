/** Ticket reads: list, show, show_many, count and comments (spec §3.2-§3.4). */
import { authenticate, Principal, requireStaff } from './access';
import { OFFSET_DEPTH_LIMIT } from './choices';
import { isoSeconds } from './clock';
import { badRequest, recordNotFound, roleForbidden } from './errors';
import { OrderedIds, paginate, isCursorRequest, PagingRules } from './pagination';
import { json, Reply, ReplyError } from './reply';
import { idParam, RequestContext, Router } from './router';
import type { SandboxState } from './state';
import type { SortField } from './store';
import {
  commentJson,
  includes,
  sideloadGroups,
  sideloadUsers,
  ticketJson,
  ticketsWithSideloads,
  ticketUserIds,
} from './ticketJson';

export const DEPTH_RULES: PagingRules = {
  depthLimit: OFFSET_DEPTH_LIMIT,
  depthError: () =>
    json(400, {
      errors: [
        {
          code: 'InvalidPaginationDepth',
          title: 'Invalid pagination depth',
          detail: `Offset pagination is limited to the first ${OFFSET_DEPTH_LIMIT} records. Use cursor pagination instead.`,
        },
      ],
    }),
};

const CURSOR_SORTS: Record<string, SortField> = {
  id: 'id',
  updated_at: 'updated_at',
  created_at: 'created_at',
  status: 'status',
};
const OFFSET_SORTS: Record<string, SortField> = {
  id: 'id',
  created_at: 'created_at',
  updated_at: 'updated_at',
  status: 'status',
  priority: 'priority',
};

/** The sort a ticket list asked for: `sort=-updated_at` in cursor mode, `sort_by` + `sort_order` in offset mode. */
export function requestedSort(
  q: URLSearchParams,
  fallback: { field: SortField; desc: boolean },
): { field: SortField; desc: boolean } {
  if (isCursorRequest(q)) {
    const raw = q.get('sort');
    if (raw === null) return fallback;
    const field = CURSOR_SORTS[raw.replace(/^-/, '')];
    if (!field) {
      throw new ReplyError(
        badRequest(
          'InvalidPaginationParameter',
          `sort must be one of ${Object.keys(CURSOR_SORTS).join(', ')}, optionally with a leading -`,
        ),
      );
    }
    return { field, desc: raw.startsWith('-') };
  }
  const by = q.get('sort_by');
  const order = q.get('sort_order');
  if (order !== null && order !== 'asc' && order !== 'desc') {
    throw new ReplyError(badRequest('InvalidPaginationParameter', 'sort_order must be asc or desc'));
  }
  if (by === null) return order === null ? fallback : { field: fallback.field, desc: order === 'desc' };
  const field = OFFSET_SORTS[by];
  if (!field) {
    throw new ReplyError(
      badRequest('InvalidPaginationParameter', `sort_by must be one of ${Object.keys(OFFSET_SORTS).join(', ')}`),
    );
  }
  return { field, desc: order === 'desc' };
}

/** Ticket ids (any subset) as an ordered list the pagination can walk. */
export function orderedTickets(
  state: SandboxState,
  subset: Int32Array | null,
  sort: { field: SortField; desc: boolean },
): OrderedIds {
  const ids = subset
    ? state.store.orderSubset(subset, sort.field, sort.desc)
    : state.store.order(sort.field, sort.desc);
  return { ids, key: state.store.sortKey(sort.field), desc: sort.desc };
}

/** A ticket the principal may see: its own requests for an end user, every ticket for staff. */
export function visibleTicket(ctx: RequestContext, who: Principal, id: number): void {
  if (!ctx.state.store.has(id)) throw new ReplyError(recordNotFound());
  // CHOICE: an end user asking for someone else's ticket gets the 403 role body, not a 404.
  if (who.user.role === 'end-user' && ctx.state.store.requester[id - 1] !== who.user.id) {
    throw new ReplyError(roleForbidden());
  }
}

function listTickets(ctx: RequestContext): Reply {
  requireStaff(authenticate(ctx, { resource: 'tickets' }));
  const list = orderedTickets(ctx.state, null, requestedSort(ctx.query, { field: 'id', desc: false }));
  const page = paginate(ctx, list, DEPTH_RULES);
  return json(200, { ...ticketsWithSideloads(ctx.state, ctx.query, page.ids), ...page.fields });
}

function showTicket(ctx: RequestContext): Reply {
  const who = authenticate(ctx, { resource: 'tickets' });
  const id = idParam(ctx);
  visibleTicket(ctx, who, id);
  const body: Record<string, unknown> = { ticket: ticketJson(ctx.state, id) };
  if (includes(ctx.query).has('users')) body.users = sideloadUsers(ctx.state, ticketUserIds(ctx.state, [id]));
  if (includes(ctx.query).has('groups')) body.groups = sideloadGroups(ctx.state, [id]);
  return json(200, body);
}

function showMany(ctx: RequestContext): Reply {
  requireStaff(authenticate(ctx, { resource: 'tickets' }));
  const ids = (ctx.query.get('ids') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  if (ids.length > 100) throw new ReplyError(badRequest('TooManyValues', 'You can request at most 100 ids at a time'));
  const found = ids.filter((id) => ctx.state.store.has(id));
  return json(200, {
    ...ticketsWithSideloads(ctx.state, ctx.query, found),
    next_page: null,
    previous_page: null,
    count: found.length,
  });
}

function countTickets(ctx: RequestContext): Reply {
  requireStaff(authenticate(ctx, { resource: 'tickets' }));
  return json(200, { count: { value: ctx.state.store.count, refreshed_at: isoSeconds(ctx.state.clock.nowSeconds()) } });
}

function listComments(ctx: RequestContext): Reply {
  const who = authenticate(ctx, { resource: 'tickets' });
  const id = idParam(ctx);
  visibleTicket(ctx, who, id);
  // End users see only public comments of their own tickets.
  const comments = ctx.state.store.comments(id).filter((c) => c.public || who.user.role !== 'end-user');
  const byId = new Map(comments.map((c) => [c.id, c]));
  const sortParam = ctx.query.get('sort');
  const desc = isCursorRequest(ctx.query) ? sortParam === '-created_at' : ctx.query.get('sort_order') === 'desc';
  const ordered = comments.map((c) => c.id).sort((a, b) => (desc ? b - a : a - b));
  const page = paginate(ctx, { ids: ordered, key: (cid) => byId.get(cid)?.createdAt ?? 0, desc }, DEPTH_RULES);
  const pageComments = page.ids.map((cid) => byId.get(cid)).filter((c) => c !== undefined);
  const body: Record<string, unknown> = { comments: pageComments.map(commentJson) };
  if (includes(ctx.query).has('users')) {
    body.users = sideloadUsers(
      ctx.state,
      pageComments.map((c) => c.authorId),
    );
  }
  return json(200, { ...body, ...page.fields });
}

/** The tickets assigned to a user, both paginations, id order by default (Zendesk's "List Tickets" variant
 * `/users/{user_id}/tickets/assigned`, https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#list-tickets). */
function assignedTickets(ctx: RequestContext): Reply {
  requireStaff(authenticate(ctx, { resource: 'tickets' }));
  const userId = idParam(ctx);
  if (!ctx.state.users.get(userId)) return recordNotFound();
  const s = ctx.state.store;
  const mine = ctx.state.results.get(`assigned:${userId}`, s.version, () => {
    const out: number[] = [];
    for (let id = 1; id <= s.count; id++) if (s.assignee[id - 1] === userId) out.push(id);
    return Int32Array.from(out);
  });
  const page = paginate(
    ctx,
    orderedTickets(ctx.state, mine, requestedSort(ctx.query, { field: 'id', desc: false })),
    DEPTH_RULES,
  );
  return json(200, { ...ticketsWithSideloads(ctx.state, ctx.query, page.ids), ...page.fields });
}

export function registerTicketReadRoutes(router: Router): void {
  router.add('GET /api/v2/users/{id}/tickets/assigned', assignedTickets);
  router.add('GET /api/v2/tickets', listTickets);
  router.add('GET /api/v2/tickets/show_many', showMany);
  router.add('GET /api/v2/tickets/count', countTickets);
  router.add('GET /api/v2/tickets/{id}', showTicket);
  router.add('GET /api/v2/tickets/{id}/comments', listComments);
}
