// The REST client: one per account. It adds the bearer token, pins every request to the account's host, retries
// what Zendesk says to retry (a 401 once after a forced refresh; 429 and 503 with Retry-After), caps requests in
// flight, and turns every failure into a typed error.
import { HostNotAllowedError, InvalidTokenError, RateLimitedError, ServerError } from './errors';
import { DEFAULT_RETRY_AFTER_SECONDS, errorFromResponse, parseJsonBody, retryAfterSeconds } from './responses';
import { assertTokenHostAllowed } from './subdomain';
import type { HttpResponse, HttpTransport } from './transport';
import { NO_LOG, type Logger } from './types';

export type { HttpRequest, HttpResponse, HttpTransport, UndiciTransportOptions } from './transport';
export { createUndiciTransport } from './transport';

/** Where the client gets its token. `rejected` is the token that just got a 401, so a token manager shared by
 * several clients can tell "refresh now" from "someone already refreshed, here is the new one". */
export interface TokenSource { getAccessToken(opts?: { forceRefresh?: boolean; rejected?: string }): Promise<string> }

export interface ZendeskClientOptions {
  baseUrl: string;
  transport: HttpTransport;
  tokens: TokenSource;
  log?: Logger;
  /** Retries after 429 or 503-with-Retry-After. Default 3. */
  maxRetries?: number;
  /** Requests this client has on the wire at once. Default 8. */
  maxInFlight?: number;
  /** A wait longer than this (seconds) is not sat through: the error goes straight to the caller. Default 60. */
  maxRetryWaitSeconds?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface RequestOptions { query?: Record<string, string | number | undefined>; body?: unknown; signal?: AbortSignal }

export class ZendeskClient {
  readonly baseUrl: string;
  private readonly log: Logger;
  private readonly maxRetries: number;
  private readonly maxRetryWaitSeconds: number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly slots: Semaphore;

  constructor(private readonly o: ZendeskClientOptions) {
    this.baseUrl = o.baseUrl.replace(/\/+$/, '');
    this.log = o.log ?? NO_LOG;
    this.maxRetries = o.maxRetries ?? 3;
    this.maxRetryWaitSeconds = o.maxRetryWaitSeconds ?? 60;
    this.sleep = o.sleep ?? abortableSleep;
    this.slots = new Semaphore(o.maxInFlight ?? 8);
  }

  /** `pathOrUrl` is `/api/v2/...` or an absolute URL from Zendesk (a next-page link), which must be on the
   * account's own host. Resolves with the parsed JSON body (undefined for an empty one). */
  async request<T>(method: string, pathOrUrl: string, o: RequestOptions = {}): Promise<T> {
    const url = this.resolve(pathOrUrl, o.query);
    assertTokenHostAllowed(url, this.baseUrl);
    const what = `${method} ${new URL(url).pathname}`;
    let token = await this.o.tokens.getAccessToken();
    let refreshed = false;
    let retries = 0;
    for (;;) {
      o.signal?.throwIfAborted();
      const res = await this.send(method, url, token, o);
      if (res.status >= 200 && res.status < 300) return parseJsonBody<T>(res, what);
      if (res.status === 401 && !refreshed) {
        // Expired or revoked under us: one forced refresh, one retry. A second 401 is final.
        this.log.info(`${what} → 401; refreshing the token once`);
        refreshed = true;
        token = await this.o.tokens.getAccessToken({ forceRefresh: true, rejected: token });
        continue;
      }
      const wait = this.retryWait(res);
      if (wait !== undefined && retries < this.maxRetries) {
        retries++;
        this.log.info(`${what} → ${res.status}; retry ${retries}/${this.maxRetries} in ${wait} s`);
        await this.sleep(wait * 1000, o.signal);
        continue;
      }
      const err = errorFromResponse(res, what);
      if (err instanceof InvalidTokenError || err instanceof RateLimitedError || err instanceof ServerError) this.log.warn(err.message);
      throw err;
    }
  }

  private resolve(pathOrUrl: string, query: RequestOptions['query']): string {
    let url: URL;
    try {
      url = new URL(pathOrUrl.startsWith('/') && !pathOrUrl.startsWith('//') ? `${this.baseUrl}${pathOrUrl}` : pathOrUrl);
    } catch {
      throw new HostNotAllowedError('Refusing to send the token: the request address is neither an API path nor an absolute URL.');
    }
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    return url.toString();
  }

  /** Seconds to wait before retrying, or undefined when this answer is not one to retry. */
  private retryWait(res: HttpResponse): number | undefined {
    const after = retryAfterSeconds(res);
    // 503 without Retry-After is maintenance, not worth retrying; 429 without it gets the default wait.
    const wait = res.status === 429 ? after ?? DEFAULT_RETRY_AFTER_SECONDS : res.status === 503 ? after : undefined;
    return wait !== undefined && wait <= this.maxRetryWaitSeconds ? wait : undefined;
  }

  private async send(method: string, url: string, token: string, o: RequestOptions): Promise<HttpResponse> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    let body: string | undefined;
    if (o.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(o.body);
    }
    const release = await this.slots.acquire(o.signal);
    const started = Date.now();
    try {
      const res = await this.o.transport.send({ method, url, headers, body, signal: o.signal });
      this.log.debug(`${method} ${new URL(url).pathname} → ${res.status} (${Date.now() - started} ms)`);
      return res;
    } finally {
      release();
    }
  }
}

/** A counting semaphore: the in-flight cap. Waiters are served in order; a cancelled waiter leaves the queue. */
class Semaphore {
  private readonly waiters: (() => void)[] = [];
  constructor(private free: number) {}

  async acquire(signal?: AbortSignal): Promise<() => void> {
    signal?.throwIfAborted();
    if (this.free > 0) {
      this.free--;
    } else {
      await new Promise<void>((resolve, reject) => {
        const wake = (): void => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = (): void => {
          this.waiters.splice(this.waiters.indexOf(wake), 1);
          reject(signal?.reason);
        };
        this.waiters.push(wake);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      if (next) next(); // the slot passes straight to the next waiter
      else this.free++;
    };
  }
}

/** setTimeout that rejects with the signal's reason when cancelled. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
