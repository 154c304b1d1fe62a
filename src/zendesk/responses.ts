// Reading Zendesk's answers: JSON bodies, Retry-After, and the mapping of an error status and body to a typed
// error. Zendesk has no single error schema
// (https://developer.zendesk.com/api-reference/introduction/requests/), so every known shape is read here, once.
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  InvalidTokenError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  ScopeMissingError,
  ServerError,
  ValidationError,
  type ZendeskError,
} from './errors';
import { parseScopes } from './scopes';
import type { HttpResponse } from './transport';
import * as l10n from '@vscode/l10n';

/** Used when a 429 carries no Retry-After; the Ruby client's choice. */
export const DEFAULT_RETRY_AFTER_SECONDS = 10;

/** Parses a success body. Empty (204) → undefined; anything that is not JSON means the body was cut or mangled. */
export function parseJsonBody<T>(res: HttpResponse, what: string): T {
  if (res.body.trim() === '') return undefined as T;
  try {
    return JSON.parse(res.body) as T;
  } catch (err) {
    throw new NetworkError(
      l10n.t('{0}: the answer ({1}, {2} bytes) is not valid JSON.', what, res.status, res.body.length),
      { cause: err },
    );
  }
}

/** Seconds from a Retry-After header (delta-seconds or an HTTP date), or undefined when absent or unreadable. */
export function retryAfterSeconds(res: HttpResponse, now: number = Date.now()): number | undefined {
  const value = res.headers['retry-after']?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/** The parts of an error body that say what went wrong, whatever its shape. */
export interface ErrorBody {
  error?: string;
  description?: string;
  details?: unknown;
}

export function readErrorBody(body: string): ErrorBody {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    // text/plain or HTML (the documented 429 is text); keep a short, single-line excerpt.
    const text = body
      .replace(/<[^>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 200);
    return text ? { description: text } : {};
  }
  if (typeof json !== 'object' || json === null) return {};
  const o = json as Record<string, unknown>;
  const out: ErrorBody = { details: o.details };
  if (typeof o.error === 'string') out.error = o.error;
  else if (isRecord(o.error)) {
    // {"error":{"title":"Forbidden","message":"You do not have access to this page..."}}
    out.error = str(o.error.title) ?? str(o.error.code);
    out.description = str(o.error.message);
  }
  out.description ??= str(o.description) ?? str(o.error_description) ?? str(o.message) ?? firstError(o.errors);
  return out;
}

/** Maps a non-2xx answer of the REST API to its typed error. */
export function errorFromResponse(res: HttpResponse, what: string): ZendeskError {
  const body = readErrorBody(res.body);
  const text = [body.error, body.description].filter(Boolean).join(': ') || `HTTP ${res.status}`;
  const message = `${what}: ${text}`;
  switch (res.status) {
    case 401:
      return new InvalidTokenError(message);
    case 403: {
      const missing = /missing the following required scopes?:\s*(.+)$/i.exec(body.description ?? '');
      if (missing) return new ScopeMissingError(message, parseScopes(missing[1].replace(/[,.]/g, ' ')));
      return new ForbiddenError(message);
    }
    case 404:
      return new NotFoundError(message);
    case 409:
      return new ConflictError(message);
    case 422:
      return new ValidationError(message, body.details);
    case 429:
      return new RateLimitedError(message, retryAfterSeconds(res) ?? DEFAULT_RETRY_AFTER_SECONDS);
    default:
      if (res.status >= 500) return new ServerError(message, res.status, retryAfterSeconds(res));
      return new BadRequestError(message, res.status);
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

// {"errors":[{"code":"InvalidPaginationDepth","title":"...","detail":"..."}]} or a list of strings.
function firstError(errors: unknown): string | undefined {
  if (!Array.isArray(errors) || errors.length === 0) return undefined;
  const e: unknown = errors[0];
  if (typeof e === 'string') return e;
  if (!isRecord(e)) return undefined;
  return [str(e.code), str(e.title), str(e.detail) ?? str(e.description)].filter(Boolean).join(': ') || undefined;
}
