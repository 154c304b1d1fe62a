// The tickets the sidebar shows for one account: the user's active Zendesk views and saved or one-off searches, each
// a list of tickets loaded a page at a time, the people those tickets name (from `include=users` sideloads, never one
// request per ticket), and the views' counts (`count_many`, 20 views a request, loaded lazily). Fetches and caches;
// knows nothing of tree items. No `vscode` import: tested in plain Node against the sandbox.
import {
  countViews,
  listViews,
  SEARCH_RESULT_LIMIT,
  searchTickets,
  VIEW_COUNT_BATCH,
  viewTicketsPage,
} from '../zendesk/api';
import { RateLimitedError } from '../zendesk/errors';
import type { ZendeskClient } from '../zendesk/http';
import type { Group, Ticket, View, ViewCount, ZendeskUser } from '../zendesk/types';
import type { AccountReads } from '../auth/access';
import type { Timers } from './poller';
import { StatusVocabulary } from './statuses';

/**
 * The least time between two loads of the views' counts, and how soon a count Zendesk was still computing is asked
 * again. Zendesk caches counts (60-90 minutes on large views) and limits them per view per agent each minute
 * (https://developer.zendesk.com/api-reference/ticketing/business-rules/views/#view-counts-and-caching), so asking
 * more often would buy 429s, not fresher numbers.
 */
export const COUNT_REFRESH_MS = 30_000;

const REAL_TIMERS: Required<Timers> = {
  now: () => Date.now(),
  setTimer: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimer: (t) => clearTimeout(t as NodeJS.Timeout),
};

/** Where a list of tickets comes from. `key` names it in the model and in tree node ids. */
export type TicketSource =
  { kind: 'view'; key: string; viewId: number } | { kind: 'search'; key: string; query: string };

export const viewSource = (viewId: number): TicketSource => ({ kind: 'view', key: `view:${viewId}`, viewId });
export const searchSource = (query: string): TicketSource => ({ kind: 'search', key: `search:${query}`, query });

/** What the tree shows of a ticket and what its actions need. Zendesk's ticket has some forty fields (more with custom
 * fields); a list keeps only these, so 10,000 loaded tickets do not hold 10,000 whole API objects. */
export type TicketSummary = Pick<
  Ticket,
  | 'id'
  | 'subject'
  | 'status'
  | 'custom_status_id'
  | 'priority'
  | 'type'
  | 'requester_id'
  | 'assignee_id'
  | 'group_id'
  | 'tags'
  | 'created_at'
  | 'updated_at'
>;

export function summarizeTicket(t: Ticket): TicketSummary {
  return {
    id: t.id,
    subject: t.subject,
    status: t.status,
    custom_status_id: t.custom_status_id ?? null,
    priority: t.priority,
    type: t.type,
    requester_id: t.requester_id,
    assignee_id: t.assignee_id,
    group_id: t.group_id,
    tags: t.tags,
    created_at: t.created_at,
    updated_at: t.updated_at,
  };
}

export interface ListTickets {
  /** The list's own array, which "Load more" appends to in place: read it now; a refresh starts a new one. */
  tickets: readonly TicketSummary[];
  hasMore: boolean;
  /** A search found more than Zendesk will page through (1,000): the total it found. */
  cappedAt?: number;
  /** The last load failed; what was loaded before stays. */
  error?: Error;
}

interface ListState extends ListTickets {
  source: TicketSource;
  tickets: TicketSummary[];
  /** Where each loaded ticket is in `tickets`, so a ticket met again on a later page is not listed twice. */
  at: Map<number, number>;
  /** How many tickets a search found in all (from its first page). */
  total?: number;
  /** A view's cursor or a search's next page number. */
  next?: string | number;
  /** Pages loaded, so that a refresh loads as many again ("Load more" survives a refresh). */
  pages: number;
  loading?: Promise<void>;
}

