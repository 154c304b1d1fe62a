/**
 * Routing by normalised route: method + path without `.json`, numeric segments as `{id}`. The same string
 * names a route in the counters and the fault controls, so `PUT /api/v2/tickets/{id}` means one thing everywhere.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Reply } from './reply';
import type { SandboxState } from './state';

export interface NormalisedRoute {
  route: string;
  ids: number[];
}

export function normaliseRoute(method: string, pathname: string): NormalisedRoute {
  const ids: number[] = [];
  const segments = pathname
    .replace(/\/+$/, '')
    .replace(/\.json$/, '')
    .split('/');
  const shape = segments.map((s) => {
    if (/^\d+$/.test(s)) {
      ids.push(Number(s));
      return '{id}';
    }
    return s;
  });
  return { route: `${method.toUpperCase()} ${shape.join('/') || '/'}`, ids };
}

export interface RequestContext {
  method: string;
  route: string;
  ids: number[];
  url: URL;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  state: SandboxState;
}

export type Handler = (ctx: RequestContext) => Reply | Promise<Reply>;

export class Router {
  private readonly routes = new Map<string, Handler>();

  add(route: string, handler: Handler): void {
    if (this.routes.has(route)) throw new Error(`route registered twice: ${route}`);
    this.routes.set(route, handler);
  }

  find(route: string): Handler | undefined {
    return this.routes.get(route);
  }
}

/** The numeric id at position `i` of the path; the router guarantees it exists for `{id}` routes. */
export function idParam(ctx: RequestContext, i = 0): number {
  const id = ctx.ids[i];
  if (id === undefined) throw new Error(`route ${ctx.route} has no id #${i}`);
  return id;
}

export function header(ctx: RequestContext, name: string): string | undefined {
  const v = ctx.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** A JSON request body as an object, or undefined when it is absent or not an object. */
export function jsonBody(ctx: RequestContext): Record<string, unknown> | undefined {
  if (ctx.body.length === 0) return undefined;
  try {
    const parsed: unknown = JSON.parse(ctx.body.toString('utf8'));
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
