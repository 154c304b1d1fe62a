/** Ticket create and update (spec §3.3), with audits, comments, the closed-ticket rule and the update limit. */
import { authenticate, Principal, requireTicketEditor } from './access';
import {
  CLOSED_TICKET_TEXT,
  TICKET_UPDATE_ACCOUNT_LIMIT_TEXT,
  TICKET_UPDATE_LIMIT_TEXT,
  UPDATE_CONFLICT_TEXT,
} from './choices';
import { isoSeconds } from './clock';
import { ASSIGNEE_NOT_IN_GROUP, recordInvalid, recordNotFound, tooManyRequests } from './errors';
import { json, Reply, ReplyError } from './reply';
import { idParam, isRecord, jsonBody, RequestContext, Router } from './router';
import type { SandboxState } from './state';
import { PRIORITIES, STATUSES, StoredComment, TICKET_TYPES } from './store';
import { categoryOf } from './customStatuses';
import { commentJson, SYSTEM_METADATA, ticketJson } from './ticketJson';
import { findOrCreateRequester, readRequester, RequesterSpec } from './requesters';
import { isStaff } from './users';
import {
  applyFieldInput,
  checkCcLimit,
  type Details,
  type FieldInput,
  missingRequired,
  readFieldInput,
} from './fieldWrites';

interface TicketInput {
  status?: number;
  /** An active custom status; `status` is then its category. */
  customStatusId?: number;
  priority?: number;
  type?: number;
  assigneeId?: number;
  requesterId?: number;
  /** `requester: {name, email}` on create: found by email or made an end user. */
  requester?: RequesterSpec;
  subject?: string;
  tags?: string[];
  comment?: { body: string; public: boolean; htmlBody?: string; uploads?: string[] };
  safeUpdateStamp?: string;
  /** Custom fields, form, group, email CCs and followers (fieldWrites.ts). */
  fields: FieldInput;
}

function enumIndex(values: readonly (string | null)[], v: unknown): number | undefined {
  const i = values.indexOf(v === null ? null : typeof v === 'string' ? v : '\u0000');
  return i < 0 ? undefined : i;
}

