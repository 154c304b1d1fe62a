// What the ticket detail shows and sends, in plain Node: loading a ticket with its conversation (two requests: the
// ticket with its people, and the latest 100 comments with their authors; earlier comments a page at a time on
// request), the view model the page renders, and the updates the composer and the header's controls send (always
// `safe_update` with the stamp the user saw).
import {
  getTicketWithUsers,
  latestCommentsWithUsers,
  safeUpdateTicketAnswer,
  type TicketUpdate,
} from '../../zendesk/api';
import type { StagedFields, StagedValue } from '../drafts';
import type { ZendeskClient } from '../../zendesk/http';
import type { FieldProblem } from '../../zendesk/errors';
import { escapeHtmlText } from '../../escape';
import { agentTicketUrl } from '../../zendesk/subdomain';
import type {
  Group,
  Ticket,
  TicketComment,
  TicketPatch,
  TicketPriority,
  TicketStatus,
  ZendeskUser,
} from '../../zendesk/types';
import { personName, relativeTime, revealBidi } from '../format';
import type { StatusVocabulary } from '../statuses';
import { sanitizeHtml } from './sanitize';
import { fieldKey, formValues } from './stagedFields';
import * as l10n from '@vscode/l10n';

export interface TicketDetail {
  ticket: Ticket;
  /** Oldest first: the latest page, and the earlier pages loaded on request. */
  comments: TicketComment[];
  users: Map<number, ZendeskUser>;
  groups: Map<number, Group>;
  /** The cursor of the comments before the oldest loaded one; undefined once the conversation is complete. */
  earlier?: string;
}

/** Earlier comments of a ticket, a page at a time (newest of them first, as the cursor pages back). */
export interface CommentsPage {
  comments: TicketComment[];
  users: ZendeskUser[];
  earlier?: string;
}

/** Opening a ticket: the ticket with its people and the latest 100 comments with their authors, side by side, so
 * even a ticket with hundreds of comments opens in two requests (the account's fields and statuses are cached). */
export async function loadTicketDetail(c: ZendeskClient, id: number, signal?: AbortSignal): Promise<TicketDetail> {
  const [head, latest] = await Promise.all([
    getTicketWithUsers(c, id, signal),
    loadEarlierComments(c, id, undefined, signal),
  ]);
  const users = new Map<number, ZendeskUser>();
  for (const u of [...head.users, ...latest.users]) users.set(u.id, u);
  return {
    ticket: head.ticket,
    comments: oldestFirst(latest.comments),
    users,
    groups: new Map(head.groups.map((g) => [g.id, g])),
    ...(latest.earlier ? { earlier: latest.earlier } : {}),
  };
}

/** The page of comments before `cursor` (undefined: the latest page). */
export async function loadEarlierComments(
  c: ZendeskClient,
  id: number,
  cursor: string | undefined,
  signal?: AbortSignal,
): Promise<CommentsPage> {
  const page = await latestCommentsWithUsers(c, id, { after: cursor, signal });
  return {
    comments: page.comments,
    users: page.users,
    // A page without comments ends the conversation whatever its cursor says (no endless "Show earlier").
    ...(page.hasMore && page.afterCursor && page.comments.length ? { earlier: page.afterCursor } : {}),
  };
}

/** The detail with an earlier page of comments put in front of what is loaded. */
export function withEarlier(d: TicketDetail, page: CommentsPage): TicketDetail {
  return joined(d, page, page.earlier);
}

/**
 * A reload of a ticket whose earlier comments the agent already opened: the fresh latest page, with the earlier ones
 * kept (Zendesk never deletes a comment, so what was loaded is still there), and the cursor to page on from the
 * oldest loaded. Only when the two runs overlap: after more than a page of new comments, keeping the old ones would
 * leave a gap in the conversation, so the fresh page stands alone and "Show earlier" pages back from it.
 */
export function keepingEarlier(before: TicketDetail | undefined, fresh: TicketDetail): TicketDetail {
  const oldestFresh = fresh.comments[0];
  if (!before || !oldestFresh || !fresh.earlier || !before.comments.some((c) => c.id === oldestFresh.id)) return fresh;
  return joined(fresh, { comments: before.comments, users: before.users.values() }, before.earlier);
}

