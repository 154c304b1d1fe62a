// What each chat tool does, as plain Node over the account layer: pick the account, act through
// AccountAccess.withClient with the scopes the action needs (which asks the user for more and retries), and turn
// the answer, or the failure, into the text the model reads. Input arrives validated (validate.ts).
// No `vscode` import: tools.ts only adapts these to VS Code's LanguageModelTool.
import type { AccessNeed, AccountAccess, AccountInfo } from '../auth/access';
import { accountNamed } from '../auth/accounts';
import { AmbiguousAccountError } from '../auth/errors';
import { getTicket, listComments, listViews, searchTickets, showManyUsers, viewTicketsPage } from '../zendesk/api';
import type { ZendeskClient } from '../zendesk/http';
import { NO_LOG, type Logger, type Ticket, type TicketPatch, type ZendeskUser } from '../zendesk/types';
import { editedTags, needFor, writeTicket } from '../tickets/actions';
import { StatusCatalog } from '../tickets/statusCatalog';
import type { StatusVocabulary } from '../tickets/statuses';
import type { TrimLimits } from './conversation';
import {
  actingAs,
  describeComment,
  describeUpdate,
  ticketDetail,
  ticketList,
  updatedTicket,
  viewList,
  type ConfirmationText,
} from './format';
import type {
  AddCommentInput,
  GetTicketInput,
  ListViewTicketsInput,
  SearchTicketsInput,
  UpdateTicketInput,
} from './schemas';
import { toolErrorText, type FailedCall } from './toolErrors';
import * as l10n from '@vscode/l10n';

/** Every tool reads tickets; a write also reads first, for the ticket's tags and the `updated_stamp` its safe_update
 * is checked against, and after, to show the ticket as it is now. */
const read = (): AccessNeed => needFor('readTicket');

const DEFAULT_LIMIT = 25;

export type AccountChoice =
  { ok: true; accountId: string | undefined; account: AccountInfo | undefined } | { ok: false; text: string };

/** The account the input names (account id, or a subdomain signed in once), else the one in use in this workspace. */
export function chooseAccount(access: AccountAccess, name: string | undefined): AccountChoice {
  const all = access.accounts();
  if (name === undefined) {
    const inUse = access.inUse();
    return { ok: true, accountId: inUse?.accountId, account: inUse };
  }
  let a: AccountInfo;
  try {
    a = accountNamed(all, name);
  } catch (e) {
    if (e instanceof AmbiguousAccountError) {
      return { ok: false, text: toolErrorText(e, { doing: 'choosing the account' }) };
    }
    return notSignedInText(all, name);
  }
  return { ok: true, accountId: a.accountId, account: a };
}

/** No signed-in account has that name: the ones that are, so the model can choose. */
function notSignedInText(all: readonly AccountInfo[], name: string): AccountChoice {
  const listed = all.map((a) => `${a.accountId} (${a.user.name})`).join(', ');
  return {
    ok: false,
    text: all.length
      ? `No signed-in Zendesk account is "${name}". Signed in: ${listed}. Give one of these as "account", or leave it out to use the account in use. Nothing was sent to Zendesk.`
      : 'Not signed in to Zendesk. Ask the user to run "Zendesk: Sign In". Nothing was sent to Zendesk.',
  };
}

/** `acme as Jane Agent <jane@acme.test>`: how confirmations name the account. */
export function confirmationLabel(a: AccountInfo | undefined): string {
  if (!a) return l10n.t('the Zendesk account in use');
  return a.user.email
    ? l10n.t('{0} as {1} <{2}>', a.subdomain, a.user.name, a.user.email)
    : l10n.t('{0} as {1}', a.subdomain, a.user.name);
}

type Confirmation = { title: string; message: string } | { refused: string };

/** How many shown confirmations are remembered (one is forgotten when its write runs; declined ones age out). */
const CONFIRMATIONS_KEPT = 50;

