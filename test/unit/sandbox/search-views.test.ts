/** Search (spec §3.5) and views (spec §3.6), checked against the tickets the API itself returns. */
import assert from 'node:assert/strict';
import { FIXTURES } from '../../sandbox/index';
import { api, signIn, useSandbox } from '../../support/sandboxHttp';

const ORDER = ['new', 'open', 'pending', 'hold', 'solved', 'closed'];

interface Ticket {
  id: number;
  status: string;
  priority: string | null;
  assignee_id: number | null;
  requester_id: number;
  tags: string[];
  subject: string;
  description: string;
  updated_at: string;
}
interface SearchPage {
  results: (Ticket & { result_type: string })[];
  count: number;
  next_page: string | null;
  previous_page: string | null;
}

describe('sandbox API: search and views', () => {
  const sb = useSandbox({ tickets: 1500 });
  let token = '';
  const all: Ticket[] = [];
  let agentId = 0;

  before(async () => {
    token = (await signIn(sb(), FIXTURES.users.agent)).access_token;
    agentId = sb().admin.userId(FIXTURES.users.agent);
    let url: string | null = '/api/v2/tickets?page[size]=100';
    while (url) {
      const page: { tickets: Ticket[]; links: { next: string | null } } = (await api(sb(), token, 'GET', url)).json();
      all.push(...page.tickets);
      url = page.links.next;
    }
  });

  async function searchAll(query: string): Promise<{ ids: number[]; count: number; pages: SearchPage[] }> {
    const pages: SearchPage[] = [];
    let url: string | null = `/api/v2/search.json?query=${encodeURIComponent(query)}&per_page=100`;
    while (url) {
      const res = await api(sb(), token, 'GET', url);
      assert.equal(res.status, 200, res.text);
      const page = res.json<SearchPage>();
      pages.push(page);
      url = page.next_page;
    }
    return { ids: pages.flatMap((p) => p.results.map((r) => r.id)), count: pages[0]?.count ?? 0, pages };
  }

  const expectIds = (pred: (t: Ticket) => boolean): number[] => all.filter(pred).map((t) => t.id);

  it('filters by status, by Zendesk status order, by assignee:me and by priority', async () => {
    const open = await searchAll('type:ticket status:open');
    assert.deepEqual(
      open.ids,
      expectIds((t) => t.status === 'open'),
    );
    assert.ok(open.pages[0]?.results.every((r) => r.result_type === 'ticket'));
    const unsolved = await searchAll('type:ticket status<solved assignee:me');
    assert.deepEqual(
      unsolved.ids,
      expectIds((t) => ORDER.indexOf(t.status) < 4 && t.assignee_id === agentId),
    );
    assert.ok(unsolved.ids.length > 0);
    const late = await searchAll('status>pending priority:urgent');
    assert.deepEqual(
      late.ids,
      expectIds((t) => ORDER.indexOf(t.status) > 2 && t.priority === 'urgent'),
    );
  });

  it('filters by requester (email, id or me), tags and free text', async () => {
    const customer = sb().admin.userId(FIXTURES.users.customer);
    const byEmail = await searchAll(`requester:${FIXTURES.users.customer}`);
    assert.deepEqual(
      byEmail.ids,
      expectIds((t) => t.requester_id === customer),
    );
    assert.deepEqual((await searchAll(`requester:${customer}`)).ids, byEmail.ids);
    const tagged = await searchAll('tags:vip');
    assert.deepEqual(
      tagged.ids,
      expectIds((t) => t.tags.includes('vip')),
    );
    const text = await searchAll('printer "on fire"');
    assert.deepEqual(text.ids, []);
    const printer = await searchAll('printer');
    assert.deepEqual(
      printer.ids,
      expectIds((t) => `${t.subject} ${t.description}`.toLowerCase().includes('printer')),
    );
    assert.ok(printer.ids.length > 0);
    const notVip = await searchAll('status:open -tags:vip');
    assert.deepEqual(
      notVip.ids,
      expectIds((t) => t.status === 'open' && !t.tags.includes('vip')),
    );
  });

  it('reports the true count past 1,000 and refuses pages past 1,000 results with 422', async () => {
    const res = await api(sb(), token, 'GET', '/api/v2/search.json?query=type:ticket&per_page=100&page=10');
    assert.equal(res.status, 200);
    assert.equal(res.json<SearchPage>().count, 1500);
    const past = await api(sb(), token, 'GET', '/api/v2/search.json?query=type:ticket&per_page=100&page=11');
    assert.equal(past.status, 422);
    assert.equal(past.json().error, 'invalid');
    const cursor = await api(sb(), token, 'GET', '/api/v2/search.json?query=type:ticket&page[size]=10');
    assert.equal(cursor.status, 400);
    const count = await api(sb(), token, 'GET', '/api/v2/search/count.json?query=status:open');
    assert.equal(count.json<{ count: number }>().count, expectIds((t) => t.status === 'open').length);
  });

  it('sorts by sort_by and sort_order', async () => {
    const res = await api(
      sb(),
      token,
      'GET',
      '/api/v2/search.json?query=status:pending&sort_by=updated_at&sort_order=asc&per_page=50',
    );
    const times = res.json<SearchPage>().results.map((r) => r.updated_at);
    assert.deepEqual(times, [...times].sort());
  });

  it('lists the seeded active views and evaluates their conditions', async () => {
    const views = (await api(sb(), token, 'GET', '/api/v2/views/active.json')).json<{
      views: { id: number; title: string; active: boolean }[];
    }>().views;
    const titles = views.map((v) => v.title);
    for (const t of ['Your unsolved tickets', 'Unassigned tickets', 'Recently updated tickets', 'Pending tickets']) {
      assert.ok(titles.includes(t), t);
    }
    assert.ok(views.every((v) => v.active));
    const everything = (await api(sb(), token, 'GET', '/api/v2/views.json')).json<{
      views: { active: boolean }[];
      count: number;
    }>();
    assert.ok(everything.views.some((v) => !v.active));

    const expected: Record<string, (t: Ticket) => boolean> = {
      'Your unsolved tickets': (t) => ORDER.indexOf(t.status) < 4 && t.assignee_id === agentId,
      'Unassigned tickets': (t) => ORDER.indexOf(t.status) < 4 && t.assignee_id === null,
      'Pending tickets': (t) => t.status === 'pending',
      'Recently updated tickets': (t) => t.status !== 'closed',
    };
    for (const [title, pred] of Object.entries(expected)) {
      const view = views.find((v) => v.title === title);
      assert.ok(view);
      const ids: number[] = [];
      let url: string | null = `/api/v2/views/${view.id}/tickets.json?page[size]=100`;
      let last: Ticket[] = [];
      while (url) {
        const page: { tickets: Ticket[]; links: { next: string | null } } = (await api(sb(), token, 'GET', url)).json();
        ids.push(...page.tickets.map((t) => t.id));
        last = page.tickets;
        url = page.links.next;
      }
      assert.deepEqual(
        [...ids].sort((a, b) => a - b),
        expectIds(pred),
        title,
      );
      if (title === 'Recently updated tickets') {
        assert.ok((last[0]?.updated_at ?? '') >= (last[last.length - 1]?.updated_at ?? ''));
      }
      const count = (await api(sb(), token, 'GET', `/api/v2/views/${view.id}/count.json`)).json<{
        view_count: { view_id: number; value: number; fresh: boolean };
      }>();
      assert.equal(count.view_count.value, ids.length, title);
      assert.equal(count.view_count.view_id, view.id);
    }
  });

  it('sees ticket updates in views at once', async () => {
    const views = (await api(sb(), token, 'GET', '/api/v2/views/active')).json<{
      views: { id: number; title: string }[];
    }>().views;
    const pending = views.find((v) => v.title === 'Pending tickets');
    const before = (await api(sb(), token, 'GET', `/api/v2/views/${pending?.id}/count`)).json<{
      view_count: { value: number };
    }>().view_count.value;
    const target = all.find((t) => t.status === 'open');
    assert.ok(target);
    assert.equal(
      (await api(sb(), token, 'PUT', `/api/v2/tickets/${target.id}`, { ticket: { status: 'pending' } })).status,
      200,
    );
    const after = (await api(sb(), token, 'GET', `/api/v2/views/${pending?.id}/count`)).json<{
      view_count: { value: number };
    }>().view_count.value;
    assert.equal(after, before + 1);
    assert.equal((await api(sb(), token, 'GET', '/api/v2/views/1')).status, 404);
  });
});
