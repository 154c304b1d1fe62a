// The ticket tab's behaviour in plain Node: a message from the page comes in, the controller acts (stages a field,
// saves the draft, sends one `safe_update`, reloads) and its state changes; the panel shows that state. Unit tests
// drive it with fakes for everything it asks of the outside (the Zendesk reads and the write, dialogs, the clock),
// and assert its state, never HTML.
//
// Staged changes: a field edited in the tab is not sent; it is staged (part of the draft, so it survives closing the
// tab and a reload) and shown as changed. Submit sends the staged fields and the comment, if any, in ONE update, so
// Zendesk runs its triggers once. Discard puts the fields back. On a conflict (409) the tab reloads keeping the
// staged fields and the text and names the fields someone else changed since staging started.
import * as l10n from '@vscode/l10n';
import type { TicketUpdate } from '../../zendesk/api';
import { ConflictError, ValidationError } from '../../zendesk/errors';
import {
  TICKET_TYPES,
  type FieldValue,
  type Group,
  type Ticket,
  type TicketPatch,
  type ZendeskUser,
} from '../../zendesk/types';
import { describeError, isCancellation } from '../../ui/errorText';
import type { StagedChanges, StageOutcome } from '../ticketTabs';
import { hasWork, type ComposerMode, type DraftStore, type StagedFields, type StagedValue } from '../drafts';
import type { TargetStatus } from '../fields/conditions';
import type { FieldDefinitions } from '../fields/definitions';
import { buildFieldsView, fieldsUpdate, stageFieldValue, type FieldsView } from '../fields/fieldsModel';
import { normaliseTags } from '../fields/values';
import { valueLabel } from '../format';
import type { StatusVocabulary } from '../statuses';
import type { TicketActionId } from '../actions';
import type { AssignTarget } from '../assignPicker';
import type { ComposerFiles, FileItem, FileSource } from './composerFiles';
import {
  changedFields,
  detailView,
  fieldErrors,
  fieldValues,
  keepingEarlier,
  STAGED_FIELDS,
  stagedPatch,
  withEarlier,
  withUpdate,
  type CommentsPage,
  type DetailView,
  type TicketDetail,
} from './detailModel';
import type { PageMessage } from './pageMessages';
import { canonical, decodePeople, encodePeople, fieldIdOf, fieldKey, isFormKey, toFieldsStaged } from './stagedFields';

/** The account's ticket fields and forms, and the groups a ticket may go to. */
export interface FormDefinitions {
  defs: FieldDefinitions;
  groups: readonly Group[];
}

/** What the controller asks of the outside; the panel passes VS Code's, the unit tests pass fakes. */
export interface TabDeps {
  accountId: string;
  ticketId: number;
  drafts: DraftStore;
  files: ComposerFiles;
  /** The ticket, its conversation and the account's statuses; undefined while the account is not signed in. */
  load(signal: AbortSignal): Promise<{ detail: TicketDetail; statuses: StatusVocabulary; baseUrl: string } | undefined>;
  /** "Show earlier comments": the page of comments before `cursor` (TicketDetail.earlier). */
  loadEarlier(cursor: string, signal: AbortSignal): Promise<CommentsPage>;
  /** One `safe_update` with the stamp the agent saw, asking for the action's access if needed (tickets/actions). */
  write(patch: TicketPatch, updatedStamp: string, action: TabWrite, signal: AbortSignal): Promise<TicketUpdate>;
  /** The signed-in agent. */
  me(): { id: number; name: string } | undefined;
  /** "Assign…": an agent of the ticket's group chosen by the agent, or undefined. */
  pickAgent(t: AssignTarget): Promise<{ id: number; name: string } | undefined>;
  /** "Attach Files…" and files dropped from VS Code: what may be attached, and the names refused. */
  pickFiles(): Promise<{ files: FileSource[]; refused: string[] }>;
  droppedFiles(uris: readonly string[]): Promise<{ files: FileSource[]; refused: number }>;
  /** Opens a link from the page once its scheme passed. */
  openExternal(href: string): Promise<void>;
  /** The account's fields, forms and groups: cached per account, loaded again when `refresh` (fields/definitions.ts). */
  definitions(refresh: boolean, signal: AbortSignal): Promise<FormDefinitions>;
  /** A write Zendesk refused: definitions it shows to be stale are dropped (FieldDefinitionsCache.noteRefusal). */
  noteRefusal(e: unknown): boolean;
  /** The agents of a group: a group change keeps the assignee only if they are one of them, as Zendesk requires. */
  groupMembers(groupId: number, signal: AbortSignal): Promise<readonly ZendeskUser[]>;
  /** "Add Follower…": an agent chosen by the agent (followers are agents), or undefined. */
  pickFollower(): Promise<ZendeskUser | undefined>;
  /** Zendesk accepted a write: the ticket as it is now (the tree updates its row in place). */
  changed(ticket: Ticket): void;
  /** The state changed: show it. */
  render(state: TabState): void;
  logError(e: unknown): void;
  now(): number;
}

