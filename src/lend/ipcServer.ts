// The lending channel's server, in the extension host: HTTP/1.1 on a Unix socket inside a directory only the user
// can open (0700, the socket 0600), or a named pipe on Windows, with a random secret that the window's terminals get
// in their environment. The git extension's GIT_ASKPASS channel is the model; this one also caps what it reads,
// times out a client that never finishes, refuses before reading a body without the secret, and never logs a token.
// Plain Node, no `vscode`: unit-tested with real sockets.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Logger } from '../log';
import {
  HTTP_STATUS,
  LEND_ENV,
  LendError,
  MAX_REQUEST_BYTES,
  SECRET_HEADER,
  parseLendRequest,
  type ConfirmAnswer,
  type ConfirmRequest,
  type TokenAnswer,
  type TokenRequest,
} from './protocol';
import * as l10n from '@vscode/l10n';

/** What answers the checked requests (LendService in the extension). */
export interface LendHandler {
  token(r: TokenRequest, signal: AbortSignal): Promise<TokenAnswer>;
  confirm(r: ConfirmRequest, signal: AbortSignal): Promise<ConfirmAnswer>;
}

export interface LendLimits {
  /** Time to receive the whole request (headers and body); a client that never finishes is cut off after it. */
  requestMs: number;
  /** Time for an answer to leave once written; a client that never reads is cut off after it. */
  drainMs: number;
  maxConnections: number;
  maxBodyBytes: number;
}

export const DEFAULT_LIMITS: LendLimits = {
  requestMs: 5_000,
  drainMs: 5_000,
  maxConnections: 32,
  maxBodyBytes: MAX_REQUEST_BYTES,
};

export interface LendServerOptions {
  handler: LendHandler;
  log: Logger;
  limits?: Partial<LendLimits>;
  /** Where the private directory is made; $XDG_RUNTIME_DIR (the user's own, cleared at logout) or the temp dir. */
  parentDir?: string;
  platform?: NodeJS.Platform;
}

/** Where the socket's private directory goes: the user's runtime directory when it exists, else the temp dir. */
function defaultParent(): string {
  const runtime = process.env.XDG_RUNTIME_DIR;
  if (runtime && path.isAbsolute(runtime)) {
    try {
      if (fs.statSync(runtime).isDirectory()) return runtime;
    } catch {
      /* not there: the temp dir */
    }
  }
  return os.tmpdir();
}

export class LendServer {
  private readonly connections = new Set<import('node:net').Socket>();
  private readonly secretDigest: Buffer;

  private constructor(
    private readonly server: http.Server,
    readonly handle: string,
    /** The private directory to remove on dispose; undefined for a named pipe. */
    private readonly dir: string | undefined,
    readonly secret: string,
    private readonly o: LendServerOptions,
    private readonly limits: LendLimits,
  ) {
    this.secretDigest = digest(secret);
    server.on('connection', (socket) => {
      this.connections.add(socket);
      socket.on('close', () => this.connections.delete(socket));
    });
    server.on('request', (req, res) => void this.onRequest(req, res));
    // A malformed request line or headers: Node answers 400 itself; the server goes on.
    server.on('clientError', (_e, socket) => socket.destroy());
  }