/** Reads `{"ticket": {...}}`, collecting Zendesk-style validation details; throws 422 when any field is bad. */
function readInput(ctx: RequestContext): TicketInput {
  const body = jsonBody(ctx);
  const t = body && isRecord(body.ticket) ? body.ticket : undefined;
  if (!t) {
    throw new ReplyError(
      recordInvalid({
        ticket: [{ description: 'Ticket: a JSON object {"ticket": {...}} is required', error: 'BlankValue' }],
      }),
    );
  }
  const details: Details = {};
  const bad = (field: string, description: string): void => {
    (details[field] ??= []).push({ description, error: 'InvalidValue' });
  };
  const input: TicketInput = { fields: readFieldInput(ctx.state, t, details) };
  if ('status' in t) {
    input.status =
      enumIndex(STATUSES, t.status) ?? (bad('status', `Status: ${String(t.status)} is not a valid status`), undefined);
  }
  if ('priority' in t) {
    input.priority =
      enumIndex(PRIORITIES, t.priority) ??
      (bad('priority', `Priority: ${String(t.priority)} is not a valid priority`), undefined);
  }
  if ('custom_status_id' in t) {
    const refused = ctx.state.customStatuses.refusal(t.custom_status_id);
    const chosen = refused ? undefined : ctx.state.customStatuses.byId(t.custom_status_id as number);
    if (!chosen) bad('custom_status_id', refused ?? '');
    // CHOICE: a `status` sent with a custom status must be its category (closed for solved); Zendesk does not say.
    else if (input.status !== undefined && categoryOf(STATUSES[input.status] ?? 'new') !== chosen.category) {
      bad('status', `Status: ${String(t.status)} is not the category of ${chosen.agentLabel} (${chosen.category})`);
    } else {
      input.customStatusId = chosen.id;
      input.status ??= STATUSES.indexOf(chosen.category);
    }
  }
  if ('type' in t) {
    input.type =
      enumIndex(TICKET_TYPES, t.type) ?? (bad('type', `Type: ${String(t.type)} is not a valid type`), undefined);
  }
  if ('assignee_id' in t) {
    const user = typeof t.assignee_id === 'number' ? ctx.state.users.get(t.assignee_id) : undefined;
    if (t.assignee_id === null) input.assigneeId = 0;
    else if (user && isStaff(user)) input.assigneeId = user.id;
    else bad('assignee_id', 'Assignee: is not an agent of this account');
  }
  if ('requester_id' in t) {
    const user = typeof t.requester_id === 'number' ? ctx.state.users.get(t.requester_id) : undefined;
    if (user) input.requesterId = user.id;
    else bad('requester_id', 'Requester: is not a user of this account');
  }
  if ('requester' in t && !('requester_id' in t)) {
    const r = readRequester(t.requester);
    if (typeof r === 'string') bad('requester', r);
    else input.requester = r;
  }
  if ('subject' in t) {
    if (typeof t.subject === 'string') input.subject = t.subject;
    else bad('subject', 'Subject: must be a string');
  }
  // CHOICE: `additional_tags` and `remove_tags` are Update Many's (https://developer.zendesk.com/documentation/ticketing/managing-tickets/adding-tags-to-tickets-without-overwriting-existing-tags/:
  // "only work with bulk updates, where the tickets are specified in the ids parameter"); what a single-ticket update
  // does with them is not documented. Here they are ignored like any property Update Ticket does not take, and
  // `tags` replaces the list, so a client that relies on them for one ticket finds out against the sandbox.
  if ('tags' in t) {
    if (Array.isArray(t.tags) && t.tags.every((x) => typeof x === 'string')) {
      input.tags = (t.tags as string[]).flatMap((x) => x.toLowerCase().split(/\s+/)).filter(Boolean);
    } else bad('tags', 'Tags: must be an array of strings');
  }
  if ('comment' in t) {
    const c = t.comment;
    const text = isRecord(c)
      ? typeof c.body === 'string'
        ? c.body
        : typeof c.html_body === 'string'
          ? c.html_body.replace(/<[^>]*>/g, '')
          : ''
      : '';
    if (!isRecord(c) || text.trim() === '') bad('comment', 'Comment: body cannot be blank');
    // CHOICE: a comment is public unless it says `public: false` (spec §3.4 leaves the default open).
    else {
      // CHOICE: an `html_body` is kept as sent and served back as the comment's `html_body`. Zendesk sanitises it
      // (its rules are not documented); the sandbox does not, so a client's own defences against hostile comment
      // HTML can be tested with it.
      const htmlBody =
        typeof c.body !== 'string' && typeof c.html_body === 'string' ? c.html_body.slice(0, 65_536) : undefined;
      let uploads: string[] | undefined;
      if ('uploads' in c) {
        if (Array.isArray(c.uploads) && c.uploads.every((x) => typeof x === 'string')) uploads = c.uploads as string[];
        else bad('uploads', 'Uploads: must be an array of upload tokens');
      }
      input.comment = { body: text.slice(0, 65_536), public: c.public !== false, htmlBody, uploads };
    }
  }
  if (t.safe_update === true) input.safeUpdateStamp = typeof t.updated_stamp === 'string' ? t.updated_stamp : '';
  if (Object.keys(details).length > 0) throw new ReplyError(recordInvalid(details));
  return input;
}

interface AuditEvent {
  [k: string]: unknown;
}

/** A comment as an audit's event: as recorded live, without the comment's own `via`, `created_at` and `metadata`
 * (the audit carries them). */
function commentEvent(c: StoredComment): AuditEvent {
  const event: AuditEvent = { ...commentJson(c), type: 'Comment' };
  delete event.via;
  delete event.created_at;
  delete event.metadata;
  return event;
}

