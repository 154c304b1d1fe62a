// The HTTP seam: a tiny send() interface, so the Zendesk layer is tested with an in-process fake and runs on
// undici in the extension. The undici implementation keeps one connection pool per origin.
import type { Dispatcher, Pool } from 'undici';
import { HostNotFoundError, NetworkError } from './errors';
import * as l10n from '@vscode/l10n';

/** `body` is text (JSON, a form) or raw bytes (a file for `POST /api/v2/uploads`). */
export interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  signal?: AbortSignal;
}
/** `headers` names are lower-case; a repeated header is joined with ", ". */
export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}
/** send() resolves with any HTTP status; it rejects with NetworkError when no complete answer arrived, and with the
 * signal's own abort error when the caller cancelled. */
export interface HttpTransport {
  send(req: HttpRequest): Promise<HttpResponse>;
  close?(): Promise<void>;
}

export interface UndiciTransportOptions {
  connections?: number;
  headersTimeoutMs?: number;
  bodyTimeoutMs?: number;
}

/** An undici transport. undici is loaded on the first send(), so merely activating the extension does not pay for it. */
export function createUndiciTransport(opts: UndiciTransportOptions = {}): HttpTransport {
  const pools = new Map<string, Pool>();
  let undici: Promise<typeof import('undici')> | undefined;
  let closed = false;

  /** The origin's pool, made on first use (loading undici the first time). */
  async function poolFor(origin: string): Promise<Pool> {
    const { Pool } = await (undici ??= import('undici'));
    // Another send() for the same origin may have created it while undici was loading.
    const raced = pools.get(origin);
    if (raced) return raced;
    const pool = new Pool(origin, {
      connections: opts.connections ?? 8,
      headersTimeout: opts.headersTimeoutMs ?? 30_000,
      bodyTimeout: opts.bodyTimeoutMs ?? 30_000,
    });
    pools.set(origin, pool);
    return pool;
  }

  return {
    async send(req: HttpRequest): Promise<HttpResponse> {
      if (closed) throw new NetworkError(l10n.t('The HTTP transport is closed.'));
      const url = new URL(req.url);
      // The pool exists after the first request to an origin: no await for it on every later one.
      const pool = pools.get(url.origin) ?? (await poolFor(url.origin));
      try {
        const res = await pool.request({
          method: req.method as Dispatcher.HttpMethod,
          path: `${url.pathname}${url.search}`,
          headers: req.headers,
          body: req.body,
          signal: req.signal,
        });
        // A body cut short (content-length mismatch, socket closed mid-body) rejects here.
        const body = await res.body.text();
        return { status: res.statusCode, headers: flattenHeaders(res.headers), body };
      } catch (err) {
        if (req.signal?.aborted) throw req.signal.reason ?? err;
        const message = `${req.method} ${url.origin}${url.pathname} failed: ${describe(err)}`;
        if (isNameNotResolved(err)) throw new HostNotFoundError(url.hostname, message, { cause: err });
        throw new NetworkError(message, { cause: err });
      }
    },
    async close(): Promise<void> {
      closed = true;
      const all = [...pools.values()];
      pools.clear();
      await Promise.allSettled(all.map((p) => p.close()));
    },
  };
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? `${code} (${err.message})` : err.message;
}

/** getaddrinfo's "no such name" (ENOTFOUND) and "cannot look names up now" (EAI_AGAIN), on the error or its cause. */
function isNameNotResolved(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return true;
  }
  return false;
}
