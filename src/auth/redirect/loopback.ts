// Loopback: a one-shot HTTP server on 127.0.0.1 that receives Zendesk's redirect.
// Works wherever the user's browser can reach that port: the desktop, and over SSH, WSL and
// containers because asExternalUri forwards the port to the user's machine.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { abortError, onAbort, Outcome } from './abort';
import { appNameForScheme, CALLBACK_PAGE_CSP, type CallbackOutcome, renderCallbackPage } from './callbackPage';
import {
  AuthorizationDeniedError,
  PortInUseError,
  RedirectCancelledError,
  RedirectError,
  StateMismatchError,
} from './errors';
import { parseCallback } from './parseCallback';
import type { PendingRedirect, RedirectContext, RedirectLog, RedirectStrategy } from './types';
import * as l10n from '@vscode/l10n';

export const LOOPBACK_HOST = '127.0.0.1';
export const CALLBACK_PATH = '/callback';

/** The URL to register at Zendesk for the loopback and manual ways: `http://127.0.0.1:PORT/callback`. */
export function loopbackRedirectUri(port: number): string {
  return `http://${LOOPBACK_HOST}:${port}${CALLBACK_PATH}`;
}

/**
 * The servers of this extension host, by port. A new sign-in on a port replaces the older one
 * (its wait() rejects with RedirectCancelledError): the older browser tab is stale once the user
 * started again, and failing with "port in use" against our own server would only confuse.
 */
const activeByPort = new Map<number, LoopbackPending>();

export class LoopbackStrategy implements RedirectStrategy {
  readonly id = 'loopback' as const;
  readonly label = l10n.t('Local callback (127.0.0.1)');
  readonly description = l10n.t(
    'VS Code on the desktop, also over SSH, WSL and in containers. In a browser only when the forwarded URL is registered.',
  );

  async start(ctx: RedirectContext): Promise<PendingRedirect> {
    if (ctx.signal.aborted) throw abortError(ctx.signal);
    const port = ctx.config.loopbackPort;
    const previous = activeByPort.get(port);
    if (previous) {
      ctx.log?.debug(`[redirect] a new sign-in replaces the one waiting on port ${port}`);
      await previous.cancel(new RedirectCancelledError(l10n.t('A newer sign-in replaced this one.')));
    }

    const server = http.createServer();
    await listen(server, port);
    const actualPort = (server.address() as AddressInfo).port;
    const pending = new LoopbackPending(server, actualPort, ctx);
    // Port 0 (tests) gets a fresh port each time: nothing to replace.
    if (port !== 0) activeByPort.set(port, pending);

    try {
      const localUri = loopbackRedirectUri(actualPort);
      const external = await ctx.host.asExternalUri(localUri);
      if (ctx.signal.aborted) throw abortError(ctx.signal);
      pending.setRedirectUri(localUri, external);
    } catch (e) {
      await pending.cancel(e);
      throw e;
    }
    ctx.log?.debug(`[redirect] loopback waiting on ${LOOPBACK_HOST}:${actualPort}`);
    return pending;
  }
}

function listen(server: http.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (e.code === 'EADDRINUSE') reject(new PortInUseError(port));
      else {
        reject(
          new RedirectError(
            l10n.t(
              'Could not start the local sign-in callback on {0}:{1} ({2}).',
              LOOPBACK_HOST,
              port,
              e.code ?? e.message,
            ),
          ),
        );
      }
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    // 127.0.0.1 only: never reachable from the network (atlascode's all-interfaces server broke in WSL and SSH).
    server.listen({ port, host: LOOPBACK_HOST, exclusive: true });
  });
}

class LoopbackPending implements PendingRedirect {
  readonly strategy = 'loopback' as const;
  readonly stateParam: string;
  redirectUri = '';
  registrationNote?: string;
  private readonly outcome = new Outcome<{ code: string }>();
  private readonly closed: Promise<void>;
  private readonly log?: RedirectLog;
  private readonly appName: string;
  private readonly returnUri: string;
  private readonly inBrowser: boolean;
  private unsubscribeAbort: () => void = () => undefined;