/** The ticket actions a submit is: a public reply, an internal note, or fields alone. */
export type TabWrite = Extract<TicketActionId, 'replyPublic' | 'addNote' | 'updateFields'>;

/** One field of the header as the page shows it. */
export interface FieldState {
  /** What the control shows: the staged value if any, else the ticket's. */
  value: StagedValue;
  /** The value's words ("Solved", "Urgent", "Elena Larsen"). */
  label: string;
  staged: boolean;
  /** Someone else changed it since staging started (after a conflict). */
  changedByOthers: boolean;
}

export interface TabState {
  accountId: string;
  ticketId: number;
  /** The signed-in agent: "Assign to Me" is offered unless they are the assignee. */
  meId?: number;
  phase: 'waiting' | 'loading' | 'ready' | 'failed';
  /** Why there is no ticket to show (waiting for sign-in, a failed first load). */
  message?: string;
  /** The tab's title: "● #123 Subject" while the ticket has a draft or staged changes. */
  title: string;
  /** A draft or staged changes are kept for this ticket. */
  marked: boolean;
  view?: DetailView;
  /** "Show earlier comments": a page on its way, or why the last one did not come (the conversation stays). */
  earlier: { loading: boolean; problem?: string };
  statuses?: StatusVocabulary;
  fields: Record<(typeof STAGED_FIELDS)[number], FieldState> | undefined;
  /** The staged changes by field. */
  staged: StagedFields;
  /** Fields someone else changed since the agent's staging started, by key (`custom_fields.<id>` for a custom field). */
  changedByOthers: string[];
  /** The same, as the agent reads them ("Priority", "Product area"). */
  changedByOthersLabels: string[];
  /** The ticket's form and fields, type, group, tags, CCs and followers, staged changes applied (fieldsModel.ts);
   * undefined until the account's definitions are loaded. */
  form?: FieldsView;
  /** Loading the account's field definitions, and why they are missing when they could not be loaded. */
  formStatus: { phase: 'loading' | 'ready' | 'failed'; message?: string };
  composer: {
    mode: ComposerMode;
    /** The text as last saved; the page shows it only when `bodyVersion` changes (a load, a send): typing is kept. */
    body: string;
    bodyVersion: number;
    /** What Submit does with text and without it: "Send public reply to Elena Larsen", "Submit as Solved". */
    submitWithText: string;
    submitWithoutText: string;
    /** Write or Preview: kept while the tab lives, so a full redraw of the page shows the same one. */
    view: 'write' | 'preview';
  };
  files: FileItem[];
  filesBusy: boolean;
  notice?: { kind: 'error' | 'info'; text: string };
  /** Zendesk's 422 details by field. */
  fieldErrors: Record<string, string>;
  /** A write on its way; `lock` keeps the text read-only while it is what is being sent. */
  busy?: { text: string; lock: boolean };
}

export class TicketTabController {
  private detail: TicketDetail | undefined;
  private statuses: StatusVocabulary | undefined;
  private baseUrl = '';
  /** Names of people the tab learnt outside the ticket's sideloads (an agent picked in "Assign…"). */
  private readonly people = new Map<number, ZendeskUser>();
  private othersChanged: string[] = [];
  private notice: TabState['notice'];
  private errors: Record<string, string> = {};
  private busy: TabState['busy'];
  private running: AbortController | undefined;
  private loading: AbortController | undefined;
  private loadingEarlier: AbortController | undefined;
  private earlierProblem: string | undefined;
  private phase: TabState['phase'] = 'loading';
  private message: string | undefined;
  private bodyVersion = 0;
  private mode: ComposerMode;
  private composerView: 'write' | 'preview' = 'write';
  private disposed = false;
  private forms: FormDefinitions | undefined;
  private formStatus: TabState['formStatus'] = { phase: 'loading' };
  /** A card number refused as typed: never staged (only its last 4 digits may be kept), so its error lives here. */
  private readonly inputErrors = new Map<number, string>();

  constructor(private readonly d: TabDeps) {
    this.mode = d.drafts.get(d.accountId, d.ticketId)?.mode ?? d.drafts.mode(d.accountId, d.ticketId);
  }

