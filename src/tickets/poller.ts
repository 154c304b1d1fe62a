// A timer that runs a check every N minutes, only while the window is focused: a window in the background costs
// the account no API budget. Regaining focus after a full interval checks at once. No `vscode` import.
import { assignedTicketPages } from '../zendesk/api';
import type { ZendeskClient } from '../zendesk/http';
import type { Ticket } from '../zendesk/types';
import { UNSOLVED_STATUSES } from './statuses';

export interface PollerOptions {
  /** Milliseconds between checks; 0 turns polling off. Read at every (re)schedule, so a settings change applies. */
  intervalMs(): number;
  focused(): boolean;
  tick(): Promise<void>;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (t: unknown) => void;
}

/** The clock and timer a timed object uses; tests pass their own to move time by hand. */
export type Timers = Pick<PollerOptions, 'now' | 'setTimer' | 'clearTimer'>;

export class Poller {
  private timer: unknown;
  private last = -Infinity;
  private running = false;
  private disposed = false;

  constructor(private readonly o: PollerOptions) {}

  /** Starts (or restarts after a settings change): checks now, then every interval. */
  start(): void {
    this.last = -Infinity;
    this.schedule();
  }

  /** The window gained or lost focus. */
  focusChanged(): void {
    this.schedule();
  }

  private get now(): number {
    return (this.o.now ?? Date.now)();
  }

  private schedule(): void {
    this.stopTimer();
    const every = this.o.intervalMs();
    if (this.disposed || every <= 0 || !this.o.focused()) return;
    const due = Math.max(0, this.last + every - this.now);
    this.timer = (this.o.setTimer ?? setTimeout)(() => void this.run(), due);
  }

  private async run(): Promise<void> {
    this.timer = undefined;
    if (this.running || this.disposed || !this.o.focused()) return;
    this.running = true;
    this.last = this.now;
    try {
      await this.o.tick();
    } finally {
      this.running = false;
      this.schedule();
    }
  }

  private stopTimer(): void {
    if (this.timer !== undefined) (this.o.clearTimer ?? ((t) => clearTimeout(t as NodeJS.Timeout)))(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.disposed = true;
    this.stopTimer();
  }
}

/** Tickets assigned to the user now that were not at the last check; nothing on the first check (the baseline). */
export class AssignmentWatch {
  private known: Set<number> | undefined;

  /**
   * Reads every unsolved ticket assigned to the user, through `/users/{id}/tickets/assigned` (all cursor pages):
   * search would lag minutes behind an assignment and stop at 1,000 results. Answers the newly assigned ones.
   */
  async check(c: ZendeskClient, userId: number, signal?: AbortSignal): Promise<Ticket[]> {
    const open: Ticket[] = [];
    for await (const page of assignedTicketPages(c, userId, { signal })) {
      open.push(...page.tickets.filter((t) => UNSOLVED_STATUSES.has(t.status)));
    }
    return this.update(open);
  }

  update<T extends { id: number }>(assigned: readonly T[]): T[] {
    const before = this.known;
    this.known = new Set(assigned.map((t) => t.id));
    return before ? assigned.filter((t) => !before.has(t.id)) : [];
  }

  reset(): void {
    this.known = undefined;
  }
}
