// Unsent replies, one per account and ticket, kept in globalState so they survive closing the tab, reloading the
// window and a failed send. A draft is removed only when Zendesk accepted what was sent (or the user emptied it).
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

export interface Draft {
  body: string;
  /** The user's explicit choice; undefined until they made one (there is no default between the two). */
  mode?: 'public' | 'internal';
  /** "Submit as": the key of the status the ticket takes with the reply (statuses.ts); undefined keeps it. */
  status?: string;
  /** Files uploaded for this reply, in the order they were attached. */
  attachments?: DraftAttachment[];
  savedAt: number;
}

export interface MementoLike {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void> | Promise<void>;
}

export class DraftStore {
  constructor(
    private readonly memento: MementoLike,
    private readonly now: () => number = Date.now,
  ) {}

  get(accountId: string, ticketId: number): Draft | undefined {
    const d = this.memento.get<unknown>(MementoKeys.ticketDraft(accountId, ticketId));
    return isDraft(d) ? d : undefined;
  }

  /** Saves what the composer holds; an empty composer with no reply type chosen and no file removes the draft (a
   * "Submit as" status alone is not worth keeping: it is the ticket's own status unless the user wrote something).
   * Without `attachments` the files already in the draft stay: the page reports text, the extension owns files. */
  async save(accountId: string, ticketId: number, d: Omit<Draft, 'savedAt'>): Promise<void> {
    const key = MementoKeys.ticketDraft(accountId, ticketId);
    const attachments = d.attachments ?? this.get(accountId, ticketId)?.attachments ?? [];
    if (!d.body.trim() && !d.mode && !attachments.length) return this.memento.update(key, undefined);
    await this.memento.update(key, {
      body: d.body,
      mode: d.mode,
      status: d.status,
      ...(attachments.length ? { attachments } : {}),
      savedAt: this.now(),
    });
  }

  /** Replaces the draft's files, keeping its text. */
  async setAttachments(accountId: string, ticketId: number, attachments: DraftAttachment[]): Promise<void> {
    const d = this.get(accountId, ticketId);
    await this.save(accountId, ticketId, { body: d?.body ?? '', mode: d?.mode, status: d?.status, attachments });
  }

  /** Only after Zendesk accepted the reply: the text and the files it named (`sentTokens`) are on the ticket now. A
   * file that finished uploading while the reply was on its way was not in it, so it stays for the next reply. */
  async sent(accountId: string, ticketId: number, sentTokens: readonly string[] = []): Promise<void> {
    const later = (this.get(accountId, ticketId)?.attachments ?? []).filter((a) => !sentTokens.includes(a.token));
    if (later.length) {
      await this.memento.update(MementoKeys.ticketDraft(accountId, ticketId), {
        body: '',
        attachments: later,
        savedAt: this.now(),
      });
    } else await this.memento.update(MementoKeys.ticketDraft(accountId, ticketId), undefined);
  }
}

function isDraft(d: unknown): d is Draft {
  if (typeof d !== 'object' || d === null) return false;
  const x = d as Record<string, unknown>;
  return (
    typeof x.body === 'string' &&
    (x.mode === undefined || x.mode === 'public' || x.mode === 'internal') &&
    (x.attachments === undefined || (Array.isArray(x.attachments) && x.attachments.every(isDraftAttachment)))
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