function audit(
  state: SandboxState,
  ticketId: number,
  authorId: number,
  auditId: number,
  events: AuditEvent[],
): Record<string, unknown> {
  return {
    id: auditId,
    ticket_id: ticketId,
    created_at: isoSeconds(state.clock.nowSeconds()),
    author_id: authorId,
    metadata: { system: { ...SYSTEM_METADATA }, custom: {} },
    via: { channel: 'api', source: { from: {}, to: {}, rel: null } },
    events: events.map((e, i) => ({ id: auditId * 10 + i + 1, ...e })),
  };
}

/**
 * The attachments of the comment's upload tokens, consuming them. CHOICE: a token that is unknown, expired (60
 * minutes) or another user's is a 422 on `uploads` (Zendesk's docs do not say; refusing means a reply never goes out
 * silently without the files the user attached).
 */
function takeUploads(state: SandboxState, who: Principal, input: TicketInput): Record<string, unknown>[] | Reply {
  const tokens = input.comment?.uploads ?? [];
  if (!tokens.length) return [];
  const taken = state.uploads.take(tokens, who.user.id, state.clock.nowMs());
  if ('invalid' in taken) {
    return recordInvalid({
      uploads: [{ description: `Uploads: token ${taken.invalid} is invalid or has expired`, error: 'InvalidValue' }],
    });
  }
  return taken.fileIds.map((id) => state.uploads.attachmentJson(id, state.url)).filter((a) => a !== undefined);
}

/** Applies validated changes to a ticket and returns the audit events they make. */
function apply(
  state: SandboxState,
  who: Principal,
  id: number,
  input: TicketInput,
  auditId: number,
  attachments: Record<string, unknown>[],
): AuditEvent[] {
  const s = state.store;
  const i = id - 1;
  const events: AuditEvent[] = [];
  const change = (field: string, before: unknown, after: unknown): void => {
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      events.push({ type: 'Change', field_name: field, value: after, previous_value: before });
    }
  };
  if (input.status !== undefined) {
    const before = STATUSES[s.status[i] ?? 0] ?? 'new';
    const after = STATUSES[input.status] ?? 'new';
    const customBefore = state.customStatuses.ofTicket(id, before);
    change('status', before, after);
    s.set(id, s.status, input.status);
    // A status alone keeps the custom status while the category stays, and takes the new category's default when
    // it changes; a custom status is taken as sent.
    if (input.customStatusId !== undefined || categoryOf(before) !== categoryOf(after)) {
      state.customStatuses.choose(id, categoryOf(after), input.customStatusId);
    }
    change('custom_status_id', customBefore, state.customStatuses.ofTicket(id, after));
  }
  if (input.priority !== undefined) {
    change('priority', PRIORITIES[s.priority[i] ?? 0], PRIORITIES[input.priority]);
    s.set(id, s.priority, input.priority);
  }
  if (input.type !== undefined) {
    change('type', TICKET_TYPES[s.type[i] ?? 0], TICKET_TYPES[input.type]);
    s.set(id, s.type, input.type);
  }
  if (input.assigneeId !== undefined) {
    change('assignee_id', s.assignee[i] || null, input.assigneeId || null);
    s.set(id, s.assignee, input.assigneeId);
    s.set(id, s.group, input.assigneeId ? (state.users.get(input.assigneeId)?.groupId ?? 0) : (s.group[i] ?? 0));
  }
  if (input.subject !== undefined) {
    change('subject', s.subject(id), input.subject);
    s.setSubject(id, input.subject);
  }
  if (input.tags !== undefined) {
    const before = s.tags(id);
    s.setTags(id, input.tags);
    change('tags', before, s.tags(id));
  }
  applyFieldInput(state, id, input.fields, change);
  if (input.comment) {
    const c: StoredComment = s.addComment(id, {
      authorId: who.user.id,
      body: input.comment.body,
      public: input.comment.public,
      createdAt: state.clock.nowSeconds(),
      auditId,
      htmlBody: input.comment.htmlBody,
      attachments,
    });
    events.unshift(commentEvent(c));
  }
  if (events.length > 0) s.setUpdatedAt(id, state.clock.nowSeconds());
  return events;
}

