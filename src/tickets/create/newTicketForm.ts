// The New Ticket tab's behaviour in plain Node: a message from the page comes in, the form acts (keeps the draft,
// searches requesters, loads an account's groups and agents, creates the ticket) and its state changes; the panel
// shows that state. Unit tests drive it with fakes for everything it asks of the outside and assert its state.
//
// The form is a draft: every edit is saved (globalState, through a Memento-shaped store), so closing the tab or
// reloading the window loses nothing. Create sends ONE `POST /api/v2/tickets`
// (https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#create-ticket); only Zendesk's acceptance
// clears the draft. A 422 names the field it is about, next to its control.
//
// The ticket form and its custom fields are the ticket tab's (fields/fieldsModel.ts): the same definitions cache, the
// same conditions, the same value checks, the same controls (detail/fieldsRegion.ts); here they are read against a
// ticket that does not exist yet, so every value is the agent's and nothing is "changed".
import * as l10n from '@vscode/l10n';
import { MementoKeys } from '../../constants';
import { describeError, isCancellation } from '../../ui/errorText';
import { ValidationError } from '../../zendesk/errors';
import {
  TICKET_PRIORITIES,
  type FieldValue,
  type Group,
  type NewTicket,
  type Ticket,
  type TicketPriority,
  type TicketType,
  type ZendeskUser,
} from '../../zendesk/types';
import type { ComposerMode, MementoLike } from '../drafts';
import { fieldErrors } from '../detail/detailModel';
import { fieldKey } from '../detail/stagedFields';
import { isUnset } from '../fields/conditions';
import type { FieldDefinitions } from '../fields/definitions';
import type { TargetStatus } from '../fields/conditions';
import { buildFieldsView, stageFieldValue, type FieldOption, type FieldView } from '../fields/fieldsModel';
import { normaliseTags } from '../fields/values';
import { valueLabel } from '../format';
import { parseRequester, selectionBlock, selectionSubject, type SelectedCode } from '../newTicket';
import type { StatusVocabulary } from '../statuses';
import type { FormMessage } from './formMessages';

export const TICKET_TYPES: readonly TicketType[] = ['question', 'incident', 'problem', 'task'];

/** A requester found by the search and chosen: sent as `requester_id`. */
export interface ChosenRequester {
  id: number;
  name: string;
  email: string | null;
}

/** What the agent filled in; saved on every change. Ids (group, agent, requester, custom status) are the account's. */
export interface NewTicketDraft {
  accountId?: string;
  /** What is typed in the requester box: a search, an email, or "Name <email>" for someone new. Empty: the agent. */
  requesterText: string;
  requester?: ChosenRequester;
  subject: string;
  /** The first comment, Markdown. */
  body: string;
  mode: ComposerMode;
  priority: TicketPriority | '';
  type: TicketType | '';
  /** A status key (statuses.ts); '' lets Zendesk choose (New, or Open with an assignee). */
  status: string;
  groupId: number | null;
  assigneeId: number | null;
  /** As typed: split into tags on create. */
  tags: string;
  /** The ticket form chosen; null: the account's default. */
  formId: number | null;
  /** Custom field values by field id, as the agent gave them (checked again on create). */
  fields: Record<string, FieldValue>;
}

export const EMPTY_DRAFT: NewTicketDraft = {
  requesterText: '',
  subject: '',
  body: '',
  // Internal note first: the harmless choice, as in the ticket tab.
  mode: 'internal',
  priority: '',
  type: '',
  status: '',
  groupId: null,
  assigneeId: null,
  tags: '',
  formId: null,
  fields: {},
};

/** Whether the draft holds anything the agent would lose (the tab's "●"). */
export function draftHasWork(d: NewTicketDraft): boolean {
  return !!(
    d.requesterText.trim() ||
    d.subject.trim() ||
    d.body.trim() ||
    d.tags.trim() ||
    d.priority ||
    d.type ||
    d.status ||
    d.groupId ||
    d.assigneeId ||
    d.formId ||
    Object.values(d.fields).some((v) => !isUnset(v))
  );
}

