/**
 * The ticket store, kept columnar so 100,000 tickets fit in a few MB: one typed array per scalar field,
 * interned tag sets, and seeded descriptions and comments generated on demand from the seed (only what the
 * API adds or changes is stored as objects).
 */

/** Zendesk's status order: `status<solved` means new, open, pending or hold. */
export const STATUSES = ['new', 'open', 'pending', 'hold', 'solved', 'closed'] as const;
/** Index 0 is "no priority"; the order is Zendesk's (low < normal < high < urgent). */
export const PRIORITIES = [null, 'low', 'normal', 'high', 'urgent'] as const;
export const TICKET_TYPES = [null, 'problem', 'incident', 'question', 'task'] as const;

export type Status = (typeof STATUSES)[number];
export type Priority = Exclude<(typeof PRIORITIES)[number], null>;
export type TicketType = Exclude<(typeof TICKET_TYPES)[number], null>;

export interface StoredComment {
  id: number;
  authorId: number;
  body: string;
  public: boolean;
  createdAt: number;
  auditId: number;
  /** The `html_body` the comment was written with, kept as sent (see the CHOICE in ticketWrites.ts). */
  htmlBody?: string;
  /** Attachment objects from the comment's `uploads`. */
  attachments?: Record<string, unknown>[];
}

/** Text that is a pure function of the seed and the ticket id, generated when asked for. */
export interface SeededText {
  description(ticketId: number): string;
  /** The `index`-th seeded comment (0 is the description). */
  comment(ticketId: number, index: number): StoredComment;
}

export interface NewTicket {
  subject: string;
  description: string;
  status: number;
  priority: number;
  type: number;
  requesterId: number;
  submitterId: number;
  assigneeId: number;
  groupId: number;
  tags: readonly string[];
  createdAt: number;
  seededComments: number;
}

export type SortField = 'id' | 'created_at' | 'updated_at' | 'status' | 'priority' | 'type';

/**
 * Comment ids are COMMENT_ID_BASE + ticketId * COMMENT_ID_STRIDE + position, so they are unique and grow with time.
 * Real Zendesk ids (users, groups, views, comments, audits, attachments) have 13-14 digits: above 2^32, below 2^53.
 * The sandbox's are as large, so clients are tested with them (ticket ids are per-account numbers, small in Zendesk
 * too).
 */
export const COMMENT_ID_STRIDE = 10_000;
export const COMMENT_ID_BASE = 33_144_000_000_000;
/** People and groups: a column of ids above 2^32 (a Float64Array holds every integer below 2^53 exactly). */
export type IdColumn = Float64Array;

export class TicketStore {
  count = 0;
  /** Bumped on every change; caches of orders, views and searches key on it. */
  version = 0;
  status: Uint8Array;
  priority: Uint8Array;
  type: Uint8Array;
  requester: IdColumn;
  submitter: IdColumn;
  assignee: IdColumn;
  group: IdColumn;
  createdAt: Uint32Array;
  updatedAt: Uint32Array;
  tagSet: Uint32Array;
  seededComments: Uint8Array;
  private readonly subjects: string[] = [];
  private readonly descriptions = new Map<number, string>();
  private readonly addedComments = new Map<number, StoredComment[]>();
  private readonly tagSets: (readonly string[])[] = [[]];
  private readonly tagSetIds = new Map<string, number>([['', 0]]);
  private readonly orders = new Map<string, { version: number; ids: Int32Array }>();
  private auditSeq = 33_150_000_000_000;

  constructor(
    capacity: number,
    private readonly text: SeededText,
  ) {
    const n = Math.max(16, capacity);
    this.status = new Uint8Array(n);
    this.priority = new Uint8Array(n);
    this.type = new Uint8Array(n);
    this.requester = new Float64Array(n);
    this.submitter = new Float64Array(n);
    this.assignee = new Float64Array(n);
    this.group = new Float64Array(n);
    this.createdAt = new Uint32Array(n);
    this.updatedAt = new Uint32Array(n);
    this.tagSet = new Uint32Array(n);
    this.seededComments = new Uint8Array(n);
  }

  has(id: number): boolean {
    return Number.isInteger(id) && id >= 1 && id <= this.count;
  }

  /** Adds a ticket with the next id. Seeding calls this too, so created tickets follow seeded ones. */
  add(t: NewTicket): number {
    if (this.count === this.status.length) this.grow();
    const i = this.count++;
    const id = i + 1;
    this.status[i] = t.status;
    this.priority[i] = t.priority;
    this.type[i] = t.type;
    this.requester[i] = t.requesterId;
    this.submitter[i] = t.submitterId;
    this.assignee[i] = t.assigneeId;
    this.group[i] = t.groupId;
    this.createdAt[i] = t.createdAt;
    this.updatedAt[i] = t.createdAt;
    this.tagSet[i] = this.internTags(t.tags);
    this.seededComments[i] = t.seededComments;
    this.subjects.push(t.subject);
    if (t.seededComments === 0) this.descriptions.set(id, t.description);
    this.version++;
    return id;
  }