function createTicket(ctx: RequestContext): Reply {
  const who = authenticate(ctx, { resource: 'tickets' });
  // CHOICE: end users create tickets through the Requests API only; POST /tickets is for agents who may edit.
  requireTicketEditor(who);
  const input = readInput(ctx);
  // Zendesk names a missing description under `base` (recorded live on a ticket import).
  if (!input.comment) {
    throw new ReplyError(
      recordInvalid({ base: [{ description: 'Description: cannot be blank', error: 'BlankValue' }] }),
    );
  }
  const s = ctx.state.store;
  // CHOICE: a new ticket's fields are checked for the status it is created as, as a write that changes the status is
  // (Zendesk documents `required_on_statuses` for every status a ticket is set to, creation included).
  const assigneeId = input.assigneeId ?? 0;
  const catalog = ctx.state.ticketFields;
  const form = catalog.form(input.fields.formId ?? catalog.defaultForm().id);
  const created = STATUSES[input.status ?? STATUSES.indexOf(assigneeId ? 'open' : 'new')] ?? 'new';
  const missing = form
    ? missingRequired(ctx.state, form, categoryOf(created), (fieldId) => input.fields.values?.get(fieldId))
    : [];
  if (missing.length) throw new ReplyError(recordInvalid({ base: missing }));
  const attachments = takeUploads(ctx.state, who, input);
  if (!Array.isArray(attachments)) return attachments;
  // Only now, with the whole request valid, is a new requester made.
  const requesterId = input.requester ? findOrCreateRequester(ctx.state, input.requester).id : input.requesterId;
  const auditId = s.nextAuditId();
  const id = s.add({
    // CHOICE: a ticket created without a subject takes the first line of its first comment (at most 80 characters).
    subject: input.subject ?? input.comment.body.split('\n')[0]?.slice(0, 80) ?? '',
    description: input.comment.body,
    status: input.status ?? (assigneeId ? STATUSES.indexOf('open') : STATUSES.indexOf('new')),
    priority: input.priority ?? 0,
    type: input.type ?? 0,
    requesterId: requesterId ?? who.user.id,
    submitterId: who.user.id,
    assigneeId,
    groupId: assigneeId ? (ctx.state.users.get(assigneeId)?.groupId ?? 0) : 0,
    tags: input.tags ?? [],
    createdAt: ctx.state.clock.nowSeconds(),
    seededComments: 0,
  });
  if (input.customStatusId !== undefined) {
    ctx.state.customStatuses.choose(id, categoryOf(STATUSES[s.status[id - 1] ?? 0] ?? 'new'), input.customStatusId);
  }
  applyFieldInput(ctx.state, id, input.fields, () => undefined);
  const comment = s.addComment(id, {
    authorId: who.user.id,
    body: input.comment.body,
    public: input.comment.public,
    createdAt: ctx.state.clock.nowSeconds(),
    auditId,
    htmlBody: input.comment.htmlBody,
    attachments,
  });
  const events: AuditEvent[] = [
    commentEvent(comment),
    // The Create events a real ticket creation records (ids as strings, as recorded live).
    { type: 'Create', field_name: 'subject', value: s.subject(id) },
    { type: 'Create', field_name: 'requester_id', value: String(s.requester[id - 1]) },
    { type: 'Create', field_name: 'priority', value: PRIORITIES[s.priority[id - 1] ?? 0] ?? null },
    { type: 'Create', field_name: 'type', value: TICKET_TYPES[s.type[id - 1] ?? 0] ?? null },
    { type: 'Create', field_name: 'status', value: STATUSES[s.status[id - 1] ?? 0] },
  ];
  const location = `${ctx.state.url}/api/v2/tickets/${id}.json`;
  return json(
    201,
    { ticket: ticketJson(ctx.state, id), audit: audit(ctx.state, id, who.user.id, auditId, events) },
    { Location: location },
  );
}