export interface FormAccount {
  accountId: string;
  label: string;
  me: { id: number; name: string };
  baseUrl: string;
}

/** What the form asks of the outside; the panel passes VS Code's, the unit tests pass fakes. */
export interface FormDeps {
  memento: MementoLike;
  /** The signed-in accounts; the account in use first. */
  accounts(): FormAccount[];
  /** The account's assignable groups and statuses (each one request at most, the statuses shared and cached). */
  options(accountId: string, signal: AbortSignal): Promise<{ groups: Group[]; statuses: StatusVocabulary }>;
  /** The account's ticket fields and forms (cached per account, shared with the ticket tabs). */
  definitions(accountId: string, signal: AbortSignal): Promise<FieldDefinitions>;
  /** Zendesk refused the create: definitions it shows to be stale are dropped (FieldDefinitionsCache.noteRefusal). */
  noteRefusal?(accountId: string, error: unknown): void;
  /** The agents of a group, for the assignee. */
  agents(accountId: string, groupId: number, signal: AbortSignal): Promise<ZendeskUser[]>;
  /** Users whose name or email matches. */
  searchUsers(accountId: string, query: string, signal: AbortSignal): Promise<ZendeskUser[]>;
  /** One `POST /api/v2/tickets`, asking for write access if the session has only read. */
  create(accountId: string, ticket: NewTicket, signal: AbortSignal): Promise<Ticket>;
  /** Zendesk created it: open its tab, tell the tree. */
  created(accountId: string, ticket: Ticket): Promise<void>;
  render(state: FormState): void;
  logError(e: unknown): void;
}

export interface Choice {
  value: string;
  label: string;
}

export interface FormState {
  phase: 'waiting' | 'loading' | 'ready';
  /** Why there is no form (no account signed in). */
  message?: string;
  /** "● New Ticket" while the draft has something in it. */
  title: string;
  marked: boolean;
  /** Offered when more than one account is signed in. */
  accounts: Choice[];
  values: NewTicketDraft & { accountId: string };
  /** The page replaces its text fields with `values` only when this changes (a load, a selection, a clear): typing
   * is kept otherwise. */
  version: number;
  requester: {
    /** Who the ticket will be for, in words: "Ada Lovelace <ada@example.com>", "You (Alex Agent)", "new: …". */
    summary: string;
    matches: (ChosenRequester & { label: string })[];
    searching: boolean;
  };
  priorities: Choice[];
  types: Choice[];
  /** The account's statuses to create as (closed is not one). */
  statuses: { label: string; choices: Choice[] }[];
  groups: Choice[];
  agents: Choice[];
  /** The account's active ticket forms (none on an account without forms) and the one the ticket will have. */
  forms: FieldOption[];
  formId: number | null;
  /** The chosen form's custom fields an agent sees (its conditions applied), with their values and errors. */
  fields: FieldView[];
  /** Problems by field (the form's own checks and Zendesk's 422s): requester, subject, comment, tags, base... */
  errors: Record<string, string>;
  notice?: { kind: 'error' | 'info'; text: string };
  busy?: string;
  /** The create button's words: "Create as New", "Create as Open", with a public or internal first comment. */
  submitLabel: string;
  /** Where the preview may load images from. */
  baseUrl: string;
}

/** How long a search waits for the next keystroke before it asks Zendesk: a request per word, not per letter. */
export const SEARCH_MIN_LENGTH = 2;

export class NewTicketForm {
  private draft: NewTicketDraft;
  private version = 0;
  private phase: FormState['phase'] = 'loading';
  private groups: Group[] = [];
  private statuses: StatusVocabulary | undefined;
  private defs: FieldDefinitions | undefined;
  private agents: ZendeskUser[] = [];
  private matches: ChosenRequester[] = [];
  private searching: AbortController | undefined;
  private loading: AbortController | undefined;
  private running: AbortController | undefined;
  private errors: Record<string, string> = {};
  private notice: FormState['notice'];
  private busy: string | undefined;
  private disposed = false;

