// The Markdown of a ticket reference's hover. Everything from Zendesk in it (subject, names, status labels) is
// untrusted and escaped with the project's one Markdown escape, so a subject such as
// `[Open](command:workbench.action.terminal.new)` or `![](https://evil.example/pixel)` reads as itself: the only
// link that runs a command is the one built here, and the hover trusts that command alone (see referenceProviders).
// No `vscode` import.
import * as l10n from '@vscode/l10n';
import { Commands } from '../../constants';
import { escapeMarkdown } from '../../escape';
import { relativeTime } from '../../tickets/format';
import type { TicketPreview } from './ticketPreviews';

/** The one command a hover may run: the ticket tab of that account's ticket. */
export const HOVER_COMMAND = Commands.openTicket;

/** `command:zendesk.openTicket?[{"accountId":…,"ticketId":…}]`, as VS Code's command links take their arguments. */
export function openTicketCommandUri(accountId: string, ticketId: number): string {
  return `command:${HOVER_COMMAND}?${encodeURIComponent(JSON.stringify([{ accountId, ticketId }]))}`;
}

/** Untrusted text on one line: line breaks and runs of spaces as one space (no heading, rule or list can start),
 * then escaped. */
export function inline(text: string): string {
  return escapeMarkdown(text.replace(/\s+/g, ' ').trim());
}

/** The hover of a ticket: its number and subject, status, requester, assignee and last update, and where to open it. */
export function previewMarkdown(p: TicketPreview, now: number): string {
  const updated = Date.parse(p.updatedAt);
  const when = Number.isNaN(updated)
    ? ''
    : l10n.t(
        'Updated {0} ({1})',
        relativeTime(p.updatedAt, now),
        new Date(updated).toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
      );
  return [
    `**#${p.ticketId}** ${inline(p.subject) || `*${escapeMarkdown(l10n.t('(no subject)'))}*`}`,
    [
      l10n.t('Status: {0}', inline(p.status)),
      l10n.t('Requester: {0}', inline(p.requester)),
      l10n.t('Assignee: {0}', inline(p.assignee)),
    ].join(' · '),
    escapeMarkdown(when),
    `[${escapeMarkdown(l10n.t('Open Ticket'))}](${openTicketCommandUri(p.accountId, p.ticketId)}) · [${escapeMarkdown(l10n.t('Open in Zendesk'))}](<${p.agentUrl}>)`,
  ]
    .filter(Boolean)
    .join('\n\n');
}

/** A hover whose ticket could not be read: which one, why (already in the user's words), and the tab, which can
 * ask for what the hover may not (more access, a sign-in). */
export function failureMarkdown(accountId: string, ticketId: number, why: string): string {
  return [
    `**#${ticketId}** ${inline(why)}`,
    `[${escapeMarkdown(l10n.t('Open Ticket'))}](${openTicketCommandUri(accountId, ticketId)})`,
  ].join('\n\n');
}
