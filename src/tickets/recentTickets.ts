// "Recently viewed": the last tickets opened, per account, newest first, kept in globalState across reloads. Only
// the id and the subject as last seen are kept (the subject is shown until the ticket is opened again). No `vscode`
// import.
import { MementoKeys } from '../constants';
import { Emitter } from '../events';
import type { MementoLike } from './drafts';

export interface RecentTicket {
  ticketId: number;
  subject: string;
  openedAt: number;
}

/** How many tickets each account's list keeps. */
export const RECENT_TICKETS_CAP = 20;

const KEY = MementoKeys.recentTickets;

export class RecentTickets {
  private readonly changed = new Emitter<string>();
  /** An account's list changed (its id). */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly memento: MementoLike,
    private readonly now: () => number = Date.now,
    private readonly cap = RECENT_TICKETS_CAP,
  ) {}

  list(accountId: string): RecentTicket[] {
    const raw = this.memento.get<unknown>(KEY(accountId));
    return Array.isArray(raw) ? raw.filter(isRecent).slice(0, this.cap) : [];
  }

  /** The ticket moves to the top (once); the oldest beyond the cap drop off. A subject not known yet keeps the
   * one seen before. */
  async opened(accountId: string, ticketId: number, subject?: string): Promise<void> {
    const before = this.list(accountId);
    const kept = before.find((r) => r.ticketId === ticketId)?.subject ?? '';
    const next = [
      { ticketId, subject: subject ?? kept, openedAt: this.now() },
      ...before.filter((r) => r.ticketId !== ticketId),
    ].slice(0, this.cap);
    await this.memento.update(KEY(accountId), next);
    this.changed.fire(accountId);
  }

  async clear(accountId: string): Promise<void> {
    await this.memento.update(KEY(accountId), undefined);
    this.changed.fire(accountId);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function isRecent(r: unknown): r is RecentTicket {
  if (typeof r !== 'object' || r === null) return false;
  const x = r as Record<string, unknown>;
  return (
    typeof x.ticketId === 'number' &&
    Number.isSafeInteger(x.ticketId) &&
    x.ticketId > 0 &&
    typeof x.subject === 'string' &&
    typeof x.openedAt === 'number'
  );
}