export class ChatOperations {
  /** The account each shown confirmation named, by tool and input: the write goes there, even when the account in
   * use changes between the confirmation and the write. */
  private readonly confirmed = new Map<string, string | undefined>();

  constructor(
    private readonly access: AccountAccess,
    private readonly log: Logger = NO_LOG,
    /** Each account's ticket statuses, shared with the tree and the ticket tab. */
    private readonly statuses: StatusCatalog = new StatusCatalog(log),
  ) {}

  searchTickets(i: SearchTicketsInput, signal?: AbortSignal): Promise<string> {
    const limit = i.limit ?? DEFAULT_LIMIT;
    return this.run(i.account, read(), { doing: 'searching tickets' }, async (c, a) => {
      const [page, statuses] = await Promise.all([
        searchTickets(c, i.query, { perPage: limit, signal }),
        this.statuses.get(a.accountId, c),
      ]);
      const tickets = page.tickets.slice(0, limit);
      const users = await showManyUsers(
        c,
        tickets.flatMap((t) => [t.requester_id, t.assignee_id]),
        signal,
      );
      const more = page.count > tickets.length ? `${page.count} match; showing the first ${tickets.length}` : undefined;
      return ticketList(`Search "${i.query}" on ${actingAs(a)}`, tickets, users, more, statuses);
    });
  }

  getTicket(i: GetTicketInput, limits?: TrimLimits, signal?: AbortSignal): Promise<string> {
    return this.run(
      i.account,
      read(),
      { doing: `reading ticket ${i.ticketId}`, record: `ticket ${i.ticketId}` },
      async (c, a) => {
        const [ticket, comments, statuses] = await Promise.all([
          getTicket(c, i.ticketId, signal),
          listComments(c, i.ticketId, signal),
          this.statuses.get(a.accountId, c),
        ]);
        const users = await showManyUsers(
          c,
          [ticket.requester_id, ticket.assignee_id, ...comments.map((x) => x.author_id)],
          signal,
        );
        return ticketDetail(a, ticket, comments, users, limits, statuses);
      },
    );
  }

  /**
   * The workspace's current ticket (the branch's, from "Start Work on Ticket"), read as zendesk_getTicket reads a
   * ticket, on the account work started with; or what to do when there is none.
   */
  async currentTicket(
    current: { accountId: string; ticketId: number } | undefined,
    limits?: TrimLimits,
    signal?: AbortSignal,
  ): Promise<string> {
    if (!current) {
      return 'There is no current Zendesk ticket in this workspace: nobody ran "Zendesk: Start Work on Ticket" on this branch. Ask the user which ticket they mean, or find it with zendesk_searchTickets. Nothing was sent to Zendesk.';
    }
    const detail = await this.getTicket({ ticketId: current.ticketId, account: current.accountId }, limits, signal);
    return `The current ticket of this workspace (its branch's) is #${current.ticketId} on ${current.accountId}.\n\n${detail}`;
  }

  listViewTickets(i: ListViewTicketsInput, signal?: AbortSignal): Promise<string> {
    const limit = i.limit ?? DEFAULT_LIMIT;
    const record = i.viewId !== undefined ? `view ${i.viewId}` : 'the view';
    return this.run(i.account, read(), { doing: 'listing the tickets of a view', record }, async (c, a) => {
      let viewId = i.viewId;
      let title = viewId !== undefined ? `View ${viewId}` : '';
      if (viewId === undefined) {
        const views = await listViews(c, { active: true, signal });
        if (i.viewTitle === undefined) return viewList(a, views);
        const wanted = i.viewTitle.trim().toLowerCase();
        const exact = views.filter((v) => v.title.toLowerCase() === wanted);
        const matches = exact.length ? exact : views.filter((v) => v.title.toLowerCase().includes(wanted));
        if (matches.length !== 1) {
          return `${matches.length ? 'Several views match' : 'No view matches'} "${i.viewTitle}". ${viewList(a, matches.length ? matches : views)}`;
        }
        const [view] = matches as [(typeof views)[number]];
        viewId = view.id;
        title = `View ${view.id} "${view.title}"`;
      }
      const [page, statuses] = await Promise.all([
        viewTicketsPage(c, viewId, { pageSize: limit, signal }),
        this.statuses.get(a.accountId, c),
      ]);
      const users = await showManyUsers(
        c,
        page.tickets.flatMap((t) => [t.requester_id, t.assignee_id]),
        signal,
      );
      return ticketList(
        `${title} on ${actingAs(a)}`,
        page.tickets,
        users,
        page.hasMore ? `more in Zendesk; showing the first ${page.tickets.length}` : undefined,
        statuses,
      );
    });
  }

