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
import type { Ticket, TicketPatch, ZendeskUser } from '../../zendesk/types';
import { describeError, isCancellation } from '../../ui/errorText';
import type { StagedChanges, StageOutcome } from '../ticketTabs';
import { hasWork, type ComposerMode, type DraftStore, type StagedFields, type StagedValue } from '../drafts';
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
  STAGED_FIELDS,
  stagedPatch,
  withUpdate,
  type DetailView,
  type TicketDetail,
} from './detailModel';
import type { PageMessage } from './pageMessages';

/** What the controller asks of the outside; the panel passes VS Code's, the unit tests pass fakes. */
export interface TabDeps {
  accountId: string;
  ticketId: number;
  drafts: DraftStore;
  files: ComposerFiles;
  /** The ticket, its conversation and the account's statuses; undefined while the account is not signed in. */
  load(signal: AbortSignal): Promise<{ detail: TicketDetail; statuses: StatusVocabulary; baseUrl: string } | undefined>;
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
  statuses?: StatusVocabulary;
  fields: Record<(typeof STAGED_FIELDS)[number], FieldState> | undefined;
  /** The staged changes by field. */
  staged: StagedFields;
  /** Fields someone else changed since the agent's staging started, by name. */
  changedByOthers: string[];
  composer: {
    mode: ComposerMode;
    /** The text as last saved; the page shows it only when `bodyVersion` changes (a load, a send): typing is kept. */
    body: string;
    bodyVersion: number;
    /** What Submit does with text and without it: "Send public reply to Elena Larsen", "Submit as Solved". */
    submitWithText: string;
    submitWithoutText: string;
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
  private phase: TabState['phase'] = 'loading';
  private message: string | undefined;
  private bodyVersion = 0;
  private mode: ComposerMode;
  private disposed = false;

  constructor(private readonly d: TabDeps) {
    this.mode = d.drafts.get(d.accountId, d.ticketId)?.mode ?? d.drafts.mode(d.accountId, d.ticketId);
  }

  get state(): TabState {
    const d = this.d;
    const draft = d.drafts.get(d.accountId, d.ticketId);
    const staged = draft?.staged ?? {};
    const view = this.detail && this.view();
    const marked = hasWork(draft);
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
      statuses: this.statuses,
      fields: view && this.fields(view, staged),
      staged,
      changedByOthers: this.othersChanged,
      composer: {
        mode: this.mode,
        body: draft?.body ?? '',
        bodyVersion: this.bodyVersion,
        ...this.submitLabels(view, staged),
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

  /** (Re)loads the ticket; the draft and the staged changes stay. `conflict`: the reload follows a 409. */
  async load(conflict = false): Promise<void> {
    this.loading?.abort();
    const abort = new AbortController();
    this.loading = abort;
    const seen = this.detail && this.statuses ? fieldValues(this.detail.ticket, this.statuses) : undefined;
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
      this.detail = got.detail;
      this.statuses = got.statuses;
      this.baseUrl = got.baseUrl;
      this.phase = 'ready';
      this.message = undefined;
      // The text in the composer is the draft's: a load shows it (after a conflict it is the agent's own).
      this.bodyVersion++;
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
      case 'stage':
        return this.stage(m.field, m.value);
      case 'unstage':
        return this.stage(m.field, undefined);
      case 'assignToMe': {
        const me = this.d.me();
        if (!me) return;
        this.people.set(me.id, { id: me.id, name: me.name } as ZendeskUser);
        return this.stage('assignee_id', me.id);
      }
      case 'assign': {
        const t = this.detail?.ticket;
        if (!t) return;
        let agent: { id: number; name: string } | undefined;
        try {
          agent = await this.d.pickAgent({ ticketId, groupId: t.group_id, assigneeId: t.assignee_id });
        } catch (e) {
          this.notice = { kind: 'error', text: describeError(e, l10n.t('Loading the agents')).text };
          return this.show();
        }
        if (!agent) return;
        this.people.set(agent.id, { id: agent.id, name: agent.name } as ZendeskUser);
        return this.stage('assignee_id', agent.id);
      }
      case 'discard':
        await drafts.save(accountId, ticketId, { staged: {} });
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
    const fields = changes.fields;
    for (const [field, value] of Object.entries(fields) as [keyof StagedChanges['fields'], unknown][]) {
      if (value === undefined) continue;
      // A custom status names the status (its id is its key in statuses.ts); the category beside it says nothing more.
      if (field === 'status' && fields.custom_status_id !== undefined) continue;
      const key = field === 'custom_status_id' ? 'status' : field;
      if (!this.detail || !(STAGED_FIELDS as readonly string[]).includes(key)) {
        notStaged.push(field);
        continue;
      }
      await this.stage(key, field === 'custom_status_id' ? String(value) : (value as StagedValue));
      staged.push(field);
    }
    this.show();
    return { staged, notStaged };
  }

  /** Stages a field's value (undefined: unstages it). A value equal to the ticket's is no change and is dropped. */
  private async stage(field: string, value: StagedValue | undefined): Promise<void> {
    const t = this.detail?.ticket;
    const statuses = this.statuses;
    if (!t || !statuses || this.running) return;
    // Only the fields the tab offers, with values the ticket can take: the page is not trusted.
    if (!(STAGED_FIELDS as readonly string[]).includes(field)) return;
    if (field === 'status' && value !== undefined && !statuses.find(String(value))) return;
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
    const fieldsPatch = stagedPatch(draft?.staged ?? {}, statuses);
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
