/**
 * The HTTP pipeline: controls first (never counted, limited or faulted), then counting, fault selection,
 * latency, the account budget for /api/v2, the route, and finally the reply as the fault shapes it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ACCOUNT_RATE_LIMIT_TEXT } from './choices';
import { handleControl, SandboxAdmin } from './controls';
import { invalidEndpoint, serverFault, tooManyRequests } from './errors';
import type { Fault } from './faults';
import { deleteUploadRoute, MAX_UPLOAD_BYTES, serveAttachment } from './uploads';
import { budgetHeaders } from './ratelimit';
import { json, Reply, ReplyError } from './reply';
import { normaliseRoute, RequestContext, Router } from './router';
import type { SandboxState } from './state';
import { quotedCredentialRefusal } from './tokens';

const MAX_BODY_BYTES = 1024 * 1024;

function isLoopback(address: string | undefined): boolean {
  return address === '::1' || address?.startsWith('127.') === true || address?.startsWith('::ffff:127.') === true;
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new ReplyError(json(413, { error: 'RequestTooLarge', description: 'Request body too large' })));
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, reply: Reply, fault: Fault | undefined, requestId: string): void {
  const body = Buffer.isBuffer(reply.body) ? reply.body : Buffer.from(reply.body ?? '', 'utf8');
  const headers: Record<string, string | number> = { ...reply.headers, 'X-Zendesk-Request-Id': requestId };
  if (reply.status !== 204 && reply.status !== 304) headers['Content-Length'] = body.length;
  if (fault?.kind === 'truncate') {
    // Valid HTTP (Content-Length matches what is sent), invalid JSON.
    const cut = body.subarray(0, Math.floor(body.length / 2));
    res.writeHead(reply.status, { ...headers, 'Content-Length': cut.length });
    res.end(cut);
  } else if (fault?.kind === 'reset') {
    // Announce the full length, send half, then drop the connection.
    res.writeHead(reply.status, headers);
    res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.destroy());
  } else {
    res.writeHead(reply.status, headers);
    res.end(body);
  }
}

async function route(ctx: RequestContext, router: Router): Promise<Reply> {
  // CHOICE: only /api/v2 requests spend the account budget; /oauth and the pages do not.
  const api = ctx.url.pathname.startsWith('/api/v2/');
  const budget = api ? ctx.state.accountLimit.take() : undefined;
  let reply: Reply;
  if (budget && !budget.allowed) {
    reply = tooManyRequests(ACCOUNT_RATE_LIMIT_TEXT, budget.resetSeconds);
  } else {
    const handler = router.find(ctx.route);
    try {
      reply = handler
        ? await handler(ctx)
        : ((ctx.method === 'GET' ? serveAttachment(ctx.state, ctx.url.pathname) : deleteUploadRoute(ctx)) ??
          invalidEndpoint());
    } catch (e) {
      if (!(e instanceof ReplyError)) throw e;
      reply = e.reply;
    }
  }
  // CHOICE: every /api/v2 response carries the budget headers, a 429 included (spec §6.10).
  if (budget) reply = { ...reply, headers: { ...reply.headers, ...budgetHeaders(budget) } };
  return reply;
}

export function createRequestHandler(
  state: SandboxState,
  router: Router,
  admin: SandboxAdmin,
): (req: IncomingMessage, res: ServerResponse) => void {
  let requestSeq = 0;
  return (req, res) => {
    const requestId = `sandbox-${(++requestSeq).toString(16)}`;
    void (async () => {
      const method = (req.method ?? 'GET').toUpperCase();
      const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
      let fault: Fault | undefined;
      let reply: Reply;
      try {
        // CHOICE: an upload may be as large as Zendesk's attachment limit (50 MB); past it, 413 RequestTooLarge.
        const body = await readBody(
          req,
          url.pathname.startsWith('/api/v2/uploads') ? MAX_UPLOAD_BYTES : MAX_BODY_BYTES,
        );
        if (url.pathname === '/__sandbox' || url.pathname.startsWith('/__sandbox/')) {
          // Real Zendesk has no such path; off loopback the sandbox pretends it has none either.
          reply = isLoopback(req.socket.remoteAddress)
            ? handleControl(state, admin, method, url, body)
            : invalidEndpoint();
        } else {
          const { route: name, ids } = normaliseRoute(method, url.pathname);
          state.counters.request(name);
          fault = state.faults.take(name);
          if (state.faults.latencyMs > 0) await new Promise((r) => setTimeout(r, state.faults.latencyMs));
          const ctx: RequestContext = {
            method,
            route: name,
            ids,
            url,
            query: url.searchParams,
            headers: req.headers,
            body,
            state,
          };
          reply =
            fault?.kind === 'fail'
              ? serverFault(fault.status, fault.retryAfter)
              : fault?.kind === 'quote'
                ? quotedCredentialRefusal(ctx)
                : await route(ctx, router);
        }
      } catch (e) {
        if (e instanceof ReplyError) reply = e.reply;
        else {
          process.stderr.write(
            `[sandbox] ${method} ${url.pathname} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
          );
          reply = json(500, {
            error: 'InternalServerError',
            description: 'The sandbox failed on this request; see its stderr.',
          });
        }
      }
      send(res, reply, fault, requestId);
    })();
  };
}