  addComment(i: AddCommentInput, signal?: AbortSignal): Promise<string> {
    const isPublic = i.public === true;
    const doing = isPublic
      ? `sending a public reply on ticket ${i.ticketId}`
      : `adding an internal note to ticket ${i.ticketId}`;
    return this.run(
      i.account,
      needFor('readTicket', isPublic ? 'replyPublic' : 'addNote'),
      { doing, record: `ticket ${i.ticketId}`, write: true, confirmed: confirmationKey('addComment', i) },
      async (c, a) => {
        const current = await getTicket(c, i.ticketId, signal);
        const comment = { comment: { body: i.body, public: isPublic } };
        const ticket = await writeTicket(c, i.ticketId, comment, current.updated_at, signal);
        return this.after(c, a, ticket, isPublic ? 'Sent a public reply on' : 'Added an internal note to', signal);
      },
    );
  }

  updateTicket(i: UpdateTicketInput, signal?: AbortSignal): Promise<string> {
    const tags = i.addTags !== undefined || i.removeTags !== undefined;
    return this.run(
      i.account,
      needFor('readTicket', tags ? 'editTags' : 'updateFields'),
      {
        doing: `changing ticket ${i.ticketId}`,
        record: `ticket ${i.ticketId}`,
        write: true,
        confirmed: confirmationKey('updateTicket', i),
      },
      async (c, a) => {
        const patch: TicketPatch = {};
        if (i.status !== undefined || i.customStatus !== undefined) {
          const statuses = await this.statuses.get(a.accountId, c);
          const set = statusPatch(statuses, i, a.subdomain);
          if (typeof set === 'string') return set;
          Object.assign(patch, set);
        }
        if (i.priority) patch.priority = i.priority;
        if (i.assigneeId !== undefined) patch.assignee_id = i.assigneeId;
        // The ticket as this change is decided on: its tags, and the stamp that has Zendesk refuse the write (409)
        // if someone changes the ticket before it lands, rather than lose their tags or their change.
        const current = await getTicket(c, i.ticketId, signal);
        // Zendesk's `tags` replaces the list: start from the ticket's own so that its other tags stay.
        if (tags) patch.tags = editedTags(current.tags, i.addTags, i.removeTags);
        const ticket = await writeTicket(c, i.ticketId, patch, current.updated_at, signal);
        return this.after(c, a, ticket, 'Changed', signal);
      },
    );
  }

  /** The confirmation of addComment, or why the call cannot go ahead (it will return that text, changing nothing). */
  confirmComment(i: AddCommentInput, text?: ConfirmationText): Confirmation {
    const choice = chooseAccount(this.access, i.account);
    if (!choice.ok) return { refused: choice.text };
    this.bind(confirmationKey('addComment', i), choice.accountId);
    return describeComment(i, confirmationLabel(choice.account), text);
  }

