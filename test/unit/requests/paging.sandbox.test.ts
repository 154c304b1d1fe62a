// Send All Pages against the sandbox over HTTP: it gathers every page, and stops safely on a repeated cursor, at
// the cap, on cancel, and on a 429 that outlasts the waits (after waiting Retry-After, which it reports).
import * as assert from 'node:assert/strict';
import {
  firstPageTarget,
  SEARCH_RESULT_CAP,
  sendAllPages,
  type PageFetch,
  type PagingProgress,
} from '../../../src/requests/paging';
import type { ZendeskClient } from '../../../src/zendesk/http';
import { clientFor, publicClient, RefreshingTokens, signIn, useSandboxOverHttp } from '../../support/sandboxClient';

const LIST = '/api/v2/tickets.json?page[size]=10';

function fetchWith(client: ZendeskClient): PageFetch {
  return (target, o) => client.exchange('GET', target, o);
}

function ids(gathered: Record<string, unknown[]>): number[] {
  return (gathered.tickets ?? []).map((t) => (t as { id: number }).id);
}

/** A client signed in to the sandbox whose retry waits move the sandbox's clock instead of waiting. */
async function signedInClient(env: ReturnType<typeof useSandboxOverHttp>): Promise<ZendeskClient> {
  const tokens = new RefreshingTokens(env.http, publicClient(env.base), await signIn(env.http, publicClient(env.base)));
  return clientFor(env.base, env.http, tokens, async (ms) => {
    env.sandbox.admin.advanceClock(Math.ceil(ms / 1000));
  });
}