  get state(): TabState {
    const d = this.d;
    const draft = d.drafts.get(d.accountId, d.ticketId);
    const staged = draft?.staged ?? {};
    const view = this.detail && this.view();
    const marked = hasWork(draft);
    const form = this.formView(staged);
    const subject = view?.subject ?? '';
    const title = `${marked ? '● ' : ''}#${d.ticketId}${subject ? ` ${subject}` : ''}`;
    return {
      accountId: d.accountId,
      ticketId: d.ticketId,
      meId: d.me()?.id,
      phase: this.phase,
      message: this.message,
      title,
      marked,
      view,
      earlier: { loading: this.loadingEarlier !== undefined, problem: this.earlierProblem },
      statuses: this.statuses,
      fields: view && this.fields(view, staged),
      staged,
      changedByOthers: this.othersChanged,
      changedByOthersLabels: this.othersChanged.map((k) => this.fieldLabel(k, form)),
      form,
      formStatus: this.formStatus,
      composer: {
        mode: this.mode,
        body: draft?.body ?? '',
        bodyVersion: this.bodyVersion,
        ...this.submitLabels(view, staged),
        view: this.composerView,
      },
      files: d.files.items(),
      filesBusy: d.files.busy,
      notice: this.notice,
      fieldErrors: this.errors,
      busy: this.busy,
    };
  }

  /** The ticket as Zendesk last answered it. */
  get ticket(): Ticket | undefined {
    return this.detail?.ticket;
  }

  /** A submit of this tab is on its way (its answer will be the ticket's newest state). */
  get isWriting(): boolean {
    return this.running !== undefined;
  }

  /** (Re)loads the ticket; the draft and the staged changes stay. `conflict`: the reload follows a 409. */
  async load(conflict = false): Promise<void> {
    this.loading?.abort();
    const abort = new AbortController();
    this.loading = abort;
    const seen = this.detail && this.statuses ? fieldValues(this.detail.ticket, this.statuses) : undefined;
    // The definitions are cached per account: loading them beside the ticket costs no request once they are known.
    const definitions = this.forms ? undefined : this.loadDefinitions(false, abort.signal);
    try {
      const got = await this.d.load(abort.signal);
      if (abort.signal.aborted || this.disposed) return;
      if (!got) {
        this.phase = 'waiting';
        this.message = l10n.t(
          'Waiting for {0} to be signed in. Sign in to Zendesk to see #{1}; your draft is kept.',
          this.d.accountId.split('/')[0],
          this.d.ticketId,
        );
        return this.show();
      }
      // Earlier comments the agent opened stay open across a reload.
      this.detail = keepingEarlier(this.detail, got.detail);
      this.statuses = got.statuses;
      this.baseUrl = got.baseUrl;
      this.phase = 'ready';
      this.message = undefined;
      // The text in the composer is the draft's: a load shows it (after a conflict it is the agent's own).
      this.bodyVersion++;
      await definitions;
      await this.settle(conflict ? seen : undefined);
      this.show();
    } catch (e) {
      if (abort.signal.aborted || this.disposed) return;
      this.d.logError(e);
      const text = describeError(e, l10n.t('Loading the ticket')).text;
      if (this.detail) this.notice = { kind: 'error', text };
      else {
        this.phase = 'failed';
        this.message = text;
      }
      this.show();
    } finally {
      if (this.loading === abort) this.loading = undefined;
    }
  }

