/** Search Users (https://developer.zendesk.com/api-reference/ticketing/users/users/#search-users), as the New Ticket
 * form's requester search uses it: a part of a name or an email, agents only. */
import assert from 'node:assert/strict';
import { FIXTURES } from '../../sandbox/index';
import { api, signIn, useSandbox } from '../../support/sandboxHttp';

interface Users {
  users: { id: number; name: string; email: string | null; role: string }[];
  count: number;
  next_page: string | null;
}

describe('sandbox API: Search Users', () => {
  const sb = useSandbox();

  it('finds users by a part of the email or of the name, case aside', async () => {
    const t = await signIn(sb(), FIXTURES.users.agent);
    const byEmail = await api(sb(), t.access_token, 'GET', `/api/v2/users/search?query=${FIXTURES.users.customer}`);
    assert.equal(byEmail.status, 200);
    assert.deepEqual(
      byEmail.json<Users>().users.map((u) => u.email),
      [FIXTURES.users.customer],
    );
    const someone = byEmail.json<Users>().users[0];
    const part = someone.name.split(' ')[0].slice(0, 3).toUpperCase();
    const byName = await api(
      sb(),
      t.access_token,
      'GET',
      `/api/v2/users/search.json?query=${encodeURIComponent(part)}`,
    );
    const found = byName.json<Users>();
    assert.ok(
      found.users.some((u) => u.id === someone.id),
      `${part} did not find ${someone.name}`,
    );
    assert.ok(found.users.every((u) => `${u.name} ${u.email ?? ''}`.toLowerCase().includes(part.toLowerCase())));
    assert.equal(found.count >= found.users.length, true);
  });

  it('pages by per_page, answers 400 without a query, and refuses end users', async () => {
    const t = await signIn(sb(), FIXTURES.users.agent);
    const paged = await api(sb(), t.access_token, 'GET', '/api/v2/users/search?query=e&per_page=2');
    const page = paged.json<Users>();
    assert.equal(page.users.length, 2);
    assert.ok(page.count > 2 && page.next_page?.includes('page=2'), page.next_page ?? 'no next page');
    const none = await api(sb(), t.access_token, 'GET', '/api/v2/users/search');
    assert.equal(none.status, 400);
    const customer = await signIn(sb(), FIXTURES.users.customer);
    const refused = await api(sb(), customer.access_token, 'GET', '/api/v2/users/search?query=a');
    assert.equal(refused.status, 403);
  });
});
