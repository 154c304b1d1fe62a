// The contract between the sign-in flow (auth/) and the ways the browser comes back to the editor.
// Nothing here imports `vscode`: the auth layer adapts VS Code's APIs into a RedirectHost.

import type { Logger } from '../../zendesk/types';

export type StrategyId = 'loopback' | 'relay' | 'manual';

/** What a strategy needs from VS Code, narrowed so the strategies run in plain Node tests. */
export interface RedirectHost {
  /** vscode.env.asExternalUri(uri).toString(true) */
  asExternalUri(uri: string): Promise<string>;
  /** vscode.env.uriScheme ('vscode', 'vscode-insiders', 'code-oss', ...) */
  readonly uriScheme: string;
  /** context.extension.id, e.g. 'zendesk-vscode.zendesk-vscode' */
  readonly extensionId: string;
  /** vscode.env.uiKind is Web: the workbench is a browser tab (code-server, Codespaces, vscode.dev). */
  readonly inBrowser?: boolean;
  /**
   * Subscribe to URIs that reach the extension's UriHandler; returns an unsubscribe function.
   * Pass `uri.toString()` or `uri.toString(true)`: both shapes are understood.
   */
  onDidReceiveUri(listener: (uri: string) => void): () => void;
  /**
   * Ask the user to paste the whole address the browser ended on; undefined if they cancel. `problem` says
   * why the previous paste was refused, when asking again.
   */
  promptForCallback(redirectUri: string, problem?: string): Promise<string | undefined>;
}

/** The part of the one Logger a redirect strategy uses. */
export type RedirectLog = Pick<Logger, 'debug' | 'warn'>;

export interface RedirectContext {
  host: RedirectHost;
  config: { loopbackPort: number; relayUrl?: string };
  /** The flow's state: createState() output (>=128 random bits). The strategy may wrap it into what is sent. */
  state: string;
  /**
   * Cancel (the progress notification's Cancel) and the 5-minute timeout. Abort with a
   * RedirectTimeoutError as the reason for a timeout; any other reason reads as a cancel.
   */
  signal: AbortSignal;
  log?: RedirectLog;
}

export interface PendingRedirect {
  readonly strategy: StrategyId;
  /** redirect_uri for the authorize request and the token exchange: the URL that must be registered at Zendesk. */
  readonly redirectUri: string;
  /** The `state` parameter to put in the authorize URL (relay: carries the callback URL + nonce). */
  readonly stateParam: string;
  /** When the URL to register is not the plain default (e.g. asExternalUri changed it), a one-line note for the user. */
  readonly registrationNote?: string;
  /** Resolves with the authorization code once the browser came back with a matching state; rejects with the typed errors. */
  wait(): Promise<{ code: string }>;
  /** Idempotent: closes servers, listeners, timers. A wait() still pending rejects with RedirectCancelledError. */
  dispose(): void;
}

export interface RedirectStrategy {
  readonly id: StrategyId;
  /** For the "Having trouble? Try another way" quick pick, e.g. 'Local callback (127.0.0.1)'. */
  readonly label: string;
  /** Where it works. */
  readonly description: string;
  start(ctx: RedirectContext): Promise<PendingRedirect>;
}