  /** A message from the page (already checked by parsePageMessage). */
  async receive(m: PageMessage): Promise<void> {
    const { drafts, accountId, ticketId } = this.d;
    switch (m.type) {
      case 'ready':
        return this.show();
      case 'draft':
        return this.saveText(m.body, m.mode);
      case 'mode':
        this.mode = m.mode;
        await drafts.save(accountId, ticketId, { mode: m.mode });
        return this.show();
      case 'composerView':
        this.composerView = m.view;
        return;
      case 'stage':
        await this.stage(m.field, m.value);
        return;
      case 'unstage':
        if (fieldIdOf(m.field) !== undefined) this.inputErrors.delete(fieldIdOf(m.field) as number);
        await this.stage(m.field, undefined);
        return;
      case 'stageField':
        return this.stageField(m.id, m.value);
      case 'stageForm':
        if (!this.forms?.defs.forms.some((f) => f.id === m.formId)) return;
        await this.stage('ticket_form_id', m.formId);
        return;
      case 'stageTags':
        // Kept as typed (normalised), even with a character Zendesk refuses: the view names it and holds the submit.
        await this.stage('tags', [...normaliseTags([m.text]).tags].sort());
        return;
      case 'addCc':
        return this.editPeople('email_ccs', { email: m.email.trim() });
      case 'removeCc':
        return this.editPeople('email_ccs', { userId: m.userId, email: m.email, remove: true });
      case 'addFollower': {
        let agent: ZendeskUser | undefined;
        try {
          agent = await this.d.pickFollower();
        } catch (e) {
          this.notice = { kind: 'error', text: describeError(e, l10n.t('Loading the agents')).text };
          return this.show();
        }
        if (!agent) return;
        this.people.set(agent.id, agent);
        return this.editPeople('followers', { userId: agent.id, name: agent.name });
      }
      case 'removeFollower':
        return this.editPeople('followers', { userId: m.userId, remove: true });
      case 'refreshFields':
        await this.loadDefinitions(true);
        return this.show();
      case 'assignToMe': {
        const me = this.d.me();
        if (!me) return;
        this.people.set(me.id, { id: me.id, name: me.name } as ZendeskUser);
        await this.stage('assignee_id', me.id);
        return;
      }
      case 'assign': {
        const t = this.detail?.ticket;
        if (!t) return;
        let agent: { id: number; name: string } | undefined;
        const staged = drafts.get(accountId, ticketId)?.staged ?? {};
        // The agents of the group the ticket will have: a staged group's.
        const groupId =
          'group_id' in staged ? (typeof staged.group_id === 'number' ? staged.group_id : null) : t.group_id;
        try {
          agent = await this.d.pickAgent({ ticketId, groupId, assigneeId: t.assignee_id });
        } catch (e) {
          this.notice = { kind: 'error', text: describeError(e, l10n.t('Loading the agents')).text };
          return this.show();
        }
        if (!agent) return;
        this.people.set(agent.id, { id: agent.id, name: agent.name } as ZendeskUser);
        await this.stage('assignee_id', agent.id);
        return;
      }
      case 'discard':
        await drafts.save(accountId, ticketId, { staged: {} });
        this.inputErrors.clear();
        this.othersChanged = [];
        this.errors = {};
        this.notice = { kind: 'info', text: l10n.t('Changes discarded.') };
        return this.show();
      case 'submit':
        await this.saveText(m.body, m.mode, false);
        return this.submit();
      case 'attachFiles': {
        const picked = await this.d.pickFiles();
        if (picked.refused.length) {
          this.refuse(
            l10n.t(
              '{0}: a link to a file outside the workspace, not attached. Attach the file it points to, if you mean to send it.',
              picked.refused.join(', '),
            ),
          );
        }
        return this.attach(picked.files);
      }
      case 'attachBytes': {
        const { bytes } = m;
        return this.d.files.add({
          name: m.name,
          size: m.size,
          contentType: m.contentType,
          read: async () => bytes,
        });
      }
      case 'fileTooLarge':
        // l10n: not user-facing (never called: a file over the limit is refused before it is read)
        return this.d.files.add({ name: m.name, size: m.size, read: () => Promise.reject(new Error('not read')) });
      case 'attachUris': {
        const dropped = await this.d.droppedFiles(m.uris);
        if (dropped.refused) {
          this.refuse(
            l10n.t('Only files of the open workspace can be dropped from VS Code; use Attach Files… for others.'),
          );
        }
        return this.attach(dropped.files);
      }
      case 'removeAttachment':
        return this.d.files.remove(m.id);
      case 'retryAttachment':
        return this.d.files.retry(m.id);
      case 'openLink':
        return this.d.openExternal(m.href);
      case 'reload':
        this.notice = undefined;
        return this.load();
      case 'earlierComments':
        return this.showEarlier();
      case 'cancel':
        this.running?.abort();
        return;
    }
  }

  /** The files' list changed (an upload started, ended or failed). */
  filesChanged(): void {
    this.show();
  }

  dispose(): void {
    this.disposed = true;
    this.running?.abort();
    this.loading?.abort();
    this.loadingEarlier?.abort();
  }

  /** "Show earlier comments": the page before the oldest loaded comment, put in front of the conversation. */
  private async showEarlier(): Promise<void> {
    const cursor = this.detail?.earlier;
    if (!cursor || this.loadingEarlier) return;
    const abort = new AbortController();
    this.loadingEarlier = abort;
    this.earlierProblem = undefined;
    this.show();
    try {
      const page = await this.d.loadEarlier(cursor, abort.signal);
      // A reload in between brought another conversation: this page belongs to the old one.
      if (this.disposed || this.detail?.earlier !== cursor) return;
      this.detail = withEarlier(this.detail, page);
    } catch (e) {
      if (this.disposed || abort.signal.aborted) return;
      this.d.logError(e);
      this.earlierProblem = l10n.t(
        '{0} Use Show earlier comments to try again.',
        describeError(e, l10n.t('Loading earlier comments')).text,
      );
    } finally {
      if (this.loadingEarlier === abort) this.loadingEarlier = undefined;
    }
    this.show();
  }

  private view(): DetailView {
    return detailView(this.withPeople(this.detail as TicketDetail), {
      baseUrl: this.baseUrl,
      now: this.d.now(),
      statuses: this.statuses as StatusVocabulary,
    });
  }

  private withPeople(d: TicketDetail): TicketDetail {
    if (!this.people.size) return d;
    const users = new Map(this.people);
    for (const [id, u] of d.users) users.set(id, u);
    return { ...d, users };
  }

  /** The status a submit sets, when a status is staged: required fields are checked for it. */
  private target(staged: StagedFields): TargetStatus | undefined {
    const choice = typeof staged.status === 'string' ? this.statuses?.find(staged.status) : undefined;
    return choice && { category: choice.category, customStatusId: choice.customStatusId };
  }

