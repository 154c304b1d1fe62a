// Tool results as compact text: one line per ticket in lists, a header and the conversation for one ticket, and the
// words a confirmation uses for a change. Users are written with their id so a model can pass it on (assigneeId).
// No `vscode` import.
import type { AccountInfo } from '../auth/access';
import { StatusVocabulary, systemStatusNames } from '../tickets/statuses';
import type { Ticket, TicketComment, View, ZendeskUser } from '../zendesk/types';
import { DEFAULT_LIMITS, trimConversation, trimmingNote, type TrimLimits } from './conversation';
import { commentText } from './plainText';
import type { AddCommentInput, UpdateTicketInput } from './schemas';
import * as l10n from '@vscode/l10n';

export type Users = ReadonlyMap<number, ZendeskUser>;

// l10n: not user-facing (a tool result the model reads)
export function person(id: number | null | undefined, users: Users): string {
  if (id === null || id === undefined || id <= 0) return 'unassigned';
  const u = users.get(id);
  return u ? `${u.name} <${u.email}> (user ${id})` : `user ${id}`;
}

/** Who the tool acted as, so "me" can be resolved by the model. */
// l10n: not user-facing (a tool result the model reads)
export function actingAs(a: AccountInfo): string {
  return `${a.subdomain} as ${a.user.name} (user ${a.user.id})`;
}

export function ticketLink(a: Pick<AccountInfo, 'baseUrl'>, id: number): string {
  return `${a.baseUrl.replace(/\/+$/, '')}/agent/tickets/${id}`;
}

const SYSTEM = StatusVocabulary.system();

/** The ticket's status for the model: Zendesk's value ("pending"), or a custom status's name and category ("Waiting
 * on engineering (hold)"), which is what customStatus takes. */
// l10n: not user-facing (a tool result the model reads)
export function statusText(t: Ticket, statuses: StatusVocabulary = SYSTEM): string {
  if (!statuses.custom || t.status === 'closed') return t.status;
  const label = statuses.label(t);
  return label !== systemStatusNames()[t.status] ? `${oneLine(label)} (${t.status})` : t.status;
}

/** On an account with custom statuses, the ones a change may name, by category; nothing without them. */
// l10n: not user-facing (a tool result the model reads)
export function statusList(statuses: StatusVocabulary): string | undefined {
  if (!statuses.custom) return undefined;
  const groups = statuses.groups().filter((g) => g.category !== 'new');
  return `Statuses on this account (customStatus): ${groups.map((g) => `${g.category}: ${g.choices.map((c) => `"${oneLine(c.label)}"`).join(', ')}`).join('; ')}`;
}

/** One ticket per line: id, subject, status, requester, assignee, updated. */
// l10n: not user-facing (a tool result the model reads)
export function ticketLine(t: Ticket, users: Users, statuses?: StatusVocabulary): string {
  return `#${t.id} "${oneLine(t.subject)}" · ${statusText(t, statuses)} · requester ${person(t.requester_id, users)} · assignee ${person(t.assignee_id, users)} · updated ${t.updated_at}`;
}

// l10n: not user-facing (a tool result the model reads)
export function ticketList(heading: string, tickets: readonly Ticket[], users: Users, more?: string, statuses?: StatusVocabulary): string {
  if (!tickets.length) return `${heading}: no tickets.`;
  const lines = [`${heading}: ${tickets.length} ticket${tickets.length > 1 ? 's' : ''}${more ? ` (${more})` : ''}.`, ...tickets.map((t) => `- ${ticketLine(t, users, statuses)}`)];
  return lines.join('\n');
}

// l10n: not user-facing (a tool result the model reads)
export function viewList(account: AccountInfo, views: readonly View[]): string {
  if (!views.length) return `No active views on ${actingAs(account)}.`;
  return [`Active views on ${actingAs(account)} (call zendesk_listViewTickets with a viewId):`, ...views.map((v) => `- view ${v.id}: "${oneLine(v.title)}"`)].join('\n');
}

