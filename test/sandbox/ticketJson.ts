/** The Zendesk JSON of tickets, comments and audits, built from the columnar store on demand. */
import { isoSeconds } from './clock';
import type { SandboxState } from './state';
import { PRIORITIES, STATUSES, StoredComment, TICKET_TYPES } from './store';
import { GROUPS } from './seed';
import { renderCommentBody } from './markdown';
import { userJson } from './users';
import { customFieldsJson } from './fieldWrites';

const BRAND_ID = 26_155_588_100_001;
/**
 * CHOICE: what Zendesk records of the client that wrote a comment or an audit (`metadata.system`): the sandbox
 * records every change as coming from one local client, as it keeps no per-request origin.
 */
export const SYSTEM_METADATA = {
  client: 'Zendesk sandbox',
  ip_address: '127.0.0.1',
  location: 'Localhost',
  latitude: 0,
  longitude: 0,
} as const;

export function ticketJson(state: SandboxState, id: number): Record<string, unknown> {
  const s = state.store;
  const i = id - 1;
  const subject = s.subject(id);
  const assignee = s.assignee[i] ?? 0;
  const group = s.group[i] ?? 0;
  const updated = s.updatedAt[i] ?? 0;
  return {
    url: `${state.url}/api/v2/tickets/${id}.json`,
    id,
    external_id: null,
    via: { channel: 'web', source: { from: {}, to: {}, rel: null } },
    created_at: isoSeconds(s.createdAt[i] ?? 0),
    updated_at: isoSeconds(updated),
    type: TICKET_TYPES[s.type[i] ?? 0] ?? null,
    subject,
    raw_subject: subject,
    description: s.description(id),
    priority: PRIORITIES[s.priority[i] ?? 0] ?? null,
    status: STATUSES[s.status[i] ?? 0],
    custom_status_id: state.customStatuses.ofTicket(id, STATUSES[s.status[i] ?? 0] ?? 'new'),
    recipient: null,
    requester_id: s.requester[i],
    submitter_id: s.submitter[i],
    assignee_id: assignee === 0 ? null : assignee,
    organization_id: null,
    group_id: group === 0 ? null : group,
    collaborator_ids: [...new Set([...state.fieldValues.ccIds(id), ...state.fieldValues.followerIds(id)])],
    follower_ids: state.fieldValues.followerIds(id),
    email_cc_ids: state.fieldValues.ccIds(id),
    forum_topic_id: null,
    problem_id: null,
    has_incidents: false,
    is_public: true,
    due_at: null,
    tags: s.tags(id),
    custom_fields: customFieldsJson(state, id),
    satisfaction_rating: null,
    sharing_agreement_ids: [],
    fields: customFieldsJson(state, id),
    followup_ids: [],
    ticket_form_id: state.fieldValues.formOf(id, state.ticketFields.defaultForm().id),
    brand_id: BRAND_ID,
    allow_channelback: false,
    allow_attachments: true,
    from_messaging_channel: false,
  };
}

export function commentJson(c: StoredComment): Record<string, unknown> {
  return {
    id: c.id,
    type: 'Comment',
    author_id: c.authorId,
    body: c.body,
    html_body: c.htmlBody ?? renderCommentBody(c.body),
    plain_body: c.body,
    public: c.public,
    attachments: c.attachments ?? [],
    audit_id: c.auditId,
    via: { channel: 'api', source: { from: {}, to: {}, rel: null } },
    created_at: isoSeconds(c.createdAt),
    metadata: { system: { ...SYSTEM_METADATA }, custom: {} },
  };
}

/** `users` sideload: the distinct users named by the given ids, in first-seen order. */
export function sideloadUsers(
  state: SandboxState,
  userIds: Iterable<number | null | undefined>,
): Record<string, unknown>[] {
  const seen = new Set<number>();
  const out: Record<string, unknown>[] = [];
  for (const id of userIds) {
    if (!id || seen.has(id)) continue;
    seen.add(id);
    const u = state.users.get(id);
    if (u) out.push(userJson(u, state.url));
  }
  return out;
}

/** `groups` sideload: the groups of the given tickets, as Zendesk's group objects (the fields the extension reads). */
export function sideloadGroups(state: SandboxState, ticketIds: readonly number[]): Record<string, unknown>[] {
  const ids = new Set(ticketIds.map((id) => state.store.group[id - 1] ?? 0).filter((g) => g !== 0));
  return GROUPS.filter((g) => ids.has(g.id)).map((g) => ({
    id: g.id,
    name: g.name,
    url: `${state.url}/api/v2/groups/${g.id}.json`,
    deleted: false,
  }));
}

export function ticketUserIds(state: SandboxState, ids: readonly number[]): number[] {
  const s = state.store;
  return ids.flatMap((id) => [s.requester[id - 1] ?? 0, s.submitter[id - 1] ?? 0, s.assignee[id - 1] ?? 0]);
}

export function includes(q: URLSearchParams): Set<string> {
  return new Set(
    (q.get('include') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
}

/** A page of tickets with the sideloads asked for in `include` (users, comment_count; others are ignored). */
export function ticketsWithSideloads(
  state: SandboxState,
  q: URLSearchParams,
  ids: readonly number[],
): Record<string, unknown> {
  const inc = includes(q);
  const tickets = ids.map((id) => {
    const t = ticketJson(state, id);
    if (inc.has('comment_count')) t.comment_count = state.store.commentCount(id);
    return t;
  });
  const body: Record<string, unknown> = { tickets };
  // CHOICE: sideloads other than users, groups and comment_count are ignored rather than refused (spec §6.13).
  if (inc.has('users')) body.users = sideloadUsers(state, ticketUserIds(state, ids));
  if (inc.has('groups')) body.groups = sideloadGroups(state, ids);
  return body;
}
