// Unsent work on a ticket, one draft per account and ticket, kept in globalState so it survives closing the tab,
// reloading the window, a failed send and a conflict: the composer's text, its files, and the field changes the agent
// staged (with the values those fields had when staging started, to tell on a conflict what someone else changed).
// A draft is removed only when Zendesk accepted what was sent, or the agent emptied or discarded it. The composer's
// mode is remembered apart from the draft: it outlives a send ("starts in the mode last used on that ticket").
// No `vscode` import: the store is any Memento-shaped object.
import { MementoKeys } from '../constants';

/** A file already uploaded to Zendesk for this reply: the token is what the comment names in `uploads`. */
export interface DraftAttachment {
  name: string;
  size: number;
  token: string;
  /** When Zendesk took the file. Zendesk keeps an unused upload token for 60 minutes (its Uploads API says so);
   * the draft relies on that and no more: an older token is treated as gone and the file must be attached again. */
  uploadedAt: number;
}

export type ComposerMode = 'public' | 'internal';

/** A staged field's value: a status key (statuses.ts), a priority, an assignee id, a custom field's value. */
export type StagedValue = string | number | boolean | null | readonly string[];

/** Field changes not yet sent, by field (`status`, `priority`, `assignee_id`; custom fields by their own keys). */
export type StagedFields = Readonly<Record<string, StagedValue>>;

/** What the ticket's fields were when staging started: a conflict compares the fresh ticket with this. */
export interface StagingBase {
  updatedAt: string;
  values: StagedFields;
}

export interface Draft {
  body: string;
  /** The composer's mode when the draft was saved. */
  mode?: ComposerMode;
  /** Files uploaded for this reply, in the order they were attached. */
  attachments?: DraftAttachment[];
  /** Field changes to send with the next submit. */
  staged?: StagedFields;
  base?: StagingBase;
  savedAt: number;
}

export type DraftInput = Omit<Draft, 'savedAt'>;

export interface MementoLike {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void> | Promise<void>;
}

/** Whether a draft holds anything the agent would lose: text, a file or a staged change (the tab's "●"). */
export function hasWork(d: Draft | undefined): boolean {
  return !!d && (!!d.body.trim() || !!d.attachments?.length || Object.keys(d.staged ?? {}).length > 0);
}

export class DraftStore {
  private readonly listeners = new Set<(accountId: string, ticketId: number) => void>();

  constructor(
    private readonly memento: MementoLike,
    private readonly now: () => number = Date.now,
  ) {}

  /** Called when a ticket gains or loses unsent work (not on every keystroke): the tree marks it. */
  onDidChangeWork(listener: (accountId: string, ticketId: number) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  get(accountId: string, ticketId: number): Draft | undefined {
    const d = this.memento.get<unknown>(MementoKeys.ticketDraft(accountId, ticketId));
    return isDraft(d) ? d : undefined;
  }

  /** The mode last used on the ticket; Internal note the first time (the harmless mistake). */
  mode(accountId: string, ticketId: number): ComposerMode {
    const m = this.memento.get<unknown>(MementoKeys.composerMode(accountId, ticketId));
    return m === 'public' ? 'public' : 'internal';
  }

  /** Saves what the composer holds; a draft with no text, no file and no staged change is removed. Fields left out
   * keep their stored value: the page reports text, the extension owns files and staged changes. */
  async save(accountId: string, ticketId: number, d: Partial<DraftInput> & { body?: string }): Promise<void> {
    const key = MementoKeys.ticketDraft(accountId, ticketId);
    const old = this.get(accountId, ticketId);
    const before = hasWork(old);
    const attachments = d.attachments ?? old?.attachments ?? [];
    const staged = 'staged' in d ? (d.staged ?? {}) : (old?.staged ?? {});
    const base = Object.keys(staged).length ? ('base' in d ? d.base : old?.base) : undefined;
    const mode = d.mode ?? old?.mode;
    const next: Draft = {
      body: d.body ?? old?.body ?? '',
      ...(mode ? { mode } : {}),
      ...(attachments.length ? { attachments } : {}),
      ...(Object.keys(staged).length ? { staged } : {}),
      ...(base ? { base } : {}),
      savedAt: this.now(),
    };
    // Read and written with no await between: the tab handles the page's messages concurrently (text, then a staged
    // field), and a save that awaited first would write back the draft it read before the other one's change.
    const written = this.memento.update(key, hasWork(next) ? next : undefined);
    if (d.mode) await this.memento.update(MementoKeys.composerMode(accountId, ticketId), d.mode);
    await written;
    if (before !== hasWork(next)) this.fire(accountId, ticketId);
  }

  /** Replaces the draft's files, keeping its text and staged changes. */
  setAttachments(accountId: string, ticketId: number, attachments: DraftAttachment[]): Promise<void> {
    return this.save(accountId, ticketId, { attachments });
  }

  /** Only after Zendesk accepted the submit: the text, the staged changes and the files it named (`sentTokens`) are
   * on the ticket now. A file that finished uploading while the submit was on its way was not in it, so it stays. */
  async sent(accountId: string, ticketId: number, sentTokens: readonly string[] = []): Promise<void> {
    const old = this.get(accountId, ticketId);
    const later = (old?.attachments ?? []).filter((a) => !sentTokens.includes(a.token));
    await this.memento.update(
      MementoKeys.ticketDraft(accountId, ticketId),
      later.length ? { body: '', attachments: later, savedAt: this.now() } : undefined,
    );
    if (hasWork(old) !== later.length > 0) this.fire(accountId, ticketId);
  }

  private fire(accountId: string, ticketId: number): void {
    for (const l of this.listeners) l(accountId, ticketId);
  }
}

const STAGED_VALUE = (v: unknown): boolean =>
  v === null ||
  ['string', 'number', 'boolean'].includes(typeof v) ||
  (Array.isArray(v) && v.every((x) => typeof x === 'string'));

function isStaged(v: unknown): v is StagedFields {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every(STAGED_VALUE);
}

function isDraft(d: unknown): d is Draft {
  if (typeof d !== 'object' || d === null) return false;
  const x = d as Record<string, unknown>;
  const base = x.base as Record<string, unknown> | undefined;
  return (
    typeof x.body === 'string' &&
    (x.mode === undefined || x.mode === 'public' || x.mode === 'internal') &&
    (x.attachments === undefined || (Array.isArray(x.attachments) && x.attachments.every(isDraftAttachment))) &&
    (x.staged === undefined || isStaged(x.staged)) &&
    (base === undefined ||
      (typeof base === 'object' && base !== null && typeof base.updatedAt === 'string' && isStaged(base.values)))
  );
}

function isDraftAttachment(a: unknown): a is DraftAttachment {
  if (typeof a !== 'object' || a === null) return false;
  const x = a as Record<string, unknown>;
  return (
    typeof x.name === 'string' &&
    typeof x.size === 'number' &&
    typeof x.token === 'string' &&
    typeof x.uploadedAt === 'number'
  );
}