  private fieldsInput(staged: StagedFields) {
    const forms = this.forms as FormDefinitions;
    return {
      defs: forms.defs,
      ticket: this.detail?.ticket as Ticket,
      staged: toFieldsStaged(staged),
      submitAs: this.target(staged),
      people: this.withPeople(this.detail as TicketDetail).users,
      groups: forms.groups,
    };
  }

  private formView(staged: StagedFields): FieldsView | undefined {
    if (!this.forms || !this.detail) return undefined;
    const view = buildFieldsView(this.fieldsInput(staged));
    for (const f of view.fields) {
      // A value refused as typed, or Zendesk's own word on the field (a 422 naming it).
      const refused = this.inputErrors.get(f.id) ?? this.errors[fieldKey(f.id)];
      if (refused && !f.error) f.error = refused;
    }
    return view;
  }

  /** A staged key as the agent reads it: the header's names, a custom field's title. */
  private fieldLabel(key: string, form: FieldsView | undefined): string {
    const id = fieldIdOf(key);
    if (id !== undefined) {
      return this.forms?.defs.byId.get(id)?.title ?? form?.fields.find((f) => f.id === id)?.label ?? key;
    }
    return fieldNames()[key] ?? key;
  }

  /** Loads the account's definitions (cached unless `refresh`); a failure leaves the rest of the tab working. */
  private async loadDefinitions(refresh: boolean, signal?: AbortSignal): Promise<void> {
    const abort = signal ? undefined : new AbortController();
    this.formStatus = { phase: 'loading' };
    try {
      this.forms = await this.d.definitions(refresh, signal ?? (abort as AbortController).signal);
      this.formStatus = { phase: 'ready' };
    } catch (e) {
      if (this.disposed || signal?.aborted) return;
      this.d.logError(e);
      this.formStatus = {
        phase: 'failed',
        message: l10n.t(
          '{0} Your changes are kept; use Refresh Fields to try again.',
          describeError(e, l10n.t('Loading the ticket fields')).text,
        ),
      };
    }
  }

  /** A field of the form changed on the page: checked by its type and staged, or refused with what to type. */
  private async stageField(id: number, raw: FieldValue): Promise<void> {
    const { drafts, accountId, ticketId } = this.d;
    const field = this.forms?.defs.byId.get(id);
    const shown = this.formView(drafts.get(accountId, ticketId)?.staged ?? {})?.fields.find((f) => f.id === id);
    // Only a field the agent sees and may edit: the page is not trusted.
    if (!field || !shown || shown.readOnly) return;
    if (field.type === 'tickettype') {
      const type = raw === '' || raw === null ? null : TICKET_TYPES.find((x) => x === raw);
      if (type !== undefined) await this.stage('type', type);
      return;
    }
    if (field.type === 'group') {
      await this.stageGroup(raw === '' || raw === null ? null : Number(raw));
      return;
    }
    const { staged, error } = stageFieldValue({}, field, raw);
    if (error && field.type === 'partialcreditcard') {
      this.inputErrors.set(id, error);
      return this.show();
    }
    this.inputErrors.delete(id);
    // A bad value is staged as typed, with its error shown: nothing the agent typed is lost, nothing bad is sent.
    await this.stage(fieldKey(id), canonical(staged.values?.[String(id)] ?? null));
  }

  /**
   * Stages a group. Zendesk refuses an assignee who is not an agent of the ticket's group ("Assignee: is not a member
   * of the group"), and its Agent Workspace clears such an assignee when the group changes: the tab does the same and
   * says so.
   */
  private async stageGroup(groupId: number | null): Promise<boolean> {
    const t = this.detail?.ticket;
    if (!t || (groupId !== null && !this.forms?.groups.some((g) => g.id === groupId))) return false;
    const { drafts, accountId, ticketId } = this.d;
    const before = drafts.get(accountId, ticketId)?.staged ?? {};
    const assignee = 'assignee_id' in before ? before.assignee_id : t.assignee_id;
    if (!(await this.stage('group_id', groupId))) return false;
    if (typeof assignee !== 'number' || groupId === null || groupId === (t.group_id ?? null)) return true;
    let members: readonly ZendeskUser[];
    try {
      members = await this.d.groupMembers(groupId, new AbortController().signal);
    } catch (e) {
      this.notice = {
        kind: 'error',
        text: describeError(e, l10n.t('Checking the group’s agents')).text,
      };
      this.show();
      return true;
    }
    if (members.some((u) => u.id === assignee)) return true;
    const name = this.withPeople(this.detail as TicketDetail).users.get(assignee)?.name ?? l10n.t('user {0}', assignee);
    const group = this.forms?.groups.find((g) => g.id === groupId)?.name ?? String(groupId);
    await this.stage('assignee_id', null);
    this.notice = {
      kind: 'info',
      text: l10n.t(
        'Assignee cleared: {0} is not in {1}. Assign an agent of the group, or submit unassigned.',
        name,
        group,
      ),
    };
    this.show();
    return true;
  }