function updateTicket(ctx: RequestContext): Reply {
  const who = authenticate(ctx, { resource: 'tickets' });
  requireTicketEditor(who);
  const id = idParam(ctx);
  const s = ctx.state.store;
  if (!s.has(id)) return recordNotFound();
  // Update Ticket is limited per account a minute as well as per ticket. CHOICE: every update request counts toward the
  // account's, the refused ones included (only successful ones count toward the per-ticket limit).
  const accountWait = ctx.state.ticketUpdateAccountLimit.take(['account']);
  if (accountWait > 0) return tooManyRequests(TICKET_UPDATE_ACCOUNT_LIMIT_TEXT, accountWait);
  const wait = ctx.state.ticketUpdateLimit.retryAfter(who.user.id, id);
  if (wait > 0) return tooManyRequests(TICKET_UPDATE_LIMIT_TEXT, wait);
  // A closed ticket's refusal names the field that forbids it, `status` (a live probe reported `details.status`).
  if (STATUSES[s.status[id - 1] ?? 0] === 'closed') {
    return recordInvalid({ status: [{ description: CLOSED_TICKET_TEXT, error: 'InvalidValue' }] });
  }
  const input = readInput(ctx);
  if (input.safeUpdateStamp !== undefined && input.safeUpdateStamp !== isoSeconds(s.updatedAt[id - 1] ?? 0)) {
    return json(409, { error: 'UpdateConflict', description: UPDATE_CONFLICT_TEXT });
  }
  const refused = fieldRefusal(ctx.state, id, input);
  if (refused) return refused;
  const attachments = takeUploads(ctx.state, who, input);
  if (!Array.isArray(attachments)) return attachments;
  const auditId = s.nextAuditId();
  const events = apply(ctx.state, who, id, input, auditId, attachments);
  // CHOICE: only successful updates count toward the 30 per 10 minutes.
  ctx.state.ticketUpdateLimit.record(who.user.id, id);
  return json(200, { ticket: ticketJson(ctx.state, id), audit: audit(ctx.state, id, who.user.id, auditId, events) });
}

/**
 * The 422 of an update that would leave too many CCs, or move the ticket to a status its form requires fields for
 * while they are unset (named under `details.base`, as Zendesk does). CHOICE: the requirements are checked when a
 * write changes the status (a live probe saw it on new → solved); Zendesk does not say whether a write that keeps
 * the status is checked too.
 */
function fieldRefusal(state: SandboxState, id: number, input: TicketInput): Reply | undefined {
  const details: Details = {};
  checkCcLimit(state, id, input.fields, details);
  const s = state.store;
  // Zendesk refuses an assignee who is not an agent of the ticket's group with two entries under `details.assignee`,
  // "is invalid" (`InvalidValue`) and "is not a member of the group" (no `error`): the live answer quoted in
  // https://github.com/facetoe/zenpy/issues/628, held by test/fixtures/real-zendesk/recordings/
  // error-422-assignee-not-in-group.json. CHOICE: checked when a write sets the group (Zendesk does not say when else).
  const group = input.fields.groupId;
  const assignee = input.assigneeId ?? s.assignee[id - 1] ?? 0;
  if (group !== undefined && group !== 0 && assignee && state.users.get(assignee)?.groupId !== group) {
    (details.assignee ??= []).push(...ASSIGNEE_NOT_IN_GROUP);
  }
  const before = STATUSES[s.status[id - 1] ?? 0] ?? 'new';
  const after = input.status === undefined ? before : (STATUSES[input.status] ?? before);
  if (after !== before) {
    const catalog = state.ticketFields;
    const form = catalog.form(input.fields.formId ?? state.fieldValues.formOf(id, catalog.defaultForm().id));
    const valueOf = (fieldId: number): unknown =>
      input.fields.values?.has(fieldId) ? input.fields.values.get(fieldId) : state.fieldValues.value(id, fieldId);
    const missing = form ? missingRequired(state, form, categoryOf(after), valueOf) : [];
    if (missing.length) (details.base ??= []).push(...missing);
  }
  return Object.keys(details).length ? recordInvalid(details) : undefined;
}

export function registerTicketWriteRoutes(router: Router): void {
  router.add('POST /api/v2/tickets', createTicket);
  router.add('PUT /api/v2/tickets/{id}', updateTicket);
}
