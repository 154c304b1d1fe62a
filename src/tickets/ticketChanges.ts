// "A ticket changed": how the tree and the ticket tab hear of each other's writes and fresh reads without calling into
// each other. Whoever learns a ticket's new state (a write's answer, a reload) fires it; the tree updates that one row
// in place, a tab showing the ticket reloads if it shows an older state. No `vscode` import.
import { Emitter, type Disposable, type Event } from '../events';
import type { Ticket } from '../zendesk/types';

export interface TicketChanged {
  accountId: string;
  /** The ticket as Zendesk just answered it. */
  ticket: Ticket;
}

export class TicketChanges implements Disposable {
  private readonly emitter = new Emitter<TicketChanged>();
  readonly onDidChange: Event<TicketChanged> = this.emitter.event;

  fire(e: TicketChanged): void {
    this.emitter.fire(e);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