export class TicketModel {
  private views: Promise<View[]> | undefined;
  /** The counts shown: a refresh or a failed load keeps them until newer ones arrive. */
  private readonly counts = new Map<number, ViewCount>();
  /** Whether the counts should be (re)loaded: never asked, refreshed, a 429, or some still being computed. */
  private countsStale = true;
  private countsLoading = false;
  /** The earliest time the next count load may start (COUNT_REFRESH_MS apart, later after a 429). */
  private countsNextAt = -Infinity;
  private countsTimer: unknown;
  private countsAbort: AbortController | undefined;
  /** Bumped when the account changes: a count load from before cannot write into the new state. */
  private countsGeneration = 0;
  private readonly timers: Required<Timers>;
  private readonly lists = new Map<string, ListState>();
  private readonly users = new Map<number, ZendeskUser>();
  private readonly groups = new Map<number, Group>();
  /** Bumped on refresh and account change, so a load that started before cannot write into the new state. */
  private generation = 0;
  /** The account's statuses once in; the system ones until then. */
  private vocabulary: StatusVocabulary | undefined;
  private readonly system = StatusVocabulary.system();

  constructor(
    /** Reads as the account, through the account access (readsAs): a missing scope is asked for, never bypassed. */
    private readonly account: AccountReads,
    /** Something changed: the whole tree (undefined) or one list (its key). */
    private readonly changed: (listKey?: string) => void,
    private readonly pageSize = 25,
    timers: Timers = {},
    /** The account's status vocabulary (StatusCatalog: asked of Zendesk once per account); without it, the system one. */
    private readonly loadStatuses?: (c: ZendeskClient) => Promise<StatusVocabulary>,
  ) {
    this.timers = { ...REAL_TIMERS, ...timers };
  }

  /** The statuses tickets read as and changes offer: the account's own once known, the system ones until then. */
  statuses(): StatusVocabulary {
    return this.vocabulary ?? this.system;
  }

  signedIn(): boolean {
    return this.account.signedIn();
  }

  /** The active views, in Zendesk's order. Rejects when they cannot be loaded (the tree shows the error). */
  listViews(): Promise<View[]> {
    if (!this.account.signedIn()) return Promise.resolve([]);
    this.views ??= this.account
      .read((c) => listViews(c, { active: true }))
      .then(
        (views) => views.filter((v) => v.active).sort((a, b) => (a.position ?? 0) - (b.position ?? 0)),
        (e: unknown) => {
          this.views = undefined;
          throw e;
        },
      );
    return this.views;
  }

  /**
   * A view's count, or undefined until the counts arrive: the first call loads every active view's count (20 views a
   * request) and reports a change as each batch comes in. `value` null means Zendesk is still counting; such a count
   * is asked again later. A failed load (a 429 included) keeps the counts already shown.
   */
  viewCount(viewId: number): ViewCount | undefined {
    this.askCounts();
    return this.counts.get(viewId);
  }

  /** A person named by a loaded ticket (requester, submitter, assignee), if a sideload brought them. */
  user(id: number | null | undefined): ZendeskUser | undefined {
    return id ? this.users.get(id) : undefined;
  }

  /** A group named by a loaded ticket, if a sideload brought it. */
  group(id: number | null | undefined): Group | undefined {
    return id ? this.groups.get(id) : undefined;
  }

  /** The loaded tickets of a list; the first page is loaded on first use. */
  async tickets(source: TicketSource): Promise<ListTickets> {
    let s = this.lists.get(source.key);
    if (!s) {
      s = { source, tickets: [], at: new Map(), hasMore: true, pages: 0 };
      this.lists.set(source.key, s);
    }
    // The account's statuses are in before the first page shows, so a row never reads "On-hold" and then "Waiting on
    // engineering". Asked after the page, not beside it: while Zendesk rate limits the account, a list waiting out a
    // 429 adds no request of its own to the queue (the catalog asks once per account anyway).
    if (s.pages <= 0 && !s.error) {
      await this.load(s, 1);
      if (!s.error) await this.loadVocabulary();
    }
    return { tickets: s.tickets, hasMore: s.hasMore, cappedAt: s.cappedAt, error: s.error };
  }

  /** How many tickets a search found in all, once its first page is in. */
  searchTotal(listKey: string): number | undefined {
    return this.lists.get(listKey)?.total;
  }

  /** "Load more": the next page of a list. */
  async loadMore(listKey: string): Promise<void> {
    const s = this.lists.get(listKey);
    if (!s || !s.hasMore) return;
    await this.load(s, 1);
    this.changed(listKey);
  }

