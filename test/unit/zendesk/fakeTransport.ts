// An in-process HttpTransport that records every request and answers from a queue or a handler.
import type { HttpRequest, HttpResponse, HttpTransport } from '../../../src/zendesk/transport';

export type Answer = Partial<HttpResponse> | Error | ((req: HttpRequest) => Partial<HttpResponse> | Error);

export class FakeTransport implements HttpTransport {
  readonly requests: HttpRequest[] = [];
  private readonly queue: Answer[] = [];

  constructor(
    private readonly fallback: Answer = { status: 404, body: '{"error":"RecordNotFound","description":"Not found"}' },
  ) {}

  /** Queues answers, used in order before the fallback. */
  answer(...answers: Answer[]): this {
    this.queue.push(...answers);
    return this;
  }

  async send(req: HttpRequest): Promise<HttpResponse> {
    this.requests.push(req);
    const next = this.queue.shift() ?? this.fallback;
    const a = typeof next === 'function' ? next(req) : next;
    if (a instanceof Error) throw a;
    return { status: a.status ?? 200, headers: a.headers ?? {}, body: a.body ?? '' };
  }

  /** The JSON body of the n-th request. */
  json(n = 0): Record<string, unknown> {
    const body = this.requests[n].body ?? 'null';
    return JSON.parse(typeof body === 'string' ? body : Buffer.from(body).toString('utf8')) as Record<string, unknown>;
  }
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Partial<HttpResponse> {
  return { status, body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } };
}
