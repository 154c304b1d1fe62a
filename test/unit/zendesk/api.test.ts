// The typed endpoints against the in-process fake: request shapes and the pagination edge cases.
import assert from 'node:assert/strict';
import {
  countView,
  getMe,
  getTicket,
  listComments,
  listTicketsPage,
  listViews,
  searchTickets,
  ticketPages,
  updateTicket,
  viewTicketsPage,
} from '../../../src/zendesk/api';
import { InvalidInputError, InvalidTokenError, NetworkError } from '../../../src/zendesk/errors';
import { ZendeskClient } from '../../../src/zendesk/http';
import { FakeTransport, json } from './fakeTransport';

const BASE = 'https://acme.zendesk.com';

function setup(...answers: ReturnType<typeof json>[]) {
  const http = new FakeTransport().answer(...answers);
  const client = new ZendeskClient({ baseUrl: BASE, transport: http, tokens: { getAccessToken: async () => 'at' } });
  return { http, client, query: (n: number) => Object.fromEntries(new URL(http.requests[n].url).searchParams) };
}

const ticket = (id: number) => ({
  id,
  subject: `T${id}`,
  status: 'open',
  priority: null,
  requester_id: 1,
  assignee_id: null,
  tags: [],
  created_at: '',
  updated_at: '',
});
const page = (ids: number[], hasMore: boolean, after: string | null) =>
  json(200, { tickets: ids.map(ticket), meta: { has_more: hasMore, after_cursor: after, before_cursor: null } });

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('zendesk/api', () => {
  it('getMe returns the user', async () => {
    const { http, client } = setup(json(200, { user: { id: 7, name: 'Agent', email: 'a@x', role: 'agent' } }));
    assert.equal((await getMe(client)).id, 7);
    assert.equal(new URL(http.requests[0].url).pathname, '/api/v2/users/me');
  });

  it('getMe treats the anonymous user as a rejected token', async () => {
    const { client } = setup(json(200, { user: { id: null, name: 'Anonymous user' } }));
    await assert.rejects(getMe(client), InvalidTokenError);
  });

  it('listTicketsPage asks with page[size], page[after], sort and include', async () => {
    const { client, query } = setup(
      json(200, { tickets: [ticket(1)], users: [{ id: 1 }], meta: { has_more: true, after_cursor: 'c2' } }),
    );
    const p = await listTicketsPage(client, {
      pageSize: 25,
      after: 'c1',
      sort: '-updated_at',
      include: ['users', 'groups'],
    });
    assert.deepEqual(query(0), {
      'page[size]': '25',
      'page[after]': 'c1',
      sort: '-updated_at',
      include: 'users,groups',
    });
    assert.deepEqual(p, { tickets: [ticket(1)], users: [{ id: 1 }], hasMore: true, afterCursor: 'c2' });
  });

  for (const size of [0, 101, 2.5]) {
    it(`refuses page size ${size}`, async () => {
      const { http, client } = setup();
      await assert.rejects(listTicketsPage(client, { pageSize: size }), InvalidInputError);
      assert.equal(http.requests.length, 0);
    });
  }

  /** The ids of each page the iterator gave, page by page. */
  const pageIds = async (it: AsyncIterable<{ tickets: { id: number }[] }>) =>
    (await collect(it)).map((p) => p.tickets.map((t) => t.id));

  it('ticketPages walks every page, a page per step, with its sideloads', async () => {
    const { client, query } = setup(
      json(200, { tickets: [ticket(1), ticket(2)], users: [{ id: 1 }], meta: { has_more: true, after_cursor: 'a' } }),
      page([3, 4], true, 'b'),
      page([5], false, null),
    );
    const pages = await collect(ticketPages(client, { pageSize: 2, include: ['users'] }));
    assert.deepEqual(
      pages.map((p) => p.tickets.map((t) => t.id)),
      [[1, 2], [3, 4], [5]],
    );
    assert.deepEqual(pages[0].users, [{ id: 1 }]);
    assert.equal(query(0).include, 'users');
    assert.equal(query(1)['page[after]'], 'a');
    assert.equal(query(2)['page[after]'], 'b');
  });

  it('ticketPages stops on an empty last page that still said has_more', async () => {
    const { http, client } = setup(page([1, 2], true, 'a'), page([], true, 'b'), page([9], false, null));
    assert.deepEqual(await pageIds(ticketPages(client, { pageSize: 2 })), [[1, 2]]);
    assert.equal(http.requests.length, 2);
  });

  it('ticketPages stops when a cursor repeats or is missing', async () => {
    const a = setup(page([1], true, 'a'), page([2], true, 'a'), page([3], true, 'a'));
    assert.deepEqual(await pageIds(ticketPages(a.client)), [[1], [2]]);
    const b = setup(page([1], true, null), page([2], false, null));
    assert.deepEqual(await pageIds(ticketPages(b.client)), [[1]]);
  });

  it('a ticket whose id is not a positive whole number is refused at the boundary, from every endpoint that returns tickets', async () => {
    const markup = '<img src=x onerror="alert(1)">';
    for (const id of [markup, '12', 0, -3, 1.5, null]) {
      const bad = { ...ticket(1), id };
      await assert.rejects(
        getTicket(setup(json(200, { ticket: bad })).client, 1),
        NetworkError,
        `getTicket with id ${String(id)}`,
      );
      await assert.rejects(updateTicket(setup(json(200, { ticket: bad })).client, 1, { status: 'open' }), NetworkError);
      await assert.rejects(
        listTicketsPage(setup(json(200, { tickets: [ticket(2), bad], meta: { has_more: false } })).client),
        NetworkError,
      );
      await assert.rejects(
        viewTicketsPage(setup(json(200, { tickets: [bad], meta: { has_more: false } })).client, 5),
        NetworkError,
      );
      await assert.rejects(
        searchTickets(
          setup(json(200, { results: [{ ...bad, result_type: 'ticket' }], count: 1, next_page: null })).client,
          'x',
        ),
        NetworkError,
      );
    }
    await assert.rejects(getTicket(setup(json(200, {})).client, 1), NetworkError, 'no ticket at all');
    // A subject that is not text reads as empty; a good ticket passes as it came.
    assert.equal(
      (await getTicket(setup(json(200, { ticket: { ...ticket(4), subject: { html: markup } } })).client, 4)).subject,
      '',
    );
    assert.deepEqual(await getTicket(setup(json(200, { ticket: ticket(4) })).client, 4), ticket(4));
  });

  it('getTicket and updateTicket address the ticket and wrap the patch', async () => {
    const { http, client } = setup(
      json(200, { ticket: ticket(5) }),
      json(200, { ticket: { ...ticket(5), status: 'pending' }, audit: {} }),
    );
    assert.equal((await getTicket(client, 5)).id, 5);
    const updated = await updateTicket(client, 5, { status: 'pending', comment: { body: 'On it', public: false } });
    assert.equal(updated.status, 'pending');
    assert.equal(http.requests[1].method, 'PUT');
    assert.equal(new URL(http.requests[1].url).pathname, '/api/v2/tickets/5');
    assert.deepEqual(http.json(1), { ticket: { status: 'pending', comment: { body: 'On it', public: false } } });
  });

  for (const id of [0, -1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 2]) {
    it(`refuses ticket id ${id} before any request`, async () => {
      const { http, client } = setup();
      await assert.rejects(getTicket(client, id), InvalidInputError);
      await assert.rejects(updateTicket(client, id, {}), InvalidInputError);
      await assert.rejects(listComments(client, id), InvalidInputError);
      assert.equal(http.requests.length, 0);
    });
  }

  it('listComments collects every page', async () => {
    const c = (id: number) => ({ id, author_id: 1, body: `c${id}`, public: true, created_at: '' });
    const { client } = setup(
      json(200, { comments: [c(1), c(2)], meta: { has_more: true, after_cursor: 'x' } }),
      json(200, { comments: [c(3)], meta: { has_more: false, after_cursor: null } }),
    );
    assert.deepEqual(
      (await listComments(client, 3)).map((x) => x.id),
      [1, 2, 3],
    );
  });

  it('searchTickets adds type:ticket, pages by offset and keeps only tickets', async () => {
    const { client, query } = setup(
      json(200, {
        count: 3,
        next_page: `${BASE}/api/v2/search.json?page=2`,
        previous_page: null,
        results: [
          { ...ticket(1), result_type: 'ticket' },
          { id: 9, name: 'u', result_type: 'user' },
        ],
      }),
    );
    const r = await searchTickets(client, 'status:open printer', { perPage: 2 });
    assert.deepEqual(query(0), { query: 'type:ticket status:open printer', page: '1', per_page: '2' });
    assert.deepEqual(
      r.tickets.map((t) => t.id),
      [1],
    );
    assert.equal(r.count, 3);
    assert.equal(r.hasMore, true);
    assert.equal(r.nextPage, 2);
  });

  it('searchTickets keeps a query that names its own type', async () => {
    const { client, query } = setup(json(200, { count: 0, next_page: null, results: [] }));
    const r = await searchTickets(client, 'type:ticket tags:vip', { page: 3 });
    assert.equal(query(0).query, 'type:ticket tags:vip');
    assert.deepEqual(r, { tickets: [], count: 0, hasMore: false, nextPage: undefined });
  });

  it('listViews pages to the end; viewTicketsPage and countView address the view', async () => {
    const v = (id: number) => ({ id, title: `V${id}`, active: true });
    const { client, http } = setup(
      json(200, { views: [v(1)], meta: { has_more: true, after_cursor: 'n' } }),
      json(200, { views: [v(2)], meta: { has_more: false, after_cursor: null } }),
      page([1, 2], false, null),
      json(200, { view_count: { view_id: 2, value: null, pretty: '...', fresh: false } }),
    );
    assert.deepEqual(
      (await listViews(client, { active: true })).map((x) => x.id),
      [1, 2],
    );
    assert.equal(new URL(http.requests[0].url).searchParams.get('active'), 'true');
    const p = await viewTicketsPage(client, 2, { pageSize: 10 });
    assert.equal(new URL(http.requests[2].url).pathname, '/api/v2/views/2/tickets');
    assert.deepEqual(
      p.tickets.map((t) => t.id),
      [1, 2],
    );
    assert.equal((await countView(client, 2)).value, null);
    assert.equal(new URL(http.requests[3].url).pathname, '/api/v2/views/2/count');
  });
});