  constructor(
    private readonly server: http.Server,
    readonly port: number,
    ctx: RedirectContext,
  ) {
    this.stateParam = ctx.state;
    this.log = ctx.log;
    this.appName = appNameForScheme(ctx.host.uriScheme);
    this.returnUri = `${ctx.host.uriScheme}://${ctx.host.extensionId}/`;
    this.inBrowser = ctx.host.inBrowser ?? false;
    this.closed = new Promise((resolve) => server.once('close', () => resolve()));
    server.on('request', (req, res) => this.handle(req, res));
    server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => this.refuseMalformed(err, socket));
    this.unsubscribeAbort = onAbort(ctx.signal, () => void this.cancel(abortError(ctx.signal)));
  }

  setRedirectUri(localUri: string, external: string): void {
    this.redirectUri = external;
    if (normalize(external) !== normalize(localUri)) {
      this.registrationNote = l10n.t(
        'VS Code forwards the local callback to {0}: register exactly this URL as a redirect URL of the OAuth client in Zendesk.',
        external,
      );
    }
  }

  wait(): Promise<{ code: string }> {
    return this.outcome.promise;
  }

  dispose(): void {
    void this.cancel(new RedirectCancelledError());
  }

  /** Rejects a pending wait() with `error`, closes the server and every connection; resolves once closed. */
  cancel(error: unknown): Promise<void> {
    this.outcome.reject(error);
    this.shutDown(true);
    return this.closed;
  }

  /**
   * Any page the user has open can send requests to this port (`<img src="http://127.0.0.1:PORT/callback">`),
   * so nothing a request carries may end the wait except a callback with this flow's `state`, and
   * nothing it carries may throw out of the server.
   */
  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    try {
      this.answer(req, res);
    } catch (e) {
      this.log?.warn(`[redirect] loopback: request failed: ${e instanceof Error ? e.name : 'error'}`);
      if (!res.headersSent) send(res, 400, 'text/plain; charset=utf-8', l10n.t('Bad request'));
      else res.destroy();
    }
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = readTarget(req.url);
    if (!url) {
      this.log?.debug(`[redirect] loopback: 400 for a request target that is not a path`);
      send(res, 400, 'text/plain; charset=utf-8', l10n.t('Bad request'));
      return;
    }
    if (url.pathname !== CALLBACK_PATH || this.outcome.settled) {
      // favicon.ico and friends; only the path is logged, never a query.
      this.log?.debug(`[redirect] loopback: 404 for ${req.method ?? '?'} ${url.pathname}`);
      send(res, 404, 'text/plain; charset=utf-8', l10n.t('Not found'));
      return;
    }
    if (req.method !== 'GET') {
      send(res, 405, 'text/plain; charset=utf-8', l10n.t('Method not allowed'), { Allow: 'GET' });
      return;
    }
    let page: CallbackOutcome;
    let result: { code: string } | undefined;
    let failure: unknown;
    try {
      result = parseCallback(url.searchParams, this.stateParam);
      page = { ok: true };
    } catch (e) {
      failure = e;
      page = failurePage(e, this.appName);
    }
    const linkBack = isLoopbackHost(this.redirectUri);
    const html = renderCallbackPage(page, {
      appName: this.appName,
      returnUri: linkBack ? this.returnUri : undefined,
      inBrowser: this.inBrowser,
    });
    send(res, page.ok ? 200 : 400, 'text/html; charset=utf-8', html);
    if (failure instanceof StateMismatchError) {
      // Not this flow's answer (a stale tab, or a page forging requests): refused, and the wait goes on
      // until the real callback, cancel or the time limit.
      this.log?.warn("[redirect] loopback: ignored a callback without this sign-in's state; still waiting");
      return;
    }
    if (failure) {
      this.log?.warn(`[redirect] loopback callback refused: ${failure instanceof Error ? failure.name : 'error'}`);
    }
    // Past the state check the answer is Zendesk's for this flow, success or not: one only.
    if (result) this.outcome.resolve(result);
    else this.outcome.reject(failure);
    this.shutDown(false);
  }

  /** A request Node's parser refused (bad request line, bad header, headers too large): 400, never a throw. */
  private refuseMalformed(err: NodeJS.ErrnoException, socket: Duplex): void {
    this.log?.debug(`[redirect] loopback: 400 for a malformed request (${err.code ?? 'parse error'})`);
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    socket.end(BAD_REQUEST_RESPONSE);
  }

  private shutDown(force: boolean): void {
    this.unsubscribeAbort();
    if (activeByPort.get(this.port) === this) activeByPort.delete(this.port);
    if (!this.server.listening) {
      if (force) this.server.closeAllConnections();
      return;
    }
    this.server.close();
    if (force) this.server.closeAllConnections();
    // The answer is on its way (Connection: close); drop any keep-alive the browser still holds.
    else setTimeout(() => this.server.closeAllConnections(), 1000).unref();
  }
}

// l10n: not user-facing (a raw HTTP response for a request too malformed to parse)
const BAD_REQUEST_RESPONSE =
  'HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 11\r\nConnection: close\r\n\r\nBad request';

/**
 * The request target as a URL on this server, or undefined unless it is a plain path (origin-form). `//...`
 * would read as another host (and threw in `new URL`), absolute URLs and `*` are not what a browser sends here.
 */
function readTarget(target: string | undefined): URL | undefined {
  if (!target?.startsWith('/') || target.startsWith('//')) return undefined;
  try {
    return new URL(`http://${LOOPBACK_HOST}${target}`);
  } catch {
    return undefined;
  }
}

function failurePage(e: unknown, appName: string): CallbackOutcome {
  if (e instanceof StateMismatchError) {
    return {
      ok: false,
      title: l10n.t('this response is not for the current sign-in'),
      detail: l10n.t('It may come from an older browser tab.'),
      next: l10n.t(
        'If you are signing in, {0} is still waiting: finish in the browser tab it opened last, or start the sign-in again.',
        appName,
      ),
    };
  }
  if (e instanceof AuthorizationDeniedError) {
    return e.error === 'access_denied'
      ? { ok: false, title: l10n.t('access was denied'), detail: e.description }
      : { ok: false, title: e.error, detail: e.description };
  }
  return { ok: false, title: l10n.t('Zendesk sent no authorization code') };
}

function send(
  res: http.ServerResponse,
  status: number,
  type: string,
  body: string,
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Security-Policy': CALLBACK_PAGE_CSP,
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
    Connection: 'close',
    ...extra,
  });
  res.end(body);
}

function normalize(uri: string): string {
  try {
    return new URL(uri).href;
  } catch {
    return uri;
  }
}

/** A link back to the editor only helps when the browser runs next to the editor's UI. */
function isLoopbackHost(uri: string): boolean {
  try {
    return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(uri).hostname);
  } catch {
    return false;
  }
}
