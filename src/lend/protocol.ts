// The lending channel's protocol, shared by the server in the extension host and the `zendesk-token` helper. Plain
// Node, no `vscode`.
//
// Transport: HTTP/1.1 over a Unix socket in a private directory (a named pipe on Windows), one request per
// connection (`Connection: close`). Each request is `POST /token` or `POST /confirm` with
//   - header `x-zendesk-lend-secret: <the random secret of this window>` (checked before the body is read),
//   - a JSON body of at most MAX_REQUEST_BYTES.
// Answers are JSON: 200 with the result, or 4xx/5xx with `{ error: { code, message } }`, where `message` says what
// to do and `code` is one of LendErrorCode. A token never appears in an error, a header or a log line.
import { parseScopes, validateScopes } from '../zendesk/scopes';
import * as l10n from '@vscode/l10n';

/** The variables the integrated terminals get (ExtensionContext.environmentVariableCollection). */
export const LEND_ENV = {
  /** The socket's path, or the pipe's name on Windows. */
  handle: 'ZENDESK_LEND_HANDLE',
  /** The window's random secret: what makes a request come from one of its terminals. */
  secret: 'ZENDESK_LEND_SECRET',
  /** The Node (or Electron) the launcher runs the helper with: VS Code's own, so no Node needs installing. */
  node: 'ZENDESK_LEND_NODE',
} as const;

/** zcli's variables (and what `zendesk-token exec` sets for the command it runs). */
export const EXEC_ENV = { subdomain: 'ZENDESK_SUBDOMAIN', token: 'ZENDESK_OAUTH_TOKEN' } as const;

export const SECRET_HEADER = 'x-zendesk-lend-secret';
/** The largest request body the server reads; a request is a few hundred bytes. */
export const MAX_REQUEST_BYTES = 16 * 1024;
/** The largest answer the helper reads (a token and a few fields). */
export const MAX_RESPONSE_BYTES = 64 * 1024;

export type LendErrorCode =
  'unauthorized' | 'bad_request' | 'too_large' | 'not_found' | 'denied' | 'not_signed_in' | 'failed';

export interface TokenRequest {
  kind: 'token';
  /** An account id (`SUBDOMAIN/USER_ID`) or a subdomain; the account in use when absent. */
  account?: string;
  scopes: string[];
  /** The requesting process, to find its terminal (see processTree.ts). */
  pid?: number;
}

export interface ConfirmRequest {
  kind: 'confirm';
  title: string;
  detail: string;
  pid?: number;
}

export type LendRequest = TokenRequest | ConfirmRequest;

export interface TokenAnswer {
  accessToken: string;
  subdomain: string;
  baseUrl: string;
  /** Epoch ms, or null when Zendesk gave the token no expiry. */
  expiresAt: number | null;
  scopes: string[];
}

export interface ConfirmAnswer {
  allowed: boolean;
}

/** A request's problem, as the server answers it. */
export class LendError extends Error {
  override readonly name = 'LendError';
  constructor(
    readonly code: LendErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const HTTP_STATUS: Readonly<Record<LendErrorCode, number>> = {
  unauthorized: 401,
  bad_request: 400,
  too_large: 413,
  not_found: 404,
  denied: 403,
  not_signed_in: 409,
  failed: 500,
};

/** The longest confirmation detail the server shows (longer is cut, so a sender shortens it itself first). */
export const MAX_CONFIRM_DETAIL = 2000;

/** Checks a request body (untrusted: anything that holds the secret may send it) and returns the typed request. */
export function parseLendRequest(path: string, body: string): LendRequest {
  let v: unknown;
  try {
    v = JSON.parse(body);
  } catch {
    throw new LendError('bad_request', l10n.t('The request is not JSON.'));
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new LendError('bad_request', l10n.t('The request must be a JSON object.'));
  }
  const o = v as Record<string, unknown>;
  const pid = typeof o.pid === 'number' && Number.isInteger(o.pid) && o.pid > 0 ? o.pid : undefined;
  if (path === '/token') {
    if (o.account !== undefined && (typeof o.account !== 'string' || !o.account.trim() || o.account.length > 200)) {
      throw new LendError('bad_request', l10n.t('"account" must be an account name such as acme.'));
    }
    if (!Array.isArray(o.scopes) || !o.scopes.every((s) => typeof s === 'string')) {
      throw new LendError('bad_request', l10n.t('"scopes" must be a list of scopes such as ["read"].'));
    }
    return { kind: 'token', account: o.account?.trim(), scopes: parseScopeList(o.scopes.join(' ')), pid };
  }
  if (path === '/confirm') {
    if (typeof o.title !== 'string' || !o.title.trim() || typeof o.detail !== 'string') {
      throw new LendError('bad_request', l10n.t('A confirmation needs a "title" and a "detail".'));
    }
    return { kind: 'confirm', title: o.title.slice(0, 200), detail: o.detail.slice(0, MAX_CONFIRM_DETAIL), pid };
  }
  throw new LendError('not_found', l10n.t('Unknown request {0}: use /token or /confirm.', path.slice(0, 50)));
}

/**
 * The scopes a user typed (`--scopes "read tickets:write"`, commas or spaces): checked against Zendesk's list, so a
 * typo fails here with its name instead of as a token that 403s everything. Empty means `read`.
 */
export function parseScopeList(text: string): string[] {
  const scopes = parseScopes(text.replace(/,/g, ' '));
  const list = scopes.length ? scopes : ['read'];
  try {
    validateScopes(list);
  } catch (e) {
    throw new LendError('bad_request', (e as Error).message);
  }
  return list;
}

/** Whether a scope set lets its holder change things: these ask every time unless the user chose otherwise. */
export function writesWith(scopes: readonly string[]): boolean {
  return scopes.some((s) => s === 'write' || s === 'impersonate' || s.endsWith(':write'));
}
