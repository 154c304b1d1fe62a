/** The sandbox's macros and ticket creation with a requester, as Zendesk's docs describe them. */
import assert from 'node:assert/strict';
import { FIXTURES } from '../../sandbox/index';
import { SEEDED_MACROS } from '../../sandbox/macros';
import { api, signIn, useSandbox } from '../../support/sandboxHttp';

interface MacroJson {
  id: number;
  title: string;
  active: boolean;
  restriction: { type: string; id: number } | null;
}
const byTitle = (title: string) => {
  const m = SEEDED_MACROS.find((x) => x.title === title);
  assert.ok(m, title);
  return m;
};

describe('sandbox macros', () => {
  const sb = useSandbox({ tickets: 30 });
  let agent = '';
  let admin = '';
  let customer = '';
  let readonly = '';
  before(async () => {
    agent = (await signIn(sb(), FIXTURES.users.agent)).access_token;
    admin = (await signIn(sb(), FIXTURES.users.admin)).access_token;
    customer = (await signIn(sb(), FIXTURES.users.customer)).access_token;
    readonly = (await signIn(sb(), FIXTURES.users.readonly)).access_token;
  });
  const titles = (body: { macros: MacroJson[] }) => body.macros.map((m) => m.title);

  it('lists active macros the agent may use: shared, their group, their own; not inactive, not another group or person', async () => {
    const res = await api(sb(), agent, 'GET', '/api/v2/macros/active');
    assert.equal(res.status, 200);
    const got = titles(res.json());
    assert.ok(got.includes('Customer not responding'));
    assert.ok(got.includes('Take it'), 'the agent’s personal macro');
    assert.ok(!got.includes("Admin's own reply"), 'another user’s personal macro');
    assert.ok(!got.includes('Billing::Ask for the invoice number'), 'a macro of a group the agent is not in');
    assert.ok(!got.includes('Support::Old greeting'), 'an inactive macro');
    const body = res.json<{ count: number; next_page: string | null }>();
    assert.equal(body.count, got.length);
    assert.equal(body.next_page, null);
  });

  it('lists every macro of the account to an admin, personal ones of others included', async () => {
    const got = titles((await api(sb(), admin, 'GET', '/api/v2/macros?per_page=100')).json());
    assert.ok(got.includes('Take it') && got.includes("Admin's own reply") && got.includes('Support::Old greeting'));
    const active = titles((await api(sb(), admin, 'GET', '/api/v2/macros/active')).json());
    assert.ok(!active.includes('Take it'), 'active = available to the admin: not an agent’s personal macro');
  });

  it('filters personal and shared with access=', async () => {
    const personal = (await api(sb(), agent, 'GET', '/api/v2/macros?access=personal')).json<{ macros: MacroJson[] }>();
    assert.deepEqual(titles(personal), ['Take it']);
    assert.equal(personal.macros[0]?.restriction?.type, 'User');
    const shared = titles((await api(sb(), agent, 'GET', '/api/v2/macros?access=shared')).json());
    assert.ok(!shared.includes('Take it') && shared.includes('Customer not responding'));
  });

  it('searches titles by words, offset pages only', async () => {
    const res = await api(sb(), agent, 'GET', '/api/v2/macros/search?query=refund%20billing');
    assert.deepEqual(titles(res.json()), ['Billing::Refund approved']);
    assert.equal((await api(sb(), agent, 'GET', '/api/v2/macros/search?query=x&page[size]=1')).status, 400);
    assert.equal((await api(sb(), agent, 'GET', '/api/v2/macros/search')).status, 400);
  });

  it('lists the categories (title before ::) of the macros available', async () => {
    const res = await api(sb(), agent, 'GET', '/api/v2/macros/categories');
    assert.deepEqual(res.json(), { categories: ['Billing', 'Support'] });
  });

  it('shows one macro; another person’s is not found; end users are refused', async () => {
    const take = byTitle('Take it');
    assert.equal(
      (await api(sb(), agent, 'GET', `/api/v2/macros/${take.id}`)).json<{ macro: MacroJson }>().macro.id,
      take.id,
    );
    assert.equal((await api(sb(), agent, 'GET', `/api/v2/macros/${byTitle("Admin's own reply").id}`)).status, 404);
    assert.equal((await api(sb(), customer, 'GET', '/api/v2/macros')).status, 403);
  });

  it('apply answers the changes and the comment, and changes nothing on the ticket', async () => {
    const ticketId = 3;
    const before = await api(sb(), agent, 'GET', `/api/v2/tickets/${ticketId}`);
    const esc = byTitle('Support::Escalate to engineering');
    const res = await api(sb(), agent, 'GET', `/api/v2/tickets/${ticketId}/macros/${esc.id}/apply`);
    assert.equal(res.status, 200, res.text);
    const t = res.json<{ result: { ticket: Record<string, unknown> } }>().result.ticket;
    assert.equal(t.id, ticketId);
    assert.equal(t.priority, 'high');
    assert.equal(t.type, 'problem');
    assert.ok((t.tags as string[]).includes('escalated') && (t.tags as string[]).includes('engineering'));
    const comment = t.comment as { body: string; html_body: string; public: boolean; scoped_body: string[][] };
    assert.equal(comment.public, false, 'comment_mode_is_public false: an internal note');
    assert.match(comment.body, /^Escalated to engineering by /);
    assert.ok(!comment.body.includes('{{'), 'placeholders rendered');
    assert.deepEqual(comment.scoped_body, [['channel:all', comment.body]]);
    assert.ok(!('status' in t), 'a field the macro does not set is not in the answer');
    const after = await api(sb(), agent, 'GET', `/api/v2/tickets/${ticketId}`);
    assert.deepEqual(after.json(), before.json(), 'the ticket is unchanged');
  });

  it('apply renders the requester and the ticket into the comment, public by default', async () => {
    const res = await api(
      sb(),
      agent,
      'GET',
      `/api/v2/tickets/3/macros/${byTitle('Billing::Refund approved').id}/apply`,
    );
    const t = res.json<{
      result: { ticket: { status: string; comment: { body: string; html_body: string; public: boolean } } };
    }>().result.ticket;
    assert.equal(t.status, 'solved');
    assert.equal(t.comment.public, true);
    assert.ok(t.comment.body.includes('ticket #3 '));
    assert.ok(t.comment.html_body.includes('<strong>5 business days</strong>'), t.comment.html_body);
  });

  it('apply: the agent’s own macro sets them as assignee; an unusable macro or unknown ticket is 404; read-only agents 403', async () => {
    const take = await api(sb(), agent, 'GET', `/api/v2/tickets/3/macros/${byTitle('Take it').id}/apply`);
    assert.equal(
      take.json<{ result: { ticket: { assignee_id: number } } }>().result.ticket.assignee_id,
      FIXTURES.userIds.agent,
    );
    assert.equal(
      (await api(sb(), agent, 'GET', `/api/v2/tickets/3/macros/${byTitle("Admin's own reply").id}/apply`)).status,
      404,
    );
    assert.equal(
      (await api(sb(), agent, 'GET', `/api/v2/tickets/99999/macros/${byTitle('Take it').id}/apply`)).status,
      404,
    );
    const ro = await api(
      sb(),
      readonly,
      'GET',
      `/api/v2/tickets/3/macros/${byTitle('Customer not responding').id}/apply`,
    );
    assert.equal(ro.status, 403);
  });
});

