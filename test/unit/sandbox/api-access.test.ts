/** Who may call what: 401 and 403 bodies, scopes and roles (spec §1.6, §1.8). */
import assert from 'node:assert/strict';
import { FIXTURES } from '../../sandbox/index';
import { api, signIn, useSandbox } from '../../support/sandboxHttp';

const INVALID_TOKEN = {
  error: 'invalid_token',
  error_description: 'The access token provided is expired, revoked, malformed or invalid for other reasons.',
};
const ROLE_FORBIDDEN = {
  error: {
    title: 'Forbidden',
    message:
      'You do not have access to this page. Please contact the account owner of this help desk for further help.',
  },
};

describe('sandbox API: authentication, scopes and roles', () => {
  const sb = useSandbox();

  it('answers an unknown or malformed bearer token with the invalid_token 401', async () => {
    for (const token of ['not-a-token', 'a'.repeat(64)]) {
      const res = await api(sb(), token, 'GET', '/api/v2/tickets.json');
      assert.equal(res.status, 401);
      assert.deepEqual(res.json(), INVALID_TOKEN);
    }
  });

  it('answers no credentials with "Couldn\'t authenticate you", except /users/me which is anonymous', async () => {
    const res = await api(sb(), null, 'GET', '/api/v2/tickets');
    assert.equal(res.status, 401);
    assert.deepEqual(res.json(), { error: "Couldn't authenticate you" });
    const me = await api(sb(), null, 'GET', '/api/v2/users/me.json');
    assert.equal(me.status, 200);
    const user = me.json<{ user: { id: null; name: string } }>().user;
    assert.equal(user.id, null);
    assert.equal(user.name, 'Anonymous user');
  });

  it('answers a missing scope with the 403 missing-scopes body', async () => {
    const readOnly = await signIn(sb(), FIXTURES.users.agent, 'read');
    const put = await api(sb(), readOnly.access_token, 'PUT', '/api/v2/tickets/1.json', {
      ticket: { priority: 'high' },
    });
    assert.equal(put.status, 403);
    assert.deepEqual(put.json(), {
      error: 'Forbidden',
      description: 'You are missing the following required scopes: write',
    });
    const usersOnly = await signIn(sb(), FIXTURES.users.agent, 'users:read');
    const list = await api(sb(), usersOnly.access_token, 'GET', '/api/v2/tickets');
    assert.equal(list.status, 403);
    assert.deepEqual(list.json(), {
      error: 'Forbidden',
      description: 'You are missing the following required scopes: read',
    });
    assert.equal((await api(sb(), usersOnly.access_token, 'GET', '/api/v2/users/me')).status, 200);
  });

  it('lets resource scopes cover their own resource only', async () => {
    const t = await signIn(sb(), FIXTURES.users.agent, 'tickets:read tickets:write');
    assert.equal((await api(sb(), t.access_token, 'GET', '/api/v2/tickets/2')).status, 200);
    assert.equal(
      (await api(sb(), t.access_token, 'PUT', '/api/v2/tickets/2', { ticket: { priority: 'low' } })).status,
      200,
    );
    assert.equal((await api(sb(), t.access_token, 'GET', '/api/v2/users/me')).status, 403);
    assert.equal((await api(sb(), t.access_token, 'GET', '/api/v2/views')).status, 403);
  });

  it('a tickets:read token reads tickets, is refused a write and /users/me, and may show itself: whose it is, its scopes', async () => {
    const t = await signIn(sb(), FIXTURES.users.agent, 'tickets:read');
    assert.equal((await api(sb(), t.access_token, 'GET', '/api/v2/tickets.json')).status, 200);
    const put = await api(sb(), t.access_token, 'PUT', '/api/v2/tickets/2.json', { ticket: { priority: 'low' } });
    assert.equal(put.status, 403);
    assert.deepEqual(put.json(), {
      error: 'Forbidden',
      description: 'You are missing the following required scopes: write',
    });
    const me = await api(sb(), t.access_token, 'GET', '/api/v2/users/me.json');
    assert.equal(me.status, 403);
    assert.deepEqual(me.json(), {
      error: 'Forbidden',
      description: 'You are missing the following required scopes: read',
    });
    const shown = await api(sb(), t.access_token, 'GET', '/api/v2/oauth/tokens/current.json');
    assert.equal(shown.status, 200);
    const token = shown.json<{ token: { user_id: number; scopes: string[] } }>().token;
    assert.equal(token.user_id, sb().admin.userId(FIXTURES.users.agent));
    assert.deepEqual(token.scopes, ['tickets:read']);
  });

  it('issues a token for an unknown scope, which then 403s', async () => {
    const t = await signIn(sb(), FIXTURES.users.agent, 'bogus');
    assert.equal(t.scope, 'bogus');
    assert.equal((await api(sb(), t.access_token, 'GET', '/api/v2/tickets')).status, 403);
  });

  it('gives the read-only agent the 403 role body on writes, but lets it read', async () => {
    const t = await signIn(sb(), FIXTURES.users.readonly);
    assert.equal((await api(sb(), t.access_token, 'GET', '/api/v2/tickets/1')).status, 200);
    const put = await api(sb(), t.access_token, 'PUT', '/api/v2/tickets/1', { ticket: { status: 'open' } });
    assert.equal(put.status, 403);
    assert.deepEqual(put.json(), ROLE_FORBIDDEN);
    const post = await api(sb(), t.access_token, 'POST', '/api/v2/tickets', { ticket: { comment: { body: 'x' } } });
    assert.deepEqual(post.json(), ROLE_FORBIDDEN);
  });

  it('shows an end user only their own requests', async () => {
    const t = await signIn(sb(), FIXTURES.users.customer);
    const me = sb().admin.userId(FIXTURES.users.customer);
    const list = await api(sb(), t.access_token, 'GET', '/api/v2/tickets');
    assert.equal(list.status, 403);
    assert.deepEqual(list.json(), ROLE_FORBIDDEN);
    assert.equal((await api(sb(), t.access_token, 'GET', '/api/v2/views')).status, 403);
    // Every 20th seeded ticket (3, 23, 43) belongs to the customer fixture.
    const own = await api(sb(), t.access_token, 'GET', '/api/v2/tickets/3.json');
    assert.equal(own.status, 200);
    assert.equal(own.json<{ ticket: { requester_id: number } }>().ticket.requester_id, me);
    const other = await api(sb(), t.access_token, 'GET', '/api/v2/tickets/4.json');
    assert.equal(other.status, 403);
    assert.deepEqual(other.json(), ROLE_FORBIDDEN);
    const comments = await api(sb(), t.access_token, 'GET', '/api/v2/tickets/3/comments');
    assert.ok(comments.json<{ comments: { public: boolean }[] }>().comments.every((c) => c.public));
    const search = await api(sb(), t.access_token, 'GET', '/api/v2/search.json?query=type:ticket');
    const results = search.json<{ results: { requester_id: number }[]; count: number }>();
    assert.equal(results.count, 3);
    assert.ok(results.results.every((r) => r.requester_id === me));
    const requests = await api(sb(), t.access_token, 'GET', '/api/v2/requests.json');
    const reqs = requests.json<{ requests: { id: number; requester_id: number }[]; count: number }>();
    assert.equal(requests.status, 200);
    assert.deepEqual(
      reqs.requests.map((r) => r.id).sort((a, b) => a - b),
      [3, 23, 43],
    );
    assert.equal((await api(sb(), t.access_token, 'GET', '/api/v2/requests/4')).status, 404);
    assert.equal(
      (await api(sb(), t.access_token, 'PUT', '/api/v2/tickets/3', { ticket: { status: 'solved' } })).status,
      403,
    );
    assert.equal(
      (await api(sb(), t.access_token, 'GET', `/api/v2/users/${sb().admin.userId(FIXTURES.users.agent)}`)).status,
      403,
    );
    assert.equal((await api(sb(), t.access_token, 'GET', `/api/v2/users/${me}`)).status, 200);
  });

  it('lets an admin with impersonate act on behalf of an end user', async () => {
    const t = await signIn(sb(), FIXTURES.users.admin, 'read impersonate');
    const res = await api(sb(), t.access_token, 'GET', '/api/v2/users/me', undefined, {
      'X-On-Behalf-Of': FIXTURES.users.customer,
    });
    assert.equal(res.json<{ user: { email: string } }>().user.email, FIXTURES.users.customer);
    const noScope = await signIn(sb(), FIXTURES.users.admin, 'read');
    const refused = await api(sb(), noScope.access_token, 'GET', '/api/v2/users/me', undefined, {
      'X-On-Behalf-Of': FIXTURES.users.customer,
    });
    assert.equal(refused.status, 403);
    assert.deepEqual(refused.json(), {
      error: 'Forbidden',
      description: 'You are missing the following required scopes: impersonate',
    });
  });

  it('answers unknown records and endpoints with their 404 bodies, .json optional', async () => {
    const t = await signIn(sb());
    const missing = await api(sb(), t.access_token, 'GET', '/api/v2/tickets/99999');
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.json(), { error: 'RecordNotFound', description: 'Not found' });
    const nowhere = await api(sb(), t.access_token, 'GET', '/api/v2/no/such/thing.json');
    assert.equal(nowhere.status, 404);
    assert.deepEqual(nowhere.json(), { error: 'InvalidEndpoint', description: 'Not found' });
    const a = await api(sb(), t.access_token, 'GET', '/api/v2/tickets/5');
    const b = await api(sb(), t.access_token, 'GET', '/api/v2/tickets/5.json');
    assert.deepEqual(a.json(), b.json());
  });

  it('answers users/{id} and users/show_many', async () => {
    const t = await signIn(sb(), FIXTURES.users.agent);
    const ids = [FIXTURES.users.admin, FIXTURES.users.customer].map((e) => sb().admin.userId(e));
    const one = await api(sb(), t.access_token, 'GET', `/api/v2/users/${ids[0]}.json`);
    assert.equal(one.json<{ user: { role: string } }>().user.role, 'admin');
    const many = await api(sb(), t.access_token, 'GET', `/api/v2/users/show_many.json?ids=${ids.join(',')}`);
    assert.deepEqual(
      many.json<{ users: { email: string; role: string }[] }>().users.map((u) => [u.email, u.role]),
      [
        [FIXTURES.users.admin, 'admin'],
        [FIXTURES.users.customer, 'end-user'],
      ],
    );
  });
});
