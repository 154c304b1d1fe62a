// Each account's status vocabulary, fetched once and shared by every surface (tree, ticket tab, chat tools): custom
// ticket statuses change seldom, and a status picker should not cost a request. No `vscode` import.
import { listCustomStatuses } from '../zendesk/api';
import { ForbiddenError, NotFoundError } from '../zendesk/errors';
import type { ZendeskClient } from '../zendesk/http';
import { NO_LOG, type Logger } from '../zendesk/types';
import { StatusVocabulary } from './statuses';

export class StatusCatalog {
  private readonly loading = new Map<string, Promise<StatusVocabulary>>();
  private readonly loaded = new Map<string, StatusVocabulary>();

  constructor(private readonly log: Logger = NO_LOG) {}

  /**
   * The account's statuses, asked of Zendesk on first use. An account without custom ticket statuses answers the
   * list with 403 or 404: it has the system statuses, for good. Any other failure also gives the system statuses,
   * which are always safe to send (Zendesk picks the category's default custom status), and is asked again next time.
   */
  get(accountId: string, client: ZendeskClient): Promise<StatusVocabulary> {
    const known = this.loaded.get(accountId);
    if (known) return Promise.resolve(known);
    let p = this.loading.get(accountId);
    if (!p) {
      p = listCustomStatuses(client).then(
        (list) => this.keep(accountId, StatusVocabulary.of(list)),
        (e: unknown) => {
          if (e instanceof ForbiddenError || e instanceof NotFoundError) {
            return this.keep(accountId, StatusVocabulary.system());
          }
          this.log.warn(
            `[statuses] custom statuses of ${accountId} not loaded, showing the system statuses: ${e instanceof Error ? e.name : 'error'}`,
          );
          this.loading.delete(accountId);
          return StatusVocabulary.system();
        },
      );
      this.loading.set(accountId, p);
    }
    return p;
  }

  /** What is known now, without asking: for drawing a tree item, which cannot wait. */
  peek(accountId: string): StatusVocabulary | undefined {
    return this.loaded.get(accountId);
  }

  /** Ask again on next use (an explicit refresh), or forget an account that signed out. */
  forget(accountId?: string): void {
    if (accountId === undefined) {
      this.loading.clear();
      this.loaded.clear();
    } else {
      this.loading.delete(accountId);
      this.loaded.delete(accountId);
    }
  }

  /** Forgets the accounts not in `live` (signed out), whichever surface asked for them. */
  retain(live: ReadonlySet<string>): void {
    for (const id of [...this.loading.keys(), ...this.loaded.keys()]) if (!live.has(id)) this.forget(id);
  }

  private keep(accountId: string, v: StatusVocabulary): StatusVocabulary {
    // A forget() while the request was out wins: the answer is used once but not kept.
    if (this.loading.has(accountId)) this.loaded.set(accountId, v);
    return v;
  }
}