  constructor(private readonly d: FormDeps) {
    const saved = d.memento.get<unknown>(MementoKeys.newTicketDraft);
    this.draft = isDraft(saved) ? { ...EMPTY_DRAFT, ...saved } : { ...EMPTY_DRAFT };
  }

  private account(): FormAccount | undefined {
    const all = this.d.accounts();
    return all.find((a) => a.accountId === this.draft.accountId) ?? all[0];
  }

  get state(): FormState {
    const account = this.account();
    const marked = draftHasWork(this.draft);
    const statuses = this.statuses;
    const me = account?.me;
    const r = this.draft.requester;
    const parsed = parseRequester(this.draft.requesterText);
    const summary = r
      ? r.email
        ? `${r.name} <${r.email}>`
        : r.name
      : parsed.kind === 'me'
        ? l10n.t('You ({0})', me?.name ?? '')
        : parsed.kind === 'email'
          ? l10n.t(
              '{0} (found by email, or a new end user)',
              parsed.name ? `${parsed.name} <${parsed.email}>` : parsed.email,
            )
          : l10n.t('Choose someone found, or type an email');
    return {
      phase: account ? this.phase : 'waiting',
      message: account ? undefined : l10n.t('Sign in to Zendesk to create a ticket; your draft is kept.'),
      title: `${marked ? '● ' : ''}${l10n.t('New Ticket')}`,
      marked,
      accounts: this.d.accounts().map((a) => ({ value: a.accountId, label: a.label })),
      values: { ...this.draft, accountId: account?.accountId ?? '' },
      version: this.version,
      requester: {
        summary,
        matches: this.matches.map((m) => ({ ...m, label: m.email ? `${m.name} <${m.email}>` : m.name })),
        searching: !!this.searching,
      },
      priorities: TICKET_PRIORITIES.map((p) => ({ value: p, label: valueLabel(p) })),
      types: TICKET_TYPES.map((t) => ({ value: t, label: valueLabel(t) })),
      statuses: statuses
        ? statuses
            .groups()
            .map((g) => ({ label: g.label, choices: g.choices.map((c) => ({ value: c.key, label: c.label })) }))
        : [],
      groups: this.groups.map((g) => ({ value: String(g.id), label: g.name })),
      agents: this.agentChoices(me),
      ...this.fieldsState(),
      errors: this.errors,
      notice: this.notice,
      busy: this.busy,
      submitLabel: this.submitLabel(),
      baseUrl: account?.baseUrl ?? '',
    };
  }

  /** Loads the account's groups and statuses (the draft stays as it is). */
  async load(): Promise<void> {
    const account = this.account();
    this.loading?.abort();
    if (!account) return this.show();
    const abort = new AbortController();
    this.loading = abort;
    this.phase = 'loading';
    try {
      const [{ groups, statuses }, defs] = await Promise.all([
        this.d.options(account.accountId, abort.signal),
        this.d.definitions(account.accountId, abort.signal),
      ]);
      if (abort.signal.aborted || this.disposed) return;
      this.groups = groups;
      this.statuses = statuses;
      this.defs = defs;
      // A form the account no longer has active is not offered, nor sent: the default form takes its place.
      if (this.draft.formId && !defs.forms.some((f) => f.id === this.draft.formId)) await this.save({ formId: null });
      // A status or group the account no longer has is not offered, nor sent.
      if (this.draft.status && !statuses.find(this.draft.status)) await this.save({ status: '' });
      if (this.draft.groupId && !groups.some((g) => g.id === this.draft.groupId)) {
        await this.save({ groupId: null, assigneeId: null });
      }
      if (this.draft.groupId) await this.loadAgents(this.draft.groupId, abort.signal);
      this.phase = 'ready';
      this.version++;
    } catch (e) {
      if (abort.signal.aborted || this.disposed) return;
      this.d.logError(e);
      this.phase = 'ready';
      this.notice = { kind: 'error', text: describeError(e, l10n.t('Loading groups, statuses and fields')).text };
    } finally {
      if (this.loading === abort) this.loading = undefined;
    }
    this.show();
  }