/** Older comments and their authors joined to a detail (its own people win: they are the newer answer). */
function joined(
  newer: TicketDetail,
  older: { comments: readonly TicketComment[]; users: Iterable<ZendeskUser> },
  earlier: string | undefined,
): TicketDetail {
  const users = new Map<number, ZendeskUser>();
  for (const u of older.users) users.set(u.id, u);
  for (const [id, u] of newer.users) users.set(id, u);
  return {
    ticket: newer.ticket,
    comments: merged(older.comments, newer.comments),
    users,
    groups: newer.groups,
    ...(earlier ? { earlier } : {}),
  };
}

function oldestFirst(comments: readonly TicketComment[]): TicketComment[] {
  return [...comments].sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id - b.id);
}

/** Two runs of comments as one, oldest first, each comment once (the newer copy wins: a redaction shows). */
function merged(older: readonly TicketComment[], newer: readonly TicketComment[]): TicketComment[] {
  const byId = new Map<number, TicketComment>();
  for (const c of [...older, ...newer]) byId.set(c.id, c);
  return oldestFirst([...byId.values()]);
}

export interface CommentView {
  id: number;
  author: string;
  /** "agent", "admin", "end-user": the page marks the requester's side apart from the team's. */
  authorRole: string;
  created: string;
  createdAgo: string;
  public: boolean;
  /** Sanitised: safe to insert as HTML. */
  html: string;
  attachments: { name: string; url: string; size?: string }[];
}

export interface DetailView {
  id: number;
  subject: string;
  status: TicketStatus;
  customStatusId: number | null;
  /** The status picker's selected value (StatusChoice.key). */
  statusKey: string;
  /** "Waiting on engineering", or "Pending" on an account without custom statuses. */
  statusLabel: string;
  priority: TicketPriority | null;
  type: string | null;
  requester: string;
  assignee: string;
  assigneeId: number | null;
  groupId: number | null;
  group: string;
  tags: readonly string[];
  created: string;
  updated: string;
  /** The `updated_at` the user is looking at: sent back as `updated_stamp`, so a stale write is refused. */
  updatedStamp: string;
  agentUrl: string;
  /** Oldest first: the latest page, and the earlier ones the agent asked for. */
  comments: CommentView[];
  /** Earlier comments exist that are not loaded yet ("Show earlier comments"). */
  hasEarlier: boolean;
  /** Origins images may load from: the account's, and those of the ticket's attachments. */
  imageOrigins: string[];
}

export function detailView(
  d: TicketDetail,
  o: { baseUrl: string; now: number; statuses: StatusVocabulary },
): DetailView {
  const t = d.ticket;
  const base = o.baseUrl.replace(/\/+$/, '');
  const imageOrigins = [
    ...new Set([
      new URL(base).origin,
      ...d.comments.flatMap((c) => (c.attachments ?? []).flatMap((a) => originOf(a.content_url))),
    ]),
  ];
  const when = (iso: string) => new Date(iso).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  return {
    id: t.id,
    subject: revealBidi(t.subject),
    status: t.status,
    customStatusId: t.custom_status_id ?? null,
    statusKey: o.statuses.keyOf(t),
    statusLabel: o.statuses.label(t),
    priority: t.priority,
    type: t.type ?? null,
    requester: personName(t.requester_id, d.users.get(t.requester_id), l10n.t('no requester')),
    assignee: personName(t.assignee_id, t.assignee_id ? d.users.get(t.assignee_id) : undefined),
    assigneeId: t.assignee_id,
    groupId: t.group_id ?? null,
    group: t.group_id ? revealBidi(d.groups.get(t.group_id)?.name ?? l10n.t('group {0}', t.group_id)) : '-',
    tags: t.tags.map(revealBidi),
    created: when(t.created_at),
    updated: when(t.updated_at),
    updatedStamp: t.updated_at,
    agentUrl: agentTicketUrl(base, t.id),
    imageOrigins,
    hasEarlier: d.earlier !== undefined,
    comments: d.comments.map((c) => ({
      id: c.id,
      author: personName(c.author_id, d.users.get(c.author_id), 'Zendesk'),
      authorRole: d.users.get(c.author_id)?.role ?? 'end-user',
      created: when(c.created_at),
      createdAgo: relativeTime(c.created_at, o.now),
      public: c.public,
      html: sanitizeHtml(c.html_body ?? escapePlain(c.plain_body ?? c.body), { baseUrl: base, imageOrigins }),
      attachments: (c.attachments ?? []).flatMap((a) => {
        const url = httpUrl(a.content_url);
        return url
          ? [{ name: revealBidi(a.file_name), url, size: a.size === undefined ? undefined : formatSize(a.size) }]
          : [];
      }),
    })),
  };
}

