/** Everything one running sandbox holds; handlers receive it through the request context. */
import type { Clock } from './clock';
import type { CustomStatuses } from './customStatuses';
import type { TicketFieldValues } from './fieldWrites';
import type { Faults } from './faults';
import type { OAuthRegistry } from './oauth';
import type { AccountRateLimiter, KeyedMinuteLimiter, TicketUpdateLimiter } from './ratelimit';
import type { TicketStore } from './store';
import type { TicketFieldCatalog } from './ticketFields';
import type { UploadStore } from './uploads';
import type { UserDirectory } from './users';
import type { ViewDefinition } from './viewRules';

export interface SandboxState {
  /** http://127.0.0.1:PORT, set once the server listens; every absolute URL in a body starts with it. */
  url: string;
  subdomain: string;
  accessTokenTtlSeconds: number;
  clock: Clock;
  users: UserDirectory;
  store: TicketStore;
  /** The account's custom ticket statuses and each ticket's. */
  customStatuses: CustomStatuses;
  /** The account's ticket fields and forms. */
  ticketFields: TicketFieldCatalog;
  /** Each ticket's form, custom field values, email CCs and followers. */
  fieldValues: TicketFieldValues;
  oauth: OAuthRegistry;
  views: ViewDefinition[];
  faults: Faults;
  counters: Counters;
  accountLimit: AccountRateLimiter;
  ticketUpdateLimit: TicketUpdateLimiter;
  /** Update Ticket's per-account limit (key `account`). */
  ticketUpdateAccountLimit: KeyedMinuteLimiter;
  /** The view counts' limit per view per user (keys `user:view`). */
  viewCountLimit: KeyedMinuteLimiter;
  /** View id → how many more times its count answers "still computing" (`value: null`); set by the admin controls. */
  viewCountsComputing: Map<number, number>;
  /** Results of searches and views, keyed by query, user and store version. */
  results: ResultCache;
  /** Uploaded files, their upload tokens and attachments. */
  uploads: UploadStore;
  /** Browser sign-ins on the HTML pages: pending authorizations and session cookies. */
  browser: BrowserSessions;
}

export interface PendingAuthorization {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state: string | null;
  challenge: string | null;
  expiresAtMs: number;
  userId: number | null;
}

export interface BrowserSessions {
  pending: Map<string, PendingAuthorization>;
  /** Session cookie value → user id. */
  sessions: Map<string, number>;
}

export class Counters {
  private requests: Record<string, number> = {};
  private grants: Record<string, number> = {};
  private tokenParams: Record<string, string>[] = [];

  request(route: string): void {
    this.requests[route] = (this.requests[route] ?? 0) + 1;
  }

  grant(grantType: string): void {
    this.grants[grantType] = (this.grants[grantType] ?? 0) + 1;
  }

  /** The parameters of a token request as the endpoint read them (secrets included: in-process only). */
  tokenRequest(params: Record<string, string>): void {
    this.tokenParams.push({ ...params });
  }

  tokenRequests(): Record<string, string>[] {
    return this.tokenParams.map((p) => ({ ...p }));
  }

  snapshot(): { requests: Record<string, number>; grants: Record<string, number> } {
    return { requests: { ...this.requests }, grants: { ...this.grants } };
  }

  reset(): void {
    this.requests = {};
    this.grants = {};
    this.tokenParams = [];
  }
}

/** A small least-recently-used cache; entries carry the store version they were computed at. */
export class ResultCache {
  private readonly entries = new Map<string, { version: number; ids: Int32Array }>();

  constructor(private readonly capacity = 32) {}

  get(key: string, version: number, compute: () => Int32Array): Int32Array {
    const hit = this.entries.get(key);
    if (hit && hit.version === version) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.ids;
    }
    const ids = compute();
    this.entries.delete(key);
    this.entries.set(key, { version, ids });
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return ids;
  }
}
