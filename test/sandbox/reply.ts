/**
 * Handlers return a Reply value instead of writing to the socket, so the server can apply the
 * fault controls (cut body, reset socket) and the rate-limit headers in one place.
 */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  /** Text (sent as UTF-8) or bytes (an attachment). */
  body?: string | Buffer;
}

export function json(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(value),
  };
}

export function text(status: number, body: string, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...headers }, body };
}

export function html(status: number, body: string, headers: Record<string, string> = {}): Reply {
  return {
    status,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...headers },
    body,
  };
}

export function noContent(): Reply {
  return { status: 204, headers: {} };
}

export function found(location: string, headers: Record<string, string> = {}): Reply {
  return { status: 302, headers: { Location: location, 'Cache-Control': 'no-store', ...headers } };
}

/** Thrown from deep inside a handler (auth, validation) to answer at once. */
export class ReplyError extends Error {
  constructor(readonly reply: Reply) {
    super(`sandbox reply ${reply.status}`);
  }
}
