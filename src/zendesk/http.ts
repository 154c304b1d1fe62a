// The REST client: one per account. It adds the bearer token, pins every request to the account's host, retries
// what Zendesk says to retry (a 401 once after a forced refresh; 429 and 503 with Retry-After, by the one policy of
// retry.ts), caps requests in flight, and turns every failure into a typed error.
import { HostNotAllowedError, InvalidInputError, InvalidTokenError, RateLimitedError, ServerError } from './errors';
import { errorFromResponse, parseJsonBody } from './responses';
import { headerRefusal } from './requestHeaders';
import {
  DEFAULT_RETRY_LIMITS,
  INTERACTIVE_RETRY_LIMITS,
  retryWait,
  SYSTEM_CLOCK,
  type RetryClock,
  type RetryLimits,
  type RetryNotice,
} from './retry';
import { assertTokenHostAllowed } from './subdomain';
import type { HttpResponse, HttpTransport } from './transport';
import { NO_LOG, type Logger } from './types';
import * as l10n from '@vscode/l10n';

export type { HttpRequest, HttpResponse, HttpTransport, UndiciTransportOptions } from './transport';
export { createUndiciTransport } from './transport';
export { abortableSleep, type RetryClock, type RetryNotice } from './retry';

/** Where the client gets its token. `rejected` is the token that just got a 401, so a token manager shared by
 * several clients can tell "refresh now" from "someone already refreshed, here is the new one". */
export interface TokenSource {
  getAccessToken(opts?: { forceRefresh?: boolean; rejected?: string }): Promise<string>;
}

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
  /** All the waits of one call together (seconds); never below maxRetryWaitSeconds. Default 120. */
  maxTotalRetryWaitSeconds?: number;
  /** The retry waits' time; the system clock unless a test passes a fake. */
  clock?: RetryClock;
  /** Told of every wait of every call of this client (a call's own onRetry is told too). */
  onRetry?: (notice: RetryNotice) => void;
}

/** What a caller that shows the wait may set for its calls: who is told, and how long it will sit through. */
export interface RetryOptions {
  onRetry?: (notice: RetryNotice) => void;
  /** The interactive policy (retry.ts INTERACTIVE_RETRY_LIMITS): the caller shows each wait with Cancel. */
  interactive?: boolean;
  /** A caller that shows the wait with Cancel (the ticket tab) may wait longer than the silent default. */
  maxRetryWaitSeconds?: number;
  maxTotalRetryWaitSeconds?: number;
}

export interface RequestOptions {
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** Bytes sent as they are instead of a JSON `body` (a file upload); `contentType` defaults to `application/binary`. */
  rawBody?: { bytes: Uint8Array; contentType?: string };
  signal?: AbortSignal;
  onRetry?: (notice: RetryNotice) => void;
}

export interface ExchangeOptions {
  /** Sent as given (names lower-cased); only the headers of requestHeaders.ts, anything else is refused. */
  headers?: Record<string, string>;
  /** The body text as written, or a file's bytes; `content-type: application/json` unless the headers say otherwise. */
  body?: string | Uint8Array;
  signal?: AbortSignal;
  onRetry?: (notice: RetryNotice) => void;
}

/** What exchange() answers: the final response as it came, any status. */
export interface Exchange {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: string;
  /** From the first send to the final answer, waits included. */
  ms: number;
  /** Bytes of the body. */
  size: number;
  /** The absolute URL that was asked. */
  url: string;
}

/** `what` names the request in messages and the log: the method and the URL's path, never its query. */
interface SendOptions {
  what: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  signal?: AbortSignal;
  onRetry?: (notice: RetryNotice) => void;
}

export class ZendeskClient {
  readonly baseUrl: string;
  private readonly log: Logger;
  private readonly limits: RetryLimits;
  private readonly clock: RetryClock;
  private readonly slots: Semaphore;