// l10n: not user-facing (a tool result the model reads)
export function ticketDetail(account: AccountInfo, t: Ticket, comments: readonly TicketComment[], users: Users, limits: TrimLimits = DEFAULT_LIMITS, statuses: StatusVocabulary = SYSTEM): string {
  const available = statusList(statuses);
  const head = [
    `Ticket #${t.id} on ${account.subdomain}: "${oneLine(t.subject)}"`,
    `Status: ${statusText(t, statuses)} · Priority: ${t.priority ?? 'none'} · Type: ${t.type ?? 'none'}`,
    `Requester: ${person(t.requester_id, users)}`,
    `Assignee: ${person(t.assignee_id, users)}`,
    `Tags: ${t.tags.length ? t.tags.join(', ') : 'none'}`,
    `Created: ${t.created_at} · Updated: ${t.updated_at}`,
    `Link: ${ticketLink(account, t.id)}`,
    `Read as: ${actingAs(account)}`,
    ...(available ? [available] : []),
  ];
  const entries = comments.map((c, i) => ({
    index: i + 1,
    header: `--- #${i + 1} · ${c.public ? 'PUBLIC reply' : 'INTERNAL note (agents only)'} · ${person(c.author_id, users)} · ${c.created_at}`,
    text: commentText(c),
  }));
  const trimmed = trimConversation(entries, limits);
  const note = trimmingNote(trimmed, entries.length);
  const conv = [`Conversation (${comments.length} comment${comments.length === 1 ? '' : 's'}, oldest first):`, ...(note ? [note] : []), ...trimmed.blocks];
  return [...head, '', ...conv].join('\n');
}

/** What addComment will do, in the words of its confirmation (Markdown: the account's label and the tags come from
 * Zendesk or the model, so they are escaped; the comment is quoted verbatim). */
export function describeComment(i: AddCommentInput, label: string): { title: string; message: string } {
  const accountLabel = escapeMarkdown(label);
  if (i.public === true) {
    return {
      title: l10n.t('Send a public reply on ticket #{0}?', i.ticketId),
      message: l10n.t('The requester of ticket #{0} on {1} will receive this reply:\n\n{2}', i.ticketId, accountLabel, quote(i.body)),
    };
  }
  return {
    title: l10n.t('Add an internal note to ticket #{0}?', i.ticketId),
    message: l10n.t('Adds an internal note (agents only, the requester does not see it) to ticket #{0} on {1}:\n\n{2}', i.ticketId, accountLabel, quote(i.body)),
  };
}

/** The changes an update makes, one per line ("Status → solved"). */
export function changeLines(i: UpdateTicketInput): string[] {
  const out: string[] = [];
  if (i.status) out.push(l10n.t('Status → {0}', i.status));
  if (i.customStatus) out.push(l10n.t('Status → {0}', i.customStatus));
  if (i.priority) out.push(l10n.t('Priority → {0}', i.priority));
  if (i.assigneeId !== undefined) out.push(l10n.t('Assignee → user {0}', i.assigneeId));
  if (i.addTags?.length) out.push(i.addTags.length > 1 ? l10n.t('Add tags: {0}', i.addTags.join(', ')) : l10n.t('Add tag: {0}', i.addTags.join(', ')));
  if (i.removeTags?.length) out.push(i.removeTags.length > 1 ? l10n.t('Remove tags: {0}', i.removeTags.join(', ')) : l10n.t('Remove tag: {0}', i.removeTags.join(', ')));
  return out;
}

export function describeUpdate(i: UpdateTicketInput, label: string): { title: string; message: string } {
  return {
    title: l10n.t('Change ticket #{0}?', i.ticketId),
    message: l10n.t('Changes ticket #{0} on {1}:\n{2}', i.ticketId, escapeMarkdown(label), changeLines(i).map((l) => `- ${escapeMarkdown(l)}`).join('\n')),
  };
}

/** The result of a change: what the ticket is now. */
// l10n: not user-facing (a tool result the model reads)
export function updatedTicket(account: AccountInfo, t: Ticket, users: Users, did: string, statuses?: StatusVocabulary): string {
  return [
    `${did} ticket #${t.id} on ${actingAs(account)}.`,
    `Now: ${ticketLine(t, users, statuses)} · priority ${t.priority ?? 'none'} · tags ${t.tags.length ? t.tags.join(', ') : 'none'}`,
    `Link: ${ticketLink(account, t.id)}`,
  ].join('\n');
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Text shown as itself in Markdown: no link, image, emphasis or HTML can come out of it. */
export function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, (ch) => `\\${ch}`);
}

/** The text verbatim in a Markdown code block (the confirmation renders Markdown: a model's text must not become
 * links, images or formatting there). The fence is longer than any run of backticks inside. */
export function quote(s: string): string {
  const longest = Math.max(2, ...(s.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}text\n${s}\n${fence}`;
}
