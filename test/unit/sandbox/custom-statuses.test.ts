/** Custom ticket statuses: the list and its filters, each ticket's custom_status_id, and the write rules
 * (https://developer.zendesk.com/api-reference/ticketing/tickets/custom_ticket_statuses/). */
import assert from 'node:assert/strict';
import { FIXTURES } from '../../sandbox/index';
import { SEEDED_CUSTOM } from '../../sandbox/customStatuses';
import { api, signIn, useSandbox } from '../../support/sandboxHttp';

interface CustomStatus {
  id: number;
  status_category: string;
  agent_label: string;
  end_user_label: string;
  active: boolean;
  default: boolean;
  raw_agent_label: string;
  created_at: string;
}
interface Ticket {
  id: number;
  status: string;
  custom_status_id: number;
  updated_at: string;
}
interface Details {
  error: string;
  details: Record<string, { description: string; error: string }[]>;
}

describe('sandbox API: custom ticket statuses', () => {
  const sb = useSandbox();
  let token = '';
  before(async () => {
    token = (await signIn(sb(), FIXTURES.users.agent)).access_token;
  });
  afterEach(() => sb().admin.setCustomStatuses(true));

  const list = async (query = '') =>
    (await api(sb(), token, 'GET', `/api/v2/custom_statuses${query}`)).json<{ custom_statuses: CustomStatus[] }>()
      .custom_statuses;
  const ticket = async (id: number) =>
    (await api(sb(), token, 'GET', `/api/v2/tickets/${id}`)).json<{ ticket: Ticket }>().ticket;
  const put = (id: number, body: Record<string, unknown>) =>
    api(sb(), token, 'PUT', `/api/v2/tickets/${id}`, { ticket: body });
  async function newTicket(status = 'open'): Promise<Ticket> {
    const res = await api(sb(), token, 'POST', '/api/v2/tickets', {
      ticket: { subject: 'Custom status test', comment: { body: 'Made by a test.' }, status },
    });
    return res.json<{ ticket: Ticket }>().ticket;
  }

  it("lists every status, one active default per category, in Zendesk's JSON", async () => {
    const all = await list();
    assert.equal(all.length, 8);
    for (const category of ['new', 'open', 'pending', 'hold', 'solved']) {
      const defaults = all.filter((s) => s.status_category === category && s.default);
      assert.equal(defaults.length, 1, category);
      assert.equal(defaults[0]?.active, true);
    }
    const investigating = all.find((s) => s.id === SEEDED_CUSTOM.investigating);
    assert.deepEqual(
      {
        category: investigating?.status_category,
        label: investigating?.agent_label,
        raw: investigating?.raw_agent_label,
        active: investigating?.active,
        default: investigating?.default,
      },
      { category: 'open', label: 'Investigating', raw: 'Investigating', active: true, default: false },
    );
    assert.match(investigating?.created_at ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('filters by active, default and status_categories', async () => {
    assert.deepEqual(
      (await list('?active=true')).map((s) => s.active),
      Array(7).fill(true),
    );
    assert.deepEqual(
      (await list('?active=false')).map((s) => s.agent_label),
      ['Escalated to vendor'],
    );
    assert.deepEqual(
      (await list('?default=false&active=true')).map((s) => s.agent_label),
      ['Investigating', 'Waiting on engineering'],
    );
    assert.deepEqual(
      (await list('?status_categories=hold,pending')).map((s) => s.agent_label),
      ['Pending', 'On-hold', 'Waiting on engineering', 'Escalated to vendor'],
    );
    const one = await api(sb(), token, 'GET', `/api/v2/custom_statuses/${SEEDED_CUSTOM.waitingOnEngineering}.json`);
    assert.equal(one.json<{ custom_status: CustomStatus }>().custom_status.agent_label, 'Waiting on engineering');
    assert.equal((await api(sb(), token, 'GET', '/api/v2/custom_statuses/1')).status, 404);
  });

  it('needs a token that may read tickets', async () => {
    assert.equal((await api(sb(), null, 'GET', '/api/v2/custom_statuses')).status, 401);
    const usersOnly = (await signIn(sb(), FIXTURES.users.agent, 'users:read')).access_token;
    assert.equal((await api(sb(), usersOnly, 'GET', '/api/v2/custom_statuses')).status, 403);
  });

  it('gives every ticket a custom status of its own category', async () => {
    const byId = new Map((await list()).map((s) => [s.id, s]));
    const res = await api(sb(), token, 'GET', '/api/v2/tickets?page[size]=50');
    const tickets = res.json<{ tickets: Ticket[] }>().tickets;
    const seen = new Set<number>();
    for (const t of tickets) {
      const category = t.status === 'closed' ? 'solved' : t.status;
      assert.equal(byId.get(t.custom_status_id)?.status_category, category, `#${t.id}`);
      seen.add(t.custom_status_id);
    }
    // The seeded data shows the account's own statuses on some tickets.
    assert.ok(seen.has(SEEDED_CUSTOM.investigating) || seen.has(SEEDED_CUSTOM.waitingOnEngineering));
  });

  it('a write with custom_status_id sets it and the status follows its category', async () => {
    const t = await newTicket('open');
    const res = await put(t.id, { custom_status_id: SEEDED_CUSTOM.waitingOnEngineering });
    assert.equal(res.status, 200);
    const body = res.json<{
      ticket: Ticket;
      audit: { events: { field_name?: string; value?: unknown; previous_value?: unknown }[] };
    }>();
    assert.deepEqual([body.ticket.status, body.ticket.custom_status_id], ['hold', SEEDED_CUSTOM.waitingOnEngineering]);
    const events = body.audit.events.filter((e) => e.field_name);
    assert.deepEqual(
      events.map((e) => [e.field_name, e.previous_value, e.value]),
      [
        ['status', 'open', 'hold'],
        ['custom_status_id', 360_000_002, SEEDED_CUSTOM.waitingOnEngineering],
      ],
    );
    assert.deepEqual(
      [(await ticket(t.id)).status, (await ticket(t.id)).custom_status_id],
      ['hold', SEEDED_CUSTOM.waitingOnEngineering],
    );
  });

  it("a status alone takes its category's default; within the same category the custom status stays", async () => {
    const t = await newTicket('open');
    await put(t.id, { custom_status_id: SEEDED_CUSTOM.investigating });
    await put(t.id, { status: 'open' });
    assert.equal((await ticket(t.id)).custom_status_id, SEEDED_CUSTOM.investigating);
    await put(t.id, { status: 'pending' });
    const after = await ticket(t.id);
    assert.deepEqual([after.status, after.custom_status_id], ['pending', 360_000_003]);
    await put(t.id, { status: 'open' });
    assert.equal((await ticket(t.id)).custom_status_id, 360_000_002);
  });

  it('refuses an inactive, unknown or mismatched custom status with a 422 naming the field, and changes nothing', async () => {
    const t = await newTicket('open');
    for (const [body, field, text] of [
      [
        { custom_status_id: SEEDED_CUSTOM.escalatedToVendor },
        'custom_status_id',
        'Custom status: Escalated to vendor is inactive',
      ],
      [{ custom_status_id: 999 }, 'custom_status_id', 'Custom status: 999 is not a custom status of this account'],
      [{ custom_status_id: 'open' }, 'custom_status_id', 'Custom status: open is not a custom status of this account'],
      [
        { status: 'pending', custom_status_id: SEEDED_CUSTOM.investigating },
        'status',
        'Status: pending is not the category of Investigating (open)',
      ],
    ] as const) {
      const res = await put(t.id, body);
      assert.equal(res.status, 422, JSON.stringify(body));
      const err = res.json<Details>();
      assert.equal(err.error, 'RecordInvalid');
      assert.equal(err.details[field]?.[0]?.description, text);
    }
    const now = await ticket(t.id);
    assert.deepEqual([now.status, now.custom_status_id, now.updated_at], ['open', 360_000_002, t.updated_at]);
  });

  it('creates a ticket with a custom status', async () => {
    const res = await api(sb(), token, 'POST', '/api/v2/tickets', {
      ticket: { comment: { body: 'Needs engineering' }, custom_status_id: SEEDED_CUSTOM.waitingOnEngineering },
    });
    assert.equal(res.status, 201);
    const t = res.json<{ ticket: Ticket }>().ticket;
    assert.deepEqual([t.status, t.custom_status_id], ['hold', SEEDED_CUSTOM.waitingOnEngineering]);
  });

  it('an account without custom statuses: 403 on the list, system defaults on tickets, custom_status_id refused', async () => {
    sb().admin.setCustomStatuses(false);
    const res = await api(sb(), token, 'GET', '/api/v2/custom_statuses');
    assert.equal(res.status, 403);
    assert.equal(res.json<{ error: string }>().error, 'Forbidden');
    const t = await newTicket('open');
    assert.equal(t.custom_status_id, 360_000_002);
    const refused = await put(t.id, { custom_status_id: 360_000_003 });
    assert.equal(refused.status, 422);
    assert.equal(
      refused.json<Details>().details.custom_status_id?.[0]?.description,
      'Custom status: custom ticket statuses are not activated on this account',
    );
    // Seeded tickets carry their category's default only.
    const seeded = (await api(sb(), token, 'GET', '/api/v2/tickets?page[size]=50')).json<{ tickets: Ticket[] }>()
      .tickets;
    assert.ok(seeded.every((x) => x.custom_status_id < SEEDED_CUSTOM.investigating));
  });

  it('the HTTP control switches the feature', async () => {
    const off = await fetch(`${sb().url}/__sandbox/custom-statuses`, {
      method: 'POST',
      body: JSON.stringify({ enabled: false }),
    });
    assert.equal(off.status, 200);
    assert.equal((await api(sb(), token, 'GET', '/api/v2/custom_statuses')).status, 403);
    const bad = await fetch(`${sb().url}/__sandbox/custom-statuses`, {
      method: 'POST',
      body: JSON.stringify({ enabled: 'no' }),
    });
    assert.equal(bad.status, 400);
  });
});