  /** Adds or removes a CC or follower. Removing one staged as added takes the addition back. */
  private async editPeople(
    key: 'email_ccs' | 'followers',
    edit: { userId?: number; email?: string; name?: string; remove?: boolean },
  ): Promise<void> {
    const { drafts, accountId, ticketId } = this.d;
    const t = this.detail?.ticket;
    if (!t) return;
    const edits = decodePeople(drafts.get(accountId, ticketId)?.staged?.[key]);
    const onTicket = new Set(key === 'email_ccs' ? (t.email_cc_ids ?? []) : (t.follower_ids ?? []));
    const same = (e: { userId?: number; email?: string }) =>
      (edit.userId !== undefined && e.userId === edit.userId) ||
      (!!edit.email && e.email?.toLowerCase() === edit.email.toLowerCase());
    const rest = edits.filter((e) => !same(e));
    if (edit.remove) {
      // Removing someone on the ticket is an edit; removing a staged addition (or a staged removal again) undoes it.
      const undo = edits.some(same);
      if (!undo && edit.userId !== undefined && onTicket.has(edit.userId)) {
        rest.push({ userId: edit.userId, remove: true });
      }
    } else if (edit.email || edit.userId !== undefined) {
      if (edit.userId !== undefined && onTicket.has(edit.userId)) return;
      // An address of someone the tab knows is sent by id (so a follower's role can be checked).
      const known = edit.email
        ? [...this.withPeople(this.detail as TicketDetail).users.values()].find(
            (u) => u.email?.toLowerCase() === edit.email?.toLowerCase(),
          )
        : undefined;
      if (known && onTicket.has(known.id)) return;
      rest.push(known ? { userId: known.id, name: known.name } : edit);
    }
    await this.stage(key, encodePeople(rest).sort());
  }

  private fields(view: DetailView, staged: StagedFields): TabState['fields'] {
    const statuses = this.statuses as StatusVocabulary;
    const users = this.withPeople(this.detail as TicketDetail).users;
    const others = new Set(this.othersChanged);
    const field = (name: string, current: StagedValue, label: (v: StagedValue) => string): FieldState => {
      const isStaged = name in staged;
      const value = isStaged ? staged[name] : current;
      return { value, label: label(value), staged: isStaged, changedByOthers: others.has(name) };
    };
    return {
      status: field('status', view.statusKey, (v) => statuses.find(String(v))?.label ?? view.statusLabel),
      priority: field('priority', view.priority ?? '', (v) => (v ? valueLabel(String(v)) : '-')),
      assignee_id: field('assignee_id', view.assigneeId, (v) =>
        typeof v === 'number' ? (users.get(v)?.name ?? l10n.t('user {0}', v)) : l10n.t('Unassigned'),
      ),
    };
  }

  /** The submit button's words, with text in the composer and without. */
  private submitLabels(
    view: DetailView | undefined,
    staged: StagedFields,
  ): Pick<TabState['composer'], 'submitWithText' | 'submitWithoutText'> {
    const status = typeof staged.status === 'string' ? this.statuses?.find(staged.status)?.label : undefined;
    const asStatus = l10n.t('Submit as {0}', status ?? view?.statusLabel ?? '');
    const reply =
      this.mode === 'public'
        ? l10n.t('Send public reply to {0}', view?.requester ?? l10n.t('the requester'))
        : l10n.t('Add internal note');
    return {
      submitWithText: status ? l10n.t('{0}, submit as {1}', reply, status) : reply,
      submitWithoutText: asStatus,
    };
  }

  private async saveText(body: string, mode: ComposerMode | undefined, show = true): Promise<void> {
    if (mode) this.mode = mode;
    await this.d.drafts.save(this.d.accountId, this.d.ticketId, { body, mode: this.mode });
    // The page keeps its own text; the state follows for the title's marker and the submit button.
    if (show) this.show();
  }

  /** Zendesk asked to wait (a 429) while a submit is on its way: the busy line says how long; Cancel still stops it. */
  retrying(text: string): void {
    if (!this.busy) return;
    this.busy = { ...this.busy, text };
    this.show();
  }

  /**
   * Changes from outside the page (a macro): the comment joins the composer after the agent's own text and sets the
   * mode; the fields the tab offers are staged as if the agent had picked them. Nothing is sent: the agent submits.
   * What the tab cannot stage is named in the outcome, for the command to say.
   */
  async stageChanges(changes: StagedChanges): Promise<StageOutcome> {
    const { drafts, accountId, ticketId } = this.d;
    const staged: StageOutcome['staged'] = [];
    const notStaged: StageOutcome['notStaged'] = [];
    if (changes.comment?.body.trim()) {
      const own = drafts.get(accountId, ticketId)?.body ?? '';
      const body = own.trim() ? `${own.trimEnd()}\n\n${changes.comment.body}` : changes.comment.body;
      this.mode = changes.comment.public ? 'public' : 'internal';
      await drafts.save(accountId, ticketId, { body, mode: this.mode });
      // The page shows the draft's text again: the macro's comment is in it.
      this.bodyVersion++;
      staged.push('comment');
    }
    for (const [field, stage] of this.macroSteps(changes.fields)) {
      if (this.detail && (await stage())) staged.push(field);
      else notStaged.push(field);
    }
    this.show();
    return { staged, notStaged };
  }

