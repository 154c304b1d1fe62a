// The tickets the sidebar shows: the signed-in user's active Zendesk views, and each view's tickets a page at a
// time. Fetches and caches; knows nothing of tree items. No `vscode` import: tested in plain Node against the sandbox.
import { listViews, viewTicketsPage } from '../zendesk/api';
import type { ZendeskClient } from '../zendesk/http';
import type { Ticket, View } from '../zendesk/types';

export interface ViewTickets {
  tickets: readonly Ticket[];
  hasMore: boolean;
  /** The last load failed; what was loaded before stays. */
  error?: Error;
}

interface ViewState extends ViewTickets {
  afterCursor?: string;
  /** Pages loaded, so that a refresh loads as many again ("Load more" survives a refresh). */
  pages: number;
  loading?: Promise<void>;
}

export class TicketModel {
  private views: Promise<View[]> | undefined;
  private readonly byView = new Map<number, ViewState>();
  /** Bumped on refresh and account change, so a load that started before cannot write into the new state. */
  private generation = 0;

  constructor(
    /** The active account's API client, or undefined while signed out. */
    private readonly client: () => ZendeskClient | undefined,
    /** Something changed: the whole tree (undefined) or one view. */
    private readonly changed: (viewId?: number) => void,
    private readonly pageSize = 25,
  ) {}

  signedIn(): boolean {
    return this.client() !== undefined;
  }

  /** The active views, in Zendesk's order. Rejects when they cannot be loaded (the tree shows the error). */
  listViews(): Promise<View[]> {
    const c = this.client();
    if (!c) return Promise.resolve([]);
    this.views ??= listViews(c, { active: true }).then(
      (views) => views.filter((v) => v.active).sort((a, b) => (a.position ?? 0) - (b.position ?? 0)),
      (e: unknown) => { this.views = undefined; throw e; },
    );
    return this.views;
  }

  /** The loaded tickets of a view; the first page is loaded on first use. */
  async tickets(viewId: number): Promise<ViewTickets> {
    let s = this.byView.get(viewId);
    if (!s) {
      s = { tickets: [], hasMore: true, pages: 0 };
      this.byView.set(viewId, s);
    }
    if (s.pages <= 0 && !s.error) await this.load(viewId, s, 1);
    return { tickets: s.tickets, hasMore: s.hasMore, error: s.error };
  }

  /** "Load more": the next page of a view. */
  async loadMore(viewId: number): Promise<void> {
    const s = this.byView.get(viewId);
    if (!s || !s.hasMore) return;
    await this.load(viewId, s, 1);
    this.changed(viewId);
  }

  /** After a failed load: try again on next use. */
  retry(viewId?: number): void {
    if (viewId === undefined) this.views = undefined;
    else {
      const s = this.byView.get(viewId);
      if (s) s.error = undefined;
    }
    this.changed(viewId);
  }

  /** Reloads everything, keeping how many pages each view had loaded. */
  refresh(): void {
    this.generation++;
    this.views = undefined;
    for (const s of this.byView.values()) {
      Object.assign(s, { tickets: [], afterCursor: undefined, hasMore: true, error: undefined, loading: undefined });
      s.pages = -Math.max(1, s.pages); // negative: pages to load again on next use
    }
    this.changed();
  }

  /** Another account became active, or the user signed out: forget everything. */
  reset(): void {
    this.generation++;
    this.views = undefined;
    this.byView.clear();
    this.changed();
  }

  private load(viewId: number, s: ViewState, pages: number): Promise<void> {
    if (s.loading) return s.loading;
    const generation = this.generation;
    const again = s.pages < 0 ? -s.pages : 0;
    if (again) s.pages = 0;
    const run = async () => {
      const c = this.client();
      if (!c) return;
      try {
        for (let i = 0; i < Math.max(pages, again) && s.hasMore; i++) {
          const page = await viewTicketsPage(c, viewId, { pageSize: this.pageSize, after: s.afterCursor });
          if (generation !== this.generation) return;
          s.tickets = [...s.tickets, ...page.tickets];
          s.afterCursor = page.afterCursor;
          s.hasMore = page.hasMore && page.tickets.length > 0;
          s.pages++;
          s.error = undefined;
        }
      } catch (e) {
        if (generation === this.generation) s.error = e instanceof Error ? e : new Error(String(e));
      }
    };
    s.loading = run().finally(() => { s.loading = undefined; });
    return s.loading;
  }
}
