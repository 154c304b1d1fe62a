/** What the extension's queue work leans on: view counts in one request, sideloaded people on searches and
 * comments, and comments' `html_body` escaping what the author typed (spec §3.4, §3.5, §3.6). */
import assert from 'node:assert/strict';
import { FIXTURES } from '../../sandbox/index';
import { api, signIn, useSandbox } from '../../support/sandboxHttp';

interface Ticket {
  id: number;
  requester_id: number;
  submitter_id: number;
  assignee_id: number | null;
  updated_at: string;
}
interface User {
  id: number;
  name: string;
  email: string;
}

describe('sandbox API: counts, sideloads and comment bodies for the queue', () => {
  const sb = useSandbox({ tickets: 60 });
  let token = '';

  before(async () => {
    token = (await signIn(sb(), FIXTURES.users.agent)).access_token;
  });

  it('counts several views in one request with views/count_many, the same values as views/{id}/count', async () => {
    const views = (await api(sb(), token, 'GET', '/api/v2/views/active')).json<{ views: { id: number }[] }>().views;
    const ids = views.map((v) => v.id);
    const many = await api(sb(), token, 'GET', `/api/v2/views/count_many?ids=${ids.join(',')}`);
    assert.equal(many.status, 200, many.text);
    const counts = many.json<{ view_counts: { view_id: number; value: number; pretty: string }[] }>().view_counts;
    assert.deepEqual(counts.map((c) => c.view_id).sort(), [...ids].sort());
    for (const c of counts) {
      const one = (await api(sb(), token, 'GET', `/api/v2/views/${c.view_id}/count`)).json<{
        view_count: { value: number };
      }>();
      assert.equal(c.value, one.view_count.value);
      assert.equal(c.pretty, String(c.value));
    }
  });

  it("sideloads the people of a search page only with the typed include=tickets(users), as Zendesk's Search API does", async () => {
    const q = encodeURIComponent('type:ticket status<solved');
    const res = await api(
      sb(),
      token,
      'GET',
      `/api/v2/search?query=${q}&per_page=10&include=${encodeURIComponent('tickets(users)')}`,
    );
    assert.equal(res.status, 200, res.text);
    const body = res.json<{ results: Ticket[]; users: User[] }>();
    const wanted = new Set(
      body.results.flatMap((t) => [t.requester_id, t.submitter_id, t.assignee_id]).filter((x) => x !== null),
    );
    assert.deepEqual(new Set(body.users.map((u) => u.id)), wanted);
    const plain = (await api(sb(), token, 'GET', `/api/v2/search?query=${q}&per_page=10`)).json<
      Record<string, unknown>
    >();
    assert.equal('users' in plain, false, 'users came without include');
    // The flat form the other lists take is ignored on /search.
    const flat = (await api(sb(), token, 'GET', `/api/v2/search?query=${q}&per_page=10&include=users,groups`)).json<
      Record<string, unknown>
    >();
    assert.equal('users' in flat, false, 'the flat include=users sideloaded users on /search');
    assert.equal('groups' in flat, false, 'the flat include=groups sideloaded groups on /search');
  });

  it("sideloads comment authors with include=users and escapes the author's text in html_body", async () => {
    const body = '<script>alert(1)</script> & <b>bold</b>';
    const put = await api(sb(), token, 'PUT', '/api/v2/tickets/5', { ticket: { comment: { body, public: false } } });
    assert.equal(put.status, 200, put.text);
    const res = (await api(sb(), token, 'GET', '/api/v2/tickets/5/comments?include=users')).json<{
      comments: { author_id: number; body: string; html_body: string; public: boolean }[];
      users: User[];
    }>();
    const last = res.comments[res.comments.length - 1];
    assert.equal(last.body, body);
    assert.equal(last.public, false);
    assert.ok(!last.html_body.includes('<script>'), last.html_body);
    assert.ok(res.users.some((u) => u.email === FIXTURES.users.agent));
    assert.deepEqual(new Set(res.users.map((u) => u.id)), new Set(res.comments.map((c) => c.author_id)));
  });

  it('sideloads the groups of a page, a search and one ticket with include=groups', async () => {
    const page = (await api(sb(), token, 'GET', '/api/v2/tickets?page[size]=50&include=groups')).json<{
      tickets: { id: number; group_id: number | null }[];
      groups: { id: number; name: string }[];
    }>();
    const wanted = new Set(page.tickets.map((t) => t.group_id).filter((g) => g !== null));
    assert.ok(wanted.size > 0);
    assert.deepEqual(new Set(page.groups.map((g) => g.id)), wanted);
    assert.ok(page.groups.every((g) => g.name === 'Support' || g.name === 'Billing'));
    const withGroup = page.tickets.find((t) => t.group_id !== null);
    const one = (await api(sb(), token, 'GET', `/api/v2/tickets/${withGroup?.id}?include=groups`)).json<{
      groups: { id: number }[];
    }>();
    assert.deepEqual(
      one.groups.map((g) => g.id),
      [withGroup?.group_id],
    );
    const found = (
      await api(
        sb(),
        token,
        'GET',
        `/api/v2/search?query=type:ticket&per_page=20&include=${encodeURIComponent('tickets(users,groups)')}`,
      )
    ).json<{ groups: unknown[]; users: unknown[] }>();
    assert.ok(Array.isArray(found.users) && found.users.length > 0);
    assert.ok(Array.isArray(found.groups) && found.groups.length > 0);
  });

  it('sideloads the people of one ticket with include=users', async () => {
    const res = (await api(sb(), token, 'GET', '/api/v2/tickets/3?include=users')).json<{
      ticket: Ticket;
      users: User[];
    }>();
    assert.ok(res.users.some((u) => u.id === res.ticket.requester_id));
    assert.equal(res.users.find((u) => u.id === res.ticket.requester_id)?.email, FIXTURES.users.customer);
  });

  it("lists a group's agents with groups/{id}/users, pages included; an unknown group is 404; an end user gets 403", async () => {
    const support = FIXTURES.groups.support;
    const all = (await api(sb(), token, 'GET', `/api/v2/groups/${support}/users`)).json<{
      users: { id: number; role: string; default_group_id: number }[];
      count: number;
    }>();
    assert.ok(all.users.length >= 2);
    assert.ok(all.users.every((u) => u.role !== 'end-user' && u.default_group_id === support));
    assert.ok(all.users.some((u) => u.id === sb().admin.userId(FIXTURES.users.agent)));
    const first = (await api(sb(), token, 'GET', `/api/v2/groups/${support}/users?page[size]=1`)).json<{
      users: unknown[];
      meta: { has_more: boolean };
    }>();
    assert.equal(first.users.length, 1);
    assert.equal(first.meta.has_more, true);
    assert.equal((await api(sb(), token, 'GET', '/api/v2/groups/123/users')).status, 404);
    const customer = (await signIn(sb(), FIXTURES.users.customer, 'read')).access_token;
    assert.equal((await api(sb(), customer, 'GET', `/api/v2/groups/${support}/users`)).status, 403);
  });

  it("keeps a comment's html_body as sent (hostile markup included, for clients to defend against); body is its text", async () => {
    const html = '<p>Hi <b>there</b></p><img src=x onerror=alert(1)>';
    const put = await api(sb(), token, 'PUT', '/api/v2/tickets/11', {
      ticket: { comment: { html_body: html, public: true } },
    });
    assert.equal(put.status, 200, put.text);
    const comments = (await api(sb(), token, 'GET', '/api/v2/tickets/11/comments')).json<{
      comments: { body: string; html_body: string; plain_body: string }[];
    }>().comments;
    const last = comments[comments.length - 1];
    assert.equal(last.html_body, html);
    assert.equal(last.body, 'Hi there');
    assert.equal(last.plain_body, 'Hi there');
  });
});