  /** `slots` is the in-flight cap shared with the client this one was derived from (withRetry). */
  constructor(
    private readonly o: ZendeskClientOptions,
    slots?: Semaphore,
  ) {
    this.baseUrl = o.baseUrl.replace(/\/+$/, '');
    this.log = o.log ?? NO_LOG;
    this.limits = {
      maxRetries: o.maxRetries ?? DEFAULT_RETRY_LIMITS.maxRetries,
      maxWaitSeconds: o.maxRetryWaitSeconds ?? DEFAULT_RETRY_LIMITS.maxWaitSeconds,
      maxTotalWaitSeconds: o.maxTotalRetryWaitSeconds ?? DEFAULT_RETRY_LIMITS.maxTotalWaitSeconds,
    };
    this.clock = o.clock ?? SYSTEM_CLOCK;
    this.slots = slots ?? new Semaphore(o.maxInFlight ?? 8);
  }

  /**
   * This client for a caller that shows the retry waits (the ticket tab's "Zendesk is busy, retrying in 12 s…",
   * with Cancel): told of each wait, and allowed longer ones. Same host, token, policy and in-flight cap.
   */
  withRetry(r: RetryOptions): ZendeskClient {
    const tell = [this.o.onRetry, r.onRetry].filter((f): f is (n: RetryNotice) => void => !!f);
    return new ZendeskClient(
      {
        ...this.o,
        maxRetryWaitSeconds:
          r.maxRetryWaitSeconds ??
          (r.interactive ? INTERACTIVE_RETRY_LIMITS.maxWaitSeconds : undefined) ??
          this.o.maxRetryWaitSeconds,
        maxTotalRetryWaitSeconds:
          r.maxTotalRetryWaitSeconds ??
          (r.interactive ? INTERACTIVE_RETRY_LIMITS.maxTotalWaitSeconds : undefined) ??
          this.o.maxTotalRetryWaitSeconds,
        onRetry: tell.length ? (n) => tell.forEach((f) => f(n)) : undefined,
      },
      this.slots,
    );
  }

  /** `pathOrUrl` is `/api/v2/...` or an absolute URL from Zendesk (a next-page link), which must be on the
   * account's own host. Resolves with the parsed JSON body (undefined for an empty one). */
  async request<T>(method: string, pathOrUrl: string, o: RequestOptions = {}): Promise<T> {
    const { url, path } = this.resolve(pathOrUrl, o.query);
    const what = `${method} ${path}`;
    const headers: Record<string, string> = { accept: 'application/json' };
    let body: string | Uint8Array | undefined;
    if (o.rawBody) {
      headers['content-type'] = o.rawBody.contentType || 'application/binary';
      body = o.rawBody.bytes;
    } else if (o.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(o.body);
    }
    const res = await this.perform(method, url, { what, headers, body, signal: o.signal, onRetry: o.onRetry });
    if (res.status >= 200 && res.status < 300) return parseJsonBody<T>(res, what);
    const err = errorFromResponse(res, what);
    if (err instanceof InvalidTokenError || err instanceof RateLimitedError || err instanceof ServerError) {
      this.log.warn(err.message);
    }
    throw err;
  }

  /**
   * A raw request for request files: the caller's headers and body text, and the answer as it came, whatever its
   * status (a 404 or 422 is shown, not thrown). Every rule of request() holds: the token is added here at send
   * time, the URL must be on the account's host (checked before anything is sent), one forced refresh on a 401,
   * retries on 429/503 as Zendesk says. A header outside requestHeaders.ts (Authorization, Host, ...) is refused.
   */
  async exchange(method: string, pathOrUrl: string, o: ExchangeOptions = {}): Promise<Exchange> {
    const { url, path } = this.resolve(pathOrUrl, undefined);
    const headers: Record<string, string> = { accept: 'application/json' };
    for (const [name, value] of Object.entries(o.headers ?? {})) headers[name.toLowerCase()] = value;
    const empty = o.body === undefined || o.body.length === 0;
    if (!empty && headers['content-type'] === undefined) {
      headers['content-type'] = 'application/json';
    }
    const started = this.clock.now();
    const res = await this.perform(method, url, {
      what: `${method} ${path}`,
      headers,
      body: empty ? undefined : o.body,
      signal: o.signal,
      onRetry: o.onRetry,
    });
    return {
      status: res.status,
      headers: res.headers,
      body: res.body,
      ms: this.clock.now() - started,
      size: Buffer.byteLength(res.body),
      url,
    };
  }