describe('sandbox ticket creation with a requester', () => {
  const sb = useSandbox({ tickets: 5 });
  let agent = '';
  before(async () => {
    agent = (await signIn(sb(), FIXTURES.users.agent)).access_token;
  });

  interface Created {
    ticket: { id: number; requester_id: number; submitter_id: number };
    audit: { events: { type: string; field_name?: string; value?: unknown; public?: boolean }[] };
  }

  it('finds the requester by email (case-insensitive) and keeps their name', async () => {
    const res = await api(sb(), agent, 'POST', '/api/v2/tickets', {
      ticket: {
        subject: 'Hi',
        comment: { body: 'Hello' },
        requester: { name: 'Someone Else', email: 'CUSTOMER@sandbox.test' },
      },
    });
    assert.equal(res.status, 201, res.text);
    const body = res.json<Created>();
    assert.equal(body.ticket.requester_id, FIXTURES.userIds.customer);
    assert.equal(body.ticket.submitter_id, FIXTURES.userIds.agent);
    const user = await api(sb(), agent, 'GET', `/api/v2/users/${FIXTURES.userIds.customer}`);
    assert.notEqual(user.json<{ user: { name: string } }>().user.name, 'Someone Else');
    assert.ok(body.audit.events.some((e) => e.type === 'Create' && e.field_name === 'requester_id'));
  });

  it('creates an end user for an unknown email, once', async () => {
    const make = () =>
      api(sb(), agent, 'POST', '/api/v2/tickets', {
        ticket: {
          comment: { body: 'Printer on fire', public: false },
          requester: { name: 'Ada Lovelace', email: 'ada@new.example' },
        },
      });
    const first = (await make()).json<Created>();
    const second = (await make()).json<Created>();
    assert.equal(
      second.ticket.requester_id,
      first.ticket.requester_id,
      'the second ticket finds the user the first made',
    );
    const user = (await api(sb(), agent, 'GET', `/api/v2/users/${first.ticket.requester_id}`)).json<{
      user: { name: string; email: string; role: string };
    }>().user;
    assert.deepEqual([user.name, user.email, user.role], ['Ada Lovelace', 'ada@new.example', 'end-user']);
    assert.equal(
      first.audit.events.find((e) => e.type === 'Comment')?.public,
      false,
      'a first comment may be internal',
    );
  });

  it('refuses a requester without a valid email with 422 on requester, and makes nobody', async () => {
    const res = await api(sb(), agent, 'POST', '/api/v2/tickets', {
      ticket: { comment: { body: 'x' }, requester: { name: 'No Mail' } },
    });
    assert.equal(res.status, 422);
    assert.ok(res.json<{ details: Record<string, unknown> }>().details.requester);
  });
});