  /** "New Ticket from Selection": the selection's block joins the description (after what is there), and the subject
   * is suggested when there is none. */
  async addSelection(code: SelectedCode): Promise<void> {
    const block = selectionBlock(code);
    const body = this.draft.body.trim() ? `${this.draft.body.trimEnd()}\n\n${block}` : block;
    await this.save({
      body,
      subject: this.draft.subject.trim() ? this.draft.subject : selectionSubject(code.selection),
    });
    this.version++;
    this.show();
  }

  /** A message from the page (already checked by parseFormMessage). */
  async receive(m: FormMessage): Promise<void> {
    switch (m.type) {
      case 'ready':
        return this.show();
      case 'text':
        return this.text(m.field, m.value);
      case 'mode':
        await this.save({ mode: m.mode });
        return this.show();
      case 'choose':
        return this.choose(m.field, m.value);
      case 'requester': {
        // Only someone the search found: the page is not trusted to name a user.
        const found = this.matches.find((u) => u.id === m.id);
        if (!found) return;
        delete this.errors.requester;
        delete this.errors.requester_id;
        await this.save({ requester: found, requesterText: found.email ?? found.name });
        this.matches = [];
        this.version++;
        return this.show();
      }
      case 'field':
        return this.setField(m.id, m.value);
      case 'form':
        return this.setForm(m.formId);
      case 'create':
        return this.create();
      case 'clear':
        this.errors = {};
        this.notice = { kind: 'info', text: l10n.t('Form cleared.') };
        await this.save({ ...EMPTY_DRAFT, accountId: this.draft.accountId });
        this.agents = [];
        this.matches = [];
        this.version++;
        return this.show();
      case 'cancel':
        this.running?.abort();
        return;
    }
  }

  dispose(): void {
    this.disposed = true;
    this.searching?.abort();
    this.loading?.abort();
    this.running?.abort();
  }

  private async text(field: 'requesterText' | 'subject' | 'body' | 'tags', value: string): Promise<void> {
    if (this.draft[field] === value) return;
    const errorKey = field === 'requesterText' ? 'requester' : field === 'body' ? 'comment' : field;
    delete this.errors[errorKey];
    if (field === 'requesterText') {
      delete this.errors.requester_id;
      // Typing again drops the one chosen: the text is what the ticket will be for now.
      await this.save({ requesterText: value, requester: undefined });
      this.show();
      return this.search(value);
    }
    await this.save({ [field]: value });
    this.show();
  }

  /** Searches users by what is typed, unless it is empty or already a full "Name <email>". */
  private async search(text: string): Promise<void> {
    this.searching?.abort();
    this.searching = undefined;
    const query = text.trim();
    const account = this.account();
    if (!account || query.length < SEARCH_MIN_LENGTH || /[<>]/.test(query)) {
      this.matches = [];
      return this.show();
    }
    const abort = new AbortController();
    this.searching = abort;
    this.show();
    try {
      const users = await this.d.searchUsers(account.accountId, query, abort.signal);
      if (abort.signal.aborted || this.disposed) return;
      this.matches = users.map((u) => ({ id: u.id, name: u.name, email: u.email }));
    } catch (e) {
      if (abort.signal.aborted || this.disposed) return;
      this.matches = [];
      if (!isCancellation(e)) this.d.logError(e);
      this.errors.requester = describeError(e, l10n.t('Searching people')).text;
    } finally {
      if (this.searching === abort) this.searching = undefined;
    }
    this.show();
  }

