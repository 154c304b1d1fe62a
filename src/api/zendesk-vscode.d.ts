// The API this extension gives other extensions: `vscode.extensions.getExtension('zendesk-vscode.zendesk-vscode')
// .exports`. Shipped as dist/zendesk-vscode.d.ts; copy it into your extension to type the exports.
//
// Every call acts on a session the caller was given by `vscode.authentication.getSession('zendesk', scopes)`,
// where VS Code asks the user first. Nothing here acts on a session the caller was not given.
import type { AuthenticationSession } from 'vscode';

export interface ZendeskRequestOptions {
  /** Query parameters, added to the path's own. */
  query?: Record<string, string | number | undefined>;
  /** A JSON body (POST, PUT, PATCH). */
  body?: unknown;
  signal?: AbortSignal;
}

export interface ZendeskExtensionApi {
  readonly apiVersion: 1;
  /**
   * A Zendesk API request as the session's user, on the session's account: `path` is `/api/v2/...` (or an absolute
   * URL on that account's own host). The token is added here and refreshed as needed; it goes to no other host.
   * GET and HEAD need a session given with `read` (or the path's resource scope, such as `tickets:read`), other
   * methods `write` (or `tickets:write`, ...). Resolves with the parsed JSON body (undefined for an empty one).
   *
   * Rejects with an Error whose `name` says what happened:
   * - `SessionNotGrantedError`: the session was not given to the caller, or has been signed out;
   * - `ScopeMissingError` (with `missing: string[]`): the session was not given the scope this request needs;
   * - `InvalidInputError`: an unknown method or a malformed path;
   * - `HostNotAllowedError`: an absolute URL on another host;
   * - Zendesk's answers: `InvalidTokenError` (401), `ForbiddenError` (403), `NotFoundError` (404),
   *   `ValidationError` (422, with `details`), `ConflictError` (409), `BadRequestError`, `RateLimitedError`
   *   (with `retryAfterSeconds`), `ServerError` (5xx), `NetworkError`;
   * - `SessionEndedError`: Zendesk no longer accepts the session; sign in again.
   */
  request<T = unknown>(
    session: AuthenticationSession,
    method: string,
    path: string,
    options?: ZendeskRequestOptions,
  ): Promise<T>;
}