  /** Each field a macro sets, with how the tab stages it (false: it could not). A custom status names the status
   * (statuses.ts keys it by its id, or by its category for a category's default); the category beside it says
   * nothing more. */
  private macroSteps(f: StagedChanges['fields']): [keyof StagedChanges['fields'], () => Promise<boolean>][] {
    const steps: [keyof StagedChanges['fields'], () => Promise<boolean>][] = [];
    const { custom_status_id: customId, status, priority, assignee_id: assignee, type, group_id: group, tags } = f;
    if (customId !== undefined && customId !== null) {
      const key = this.statuses?.choices.find((c) => c.customStatusId === customId)?.key;
      steps.push(['custom_status_id', async () => key !== undefined && this.stage('status', key)]);
    } else if (status !== undefined) steps.push(['status', () => this.stage('status', status)]);
    if (priority !== undefined) steps.push(['priority', () => this.stage('priority', priority ?? '')]);
    if (assignee !== undefined) steps.push(['assignee_id', () => this.stage('assignee_id', assignee)]);
    if (type !== undefined) steps.push(['type', () => this.stage('type', type ?? null)]);
    if (group !== undefined) steps.push(['group_id', () => this.stageGroup(group ?? null)]);
    if (tags !== undefined) steps.push(['tags', () => this.stage('tags', [...normaliseTags(tags).tags].sort())]);
    if (f.subject !== undefined) steps.push(['subject', async () => false]);
    return steps;
  }

  /** Stages a field's value (undefined: unstages it). A value equal to the ticket's is no change and is dropped.
   * Whether the field and value are ones the tab may stage (the page is not trusted). */
  private async stage(field: string, value: StagedValue | undefined): Promise<boolean> {
    const t = this.detail?.ticket;
    const statuses = this.statuses;
    if (!t || !statuses || this.running) return false;
    // Only the fields the tab offers, with values the ticket can take: the page is not trusted.
    if (!(STAGED_FIELDS as readonly string[]).includes(field) && !isFormKey(field)) return false;
    if (field === 'status' && value !== undefined && !statuses.find(String(value))) return false;
    const { drafts, accountId, ticketId } = this.d;
    const draft = drafts.get(accountId, ticketId);
    const current = fieldValues(t, statuses);
    const staged: Record<string, StagedValue> = { ...draft?.staged };
    if (value === undefined || JSON.stringify(value) === JSON.stringify(current[field])) delete staged[field];
    else staged[field] = value;
    // The base is what the fields were when staging started: kept until the staged changes are sent or discarded.
    const base = draft?.base ?? { updatedAt: t.updated_at, values: current };
    delete this.errors[field];
    this.notice = undefined;
    await drafts.save(accountId, ticketId, { staged, base });
    this.show();
    return true;
  }

