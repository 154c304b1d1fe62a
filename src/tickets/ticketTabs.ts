// What a command hands to an open ticket tab to stage: a comment for the composer and field changes, sent later by
// the agent's one Submit. The ticket tabs (detail/detailPanel.ts, its controller) implement `TicketTabs`.
// No `vscode` import.
import type { Ticket } from '../zendesk/types';

/** Ticket fields as Zendesk's API names them (`PUT /api/v2/tickets/{id}`), with the values to set. */
export type StagedFields = Partial<
  Pick<Ticket, 'status' | 'custom_status_id' | 'priority' | 'type' | 'assignee_id' | 'group_id' | 'tags' | 'subject'>
>;

export interface StagedChanges {
  /** Text for the composer, Markdown, and whether it goes out as a public reply or an internal note. */
  comment?: { body: string; public: boolean };
  fields: StagedFields;
  /** Where the changes come from, for the tab to say ("Macro: Refund approved"). */
  source?: { kind: 'macro'; id: number; title: string };
}

export interface StageOutcome {
  /** Staged in the tab: shown as changed, sent with the next Submit. */
  staged: (keyof StagedFields | 'comment')[];
  /** Left out: the tab cannot stage these (yet); the command says so. */
  notStaged: (keyof StagedFields)[];
}

/** The open ticket tabs, as far as a command needs them. */
export interface TicketTabs {
  /** Merges the changes into the ticket's staged changes and composer, opening its tab; nothing is sent. */
  stage(accountId: string, ticketId: number, changes: StagedChanges): Promise<StageOutcome>;
}