describe('sandbox API: view counts as Zendesk limits them', () => {
  const sb = useSandbox({ tickets: 60, views: 30 });
  let token = '';
  let ids: number[] = [];

  before(async () => {
    token = (await signIn(sb(), FIXTURES.users.agent)).access_token;
    ids = (await api(sb(), token, 'GET', '/api/v2/views/active?page[size]=100'))
      .json<{ views: { id: number }[] }>()
      .views.map((v) => v.id);
  });

  it('seeds as many active views as asked for', () => {
    assert.equal(ids.length, 30);
  });

  it('refuses more than 20 view ids in one count_many with 400', async () => {
    const res = await api(sb(), token, 'GET', `/api/v2/views/count_many?ids=${ids.slice(0, 21).join(',')}`);
    assert.equal(res.status, 400, res.text);
    assert.equal(res.json<{ error: string }>().error, 'TooManyValues');
    assert.equal(
      (await api(sb(), token, 'GET', `/api/v2/views/count_many?ids=${ids.slice(0, 20).join(',')}`)).status,
      200,
    );
  });

  it('answers a count still being computed as value null, pretty "...", fresh false, then the number', async () => {
    const [a, b] = ids;
    sb().admin.computeViewCounts({ viewIds: [a], asks: 1 });
    const first = (await api(sb(), token, 'GET', `/api/v2/views/count_many?ids=${a},${b}`)).json<{
      view_counts: { view_id: number; value: number | null; pretty: string; fresh: boolean }[];
    }>().view_counts;
    assert.deepEqual(
      first.find((c) => c.view_id === a),
      { view_id: a, url: `${sb().url}/api/v2/views/${a}/count.json`, value: null, pretty: '...', fresh: false },
    );
    assert.equal(first.find((c) => c.view_id === b)?.fresh, true);
    const again = (await api(sb(), token, 'GET', `/api/v2/views/${a}/count`)).json<{
      view_count: { value: number | null; fresh: boolean };
    }>().view_count;
    assert.equal(typeof again.value, 'number');
    assert.equal(again.fresh, true);
  });

  it('limits counts to 5 a minute per view per user: then 429 with Retry-After; another user is not limited', async () => {
    const v = ids[25];
    for (let i = 0; i < 5; i++) {
      assert.equal((await api(sb(), token, 'GET', `/api/v2/views/count_many?ids=${v}`)).status, 200, `count ${i + 1}`);
    }
    const limited = await api(sb(), token, 'GET', `/api/v2/views/count_many?ids=${ids[26]},${v}`);
    assert.equal(limited.status, 429);
    const wait = Number(limited.headers.get('retry-after'));
    assert.ok(wait >= 1 && wait <= 60, String(wait));
    // The refused request spent nothing: the other view still has its five.
    for (let i = 0; i < 5; i++) {
      assert.equal((await api(sb(), token, 'GET', `/api/v2/views/${ids[26]}/count`)).status, 200);
    }
    const admin = (await signIn(sb(), FIXTURES.users.admin)).access_token;
    assert.equal((await api(sb(), admin, 'GET', `/api/v2/views/count_many?ids=${v}`)).status, 200);
    sb().admin.advanceClock(wait);
    assert.equal((await api(sb(), token, 'GET', `/api/v2/views/count_many?ids=${v}`)).status, 200);
  });
});

