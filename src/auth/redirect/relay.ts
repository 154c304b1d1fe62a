// Relay: for VS Code in a browser, Codespaces and tunnels, where the callback URL differs per
// machine and cannot be registered at Zendesk. One fixed https page (media/relay.html, hosted by
// the user) is registered; `state` carries the editor's callback URL, and the page forwards the
// browser there with Zendesk's answer appended as zd_* parameters.
import { randomBytes } from 'node:crypto';
import { abortError, onAbort, Outcome } from './abort';
import { RedirectCancelledError, RedirectConfigError, RELAY_URL_SETTING } from './errors';
import { parseCallback, RELAY_PARAM_NAMES, sameSecret } from './parseCallback';
import type { PendingRedirect, RedirectContext, RedirectLog, RedirectStrategy } from './types';
import * as l10n from '@vscode/l10n';

export const RELAY_CALLBACK_PATH = '/callback';

/** What the relay page decodes from `state`. Versioned so the page can refuse what it does not know. */
export interface RelayState {
  v: 1;
  /** The flow's own state. */
  s: string;
  /** Where the page sends the browser: asExternalUri(`${uriScheme}://${extensionId}/callback?nonce=...`). */
  cb: string;
}

export function encodeRelayState(s: RelayState): string {
  return Buffer.from(JSON.stringify(s), 'utf8').toString('base64url');
}

export function decodeRelayState(param: string): RelayState | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(param, 'base64url').toString('utf8'));
    if (
      typeof v === 'object' &&
      v !== null &&
      (v as RelayState).v === 1 &&
      typeof (v as RelayState).s === 'string' &&
      typeof (v as RelayState).cb === 'string'
    ) {
      return v as RelayState;
    }
  } catch {
    // fall through
  }
  return undefined;
}

/** The relay page must be https (or http on this machine, for a local test). */
export function checkRelayUrl(relayUrl: string | undefined): string {
  const hint = l10n.t('Set {0} to the https URL where you host the relay page (see the README).', RELAY_URL_SETTING);
  if (!relayUrl) throw new RedirectConfigError(l10n.t('No relay page is configured. {0}', hint));
  let url: URL;
  try {
    url = new URL(relayUrl);
  } catch {
    throw new RedirectConfigError(l10n.t('{0} is not a valid URL. {1}', RELAY_URL_SETTING, hint));
  }
  const local = url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !local) {
    throw new RedirectConfigError(l10n.t('{0} must be an https URL. {1}', RELAY_URL_SETTING, hint));
  }
  if (url.search || url.hash) {
    throw new RedirectConfigError(l10n.t('{0} must not have a query or fragment. {1}', RELAY_URL_SETTING, hint));
  }
  return relayUrl;
}

export class RelayStrategy implements RedirectStrategy {
  readonly id = 'relay' as const;
  readonly label = l10n.t('Redirect page (relay)');
  readonly description = l10n.t(
    'VS Code in a browser, Codespaces and tunnels. Needs {0}: a page you host on https.',
    RELAY_URL_SETTING,
  );

  async start(ctx: RedirectContext): Promise<PendingRedirect> {
    if (ctx.signal.aborted) throw abortError(ctx.signal);
    const redirectUri = checkRelayUrl(ctx.config.relayUrl);
    // The nonce tells this flow's callback from another window's or an older attempt's.
    const nonce = randomBytes(16).toString('hex');
    const cb = await ctx.host.asExternalUri(
      `${ctx.host.uriScheme}://${ctx.host.extensionId}${RELAY_CALLBACK_PATH}?nonce=${nonce}`,
    );
    if (ctx.signal.aborted) throw abortError(ctx.signal);
    const stateParam = encodeRelayState({ v: 1, s: ctx.state, cb });
    return new RelayPending(redirectUri, stateParam, nonce, ctx);
  }
}

class RelayPending implements PendingRedirect {
  readonly strategy = 'relay' as const;
  private readonly outcome = new Outcome<{ code: string }>();
  private readonly unsubscribeUri: () => void;
  private readonly unsubscribeAbort: () => void;
  private readonly log?: RedirectLog;

  constructor(
    readonly redirectUri: string,
    readonly stateParam: string,
    private readonly nonce: string,
    ctx: RedirectContext,
  ) {
    this.log = ctx.log;
    // Listen from now on, not from wait(): the browser may be quicker than the caller.
    this.unsubscribeUri = ctx.host.onDidReceiveUri((uri) => this.onUri(uri));
    this.unsubscribeAbort = onAbort(ctx.signal, () => this.finish(() => this.outcome.reject(abortError(ctx.signal))));
  }

  wait(): Promise<{ code: string }> {
    return this.outcome.promise;
  }

  dispose(): void {
    this.finish(() => this.outcome.reject(new RedirectCancelledError()));
  }

  private onUri(uri: string): void {
    if (this.outcome.settled) return;
    const read = readCallbackUri(uri);
    if (!read || read.path !== RELAY_CALLBACK_PATH) return; // not a sign-in callback
    const nonce = read.params.get('nonce');
    if (nonce === null || !sameSecret(nonce, this.nonce)) {
      this.log?.debug('[redirect] relay: ignored a callback for another sign-in');
      return;
    }
    try {
      const result = parseCallback(read.params, this.stateParam, RELAY_PARAM_NAMES);
      this.finish(() => this.outcome.resolve(result));
    } catch (e) {
      this.log?.warn(`[redirect] relay callback refused: ${e instanceof Error ? e.name : 'error'}`);
      this.finish(() => this.outcome.reject(e));
    }
  }

  /** Single use: after one result, stop listening. */
  private finish(settle: () => void): void {
    settle();
    this.unsubscribeUri();
    this.unsubscribeAbort();
  }
}

/**
 * Path and query of a URI from the UriHandler. `vscode.Uri.toString()` percent-encodes `=` and `&`
 * in the query; `toString(true)` does not. Both are read the same.
 */
export function readCallbackUri(uri: string): { path: string; params: URLSearchParams } | undefined {
  try {
    const url = new URL(uri);
    let query = url.search.slice(1);
    if (!query.includes('=') && /%3D/i.test(query)) query = decodeURIComponent(query);
    return { path: decodeURIComponent(url.pathname), params: new URLSearchParams(query) };
  } catch {
    return undefined;
  }
}
