/** Ticket create and update, comments, the closed-ticket rule and the per-ticket update limit (spec §3.3, §3.4). */
import assert from 'node:assert/strict';
import { FIXTURES } from '../../sandbox/index';
import { api, signIn, useSandbox } from '../../support/sandboxHttp';

interface Ticket {
  id: number;
  status: string;
  priority: string | null;
  assignee_id: number | null;
  tags: string[];
  subject: string;
  updated_at: string;
}
interface Comment {
  id: number;
  body: string;
  public: boolean;
  author_id: number;
}

describe('sandbox API: ticket writes and comments', () => {
  const sb = useSandbox();
  let token = '';
  before(async () => {
    token = (await signIn(sb(), FIXTURES.users.agent)).access_token;
  });

  /** A fresh open ticket, so no test depends on the seeded status of a particular id. */
  async function newTicket(): Promise<number> {
    const res = await api(sb(), token, 'POST', '/api/v2/tickets', {
      ticket: { subject: 'Test ticket', comment: { body: 'Created by a test.' }, status: 'open' },
    });
    return res.json<{ ticket: Ticket }>().ticket.id;
  }

  it('creates a ticket: 201, Location, ticket and audit', async () => {
    const res = await api(sb(), token, 'POST', '/api/v2/tickets.json', {
      ticket: {
        subject: 'Printer on fire',
        comment: { body: 'The smoke is very colorful.' },
        priority: 'urgent',
        tags: ['Fire', 'printer'],
      },
    });
    assert.equal(res.status, 201);
    const body = res.json<{ ticket: Ticket; audit: { ticket_id: number; events: { type: string }[] } }>();
    assert.equal(res.headers.get('location'), `${sb().url}/api/v2/tickets/${body.ticket.id}.json`);
    assert.equal(body.ticket.id, 51);
    assert.equal(body.ticket.status, 'new');
    assert.equal(body.ticket.priority, 'urgent');
    assert.deepEqual(body.ticket.tags, ['fire', 'printer']);
    assert.equal(body.audit.ticket_id, 51);
    assert.equal(body.audit.events[0]?.type, 'Comment');
    const comments = (await api(sb(), token, 'GET', '/api/v2/tickets/51/comments')).json<{ comments: Comment[] }>()
      .comments;
    assert.deepEqual(
      comments.map((c) => c.body),
      ['The smoke is very colorful.'],
    );
    const noComment = await api(sb(), token, 'POST', '/api/v2/tickets', { ticket: { subject: 'x' } });
    assert.equal(noComment.status, 422);
    assert.equal(noComment.json().error, 'RecordInvalid');
  });

  it('updates status, priority, assignee and tags, and adds a public reply or an internal note', async () => {
    const agentId = sb().admin.userId(FIXTURES.users.agent);
    const id = await newTicket();
    const before = (await api(sb(), token, 'GET', `/api/v2/tickets/${id}/comments`)).json<{ comments: Comment[] }>()
      .comments.length;
    const res = await api(sb(), token, 'PUT', `/api/v2/tickets/${id}.json`, {
      ticket: {
        status: 'pending',
        priority: 'high',
        assignee_id: agentId,
        tags: ['a', 'b'],
        comment: { body: 'We are on it.', public: true },
      },
    });
    assert.equal(res.status, 200);
    const t = res.json<{ ticket: Ticket; audit: { events: { type: string; field_name?: string }[] } }>();
    assert.equal(t.ticket.status, 'pending');
    assert.equal(t.ticket.priority, 'high');
    assert.equal(t.ticket.assignee_id, agentId);
    assert.deepEqual(t.ticket.tags, ['a', 'b']);
    assert.ok(t.audit.events.some((e) => e.type === 'Comment'));
    await api(sb(), token, 'PUT', `/api/v2/tickets/${id}`, {
      ticket: { comment: { body: 'Internal: check logs', public: false } },
    });
    const shown = (await api(sb(), token, 'GET', `/api/v2/tickets/${id}`)).json<{ ticket: Ticket }>().ticket;
    assert.equal(shown.status, 'pending');
    const comments = (await api(sb(), token, 'GET', `/api/v2/tickets/${id}/comments.json`)).json<{
      comments: Comment[];
    }>().comments;
    assert.equal(comments.length, before + 2);
    assert.deepEqual(
      comments.slice(-2).map((c) => [c.body, c.public, c.author_id]),
      [
        ['We are on it.', true, agentId],
        ['Internal: check logs', false, agentId],
      ],
    );
    const bad = await api(sb(), token, 'PUT', `/api/v2/tickets/${id}`, { ticket: { status: 'bogus' } });
    assert.equal(bad.status, 422);
    assert.ok(bad.json<{ details: Record<string, unknown> }>().details.status);
  });

  it('ignores additional_tags and remove_tags on a single-ticket update: they are Update Many’s; tags replaces', async () => {
    const id = await newTicket();
    await api(sb(), token, 'PUT', `/api/v2/tickets/${id}`, { ticket: { tags: ['keep', 'old'] } });
    const res = await api(sb(), token, 'PUT', `/api/v2/tickets/${id}`, {
      ticket: { additional_tags: ['added'], remove_tags: ['old'], priority: 'low' },
    });
    assert.equal(res.status, 200);
    const t = res.json<{ ticket: Ticket; audit: { events: { type: string; field_name?: string }[] } }>();
    assert.deepEqual(t.ticket.tags, ['keep', 'old'], 'a bulk-only property changed one ticket’s tags');
    assert.equal(t.ticket.priority, 'low', 'the rest of the update was not applied');
    assert.deepEqual(
      t.audit.events.filter((e) => e.field_name === 'tags'),
      [],
      'the audit records a tag change that did not happen',
    );
    const shown = (await api(sb(), token, 'GET', `/api/v2/tickets/${id}`)).json<{ ticket: Ticket }>().ticket;
    assert.deepEqual(shown.tags, ['keep', 'old']);
  });

  it('pages comments with cursors and offsets, newest first on request', async () => {
    const id = 12; // a seeded ticket: its seeded comments come first, the description being the first
    const seeded = (await api(sb(), token, 'GET', `/api/v2/tickets/${id}`)).json<{
      ticket: Ticket & { description: string; requester_id: number };
    }>().ticket;
    const first = (await api(sb(), token, 'GET', `/api/v2/tickets/${id}/comments`)).json<{ comments: Comment[] }>()
      .comments[0];
    assert.equal(first?.body, seeded.description);
    assert.equal(first?.author_id, seeded.requester_id);
    for (let k = 0; k < 5; k++) {
      assert.equal(
        (await api(sb(), token, 'PUT', `/api/v2/tickets/${id}`, { ticket: { comment: { body: `reply ${k}` } } }))
          .status,
        200,
      );
    }
    const all = (await api(sb(), token, 'GET', `/api/v2/tickets/${id}/comments`)).json<{
      comments: Comment[];
      count: number;
    }>();
    assert.equal(all.count, all.comments.length);
    const ids: number[] = [];
    let url: string | null = `/api/v2/tickets/${id}/comments?page[size]=2&sort=-created_at`;
    while (url) {
      const page: { comments: Comment[]; links: { next: string | null } } = (await api(sb(), token, 'GET', url)).json();
      ids.push(...page.comments.map((c) => c.id));
      url = page.links.next;
    }
    assert.deepEqual(ids, all.comments.map((c) => c.id).reverse());
    const offset = (
      await api(sb(), token, 'GET', `/api/v2/tickets/${id}/comments?per_page=2&page=2&sort_order=desc`)
    ).json<{ comments: Comment[] }>();
    assert.deepEqual(
      offset.comments.map((c) => c.id),
      ids.slice(2, 4),
    );
  });

  it('refuses to update a closed ticket with 422', async () => {
    const id = await newTicket();
    assert.equal(
      (await api(sb(), token, 'PUT', `/api/v2/tickets/${id}`, { ticket: { status: 'closed' } })).status,
      200,
    );
    const res = await api(sb(), token, 'PUT', `/api/v2/tickets/${id}`, {
      ticket: { status: 'open', comment: { body: 'reopen?' } },
    });
    assert.equal(res.status, 422);
    // Zendesk names the field that forbids it, `status` (not `base`).
    const body = res.json<{ error: string; details: { status: { description: string }[] } }>();
    assert.equal(body.error, 'RecordInvalid');
    assert.match(body.details.status[0]?.description ?? '', /closed/);
  });

  it('refuses an assignee outside the ticket’s group with 422 in Zendesk’s words, and changes nothing', async () => {
    const id = await newTicket();
    const me = (await api(sb(), token, 'GET', '/api/v2/users/me')).json<{
      user: { id: number; default_group_id: number };
    }>().user;
    const groups = (await api(sb(), token, 'GET', '/api/v2/groups')).json<{ groups: { id: number }[] }>().groups;
    const other = groups.find((g) => g.id !== me.default_group_id);
    assert.ok(other && me.default_group_id, 'the agent has a group and there is another');
    const show = async () =>
      (await api(sb(), token, 'GET', `/api/v2/tickets/${id}`)).json<{ ticket: Ticket & { group_id: number | null } }>()
        .ticket;
    const before = await show();
    const refused = await api(sb(), token, 'PUT', `/api/v2/tickets/${id}`, {
      ticket: { group_id: other.id, assignee_id: me.id },
    });
    assert.equal(refused.status, 422);
    // As a live answer had it (https://github.com/facetoe/zenpy/issues/628): two entries, the second without `error`.
    assert.deepEqual(refused.json(), {
      error: 'RecordInvalid',
      description: 'Record validation errors',
      details: {
        assignee: [
          { description: 'Assignee: is invalid', error: 'InvalidValue' },
          { description: 'Assignee: is not a member of the group' },
        ],
      },
    });
    assert.deepEqual(await show(), before);
    // The agent's own group: taken.
    const taken = await api(sb(), token, 'PUT', `/api/v2/tickets/${id}`, {
      ticket: { group_id: me.default_group_id, assignee_id: me.id },
    });
    assert.equal(taken.status, 200, taken.text);
    const after = await show();
    assert.deepEqual([after.group_id, after.assignee_id], [me.default_group_id, me.id]);
  });

  it('refuses a safe_update with a stale updated_stamp with 409', async () => {
    const id = await newTicket();
    const t = (await api(sb(), token, 'GET', `/api/v2/tickets/${id}`)).json<{ ticket: Ticket }>().ticket;
    // updated_stamp has one-second resolution, as in Zendesk: let a second pass so the update changes it.
    sb().admin.advanceClock(1);
    const ok = await api(sb(), token, 'PUT', `/api/v2/tickets/${id}`, {
      ticket: { priority: 'low', safe_update: true, updated_stamp: t.updated_at },
    });
    assert.equal(ok.status, 200);
    const stale = await api(sb(), token, 'PUT', `/api/v2/tickets/${id}`, {
      ticket: { priority: 'high', safe_update: true, updated_stamp: t.updated_at },
    });
    assert.equal(stale.status, 409);
  });

  it('limits updates to 30 per ticket per user per 10 minutes', async () => {
    const id = await newTicket();
    const other = await newTicket();
    for (let k = 0; k < 30; k++) {
      const res = await api(sb(), token, 'PUT', `/api/v2/tickets/${id}`, { ticket: { tags: [`t${k}`] } });
      assert.equal(res.status, 200, `update ${k + 1}`);
    }
    const limited = await api(sb(), token, 'PUT', `/api/v2/tickets/${id}`, { ticket: { tags: ['late'] } });
    assert.equal(limited.status, 429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    assert.ok(retryAfter > 0 && retryAfter <= 600, String(retryAfter));
    assert.match(limited.text, /Rate limit for ticket updates exceeded/);
    // Another ticket, and another user on the same ticket, are not limited.
    assert.equal((await api(sb(), token, 'PUT', `/api/v2/tickets/${other}`, { ticket: { tags: ['x'] } })).status, 200);
    const admin = await signIn(sb(), FIXTURES.users.admin);
    assert.equal(
      (await api(sb(), admin.access_token, 'PUT', `/api/v2/tickets/${id}`, { ticket: { tags: ['admin'] } })).status,
      200,
    );
    sb().admin.advanceClock(601);
    const fresh = await signIn(sb(), FIXTURES.users.agent);
    assert.equal(
      (await api(sb(), fresh.access_token, 'PUT', `/api/v2/tickets/${id}`, { ticket: { tags: ['later'] } })).status,
      200,
    );
  });
});

describe('sandbox API: the Update Ticket limit per account', () => {
  const sb = useSandbox({ ticketUpdatesPerMinute: 4 });

  it("refuses updates past the account's per-minute limit with 429, Retry-After and the budget headers, whoever sends them", async () => {
    const agent = (await signIn(sb(), FIXTURES.users.agent)).access_token;
    const admin = (await signIn(sb(), FIXTURES.users.admin)).access_token;
    const open = (await api(sb(), agent, 'GET', '/api/v2/tickets?page[size]=50'))
      .json<{ tickets: Ticket[] }>()
      .tickets.filter((t) => t.status !== 'closed')
      .map((t) => t.id);
    // Four updates on four tickets by two users: no per-ticket limit is near, the account's is spent.
    for (const [k, token] of [agent, admin, agent, admin].entries()) {
      assert.equal(
        (await api(sb(), token, 'PUT', `/api/v2/tickets/${open[k]}`, { ticket: { tags: [`k${k}`] } })).status,
        200,
        `update ${k + 1}`,
      );
    }
    const last = open[4];
    const limited = await api(sb(), admin, 'PUT', `/api/v2/tickets/${last}`, { ticket: { tags: ['late'] } });
    assert.equal(limited.status, 429);
    const wait = Number(limited.headers.get('retry-after'));
    assert.ok(wait >= 1 && wait <= 60, String(wait));
    assert.ok(limited.headers.get('x-rate-limit'), 'the budget headers');
    assert.match(limited.text, /ticket updates per minute/);
    // Reads are not held by it; the next minute updates again.
    assert.equal((await api(sb(), admin, 'GET', `/api/v2/tickets/${last}`)).status, 200);
    sb().admin.advanceClock(wait);
    assert.equal(
      (await api(sb(), admin, 'PUT', `/api/v2/tickets/${last}`, { ticket: { tags: ['later'] } })).status,
      200,
    );
  });
});
