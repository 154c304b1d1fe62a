// Ticket references everywhere: what main.ts registers. Links and hovers in every document (the commit message box
// included), completion in the commit message box.
import * as vscode from 'vscode';
import type { AccountAccess } from '../../auth/access';
import type { Logger } from '../../log';
import type { RecentTickets } from '../../tickets/recentTickets';
import type { StatusCatalog } from '../../tickets/statusCatalog';
import type { TicketChanges } from '../../tickets/ticketChanges';
import { registerReferenceCompletion, type CurrentTicketSource } from './referenceCompletion';
import { TicketReferenceHovers, TicketReferenceLinks, type ReferenceSettings } from './referenceProviders';
import { TicketPreviews } from './ticketPreviews';

export { NO_CURRENT_TICKET, type CurrentTicketSource } from './referenceCompletion';
export { ReferenceSettings } from './referenceProviders';

export interface TicketReferenceDeps {
  access: AccountAccess;
  statuses: StatusCatalog;
  changes: TicketChanges;
  recent: RecentTickets;
  current: CurrentTicketSource;
  now: () => number;
  log: Logger;
  /** `zendesk.references.patterns`, shared with the commit box (src/code/commitMessage.ts): one reading of them. */
  settings: ReferenceSettings;
}

/** Every document: a reference can be in code, a README, a diff or the commit box. */
const EVERY_DOCUMENT: vscode.DocumentSelector = '*';

export function registerTicketReferences(d: TicketReferenceDeps): vscode.Disposable {
  const settings = d.settings;
  const previews = new TicketPreviews({ access: d.access, statuses: d.statuses, now: d.now, changes: d.changes });
  const deps = { access: d.access, settings, previews, now: d.now, log: d.log };
  return vscode.Disposable.from(
    previews,
    vscode.languages.registerDocumentLinkProvider(EVERY_DOCUMENT, new TicketReferenceLinks(deps)),
    vscode.languages.registerHoverProvider(EVERY_DOCUMENT, new TicketReferenceHovers(deps)),
    registerReferenceCompletion(
      { access: d.access, recent: d.recent, current: d.current, settings },
      settings.onDidChange,
    ),
  );
}
