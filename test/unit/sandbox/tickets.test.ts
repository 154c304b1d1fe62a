/** Tickets: both pagination styles to the end, sorting, sideloads, show/show_many/count (spec §3.2, §3.3, §3.8). */
import assert from 'node:assert/strict';
import { FIXTURES } from '../../sandbox/index';
import { api, signIn, useSandbox } from '../../support/sandboxHttp';

interface Ticket {
  id: number;
  updated_at: string;
  requester_id: number;
  assignee_id: number | null;
  submitter_id: number;
}
interface CursorPage {
  tickets: Ticket[];
  users?: { id: number }[];
  meta: { has_more: boolean; after_cursor: string | null; before_cursor: string | null };
  links: { next: string | null; prev: string | null };
}
interface OffsetPage {
  tickets: Ticket[];
  next_page: string | null;
  previous_page: string | null;
  count: number;
}

describe('sandbox API: ticket lists and reads', () => {
  const TOTAL = 237;
  const sb = useSandbox({ tickets: TOTAL });
  let token = '';
  before(async () => {
    token = (await signIn(sb(), FIXTURES.users.agent)).access_token;
  });

  it('walks cursor pages by links.next while has_more, then back by links.prev', async () => {
    const seen: number[] = [];
    let url: string | null = '/api/v2/tickets.json?page[size]=100';
    let last: CursorPage | undefined;
    let pages = 0;
    while (url) {
      const res = await api(sb(), token, 'GET', url);
      assert.equal(res.status, 200);
      last = res.json<CursorPage>();
      seen.push(...last.tickets.map((t) => t.id));
      // As on Zendesk, the last page too carries links.next (recorded live): has_more says when to stop.
      assert.ok(last.links.next?.startsWith(`${sb().url}/api/v2/tickets.json?`), String(last.links.next));
      url = last.meta.has_more ? last.links.next : null;
      assert.ok(++pages <= 3, 'too many pages');
    }
    assert.deepEqual(
      seen,
      Array.from({ length: TOTAL }, (_, i) => i + 1),
    );
    assert.equal(pages, 3);
    // Back from the last page.
    const back = await api(sb(), token, 'GET', last?.links.prev ?? '');
    const prev = back.json<CursorPage>();
    assert.deepEqual(
      prev.tickets.map((t) => t.id),
      Array.from({ length: 100 }, (_, i) => i + 101),
    );
    assert.equal(prev.meta.has_more, true);
  });

  it('sorts cursor pages by -updated_at', async () => {
    const res = await api(sb(), token, 'GET', '/api/v2/tickets?page[size]=50&sort=-updated_at');
    const page = res.json<CursorPage>();
    const times = page.tickets.map((t) => t.updated_at);
    assert.deepEqual(times, [...times].sort().reverse());
    const next = await api(sb(), token, 'GET', page.links.next ?? '');
    const nextTimes = next.json<CursorPage>().tickets.map((t) => t.updated_at);
    assert.ok((nextTimes[0] ?? '') <= (times[times.length - 1] ?? ''));
  });

  it('walks offset pages to the end with count, next_page and previous_page', async () => {
    const seen: number[] = [];
    let url: string | null = '/api/v2/tickets.json?per_page=40&sort_by=id&sort_order=desc';
    let page = 0;
    while (url) {
      const body: OffsetPage = (await api(sb(), token, 'GET', url)).json<OffsetPage>();
      assert.equal(body.count, TOTAL);
      assert.equal(body.previous_page === null, page === 0);
      seen.push(...body.tickets.map((t) => t.id));
      url = body.next_page;
      page++;
    }
    assert.equal(page, 6);
    assert.deepEqual(
      seen,
      Array.from({ length: TOTAL }, (_, i) => TOTAL - i),
    );
  });

  it('refuses offset pages past 10,000 records and page sizes over 100', async () => {
    const deep = await api(sb(), token, 'GET', '/api/v2/tickets.json?page=101&per_page=100');
    assert.equal(deep.status, 400);
    assert.equal(deep.json<{ errors: { code: string }[] }>().errors[0]?.code, 'InvalidPaginationDepth');
    assert.equal((await api(sb(), token, 'GET', '/api/v2/tickets.json?page=100&per_page=100')).status, 200);
    const big = await api(sb(), token, 'GET', '/api/v2/tickets.json?page[size]=101');
    assert.equal(big.status, 400);
    assert.equal(big.json().error, 'InvalidPaginationParameter');
    assert.equal((await api(sb(), token, 'GET', '/api/v2/tickets.json?page[after]=garbage')).status, 400);
  });

  it('sideloads the users of the page with include=users', async () => {
    const body = (await api(sb(), token, 'GET', '/api/v2/tickets.json?page[size]=10&include=users')).json<CursorPage>();
    const wanted = new Set(
      body.tickets
        .flatMap((t) => [t.requester_id, t.submitter_id, t.assignee_id])
        .filter((x): x is number => x !== null),
    );
    assert.deepEqual(new Set(body.users?.map((u) => u.id)), wanted);
    const plain = (await api(sb(), token, 'GET', '/api/v2/tickets.json?page[size]=10')).json<CursorPage>();
    assert.equal(plain.users, undefined);
  });

  it('shows one ticket, several tickets and the count', async () => {
    const one = await api(sb(), token, 'GET', '/api/v2/tickets/7.json');
    assert.equal(one.json<{ ticket: Ticket }>().ticket.id, 7);
    const many = await api(sb(), token, 'GET', '/api/v2/tickets/show_many.json?ids=3,9,99999');
    assert.deepEqual(
      many.json<{ tickets: Ticket[] }>().tickets.map((t) => t.id),
      [3, 9],
    );
    const count = await api(sb(), token, 'GET', '/api/v2/tickets/count.json');
    assert.equal(count.json<{ count: { value: number } }>().count.value, TOTAL);
  });
});
