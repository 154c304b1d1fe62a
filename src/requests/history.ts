// The last 50 requests sent (method, path, account, status, time), newest first, for "Zendesk: Request History".
// Never a body, a header or a token (tokens travel only in the Authorization header, which is added at send time
// and never recorded). No `vscode` import.
import { MementoKeys } from '../constants';

export interface HistoryEntry {
  method: string;
  /** Path and query, without the host (the account stands for it). */
  path: string;
  accountId: string;
  /** Status, or undefined when nothing came back (refused, cancelled, network error). */
  status?: number;
  ms?: number;
  /** Epoch ms. */
  at: number;
}

export interface HistoryStorage {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void> | Promise<void>;
}

type Thenable<T> = PromiseLike<T>;

export const HISTORY_KEY = MementoKeys.requestHistory;
export const HISTORY_LIMIT = 50;

export class RequestHistory {
  constructor(
    private readonly storage: HistoryStorage,
    private readonly limit = HISTORY_LIMIT,
  ) {}

  entries(): HistoryEntry[] {
    const raw = this.storage.get<unknown>(HISTORY_KEY);
    return Array.isArray(raw) ? raw.filter(isEntry) : [];
  }

  async add(e: Omit<HistoryEntry, 'path'> & { url: string }): Promise<void> {
    const entry: HistoryEntry = {
      method: e.method,
      path: historyPath(e.url),
      accountId: e.accountId,
      status: e.status,
      ms: e.ms,
      at: e.at,
    };
    await this.storage.update(HISTORY_KEY, [entry, ...this.entries()].slice(0, this.limit));
  }

  async clear(): Promise<void> {
    await this.storage.update(HISTORY_KEY, []);
  }
}

/** Path and query of a URL, so the entry can be sent again to the same account. */
export function historyPath(url: string): string {
  try {
    const u = new URL(url, 'http://relative.invalid');
    return `${u.pathname}${u.search}`;
  } catch {
    return '/';
  }
}

function isEntry(v: unknown): v is HistoryEntry {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Record<string, unknown>;
  return (
    typeof e.method === 'string' &&
    typeof e.path === 'string' &&
    typeof e.accountId === 'string' &&
    typeof e.at === 'number'
  );
}