  private async choose(field: 'account' | 'priority' | 'type' | 'status' | 'group' | 'assignee', value: string) {
    const errorKey = {
      account: 'account',
      priority: 'priority',
      type: 'type',
      status: 'status',
      group: 'group_id',
      assignee: 'assignee_id',
    }[field];
    delete this.errors[errorKey];
    switch (field) {
      case 'account': {
        if (!this.d.accounts().some((a) => a.accountId === value) || value === this.draft.accountId) return;
        // Groups, agents, custom statuses and users are the account's own: they do not carry over.
        await this.save({
          accountId: value,
          groupId: null,
          assigneeId: null,
          status: '',
          requester: undefined,
          formId: null,
          fields: {},
        });
        this.groups = [];
        this.defs = undefined;
        this.agents = [];
        this.matches = [];
        this.statuses = undefined;
        this.version++;
        return this.load();
      }
      case 'priority':
        if (value !== '' && !(TICKET_PRIORITIES as readonly string[]).includes(value)) return;
        await this.save({ priority: value as TicketPriority | '' });
        break;
      case 'type':
        if (value !== '' && !TICKET_TYPES.includes(value as TicketType)) return;
        await this.save({ type: value as TicketType | '' });
        break;
      case 'status':
        if (value !== '' && !this.statuses?.find(value)) return;
        await this.save({ status: value });
        break;
      case 'group': {
        const id = value === '' ? null : Number(value);
        if (id !== null && !this.groups.some((g) => g.id === id)) return;
        await this.save({ groupId: id });
        this.agents = [];
        if (id !== null) {
          const abort = new AbortController();
          this.loading = abort;
          this.show();
          try {
            await this.loadAgents(id, abort.signal);
          } catch (e) {
            this.d.logError(e);
            this.notice = { kind: 'error', text: describeError(e, l10n.t('Loading the agents')).text };
          }
        }
        // An assignee who is not in the new group would be refused by Zendesk: the choice goes.
        const me = this.account()?.me;
        if (this.draft.assigneeId && !this.agentChoices(me).some((a) => a.value === String(this.draft.assigneeId))) {
          await this.save({ assigneeId: null });
        }
        break;
      }
      case 'assignee': {
        const id = value === '' ? null : Number(value);
        if (id !== null && !this.agentChoices(this.account()?.me).some((a) => a.value === value)) return;
        await this.save({ assigneeId: id });
        break;
      }
    }
    this.show();
  }

  /** The status the create sets: the one chosen, else Zendesk's (New, or Open with an assignee). */
  private target(): TargetStatus {
    const chosen = this.draft.status ? this.statuses?.find(this.draft.status) : undefined;
    if (chosen) return { category: chosen.category, customStatusId: chosen.customStatusId };
    return { category: this.draft.assigneeId ? 'open' : 'new' };
  }

  /** The chosen form's fields through the tab's model, read against a ticket that does not exist yet. Type and
   * group are the form's own selects here, so they are left out. */
  private fieldsState(): Pick<FormState, 'forms' | 'formId' | 'fields'> {
    const d = this.draft;
    if (!this.defs) return { forms: [], formId: d.formId, fields: [] };
    const view = buildFieldsView({
      defs: this.defs,
      ticket: NOT_YET_CREATED,
      staged: { ticketFormId: d.formId ?? undefined, values: d.fields },
      submitAs: this.target(),
    });
    const fields = view.fields
      .filter((f) => f.type !== 'tickettype' && f.type !== 'group')
      .map((f) => ({ ...f, changed: false, error: f.error ?? this.errors[fieldKey(f.id)] }));
    return { forms: view.forms, formId: view.formId, fields };
  }

  private async setForm(formId: number): Promise<void> {
    if (!this.defs?.forms.some((f) => f.id === formId) || formId === this.draft.formId) return;
    // Values of fields the new form lacks stay in the draft (switching back brings them) but are not sent.
    await this.save({ formId });
    this.show();
  }

  private async setField(id: number, value: FieldValue): Promise<void> {
    // Only a field the form shows, and the agent may edit: the page is not trusted to name any other.
    const shown = this.fieldsState().fields.find((f) => f.id === id && !f.readOnly);
    const field = this.defs?.byId.get(id);
    if (!shown || !field) return;
    delete this.errors[fieldKey(id)];
    // The tab's staging: checked, a card number masked (never kept whole, even in the draft).
    const { staged, error } = stageFieldValue({ values: this.draft.fields }, field, value);
    if (error && staged.values === this.draft.fields) this.errors[fieldKey(id)] = error;
    await this.save({ fields: { ...(staged.values ?? {}) } });
    this.show();
  }