  /** After a failed load: try again on next use. */
  retry(listKey?: string): void {
    if (listKey === undefined) this.views = undefined;
    else {
      const s = this.lists.get(listKey);
      if (s) s.error = undefined;
    }
    this.changed(listKey);
  }

  /**
   * A ticket changed (a write's answer, a fresh read): its row takes the new state in every list that shows it, in
   * place, with no request and no other list reloaded. A list that does not show it is left alone: whether it now
   * belongs there is Zendesk's to say at the next refresh.
   */
  ticketChanged(t: Ticket): void {
    for (const s of this.lists.values()) {
      const at = s.at.get(t.id);
      if (at === undefined) continue;
      // An older answer (one that raced a newer write) does not overwrite the newer state.
      if ((s.tickets[at]?.updated_at ?? '') > t.updated_at) continue;
      s.tickets[at] = summarizeTicket(t);
      this.changed(s.source.key);
    }
  }

  /** A one-off search is dropped with its root. */
  forget(listKey: string): void {
    this.lists.delete(listKey);
  }

  /** Reloads everything, keeping how many pages each list had loaded. */
  refresh(): void {
    this.generation++;
    // Asked again of the catalog, which answers from its cache unless an explicit refresh emptied it.
    this.vocabulary = undefined;
    this.views = undefined;
    // The counts shown stay until new ones arrive, no sooner than COUNT_REFRESH_MS after the last load.
    this.countsStale = true;
    for (const s of this.lists.values()) {
      Object.assign(s, {
        tickets: [],
        at: new Map(),
        next: undefined,
        hasMore: true,
        cappedAt: undefined,
        total: undefined,
        error: undefined,
        loading: undefined,
      });
      s.pages = -Math.max(1, s.pages); // negative: pages to load again on next use
    }
    this.changed();
  }

  /** Another account became active, or the user signed out: forget everything. */
  reset(): void {
    this.generation++;
    this.vocabulary = undefined;
    this.views = undefined;
    this.stopCounts();
    this.counts.clear();
    this.countsStale = true;
    this.countsNextAt = -Infinity;
    this.lists.clear();
    this.users.clear();
    this.groups.clear();
    this.changed();
  }

  /** The model is dropped: no count load may start or land after this. */
  dispose(): void {
    this.stopCounts();
  }

  private stopCounts(): void {
    this.countsGeneration++;
    this.countsAbort?.abort();
    this.countsAbort = undefined;
    this.countsLoading = false;
    if (this.countsTimer !== undefined) this.timers.clearTimer(this.countsTimer);
    this.countsTimer = undefined;
  }

  /** Loads the counts now, or sets a timer for the earliest time they may be loaded again. */
  private askCounts(): void {
    if (!this.countsStale || this.countsLoading || this.countsTimer !== undefined || !this.signedIn()) return;
    const wait = this.countsNextAt - this.timers.now();
    if (wait <= 0) {
      void this.loadCounts();
      return;
    }
    this.countsTimer = this.timers.setTimer(() => {
      this.countsTimer = undefined;
      void this.loadCounts();
    }, wait);
  }

  private async loadVocabulary(): Promise<void> {
    const loadStatuses = this.loadStatuses;
    if (this.vocabulary || !this.signedIn() || !loadStatuses) return;
    const generation = this.generation;
    const v = await this.account.read((c) => loadStatuses(c)).catch(() => undefined);
    if (v && generation === this.generation) this.vocabulary = v;
  }

