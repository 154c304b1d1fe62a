// What a command hands to an open ticket tab to stage: a comment for the composer and field changes, sent later by
// the agent's one Submit. The ticket tab implements `TicketTabs`; until it stages fields itself, `DraftTicketTabs`
// puts what it can in the ticket's draft (the comment, its mode and the status to submit as) and says what it could
// not. No `vscode` import.
import type { Draft, DraftStore } from './drafts';
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

/**
 * The stand-in until the tab stages fields: the comment is added to the draft's text (after what the agent already
 * wrote), the mode follows the comment, and a status becomes the draft's "Submit as". Other fields are not staged:
 * the outcome names them, nothing is saved behind the agent's back.
 */
export class DraftTicketTabs implements TicketTabs {
  constructor(
    private readonly drafts: Pick<DraftStore, 'get' | 'save'>,
    /** Opens (or shows) the ticket's tab so it shows the draft. */
    private readonly show: (accountId: string, ticketId: number) => Promise<void>,
  ) {}

  async stage(accountId: string, ticketId: number, changes: StagedChanges): Promise<StageOutcome> {
    const d: Draft | undefined = this.drafts.get(accountId, ticketId);
    const staged: StageOutcome['staged'] = [];
    const notStaged: StageOutcome['notStaged'] = [];
    let body = d?.body ?? '';
    let mode = d?.mode;
    let status = d?.status;
    if (changes.comment?.body.trim()) {
      body = body.trim() ? `${body.trimEnd()}\n\n${changes.comment.body}` : changes.comment.body;
      mode = changes.comment.public ? 'public' : 'internal';
      staged.push('comment');
    }
    for (const [field, value] of Object.entries(changes.fields) as [keyof StagedFields, unknown][]) {
      if (value === undefined) continue;
      // A custom status is named by its id, a system one by its category (statuses.ts keys).
      if (field === 'custom_status_id' && typeof value === 'number') {
        status = String(value);
        staged.push(field);
      } else if (field === 'status' && typeof value === 'string' && changes.fields.custom_status_id === undefined) {
        status = value;
        staged.push(field);
      } else if (field !== 'status') notStaged.push(field);
    }
    await this.drafts.save(accountId, ticketId, { body, mode, status, attachments: d?.attachments });
    await this.show(accountId, ticketId);
    return { staged, notStaged };
  }
}