describe("sandbox API: a user's assigned tickets", () => {
  const sb = useSandbox({ tickets: 300 });
  let token = '';

  before(async () => {
    token = (await signIn(sb(), FIXTURES.users.agent)).access_token;
  });

  it('lists exactly the tickets assigned to the user, with cursor pages, in id order', async () => {
    const me = sb().admin.userId(FIXTURES.users.agent);
    const seen: Ticket[] = [];
    let next: string | null = `/api/v2/users/${me}/tickets/assigned?page[size]=25`;
    while (next) {
      const res = await api(sb(), token, 'GET', next.replace(sb().url, ''));
      assert.equal(res.status, 200, res.text);
      const body = res.json<{ tickets: Ticket[]; meta: { has_more: boolean }; links: { next: string | null } }>();
      seen.push(...body.tickets);
      next = body.meta.has_more ? body.links.next : null;
    }
    assert.ok(seen.length > 25, `only ${seen.length}`);
    assert.ok(seen.every((t) => t.assignee_id === me));
    assert.deepEqual(
      seen.map((t) => t.id),
      [...seen.map((t) => t.id)].sort((a, b) => a - b),
    );
    const total = (
      await api(sb(), token, 'GET', `/api/v2/search/count?query=${encodeURIComponent(`assignee:${me}`)}`)
    ).json<{ count: number }>().count;
    assert.equal(seen.length, total);
  });

  it('also pages with offsets, sideloads with include=users, and sees a new assignment at once', async () => {
    const me = sb().admin.userId(FIXTURES.users.agent);
    const page = (
      await api(sb(), token, 'GET', `/api/v2/users/${me}/tickets/assigned?per_page=10&page=2&include=users`)
    ).json<{ tickets: Ticket[]; users: User[]; next_page: string | null; count: number }>();
    assert.equal(page.tickets.length, 10);
    assert.ok(page.users.some((u) => u.id === me));
    const other = (await api(sb(), token, 'GET', '/api/v2/tickets?page[size]=100&sort=-id'))
      .json<{ tickets: (Ticket & { status: string })[] }>()
      .tickets.find((t) => t.assignee_id !== me && t.status !== 'closed');
    assert.ok(other);
    assert.equal(
      (await api(sb(), token, 'PUT', `/api/v2/tickets/${other.id}`, { ticket: { assignee_id: me } })).status,
      200,
    );
    const after = (await api(sb(), token, 'GET', `/api/v2/users/${me}/tickets/assigned?page[size]=100&sort=-id`)).json<{
      tickets: Ticket[];
    }>().tickets;
    assert.ok(after.some((t) => t.id === other.id));
  });

  it('is for agents (an end user gets 403) and answers 404 for an unknown user', async () => {
    const customer = (await signIn(sb(), FIXTURES.users.customer)).access_token;
    assert.equal(
      (await api(sb(), customer, 'GET', `/api/v2/users/${sb().admin.userId(FIXTURES.users.customer)}/tickets/assigned`))
        .status,
      403,
    );
    assert.equal((await api(sb(), token, 'GET', '/api/v2/users/999999999/tickets/assigned')).status, 404);
  });
});