  private async loadCounts(): Promise<void> {
    if (!this.signedIn() || this.countsLoading) return;
    const generation = this.countsGeneration;
    const abort = new AbortController();
    this.countsAbort = abort;
    this.countsLoading = true;
    this.countsStale = false;
    this.countsNextAt = this.timers.now() + COUNT_REFRESH_MS;
    let again = false;
    try {
      const ids = (await this.listViews()).map((v) => v.id);
      for (let i = 0; i < ids.length; i += VIEW_COUNT_BATCH) {
        const batch = await this.account.read((c) => countViews(c, ids.slice(i, i + VIEW_COUNT_BATCH), abort.signal));
        if (generation !== this.countsGeneration) return;
        for (const x of batch) {
          // A count still being computed is asked again later; it does not hide a number already shown.
          if (x.value === null || x.value === undefined) again = true;
          if (x.value != null || this.counts.get(x.view_id)?.value == null) this.counts.set(x.view_id, x);
        }
        this.changed();
      }
    } catch (e) {
      if (generation !== this.countsGeneration) return;
      // Counts are a nicety: the counts shown stay, the views and their tickets stay usable. A 429 (the client has
      // already waited out what it would) is asked again once Zendesk's Retry-After has passed; other failures wait
      // for the next refresh.
      if (e instanceof RateLimitedError) {
        again = true;
        this.countsNextAt = Math.max(this.countsNextAt, this.timers.now() + e.retryAfterSeconds * 1000);
      }
    } finally {
      if (generation === this.countsGeneration) {
        this.countsLoading = false;
        this.countsAbort = undefined;
        // Asked again: a count still being computed, a 429, or a refresh that came while this load ran.
        if (again) this.countsStale = true;
        this.askCounts();
      }
    }
  }

  private load(s: ListState, pages: number): Promise<void> {
    if (s.loading) return s.loading;
    const generation = this.generation;
    const again = s.pages < 0 ? -s.pages : 0;
    if (again) s.pages = 0;
    const run = async () => {
      if (!this.signedIn()) return;
      try {
        for (let i = 0; i < Math.max(pages, again) && s.hasMore; i++) {
          const page = await this.account.read((c) => this.fetchPage(c, s));
          if (generation !== this.generation) return;
          for (const u of page.users ?? []) this.users.set(u.id, u);
          for (const g of page.groups ?? []) this.groups.set(g.id, g);
          append(s, page.tickets);
          s.next = page.next;
          s.hasMore = page.hasMore && page.tickets.length > 0;
          s.cappedAt = page.cappedAt;
          if (page.total !== undefined) s.total = page.total;
          s.pages++;
          s.error = undefined;
        }
      } catch (e) {
        if (generation === this.generation) s.error = e instanceof Error ? e : new Error(String(e));
      }
    };
    s.loading = run().finally(() => {
      s.loading = undefined;
    });
    return s.loading;
  }

  private async fetchPage(
    c: ZendeskClient,
    s: ListState,
  ): Promise<{
    tickets: Ticket[];
    users?: ZendeskUser[];
    groups?: Group[];
    hasMore: boolean;
    next?: string | number;
    cappedAt?: number;
    total?: number;
  }> {
    const src = s.source;
    if (src.kind === 'view') {
      const page = await viewTicketsPage(c, src.viewId, {
        pageSize: this.pageSize,
        after: s.next as string | undefined,
        include: ['users', 'groups'],
      });
      return {
        tickets: page.tickets,
        users: page.users,
        groups: page.groups,
        hasMore: page.hasMore,
        next: page.afterCursor,
      };
    }
    const page = typeof s.next === 'number' ? s.next : 1;
    const res = await searchTickets(c, src.query, { page, perPage: this.pageSize, include: ['users', 'groups'] });
    // Zendesk refuses pages past its 1,000th result (422): stop there, and say how many it found in all.
    const reachable = Math.min(res.count, SEARCH_RESULT_LIMIT);
    const hasMore = res.hasMore && page * this.pageSize < reachable;
    return {
      tickets: res.tickets,
      users: res.users,
      groups: res.groups,
      hasMore,
      next: hasMore ? page + 1 : undefined,
      cappedAt: res.count > SEARCH_RESULT_LIMIT ? res.count : undefined,
      total: res.count,
    };
  }
}

/**
 * Adds a page to a list in place: a "Load more" costs the new page, not a copy of all that was loaded. A ticket
 * already listed (it changed between two pages and moved in the view's order) keeps its place and takes its newer
 * state, so the tree never shows it twice.
 */
function append(s: ListState, page: readonly Ticket[]): void {
  for (const t of page) {
    const summary = summarizeTicket(t);
    const at = s.at.get(t.id);
    if (at === undefined) {
      s.at.set(t.id, s.tickets.length);
      s.tickets.push(summary);
    } else {
      s.tickets[at] = summary;
    }
  }
}
