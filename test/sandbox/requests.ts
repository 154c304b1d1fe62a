/** The end-user side: /api/v2/requests lists and shows the caller's own requests. */
import { authenticate, Principal } from './access';
import { isoSeconds } from './clock';
import { recordNotFound } from './errors';
import { paginate } from './pagination';
import { json, Reply } from './reply';
import { idParam, RequestContext, Router } from './router';
import type { SandboxState } from './state';
import { PRIORITIES, STATUSES, TICKET_TYPES } from './store';
import { DEPTH_RULES, orderedTickets, requestedSort } from './tickets';

function requestJson(state: SandboxState, id: number): Record<string, unknown> {
  const s = state.store;
  const i = id - 1;
  const assignee = s.assignee[i] ?? 0;
  return {
    url: `${state.url}/api/v2/requests/${id}.json`,
    id,
    status: STATUSES[s.status[i] ?? 0],
    priority: PRIORITIES[s.priority[i] ?? 0] ?? null,
    type: TICKET_TYPES[s.type[i] ?? 0] ?? null,
    subject: s.subject(id),
    description: s.description(id),
    organization_id: null,
    via: { channel: 'web', source: { from: {}, to: {}, rel: null } },
    custom_fields: [],
    requester_id: s.requester[i],
    collaborator_ids: [],
    email_cc_ids: [],
    is_public: true,
    due_at: null,
    can_be_solved_by_me: false,
    created_at: isoSeconds(s.createdAt[i] ?? 0),
    updated_at: isoSeconds(s.updatedAt[i] ?? 0),
    recipient: null,
    followup_source_id: null,
    assignee_id: assignee === 0 ? null : assignee,
    ticket_form_id: null,
    fields: [],
  };
}

function ownRequests(state: SandboxState, who: Principal, statuses: Set<number> | null): Int32Array {
  const out: number[] = [];
  for (let id = 1; id <= state.store.count; id++) {
    if (state.store.requester[id - 1] !== who.user.id) continue;
    if (statuses && !statuses.has(state.store.status[id - 1] ?? 0)) continue;
    out.push(id);
  }
  return Int32Array.from(out);
}

function listRequests(ctx: RequestContext): Reply {
  const who = authenticate(ctx, { resource: 'requests' });
  const status = ctx.query.get('status');
  const statuses = status
    ? new Set(status.split(',').map((x) => STATUSES.indexOf(x.trim() as (typeof STATUSES)[number])))
    : null;
  const key = `requests:${who.user.id}:${status ?? ''}`;
  const ids = ctx.state.results.get(key, ctx.state.store.version, () => ownRequests(ctx.state, who, statuses));
  const page = paginate(
    ctx,
    orderedTickets(ctx.state, ids, requestedSort(ctx.query, { field: 'updated_at', desc: true })),
    DEPTH_RULES,
  );
  return json(200, { requests: page.ids.map((id) => requestJson(ctx.state, id)), ...page.fields });
}

function showRequest(ctx: RequestContext): Reply {
  const who = authenticate(ctx, { resource: 'requests' });
  const id = idParam(ctx);
  // CHOICE: someone else's request is a 404 here (the Requests API only knows the caller's own requests).
  if (!ctx.state.store.has(id) || ctx.state.store.requester[id - 1] !== who.user.id) return recordNotFound();
  return json(200, { request: requestJson(ctx.state, id) });
}

export function registerRequestRoutes(router: Router): void {
  router.add('GET /api/v2/requests', listRequests);
  router.add('GET /api/v2/requests/{id}', showRequest);
}