  /** Makes the private directory and the socket (or the pipe) and starts listening. */
  static async start(o: LendServerOptions): Promise<LendServer> {
    const limits = { ...DEFAULT_LIMITS, ...o.limits };
    const secret = crypto.randomBytes(32).toString('base64url');
    const platform = o.platform ?? process.platform;
    let dir: string | undefined;
    let handle: string;
    if (platform === 'win32') {
      handle = `\\\\.\\pipe\\zendesk-lend-${crypto.randomBytes(16).toString('hex')}`;
    } else {
      // mkdtemp makes the directory 0700 with an unguessable name; the chmod says so for umasks that differ.
      dir = await fs.promises.mkdtemp(path.join(o.parentDir ?? defaultParent(), 'zendesk-lend-'));
      await fs.promises.chmod(dir, 0o700);
      handle = path.join(dir, 'lend.sock');
    }
    const server = http.createServer({
      requestTimeout: limits.requestMs,
      headersTimeout: limits.requestMs,
      // How often Node checks the two timeouts above (30 s by default).
      connectionsCheckingInterval: Math.max(100, Math.min(1000, limits.requestMs / 4)),
      maxHeaderSize: 8 * 1024,
    });
    server.maxConnections = limits.maxConnections;
    server.keepAliveTimeout = 1;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(handle, () => {
        server.off('error', reject);
        resolve();
      });
    });
    if (dir) await fs.promises.chmod(handle, 0o600);
    return new LendServer(server, handle, dir, secret, o, limits);
  }

  /** The variables the terminals get. */
  env(): Record<string, string> {
    return { [LEND_ENV.handle]: this.handle, [LEND_ENV.secret]: this.secret };
  }

  /** Open connections (for tests of the timeouts). */
  get openConnections(): number {
    return this.connections.size;
  }

  async dispose(): Promise<void> {
    for (const s of this.connections) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    if (this.dir) await fs.promises.rm(this.dir, { recursive: true, force: true });
  }

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const abort = new AbortController();
    res.on('close', () => abort.abort());
    try {
      if (req.method !== 'POST') throw new LendError('not_found', l10n.t('Use POST.'));
      // The secret first: without it nothing is read, parsed or asked.
      if (!this.secretMatches(req.headers[SECRET_HEADER])) {
        this.o.log.warn('refused a request without the right secret');
        throw new LendError('unauthorized', l10n.t('Wrong or missing secret: run this in a VS Code terminal.'));
      }
      const body = await this.readBody(req);
      const request = parseLendRequest(req.url ?? '', body);
      const answer =
        request.kind === 'token'
          ? await this.o.handler.token(request, abort.signal)
          : await this.o.handler.confirm(request, abort.signal);
      this.send(res, 200, answer);
    } catch (e) {
      const err =
        e instanceof LendError ? e : new LendError('failed', e instanceof Error ? e.message : l10n.t('Failed.'));
      if (!(e instanceof LendError)) this.o.log.error(e instanceof Error ? e : String(e));
      this.send(res, HTTP_STATUS[err.code], { error: { code: err.code, message: err.message } });
      // A body left unread (refused before reading, or too large) is not waited for.
      if (!req.complete) req.destroy();
    }
  }

  private secretMatches(value: string | string[] | undefined): boolean {
    if (typeof value !== 'string') return false;
    return crypto.timingSafeEqual(digest(value), this.secretDigest);
  }

  private readBody(req: http.IncomingMessage): Promise<string> {
    const cap = this.limits.maxBodyBytes;
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > cap) return Promise.reject(tooLarge(cap));
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > cap) {
          reject(tooLarge(cap));
          req.pause();
          return;
        }
        chunks.push(c);
      });
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
      req.on('aborted', () => reject(new LendError('bad_request', l10n.t('The request was cut off.'))));
    });
  }

  private send(res: http.ServerResponse, status: number, value: unknown): void {
    if (res.writableEnded || res.destroyed) return;
    const text = JSON.stringify(value);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      'cache-control': 'no-store',
      connection: 'close',
    });
    res.end(text);
    // A client that never reads its answer (or never closes) loses the connection after drainMs.
    const socket = res.socket;
    const timer = setTimeout(() => socket?.destroy(), this.limits.drainMs);
    timer.unref();
    socket?.once('close', () => clearTimeout(timer));
  }
}

function digest(s: string): Buffer {
  return crypto.createHash('sha256').update(s).digest();
}

function tooLarge(cap: number): LendError {
  return new LendError('too_large', l10n.t('The request is larger than {0} bytes.', cap));
}