/** How a ticket's status is set: `StatusVocabulary.patch`, `custom_status_id` on an account with custom statuses. */
export type StatusPatch = Pick<TicketPatch, 'status' | 'custom_status_id'>;

/** What the composer sends: a reply or a note, with the status the ticket should take and the upload tokens of
 * the files attached to it. */
export interface ReplyInput {
  body: string;
  public: boolean;
  status?: StatusPatch;
  uploads?: readonly string[];
}

export function replyPatch(r: ReplyInput): TicketPatch {
  const uploads = r.uploads?.length ? { uploads: [...r.uploads] } : {};
  return { comment: { body: r.body, public: r.public, ...uploads }, ...r.status };
}

/** The header's fields the tab stages itself; the form, custom fields, type, group, tags, CCs and followers are
 * staged through the fields model (stagedFields.ts). A conflict reports any of them someone else changed. */
export const STAGED_FIELDS = ['status', 'priority', 'assignee_id'] as const;
type WatchedField = (typeof STAGED_FIELDS)[number] | 'group_id' | 'type' | 'subject' | 'tags';

/** The values of a ticket's fields as the tab stages and compares them: the status as its key, no priority as '',
 * custom fields by `custom_fields.<id>`. */
export function fieldValues(t: Ticket, statuses: StatusVocabulary): Record<string, StagedValue> {
  const all: Record<WatchedField, StagedValue> = {
    status: statuses.keyOf(t),
    priority: t.priority ?? '',
    assignee_id: t.assignee_id ?? null,
    group_id: t.group_id ?? null,
    type: t.type ?? null,
    subject: t.subject,
    tags: [...t.tags].sort(),
  };
  return { ...all, ...formValues(t) };
}

/** The fields whose value differs between two snapshots (what someone else changed since staging started). */
export function changedFields(before: StagedFields, after: StagedFields): string[] {
  return Object.keys(before).filter((k) => k in after && JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

/** The staged changes as one update, or a reason the page's value is not one the ticket can take (the page is not
 * trusted to send only what it was given). */
export function stagedPatch(staged: StagedFields, statuses: StatusVocabulary): TicketPatch {
  const patch: TicketPatch = {};
  for (const [field, value] of Object.entries(staged)) {
    if (field === 'status') {
      const choice = typeof value === 'string' ? statuses.find(value) : undefined;
      if (choice) Object.assign(patch, statuses.patch(choice));
    } else if (field === 'priority') {
      patch.priority = value === '' || value === null ? null : (value as TicketPriority);
    } else if (field === 'assignee_id') {
      patch.assignee_id = typeof value === 'number' ? value : null;
    }
  }
  return patch;
}

/** The detail after Zendesk accepted an update: its answer's ticket, and the comment it added at the end. */
export function withUpdate(d: TicketDetail, u: TicketUpdate, people: readonly ZendeskUser[] = []): TicketDetail {
  const users = new Map(d.users);
  for (const p of people) if (!users.has(p.id)) users.set(p.id, p);
  return {
    ticket: u.ticket,
    comments: u.comment && !d.comments.some((c) => c.id === u.comment?.id) ? [...d.comments, u.comment] : d.comments,
    users,
    groups: d.groups,
    ...(d.earlier ? { earlier: d.earlier } : {}),
  };
}

/** Sends a change only if the ticket is still as the user saw it (ConflictError otherwise). */
export function sendUpdate(
  c: ZendeskClient,
  id: number,
  patch: TicketPatch,
  updatedStamp: string,
  signal?: AbortSignal,
): Promise<TicketUpdate> {
  return safeUpdateTicketAnswer(c, id, patch, updatedStamp, signal);
}

/** A 422's problems (its `details`, read once by ValidationError) as `{ field: "message; message" }`, for showing
 * next to the field they are about: a ticket field Zendesk names by id under `base` by its key
 * (`custom_fields.<id>`). */
export function fieldErrors(problems: readonly FieldProblem[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of problems) {
    const key = p.ticketFieldId === undefined ? p.field : fieldKey(p.ticketFieldId);
    out[key] = out[key] ? `${out[key]}; ${p.description}` : p.description;
  }
  return out;
}

function originOf(url: string): string[] {
  const u = httpUrl(url);
  return u ? [new URL(u).origin] : [];
}

function httpUrl(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

function escapePlain(s: string): string {
  return `<p>${escapeHtmlText(s).replace(/\n/g, '<br>')}</p>`;
}

export function formatSize(bytes: number): string {
  return bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 * 1024
      ? `${Math.round(bytes / 1024)} KB`
      : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