  /** After a load: staged values the ticket now has anyway are dropped; what others changed since the base is named.
   * `seen`: after a conflict without staging, the fields as the agent saw them before the reload. */
  private async settle(seen: StagedFields | undefined): Promise<void> {
    const { drafts, accountId, ticketId } = this.d;
    const t = this.detail?.ticket as Ticket;
    const current = fieldValues(t, this.statuses as StatusVocabulary);
    const draft = drafts.get(accountId, ticketId);
    const base = draft?.base?.values ?? seen;
    this.othersChanged = base ? changedFields(base, current) : seen ? [] : this.othersChanged;
    if (!draft?.base) return;
    const staged = Object.fromEntries(
      Object.entries(draft.staged ?? {}).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(current[k])),
    );
    if (Object.keys(staged).length !== Object.keys(draft.staged ?? {}).length) {
      await drafts.save(accountId, ticketId, { staged });
    }
  }

  /** Sends the staged fields and the comment (if there is text) in one `safe_update`. */
  private async submit(): Promise<void> {
    const view = this.detail;
    const statuses = this.statuses;
    if (!view || !statuses || this.running) return;
    const { drafts, accountId, ticketId, files } = this.d;
    const draft = drafts.get(accountId, ticketId);
    const body = draft?.body ?? '';
    const staged = draft?.staged ?? {};
    let fieldsPatch = stagedPatch(staged, statuses);
    if (Object.keys(staged).some(isFormKey)) {
      if (!this.forms) {
        return this.refuse(
          l10n.t(
            'The ticket fields are not loaded, so the changes to them cannot be checked: use Refresh Fields, then submit.',
          ),
        );
      }
      // Bad values, refused CCs or followers, and fields the new status requires hold the submit back, named.
      const { patch, problems } = fieldsUpdate(this.fieldsInput(staged));
      if (problems.length) return this.refuse(l10n.t('Not sent. {0}', problems.join(' ')));
      fieldsPatch = { ...fieldsPatch, ...patch };
    } else if (this.forms) {
      // A status change alone may need fields filled (required on solve): named before anything is sent.
      const { problems } = fieldsUpdate(this.fieldsInput(staged));
      if (problems.length) return this.refuse(l10n.t('Not sent. {0}', problems.join(' ')));
    }
    const hasText = !!body.trim();
    const hasFields = Object.keys(fieldsPatch).length > 0;
    // Zendesk refuses a comment without text, files or not ("Comment: body cannot be blank").
    if (!hasText && files.count) {
      return this.refuse(l10n.t('Zendesk needs text with every comment, attachments too: write a reply, then submit.'));
    }
    if (!hasText && !hasFields) {
      return this.refuse(l10n.t('Nothing to submit: write a reply or note, or change a field.'));
    }
    let uploads: readonly string[] = [];
    if (hasText) {
      const ready = files.forSubmit();
      if ('problem' in ready) return this.refuse(ready.problem);
      uploads = ready.tokens;
    }
    const isPublic = this.mode === 'public';
    const patch: TicketPatch = {
      ...fieldsPatch,
      ...(hasText ? { comment: { body, public: isPublic, ...(uploads.length ? { uploads: [...uploads] } : {}) } } : {}),
    };
    const action: TabWrite = !hasText ? 'updateFields' : isPublic ? 'replyPublic' : 'addNote';
    const abort = new AbortController();
    this.running = abort;
    this.errors = {};
    this.notice = undefined;
    this.busy = { text: hasText ? l10n.t('Sending…') : l10n.t('Saving…'), lock: true };
    this.show();
    try {
      const answer = await this.d.write(patch, view.ticket.updated_at, action, abort.signal);
      await drafts.sent(accountId, ticketId, uploads);
      const me = this.d.me();
      this.detail = withUpdate(view, answer, me ? [{ id: me.id, name: me.name } as ZendeskUser] : []);
      this.othersChanged = [];
      this.bodyVersion++;
      this.notice = {
        kind: 'info',
        text: !hasText ? l10n.t('Saved.') : isPublic ? l10n.t('Public reply sent.') : l10n.t('Internal note added.'),
      };
      this.d.changed(answer.ticket);
      this.inputErrors.clear();
    } catch (e) {
      await this.failed(e, abort.signal.aborted);
    } finally {
      this.running = undefined;
      this.busy = undefined;
    }
    this.show();
  }

  private async failed(e: unknown, aborted: boolean): Promise<void> {
    const kept = l10n.t('Your text and changes are kept.');
    if (aborted) {
      this.notice = { kind: 'info', text: l10n.t('Not sent. {0}', kept) };
    } else if (e instanceof ConflictError) {
      this.notice = {
        kind: 'error',
        text: l10n.t(
          '#{0} changed since you opened it, so nothing was sent. It is reloaded below; your text and changes are kept: check what changed and submit again.',
          this.d.ticketId,
        ),
      };
      await this.load(true);
    } else if (e instanceof ValidationError) {
      // Refused over a field or form the cached definitions do not know: they are loaded again for the next try.
      if (this.d.noteRefusal(e)) await this.loadDefinitions(false);
      this.errors = fieldErrors(e.problems);
      if (!Object.keys(this.errors).length) this.errors = { base: e.message };
      this.notice = { kind: 'error', text: describeError(e, { action: l10n.t('Sending'), kept }).text };
    } else if (isCancellation(e)) {
      this.notice = { kind: 'info', text: describeError(e, { action: l10n.t('Sending'), kept }).text };
    } else {
      this.d.logError(e);
      this.notice = { kind: 'error', text: describeError(e, { action: l10n.t('Sending'), kept }).text };
    }
  }

  private async attach(sources: readonly FileSource[]): Promise<void> {
    await Promise.all(sources.map((f) => this.d.files.add(f)));
  }

  /** A problem with the submit itself (not with a field Zendesk judged): shown, nothing sent, the draft kept. */
  private refuse(text: string): void {
    this.notice = { kind: 'error', text };
    this.show();
  }

  private show(): void {
    if (!this.disposed) this.d.render(this.state);
  }
}

/** The header's fields and the ticket's own properties, by key, as the tab names them. */
function fieldNames(): Record<string, string> {
  return {
    status: l10n.t('Status'),
    priority: l10n.t('Priority'),
    assignee_id: l10n.t('Assignee'),
    group_id: l10n.t('Group'),
    type: l10n.t('Type'),
    subject: l10n.t('Subject'),
    tags: l10n.t('Tags'),
    ticket_form_id: l10n.t('Form'),
    email_ccs: l10n.t('CCs'),
    email_cc_ids: l10n.t('CCs'),
    followers: l10n.t('Followers'),
    follower_ids: l10n.t('Followers'),
  };
}