describe('Send All Pages (paging) against the sandbox', () => {
  const env = useSandboxOverHttp({ tickets: 50, seed: 4 });
  let client: ZendeskClient;
  const pagesAsked = (): number => env.sandbox.admin.counters().requests['GET /api/v2/tickets'] ?? 0;

  beforeEach(async () => {
    client = await signedInClient(env);
  });

  it('follows links.next while has_more and gathers every ticket once', async () => {
    const progress: PagingProgress[] = [];
    const before = pagesAsked();
    const r = await sendAllPages(fetchWith(client), LIST, { maxPages: 100, onProgress: (p) => progress.push(p) });
    assert.equal(r.stop, 'done');
    assert.equal(r.pages, 5);
    assert.deepEqual(
      ids(r.gathered),
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    assert.equal(pagesAsked() - before, 5);
    assert.deepEqual(
      progress.map((p) => p.kind === 'page' && p.items),
      [10, 20, 30, 40, 50],
    );
    assert.match(r.reason, /All 5 pages: has_more is false/);
  });

  it('starts cursor pagination with page[size]=100 when the request has none', async () => {
    assert.equal(firstPageTarget('/api/v2/tickets.json'), '/api/v2/tickets.json?page[size]=100');
    assert.equal(firstPageTarget('/api/v2/tickets.json?sort=-id'), '/api/v2/tickets.json?sort=-id&page[size]=100');
    assert.equal(firstPageTarget(LIST), LIST);
    const r = await sendAllPages(fetchWith(client), '/api/v2/tickets.json', { maxPages: 10 });
    assert.deepEqual(
      { stop: r.stop, pages: r.pages, tickets: ids(r.gathered).length },
      { stop: 'done', pages: 1, tickets: 50 },
    );
  });

  it('gathers sideloaded arrays too', async () => {
    const r = await sendAllPages(fetchWith(client), `${LIST}&include=users`, { maxPages: 100 });
    assert.equal(ids(r.gathered).length, 50);
    assert.ok((r.gathered.users ?? []).length > 0);
  });

  it('stops at the page cap with what it has, and says so', async () => {
    const before = pagesAsked();
    const r = await sendAllPages(fetchWith(client), LIST, { maxPages: 2 });
    assert.equal(r.stop, 'cap');
    assert.deepEqual(
      ids(r.gathered),
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    assert.equal(pagesAsked() - before, 2, 'no third page was asked');
    assert.match(r.reason, /cap of 2 pages \(setting zendesk\.requests\.maxPages\)/);
  });

  it('stops on a repeated cursor instead of looping', async () => {
    // The sandbox never repeats a cursor, so this fetch plays a server that does: page 2 links back to itself.
    let n = 0;
    const looping: PageFetch = async (target, o) => {
      const res = await client.exchange('GET', target, o);
      if (++n !== 2) return res;
      const body = JSON.parse(res.body) as { links: { next: string } };
      body.links.next = new URL(target, env.base).toString();
      return { ...res, body: JSON.stringify(body) };
    };
    const before = pagesAsked();
    const r = await sendAllPages(looping, LIST, { maxPages: 100 });
    assert.equal(r.stop, 'repeated-cursor');
    assert.equal(r.pages, 2);
    assert.equal(ids(r.gathered).length, 20);
    assert.equal(pagesAsked() - before, 2);
    assert.match(r.reason, /repeated cursor/);
  });

  it('stops when cancelled, keeping the pages it has', async () => {
    const abort = new AbortController();
    const before = pagesAsked();
    const r = await sendAllPages(fetchWith(client), LIST, {
      maxPages: 100,
      signal: abort.signal,
      onProgress: (p) => {
        if (p.kind === 'page' && p.pages === 2) abort.abort();
      },
    });
    assert.equal(r.stop, 'cancelled');
    assert.equal(ids(r.gathered).length, 20);
    assert.equal(pagesAsked() - before, 2);
  });

  it('stops on a page that fails, keeping the pages before it', async () => {
    env.sandbox.admin.failNext('GET /api/v2/tickets', 1, { status: 500 });
    const first = await sendAllPages(fetchWith(client), LIST, { maxPages: 100 });
    assert.deepEqual(
      { stop: first.stop, pages: first.pages, status: first.last?.status },
      { stop: 'failed', pages: 0, status: 500 },
    );
  });
});

describe('Send All Pages against a sandbox with a small rate limit', () => {
  const env = useSandboxOverHttp({ tickets: 50, seed: 4, rateLimitPerMinute: 3 });

  it('waits Retry-After on a 429, reports the wait, and goes on to the last page', async () => {
    const tokens = new RefreshingTokens(
      env.http,
      publicClient(env.base),
      await signIn(env.http, publicClient(env.base)),
    );
    const waits: number[] = [];
    const client = clientFor(env.base, env.http, tokens, async (ms) => {
      waits.push(ms);
      env.sandbox.admin.advanceClock(Math.ceil(ms / 1000));
    });
    const progress: PagingProgress[] = [];
    const r = await sendAllPages(fetchWith(client), LIST, { maxPages: 100, onProgress: (p) => progress.push(p) });
    assert.equal(r.stop, 'done');
    assert.equal(ids(r.gathered).length, 50);
    const waiting = progress.filter((p) => p.kind === 'waiting');
    assert.ok(waiting.length >= 1, 'a wait was reported');
    for (const w of waiting) {
      assert.ok(w.kind === 'waiting' && w.status === 429 && w.seconds >= 1 && w.seconds <= 60, JSON.stringify(w));
    }
    assert.equal(waits.length, waiting.length);
  });

  it("stops safely when the 429 outlasts the client's retries", async () => {
    env.sandbox.admin.advanceClock(120);
    const tokens = new RefreshingTokens(
      env.http,
      publicClient(env.base),
      await signIn(env.http, publicClient(env.base)),
    );
    // This sleep does not move the sandbox clock: the limit never lifts.
    const client = clientFor(env.base, env.http, tokens, async () => undefined);
    const r = await sendAllPages(fetchWith(client), LIST, { maxPages: 100 });
    assert.equal(r.stop, 'rate-limited');
    assert.equal(r.last?.status, 429);
    assert.ok(r.pages < 5, `${r.pages} pages`);
    assert.equal(ids(r.gathered).length, r.pages * 10);
    assert.match(r.reason, /still answered 429/);
  });
});

describe('Send All Pages over offset pages (search) against the sandbox', () => {
  const env = useSandboxOverHttp({ tickets: SEARCH_RESULT_CAP + 50, seed: 4 });
  let client: ZendeskClient;
  const searches = (): number => env.sandbox.admin.counters().requests['GET /api/v2/search'] ?? 0;

  beforeEach(async () => {
    client = await signedInClient(env);
  });

  it('asks search for its largest offset page, never page[size] (which search refuses)', () => {
    assert.equal(firstPageTarget('/api/v2/search.json?query=x'), '/api/v2/search.json?query=x&per_page=100');
    assert.equal(firstPageTarget('/api/v2/search?query=x&per_page=5'), '/api/v2/search?query=x&per_page=5');
    assert.equal(
      firstPageTarget('/api/v2/search/export.json?query=x&filter[type]=ticket'),
      '/api/v2/search/export.json?query=x&filter[type]=ticket&page[size]=100',
      'search export pages by cursor',
    );
  });

  it('follows next_page until it is null', async () => {
    const before = searches();
    const r = await sendAllPages(fetchWith(client), '/api/v2/search.json?query=type:ticket%20status:new&per_page=100', {
      maxPages: 100,
    });
    assert.equal(r.stop, 'done', r.reason);
    const count = (JSON.parse(r.last?.body ?? '{}') as { count: number }).count;
    assert.ok(count > 0 && count < SEARCH_RESULT_CAP, `${count} new tickets`);
    assert.equal(r.gathered.results.length, count);
    assert.equal(new Set(r.gathered.results.map((t) => (t as { id: number }).id)).size, count, 'each once');
    assert.equal(r.pages, Math.ceil(count / 100));
    assert.equal(searches() - before, r.pages);
    assert.match(r.reason, /next_page is null/);
  });

  it("stops at search's 1,000-result cap and says so, without asking for the page Zendesk refuses", async () => {
    const before = searches();
    const r = await sendAllPages(fetchWith(client), '/api/v2/search.json?query=type:ticket', { maxPages: 100 });
    assert.equal(r.stop, 'result-cap', r.reason);
    assert.equal(r.gathered.results.length, SEARCH_RESULT_CAP);
    assert.equal(searches() - before, 10, 'no eleventh page (a 422) was asked');
    assert.match(
      r.reason,
      new RegExp(
        `^Stopped at Zendesk's cap of 1000 search results \\(${SEARCH_RESULT_CAP + 50} match\\)\\. Narrow the query`,
      ),
    );
  });
});

describe('Send All Pages with what a server may put in a page', () => {
  /** A server that answers the given pages in turn, each linking to the next. */
  const scripted = (pages: Record<string, unknown>[]): PageFetch => {
    let n = 0;
    return async (target) => {
      const more = n < pages.length - 1;
      const body = JSON.stringify({
        ...pages[n++],
        meta: { has_more: more },
        links: { next: more ? `https://acme.zendesk.com/api/v2/x.json?page[after]=c${n}` : null },
      });
      return { status: 200, headers: {}, body, ms: 1, size: body.length, url: target };
    };
  };

  it('gathers arrays named __proto__, constructor or toString like any other, polluting nothing', async () => {
    const page = (n: number): Record<string, unknown> =>
      JSON.parse(
        `{"__proto__": [{"polluted": ${n}}], "constructor": [${n}], "toString": [${n}], "tickets": [{"id": ${n}}]}`,
      ) as Record<string, unknown>;
    const r = await sendAllPages(scripted([page(1), page(2)]), '/api/v2/x.json', { maxPages: 10 });
    assert.equal(r.stop, 'done');
    assert.deepEqual(Object.keys(r.gathered), ['__proto__', 'constructor', 'toString', 'tickets']);
    assert.deepEqual(Object.getOwnPropertyDescriptor(r.gathered, '__proto__')?.value, [
      { polluted: 1 },
      { polluted: 2 },
    ]);
    assert.deepEqual(r.gathered.constructor, [1, 2]);
    assert.equal(Object.getPrototypeOf(r.gathered), Object.prototype, 'the prototype is untouched');
    assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype is untouched');
    assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'push'), false);
    assert.deepEqual(JSON.parse(JSON.stringify(r.gathered)).tickets, [{ id: 1 }, { id: 2 }]);
    assert.match(
      JSON.stringify(r.gathered),
      /^\{"__proto__":\[\{"polluted":1\},\{"polluted":2\}\]/,
      'shown in the response tab as it came',
    );
  });

  it('gathers a page of 200,000 items without overflowing the stack', async () => {
    const big = Array.from({ length: 200_000 }, (_, i) => i);
    const r = await sendAllPages(scripted([{ ids: big }, { ids: [200_000] }]), '/api/v2/x.json', { maxPages: 10 });
    assert.equal(r.stop, 'done');
    assert.equal(r.gathered.ids.length, 200_001);
    assert.equal(r.gathered.ids[199_999], 199_999);
    assert.equal(r.gathered.ids[200_000], 200_000);
  });
});