  /** Seeding sets updated_at after add; the API sets it through touch. */
  setUpdatedAt(id: number, unixSeconds: number): void {
    this.updatedAt[id - 1] = unixSeconds;
    this.version++;
  }

  subject(id: number): string {
    return this.subjects[id - 1] ?? '';
  }

  setSubject(id: number, subject: string): void {
    this.subjects[id - 1] = subject;
    this.version++;
  }

  description(id: number): string {
    return this.descriptions.get(id) ?? this.text.description(id);
  }

  tags(id: number): readonly string[] {
    return this.tagSets[this.tagSet[id - 1] ?? 0] ?? [];
  }

  setTags(id: number, tags: readonly string[]): void {
    this.tagSet[id - 1] = this.internTags(tags);
    this.version++;
  }

  /** Sets one of the small scalar columns and bumps the version. */
  set(id: number, column: Uint8Array | Uint32Array | IdColumn, value: number): void {
    column[id - 1] = value;
    this.version++;
  }

  commentCount(id: number): number {
    return (this.seededComments[id - 1] ?? 0) + (this.addedComments.get(id)?.length ?? 0);
  }

  comments(id: number): StoredComment[] {
    const seeded = this.seededComments[id - 1] ?? 0;
    const out: StoredComment[] = [];
    for (let k = 0; k < seeded; k++) out.push(this.text.comment(id, k));
    return out.concat(this.addedComments.get(id) ?? []);
  }

  addComment(id: number, c: Omit<StoredComment, 'id'>): StoredComment {
    const list = this.addedComments.get(id) ?? [];
    const comment: StoredComment = { ...c, id: COMMENT_ID_BASE + id * COMMENT_ID_STRIDE + this.commentCount(id) + 1 };
    list.push(comment);
    this.addedComments.set(id, list);
    this.version++;
    return comment;
  }

  /** Audits of API changes get ids from one sequence, above every seeded comment's audit id. */
  nextAuditId(): number {
    return ++this.auditSeq;
  }

  /** A copy of `ids` ordered by (field, id). */
  orderSubset(ids: Int32Array, field: SortField, desc: boolean): Int32Array {
    const copy = Int32Array.from(ids);
    sortIds(copy, this.sortKey(field), desc);
    return copy;
  }

  sortKey(field: SortField): (id: number) => number {
    const col =
      field === 'created_at'
        ? this.createdAt
        : field === 'updated_at'
          ? this.updatedAt
          : field === 'status'
            ? this.status
            : field === 'priority'
              ? this.priority
              : field === 'type'
                ? this.type
                : undefined;
    return col ? (id) => col[id - 1] ?? 0 : (id) => id;
  }

  /** All ticket ids ordered by (field, id), ascending or descending; cached until the next change. */
  order(field: SortField, desc: boolean): Int32Array {
    const cacheKey = `${field}:${desc}`;
    const cached = this.orders.get(cacheKey);
    if (cached && cached.version === this.version) return cached.ids;
    const ids = new Int32Array(this.count);
    for (let i = 0; i < this.count; i++) ids[i] = i + 1;
    sortIds(ids, this.sortKey(field), desc);
    this.orders.set(cacheKey, { version: this.version, ids });
    return ids;
  }

  private internTags(tags: readonly string[]): number {
    const sorted = [...new Set(tags)].sort();
    const key = sorted.join(' ');
    let idx = this.tagSetIds.get(key);
    if (idx === undefined) {
      idx = this.tagSets.length;
      this.tagSets.push(sorted);
      this.tagSetIds.set(key, idx);
    }
    return idx;
  }

  private grow(): void {
    const n = this.status.length * 2;
    // Each column keeps its own kind (bytes, 32-bit, or ids as doubles), twice as long.
    const widen = <T extends Uint8Array | Uint32Array | IdColumn>(a: T): T => {
      const b = new (a.constructor as new (length: number) => T)(n);
      b.set(a);
      return b;
    };
    this.status = widen(this.status);
    this.priority = widen(this.priority);
    this.type = widen(this.type);
    this.seededComments = widen(this.seededComments);
    this.requester = widen(this.requester);
    this.submitter = widen(this.submitter);
    this.assignee = widen(this.assignee);
    this.group = widen(this.group);
    this.createdAt = widen(this.createdAt);
    this.updatedAt = widen(this.updatedAt);
    this.tagSet = widen(this.tagSet);
  }
}

/** Sorts ids in place by (key, id); ties broken by id so every order is total and cursors are stable. */
export function sortIds(ids: Int32Array, key: (id: number) => number, desc: boolean): void {
  const dir = desc ? -1 : 1;
  ids.sort((a, b) => dir * (key(a) - key(b) || a - b));
}
