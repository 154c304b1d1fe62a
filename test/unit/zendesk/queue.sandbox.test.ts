// The endpoints the queue uses (counts, sideloads, safe updates), over real HTTP against the local sandbox.
import assert from 'node:assert/strict';
import { FIXTURES } from '../../sandbox';
import {
  countSearch,
  countViews,
  getTicketWithUsers,
  listCommentsWithUsers,
  listGroupUsers,
  listViews,
  safeUpdateTicket,
  searchTickets,
  viewTicketsPage,
} from '../../../src/zendesk/api';
import { ConflictError, RateLimitedError } from '../../../src/zendesk/errors';
import type { ZendeskClient } from '../../../src/zendesk/http';
import { clientFor, publicClient, RefreshingTokens, signIn, useSandboxOverHttp } from '../../support/sandboxClient';

describe('zendesk/api: the queue endpoints against the sandbox', () => {
  const env = useSandboxOverHttp({ tickets: 80, seed: 2 });
  let client: ZendeskClient;
  let requests: () => number;

  beforeEach(async () => {
    const tokens = new RefreshingTokens(
      env.http,
      publicClient(env.base),
      await signIn(env.http, publicClient(env.base)),
    );
    client = clientFor(env.base, env.http, tokens, async () => {}, { maxRetryWaitSeconds: 0 });
    const start = total();
    requests = () => total() - start;
  });
  const total = (): number => Object.values(env.sandbox.admin.counters().requests).reduce((a, b) => a + b, 0);

  it('counts all views in one request', async () => {
    const views = await listViews(client, { active: true });
    const before = requests();
    const counts = await countViews(
      client,
      views.map((v) => v.id),
    );
    assert.equal(requests() - before, 1);
    assert.deepEqual(counts.map((c) => c.view_id).sort(), views.map((v) => v.id).sort());
    assert.ok(counts.every((c) => typeof c.value === 'number'));
    assert.deepEqual(await countViews(client, []), []);
  });

  it('a view page and a search page come with their people, in one request each', async () => {
    const [view] = await listViews(client, { active: true });
    const before = requests();
    const page = await viewTicketsPage(client, view.id, { pageSize: 10, include: ['users'] });
    const found = await searchTickets(client, 'status<solved', { perPage: 10, include: ['users'] });
    assert.equal(requests() - before, 2);
    for (const list of [page, found]) {
      const ids = new Set((list.users ?? []).map((u) => u.id));
      assert.ok(list.tickets.length > 0);
      assert.ok(
        list.tickets.every((t) => ids.has(t.requester_id)),
        'a requester is missing from the sideload',
      );
    }
    assert.equal(await countSearch(client, 'status<solved'), found.count);
  });

  it('reads a ticket and its conversation with authors in two requests', async () => {
    const before = requests();
    const { ticket, users } = await getTicketWithUsers(client, 3);
    const { comments, users: authors } = await listCommentsWithUsers(client, 3);
    assert.equal(requests() - before, 2);
    assert.equal(users.find((u) => u.id === ticket.requester_id)?.email, FIXTURES.users.customer);
    assert.ok(comments.length >= 1);
    assert.ok(comments.every((c) => authors.some((u) => u.id === c.author_id)));
    assert.ok(
      comments.every((c, i) => i === 0 || c.created_at >= comments[i - 1].created_at),
      'not oldest first',
    );
  });

  it('safe_update with the stamp the user saw succeeds; with a stale stamp it is a ConflictError and changes nothing', async () => {
    const { ticket } = await getTicketWithUsers(client, 7);
    env.sandbox.admin.advanceClock(5);
    const updated = await safeUpdateTicket(
      client,
      7,
      { comment: { body: 'First **reply**', public: true }, status: 'pending' },
      ticket.updated_at,
    );
    assert.equal(updated.status, 'pending');
    assert.notEqual(updated.updated_at, ticket.updated_at);
    const count = (await listCommentsWithUsers(client, 7)).comments.length;
    await assert.rejects(
      safeUpdateTicket(client, 7, { comment: { body: 'late', public: false } }, ticket.updated_at),
      ConflictError,
    );
    assert.equal((await listCommentsWithUsers(client, 7)).comments.length, count);
  });

  it("the 31st update of a ticket in 10 minutes is a RateLimitedError with Zendesk's wait", async () => {
    let stamp = (await getTicketWithUsers(client, 9)).ticket.updated_at;
    for (let i = 0; i < 30; i++) {
      env.sandbox.admin.advanceClock(1);
      stamp = (await safeUpdateTicket(client, 9, { priority: i % 2 ? 'high' : 'low' }, stamp)).updated_at;
    }
    await assert.rejects(
      safeUpdateTicket(client, 9, { priority: 'urgent' }, stamp),
      (e: unknown) => e instanceof RateLimitedError && e.retryAfterSeconds > 500,
    );
  });

  it("lists the agents of a ticket's group", async () => {
    const { ticket, groups } = await getTicketWithUsers(client, 3);
    const groupId = ticket.group_id ?? FIXTURES.groups.support;
    const agents = await listGroupUsers(client, groupId);
    assert.ok(agents.length >= 2 && agents.every((u) => u.role !== 'end-user'));
    assert.equal(new Set(agents.map((u) => u.id)).size, agents.length);
    if (ticket.group_id) assert.equal(groups[0]?.id, ticket.group_id);
  });
});
