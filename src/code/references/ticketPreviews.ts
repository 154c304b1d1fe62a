// What a hover on a ticket reference shows, read once and kept briefly: moving the mouse across `ZD-1234` asks
// VS Code for a hover again and again, and a reference is often repeated in one file. One request per ticket
// (`GET /api/v2/tickets/{id}` with its people sideloaded, as the ticket tab reads it:
// https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#show-ticket and
// https://developer.zendesk.com/documentation/ticketing/using-the-zendesk-api/side_loading/), shared by hovers that
// ask while it is under way. Nothing is asked for an account that is not signed in. No `vscode` import.
import type { AccountAccess } from '../../auth/access';
import { NotSignedInError } from '../../auth/errors';
import type { Disposable, Event } from '../../events';
import { personName, revealBidi } from '../../tickets/format';
import { readTickets } from '../../tickets/reads';
import type { StatusCatalog } from '../../tickets/statusCatalog';
import type { TicketChanged } from '../../tickets/ticketChanges';
import { getTicketWithUsers } from '../../zendesk/api';
import { agentTicketUrl } from '../../zendesk/subdomain';

export interface TicketPreview {
  accountId: string;
  ticketId: number;
  /** As Zendesk has it (untrusted): escaped by whoever shows it. Bidi controls shown as themselves. */
  subject: string;
  /** "Waiting on engineering (On-hold)" on an account with custom statuses, "Pending" without. */
  status: string;
  requester: string;
  assignee: string;
  /** ISO time of the ticket's last update. */
  updatedAt: string;
  /** The ticket in Zendesk's agent workspace. */
  agentUrl: string;
}

/** How long a preview is shown without asking again: long enough for a burst of hovers, short enough to be fresh. */
export const PREVIEW_TTL_MS = 60_000;
/** How many previews are kept: the oldest go first. */
export const PREVIEW_CAP = 200;

interface Entry {
  at: number;
  preview: Promise<TicketPreview>;
}

export interface TicketPreviewDeps {
  access: AccountAccess;
  statuses: StatusCatalog;
  now: () => number;
  /** A ticket's new state (a write from the tab or the tree): its preview is read again next time. */
  changes?: { onDidChange: Event<TicketChanged> };
  ttlMs?: number;
  cap?: number;
}

export class TicketPreviews implements Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly subscriptions: Disposable[] = [];

  constructor(private readonly deps: TicketPreviewDeps) {
    if (deps.changes) {
      this.subscriptions.push(deps.changes.onDidChange((e) => this.entries.delete(key(e.accountId, e.ticket.id))));
    }
    // An account signed out: its previews go with it (a hover then asks nothing).
    this.subscriptions.push(deps.access.onDidChange(() => this.retainSignedIn()));
  }

  /**
   * The ticket's preview: kept if read less than the TTL ago (or under way), else read now. Rejects with
   * NotSignedInError, without a request, when the account is not signed in; with the client's typed errors else
   * (kept for nobody: the next hover asks again). Never asks the user for more access: a hover is not a request to.
   */
  get(accountId: string, ticketId: number): Promise<TicketPreview> {
    if (!this.deps.access.accounts().some((a) => a.accountId === accountId)) {
      return Promise.reject(new NotSignedInError(accountId));
    }
    const k = key(accountId, ticketId);
    const now = this.deps.now();
    const kept = this.entries.get(k);
    if (kept && now - kept.at < (this.deps.ttlMs ?? PREVIEW_TTL_MS)) return kept.preview;
    const preview = this.read(accountId, ticketId);
    const entry = { at: now, preview };
    this.entries.delete(k);
    this.entries.set(k, entry);
    preview.catch(() => {
      if (this.entries.get(k) === entry) this.entries.delete(k);
    });
    const cap = this.deps.cap ?? PREVIEW_CAP;
    for (const old of this.entries.keys()) {
      if (this.entries.size <= cap) break;
      this.entries.delete(old);
    }
    return preview;
  }

  private read(accountId: string, ticketId: number): Promise<TicketPreview> {
    return this.deps.access.withClient(accountId, readTickets({ interactive: false }), async (c, account) => {
      const [{ ticket, users }, vocabulary] = await Promise.all([
        getTicketWithUsers(c, ticketId),
        this.deps.statuses.get(accountId, c),
      ]);
      const byId = new Map(users.map((u) => [u.id, u]));
      return {
        accountId,
        ticketId,
        subject: revealBidi(ticket.subject ?? ''),
        status: vocabulary.labelWithCategory(ticket),
        requester: personName(ticket.requester_id, byId.get(ticket.requester_id ?? 0)),
        assignee: personName(ticket.assignee_id, byId.get(ticket.assignee_id ?? 0)),
        updatedAt: ticket.updated_at,
        agentUrl: agentTicketUrl(account.baseUrl, ticketId),
      };
    });
  }

  private retainSignedIn(): void {
    const live = new Set(this.deps.access.accounts().map((a) => a.accountId));
    for (const k of [...this.entries.keys()]) if (!live.has(k.slice(0, k.lastIndexOf(' ')))) this.entries.delete(k);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.entries.clear();
  }
}

function key(accountId: string, ticketId: number): string {
  return `${accountId} ${ticketId}`;
}