  /** Sends until the answer is final: a 2xx, an error not worth retrying, or the retries used up. */
  private async perform(method: string, url: string, o: SendOptions): Promise<HttpResponse> {
    assertTokenHostAllowed(url, this.baseUrl);
    // Whatever the caller, only the allowed headers travel with the token: none that reroutes the request, changes
    // its method or its framing. Checked here, which every request passes before a token is asked for, as well as
    // in the request-file parser.
    for (const [name, value] of Object.entries(o.headers)) {
      const refusal = headerRefusal(name, value);
      if (refusal) throw new InvalidInputError(refusal);
    }
    const { what } = o;
    let token = await this.o.tokens.getAccessToken();
    let refreshed = false;
    let retries = 0;
    let waitedMs = 0;
    for (;;) {
      o.signal?.throwIfAborted();
      const res = await this.send(method, url, token, o);
      if (res.status >= 200 && res.status < 300) return res;
      if (res.status === 401 && !refreshed) {
        // Expired or revoked under us: one forced refresh, one retry. A second 401 is final.
        this.log.info(`${what} → 401; refreshing the token once`);
        refreshed = true;
        token = await this.o.tokens.getAccessToken({ forceRefresh: true, rejected: token });
        continue;
      }
      // A 429 was not applied (retry.ts cites Zendesk), so a write is retried as safely as a read; past a cap the
      // answer goes back and becomes a RateLimitedError carrying Retry-After.
      const wait = retryWait(method, res, retries + 1, waitedMs, this.limits, this.clock.now());
      if (!wait) return res;
      retries++;
      waitedMs += wait.waitMs;
      this.log.info(`${what} → ${res.status}; retry ${retries}/${this.limits.maxRetries} in ${wait.waitSeconds} s`);
      const notice: RetryNotice = { attempt: retries, status: res.status, ...wait };
      this.o.onRetry?.(notice);
      o.onRetry?.(notice);
      await this.clock.sleep(wait.waitMs, o.signal);
    }
  }

  /** The absolute URL to send, and its path for messages (parsed here once, never again per message). */
  private resolve(pathOrUrl: string, query: RequestOptions['query']): { url: string; path: string } {
    let url: URL;
    try {
      url = new URL(
        pathOrUrl.startsWith('/') && !pathOrUrl.startsWith('//') ? `${this.baseUrl}${pathOrUrl}` : pathOrUrl,
      );
    } catch {
      throw new HostNotAllowedError(
        l10n.t('Refusing to send the token: the request address is neither an API path nor an absolute URL.'),
      );
    }
    // One update of the URL for all the parameters (each searchParams.set re-serialises the whole URL); none, and
    // the URL stays exactly as given.
    let params: URLSearchParams | undefined;
    for (const k in query) {
      if (query[k] !== undefined) (params ??= new URLSearchParams(url.search)).set(k, String(query[k]));
    }
    if (params) url.search = params.toString();
    return { url: url.toString(), path: url.pathname };
  }

  private async send(method: string, url: string, token: string, o: SendOptions): Promise<HttpResponse> {
    // The token is set last, so no caller's header can take its place.
    const headers: Record<string, string> = { ...o.headers, authorization: `Bearer ${token}` };
    const body = o.body;
    const release = await this.slots.acquire(o.signal);
    const started = Date.now();
    try {
      const res = await this.o.transport.send({ method, url, headers, body, signal: o.signal });
      this.log.debug(`${o.what} → ${res.status} (${Date.now() - started} ms)`);
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
      if (next) {
        next();
      } // the slot passes straight to the next waiter
      else this.free++;
    };
  }
}
