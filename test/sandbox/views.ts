/** Views: list, show, tickets and counts (spec §3.6), evaluated live over the store. */
import { authenticate, requireStaff } from './access';
import { isoSeconds } from './clock';
import { VIEW_COUNT_LIMIT_TEXT, VIEW_COUNT_MANY_MAX_IDS } from './choices';
import { badRequest, recordNotFound, tooManyRequests } from './errors';
import { paginate } from './pagination';
import { json, Reply, ReplyError } from './reply';
import { idParam, RequestContext, Router } from './router';
import type { SandboxState } from './state';
import { ticketsWithSideloads } from './ticketJson';
import { DEPTH_RULES, orderedTickets, requestedSort } from './tickets';
import { ViewDefinition, viewMatches, VIEWS_CREATED_AT } from './viewRules';

/** The columns every seeded view shows, as Zendesk describes a view's columns and fields. */
const COLUMNS = [
  { id: 'subject', title: 'Subject', filterable: false, sortable: false },
  { id: 'requester', title: 'Requester', filterable: true, sortable: true },
  { id: 'status', title: 'Status', filterable: true, sortable: true },
  { id: 'updated', title: 'Updated', filterable: true, sortable: true },
];
const SORT_TITLES: Record<string, string> = {
  id: 'ID',
  created_at: 'Requested',
  updated_at: 'Updated',
  status: 'Status',
  priority: 'Priority',
  type: 'Type',
};

function viewJson(state: SandboxState, v: ViewDefinition): Record<string, unknown> {
  return {
    url: `${state.url}/api/v2/views/${v.id}.json`,
    id: v.id,
    title: v.title,
    raw_title: v.title,
    active: v.active,
    position: v.position,
    description: v.description,
    default: false,
    restriction: null,
    conditions: v.conditions,
    execution: {
      group_by: null,
      group_order: 'asc',
      sort_by: v.sort.field,
      sort_order: v.sort.desc ? 'desc' : 'asc',
      group: null,
      sort: {
        id: v.sort.field,
        title: SORT_TITLES[v.sort.field] ?? v.sort.field,
        filterable: true,
        sortable: true,
        order: v.sort.desc ? 'desc' : 'asc',
      },
      columns: COLUMNS,
      fields: COLUMNS,
      custom_fields: [],
    },
    created_at: isoSeconds(VIEWS_CREATED_AT),
    updated_at: isoSeconds(VIEWS_CREATED_AT),
  };
}

/** Views are for agents. */
function staffOnly(ctx: RequestContext): number {
  // CHOICE: views need the broad `read` scope: there is no `views:` scope resource (spec §1.8).
  const who = authenticate(ctx, { resource: null });
  requireStaff(who);
  return who.user.id;
}

function findView(ctx: RequestContext): ViewDefinition {
  const v = ctx.state.views.find((x) => x.id === idParam(ctx));
  if (!v) throw new ReplyError(recordNotFound());
  return v;
}

function matches(state: SandboxState, v: ViewDefinition, viewerId: number): Int32Array {
  return state.results.get(`view:${v.id}:${viewerId}`, state.store.version, () =>
    viewMatches(state.store, v, viewerId),
  );
}

function listViews(ctx: RequestContext, onlyActive: boolean): Reply {
  staffOnly(ctx);
  const activeParam = ctx.query.get('active');
  const views = ctx.state.views.filter((v) =>
    onlyActive || activeParam === 'true' ? v.active : activeParam === 'false' ? !v.active : true,
  );
  const byId = new Map(views.map((v) => [v.id, v]));
  const ids = [...views].sort((a, b) => a.position - b.position).map((v) => v.id);
  const page = paginate(ctx, { ids, key: (id) => byId.get(id)?.position ?? 0, desc: false }, DEPTH_RULES);
  return json(200, {
    views: page.ids.map((id) => viewJson(ctx.state, byId.get(id) as ViewDefinition)),
    ...page.fields,
  });
}

function viewTickets(ctx: RequestContext): Reply {
  const viewer = staffOnly(ctx);
  const v = findView(ctx);
  const list = orderedTickets(ctx.state, matches(ctx.state, v, viewer), requestedSort(ctx.query, v.sort));
  const page = paginate(ctx, list, DEPTH_RULES);
  return json(200, { ...ticketsWithSideloads(ctx.state, ctx.query, page.ids), ...page.fields });
}

function viewCount(state: SandboxState, v: ViewDefinition, viewer: number): Record<string, unknown> {
  const url = `${state.url}/api/v2/views/${v.id}/count.json`;
  // A count Zendesk is still computing: `value` null, `pretty` "...", `fresh` false (recorded from a real account).
  const computing = state.viewCountsComputing.get(v.id) ?? 0;
  if (computing > 0) {
    if (computing === 1) state.viewCountsComputing.delete(v.id);
    else state.viewCountsComputing.set(v.id, computing - 1);
    return { view_id: v.id, url, value: null, pretty: '...', fresh: false };
  }
  const value = matches(state, v, viewer).length;
  // CHOICE: `pretty` is exact below 1000 and "~N00" above, like Zendesk's rounded display.
  const pretty = value < 1000 ? String(value) : `~${Math.round(value / 100) * 100}`;
  return { view_id: v.id, url, value, pretty, fresh: true };
}

/** Counts are limited per view per user (VIEW_COUNTS_PER_VIEW_MINUTE): past it, the 429 with Retry-After. */
function spendCounts(ctx: RequestContext, viewer: number, viewIds: readonly number[]): void {
  const wait = ctx.state.viewCountLimit.take(viewIds.map((id) => `${viewer}:${id}`));
  if (wait > 0) throw new ReplyError(tooManyRequests(VIEW_COUNT_LIMIT_TEXT, wait));
}

function countMany(ctx: RequestContext): Reply {
  const viewer = staffOnly(ctx);
  const ids = (ctx.query.get('ids') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  if (ids.length > VIEW_COUNT_MANY_MAX_IDS) {
    throw new ReplyError(
      badRequest('TooManyValues', `You can request the counts of at most ${VIEW_COUNT_MANY_MAX_IDS} views at a time`),
    );
  }
  const views = ctx.state.views.filter((v) => ids.includes(v.id));
  spendCounts(
    ctx,
    viewer,
    views.map((v) => v.id),
  );
  return json(200, { view_counts: views.map((v) => viewCount(ctx.state, v, viewer)) });
}

export function registerViewRoutes(router: Router): void {
  router.add('GET /api/v2/views', (ctx) => listViews(ctx, false));
  router.add('GET /api/v2/views/active', (ctx) => listViews(ctx, true));
  router.add('GET /api/v2/views/{id}', (ctx) => {
    staffOnly(ctx);
    return json(200, { view: viewJson(ctx.state, findView(ctx)) });
  });
  router.add('GET /api/v2/views/{id}/tickets', viewTickets);
  router.add('GET /api/v2/views/{id}/count', (ctx) => {
    const viewer = staffOnly(ctx);
    const v = findView(ctx);
    spendCounts(ctx, viewer, [v.id]);
    return json(200, { view_count: viewCount(ctx.state, v, viewer) });
  });
  router.add('GET /api/v2/views/count_many', countMany);
}