  /** The confirmation names the new assignee as a person, looked up on the account the write will go to. */
  async confirmUpdate(i: UpdateTicketInput, signal?: AbortSignal, text?: ConfirmationText): Promise<Confirmation> {
    const choice = chooseAccount(this.access, i.account);
    if (!choice.ok) return { refused: choice.text };
    let assignee: ZendeskUser | undefined;
    if (i.assigneeId !== undefined && choice.accountId !== undefined) {
      const id = i.assigneeId;
      assignee = await this.access
        .withClient(choice.accountId, read(), async (c) => (await showManyUsers(c, [id], signal)).get(id))
        .catch((e: unknown) => {
          this.log.warn(`looking up user ${id} for a confirmation: ${e instanceof Error ? e.name : String(e)}`);
          return undefined;
        });
    }
    this.bind(confirmationKey('updateTicket', i), choice.accountId);
    return describeUpdate(i, confirmationLabel(choice.account), assignee, text);
  }

  private bind(key: string, accountId: string | undefined): void {
    this.confirmed.delete(key);
    this.confirmed.set(key, accountId);
    for (const k of this.confirmed.keys()) {
      if (this.confirmed.size <= CONFIRMATIONS_KEPT) break;
      this.confirmed.delete(k);
    }
  }

  private async after(
    c: ZendeskClient,
    a: AccountInfo,
    ticket: Ticket,
    did: string,
    signal?: AbortSignal,
  ): Promise<string> {
    const [users, statuses] = await Promise.all([
      showManyUsers(c, [ticket.requester_id, ticket.assignee_id], signal).catch(() => new Map()),
      this.statuses.get(a.accountId, c),
    ]);
    return updatedTicket(a, ticket, users, did, statuses);
  }

  private async run(
    name: string | undefined,
    need: AccessNeed,
    call: FailedCall & { confirmed?: string },
    action: (c: ZendeskClient, a: AccountInfo) => Promise<string>,
  ): Promise<string> {
    let choice = chooseAccount(this.access, name);
    if (call.confirmed !== undefined && this.confirmed.has(call.confirmed)) {
      // A write goes to the account its confirmation named, whatever account is in use now.
      const accountId = this.confirmed.get(call.confirmed);
      this.confirmed.delete(call.confirmed);
      const account = this.access.accounts().find((a) => a.accountId === accountId);
      if (accountId !== undefined && !account) {
        return `The account the user confirmed (${accountId}) is no longer signed in. Nothing was sent to Zendesk.`;
      }
      choice = { ok: true, accountId, account };
    }
    if (!choice.ok) return choice.text;
    const account = choice.account?.subdomain;
    try {
      return await this.access.withClient(choice.accountId, need, action);
    } catch (e) {
      const text = toolErrorText(e, { ...call, account });
      this.log.warn(`${call.doing}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
      return text;
    }
  }
}

/** A confirmation and its write meet by tool and input: VS Code calls prepareInvocation and then invoke with the same
 * input. */
function confirmationKey(tool: string, input: object): string {
  return `${tool}:${JSON.stringify(input)}`;
}

/**
 * What sets the status the input names: a category (the account's default status in it; `custom_status_id` on an
 * account with custom statuses) or a custom status by name. A name the account does not have gives the text the model
 * reads instead, listing what it has; nothing is sent then.
 */
// l10n: not user-facing (a tool result the model reads)
export function statusPatch(
  statuses: StatusVocabulary,
  i: Pick<UpdateTicketInput, 'status' | 'customStatus'>,
  account: string,
): Pick<TicketPatch, 'status' | 'custom_status_id'> | string {
  if (i.status !== undefined) {
    const choice = statuses.find(i.status);
    return choice ? statuses.patch(choice) : { status: i.status };
  }
  const name = i.customStatus ?? '';
  if (!statuses.custom) {
    return `${account} has no custom ticket statuses; give status (open, pending, hold or solved) instead of customStatus. Nothing was sent to Zendesk.`;
  }
  const choice = statuses.byLabel(name);
  if (!choice || choice.category === 'new') {
    const names = statuses.choices
      .filter((c) => c.category !== 'new')
      .map((c) => `"${c.label}" (${c.category})`)
      .join(', ');
    return `${account} has no active status named "${name}". Its statuses: ${names}. Nothing was sent to Zendesk.`;
  }
  return statuses.patch(choice);
}
