// What "Start Work on Ticket" offers to change on the ticket: assign it to the agent and give it a status, as one
// update, or leave it as it is. The choices only; the command asks for confirmation and writes. No `vscode` import.
import * as l10n from '@vscode/l10n';
import type { StatusChoice, StatusVocabulary } from '../tickets/statuses';
import type { Ticket, TicketPatch } from '../zendesk/types';

export interface TicketUpdateChoice {
  label: string;
  /** Empty: leave the ticket as it is. */
  patch: TicketPatch;
  /** "assign it to you and set it to Open", for the confirmation. */
  summary: string;
}

/** The categories starting work can move a ticket to: work goes on (open), waits (pending) or is held (hold). */
const WORK_CATEGORIES = new Set(['open', 'pending', 'hold']);

/**
 * The updates to offer, the usual one first: assigned to `me` and Open (each status of the account's own in those
 * categories too), assigned only, and leaving the ticket as it is. A choice that would change nothing is left out.
 */
export function ticketUpdateChoices(
  ticket: Pick<Ticket, 'assignee_id' | 'status' | 'custom_status_id'>,
  me: number,
  statuses: StatusVocabulary,
): TicketUpdateChoice[] {
  const assign = ticket.assignee_id !== me;
  const out: TicketUpdateChoice[] = [];
  const closed = ticket.status === 'closed';
  if (!closed) {
    for (const s of statuses.choices.filter((c) => WORK_CATEGORIES.has(c.category))) {
      const same = statuses.isCurrent(ticket, s);
      if (same && !assign) continue;
      out.push(same ? assignOnly(me) : withStatus(s, assign, me, statuses));
    }
    if (assign && !out.some((c) => c.patch.status === undefined && c.patch.custom_status_id === undefined)) {
      out.push(assignOnly(me));
    }
  }
  out.push({ label: l10n.t('Leave the ticket as it is'), patch: {}, summary: '' });
  return out;
}

function assignOnly(me: number): TicketUpdateChoice {
  return { label: l10n.t('Assign to you'), patch: { assignee_id: me }, summary: l10n.t('assign it to you') };
}

function withStatus(s: StatusChoice, assign: boolean, me: number, statuses: StatusVocabulary): TicketUpdateChoice {
  const patch: TicketPatch = { ...statuses.patch(s), ...(assign ? { assignee_id: me } : {}) };
  return assign
    ? {
        label: l10n.t('Assign to you and set {0}', s.label),
        patch,
        summary: l10n.t('assign it to you and set it to {0}', s.label),
      }
    : { label: l10n.t('Set {0}', s.label), patch, summary: l10n.t('set it to {0}', s.label) };
}