  private async loadAgents(groupId: number, signal: AbortSignal): Promise<void> {
    const account = this.account();
    if (!account) return;
    const agents = await this.d.agents(account.accountId, groupId, signal);
    if (!signal.aborted && this.draft.groupId === groupId) this.agents = agents;
  }

  /** The agents of the chosen group; without a group, the agent alone (Zendesk puts the ticket in their group). */
  private agentChoices(me: FormAccount['me'] | undefined): Choice[] {
    const list = this.draft.groupId ? this.agents.map((a) => ({ id: a.id, name: a.name })) : me ? [me] : [];
    return list.map((a) => ({ value: String(a.id), label: a.id === me?.id ? l10n.t('{0} (you)', a.name) : a.name }));
  }

  private submitLabel(): string {
    const status = this.draft.status ? this.statuses?.find(this.draft.status)?.label : undefined;
    const as = status ?? (this.draft.assigneeId ? l10n.t('Open') : l10n.t('New'));
    return this.draft.mode === 'public'
      ? l10n.t('Create as {0}, reply to the requester', as)
      : l10n.t('Create as {0} with an internal note', as);
  }

  /** The body of `POST /api/v2/tickets`, or the problems by field that keep it from being sent. */
  request(): { ticket: NewTicket } | { problems: Record<string, string> } {
    const d = this.draft;
    const problems: Record<string, string> = {};
    const requester = parseRequester(d.requesterText);
    if (!d.requester && requester.kind === 'invalid') problems.requester = requester.reason;
    if (!d.subject.trim()) problems.subject = l10n.t('A ticket needs a subject.');
    if (!d.body.trim()) problems.comment = l10n.t('A ticket needs a description: write the first comment.');
    const tags = normaliseTags([d.tags]);
    if (tags.error) problems.tags = tags.error;
    const form = this.fieldsState();
    for (const f of form.fields) {
      if (f.error) problems[fieldKey(f.id)] = f.error;
      else if (f.missing) problems[fieldKey(f.id)] = l10n.t('Required for the status you create the ticket as.');
    }
    if (!this.defs && Object.values(d.fields).some((v) => !isUnset(v))) {
      problems.fields = l10n.t('The ticket fields have not loaded: close New Ticket and open it again.');
    }
    if (Object.keys(problems).length) return { problems };
    const ticket: NewTicket = { subject: d.subject.trim(), comment: { body: d.body, public: d.mode === 'public' } };
    if (d.requester) ticket.requester_id = d.requester.id;
    else if (requester.kind === 'email') {
      // Zendesk finds the user by email, or makes an end user with that name.
      ticket.requester = requester.name ? { name: requester.name, email: requester.email } : { email: requester.email };
    }
    if (d.priority) ticket.priority = d.priority;
    if (d.type) ticket.type = d.type;
    const status = d.status ? this.statuses?.find(d.status) : undefined;
    if (status && this.statuses) Object.assign(ticket, this.statuses.patch(status));
    if (d.groupId) ticket.group_id = d.groupId;
    if (d.assigneeId) ticket.assignee_id = d.assigneeId;
    if (tags.tags.length) ticket.tags = tags.tags;
    if (form.formId) ticket.ticket_form_id = form.formId;
    // The values the agent gave to fields the form shows; a hidden field's value is not sent (the agent cannot see it).
    const custom = form.fields.filter((f) => !f.readOnly && String(f.id) in d.fields && !isUnset(f.value));
    if (custom.length) ticket.custom_fields = custom.map((f) => ({ id: f.id, value: f.value }));
    return { ticket };
  }

  private async create(): Promise<void> {
    const account = this.account();
    if (!account || this.running) return;
    const req = this.request();
    this.notice = undefined;
    if ('problems' in req) {
      this.errors = req.problems;
      this.notice = { kind: 'error', text: l10n.t('Fill in what is marked, then create the ticket.') };
      return this.show();
    }
    const abort = new AbortController();
    this.running = abort;
    this.errors = {};
    this.busy = l10n.t('Creating…');
    this.show();
    try {
      const ticket = await this.d.create(account.accountId, req.ticket, abort.signal);
      // Created: the draft has done its work. The form starts empty next time, on the same account.
      await this.save({ ...EMPTY_DRAFT, accountId: account.accountId });
      this.agents = [];
      this.matches = [];
      this.version++;
      this.notice = { kind: 'info', text: l10n.t('Created #{0}.', ticket.id) };
      this.busy = undefined;
      this.running = undefined;
      this.show();
      await this.d.created(account.accountId, ticket);
      return;
    } catch (e) {
      const kept = l10n.t('What you filled in is kept.');
      if (abort.signal.aborted) this.notice = { kind: 'info', text: l10n.t('Not created. {0}', kept) };
      else if (e instanceof ValidationError) {
        this.d.noteRefusal?.(account.accountId, e);
        this.errors = fieldErrors(e.problems);
        if (!Object.keys(this.errors).length) this.errors = { base: e.message };
        this.notice = { kind: 'error', text: describeError(e, { action: l10n.t('Creating the ticket'), kept }).text };
      } else {
        if (!isCancellation(e)) this.d.logError(e);
        this.notice = { kind: 'error', text: describeError(e, { action: l10n.t('Creating the ticket'), kept }).text };
      }
    } finally {
      if (this.running === abort) this.running = undefined;
      this.busy = undefined;
    }
    this.show();
  }

  private async save(change: Partial<NewTicketDraft>): Promise<void> {
    this.draft = { ...this.draft, ...change };
    if (!this.draft.requester) delete this.draft.requester;
    await this.d.memento.update(
      MementoKeys.newTicketDraft,
      draftHasWork(this.draft) || this.draft.accountId ? this.draft : undefined,
    );
  }

  private show(): void {
    if (!this.disposed) this.d.render(this.state);
  }
}

/** The ticket the fields model reads a new ticket's form against: nothing set yet. */
const NOT_YET_CREATED: Ticket = {
  id: 0,
  subject: '',
  status: 'new',
  priority: null,
  requester_id: 0,
  assignee_id: null,
  tags: [],
  created_at: '',
  updated_at: '',
  custom_fields: [],
  ticket_form_id: null,
};

const isString = (v: unknown): v is string => typeof v === 'string';
const isFieldValue = (v: unknown): boolean =>
  v === null ||
  ['string', 'number', 'boolean'].includes(typeof v) ||
  (Array.isArray(v) && v.every((x) => typeof x === 'string'));
const isId = (v: unknown): boolean => v === null || (typeof v === 'number' && Number.isSafeInteger(v) && v > 0);

/** A stored draft as the form wrote it; anything else (an older shape, a damaged value) is not loaded. */
function isDraft(v: unknown): v is NewTicketDraft {
  if (typeof v !== 'object' || v === null) return false;
  const x = v as Record<string, unknown>;
  const r = x.requester as Record<string, unknown> | undefined;
  return (
    (x.accountId === undefined || isString(x.accountId)) &&
    ['requesterText', 'subject', 'body', 'tags', 'status'].every((k) => isString(x[k])) &&
    (x.mode === 'public' || x.mode === 'internal') &&
    (x.priority === '' || (TICKET_PRIORITIES as readonly unknown[]).includes(x.priority)) &&
    (x.type === '' || TICKET_TYPES.includes(x.type as TicketType)) &&
    isId(x.groupId) &&
    isId(x.assigneeId) &&
    // Drafts saved before the form and its fields were part of it have neither: they load with none.
    (x.formId === undefined || isId(x.formId)) &&
    (x.fields === undefined ||
      (typeof x.fields === 'object' && x.fields !== null && Object.values(x.fields).every(isFieldValue))) &&
    (r === undefined || (typeof r === 'object' && r !== null && isId(r.id) && isString(r.name)))
  );
}
