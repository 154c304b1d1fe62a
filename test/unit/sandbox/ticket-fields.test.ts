/** Ticket fields, forms, groups, and ticket writes with custom fields, forms, CCs and followers. */
import assert from 'node:assert/strict';
import { FIXTURES } from '../../sandbox/index';
import { FIELD_IDS, FORM_IDS } from '../../sandbox/ticketFields';
import { api, signIn, useSandbox } from '../../support/sandboxHttp';

interface Field {
  id: number;
  type: string;
  title: string;
  required: boolean;
  active: boolean;
  regexp_for_validation: string | null;
  custom_field_options?: { id: number; name: string; value: string }[];
  relationship_target_type?: string;
  system_field_options?: { name: string; value: string }[];
}
interface Form {
  id: number;
  name: string;
  default: boolean;
  active: boolean;
  ticket_field_ids: number[];
  agent_conditions: {
    parent_field_id: number;
    value: unknown;
    child_fields: { id: number; is_required: boolean; required_on_statuses?: { type: string; statuses?: string[] } }[];
  }[];
}
interface Ticket {
  id: number;
  status: string;
  tags: string[];
  ticket_form_id: number;
  group_id: number | null;
  custom_fields: { id: number; value: unknown }[];
  email_cc_ids: number[];
  follower_ids: number[];
}
interface Invalid {
  error: string;
  description: string;
  details: Record<
    string,
    { description: string; error: string | null; ticket_field_id?: number; ticket_field_type?: string }[]
  >;
}

describe('sandbox API: ticket fields, forms and groups', () => {
  const sb = useSandbox();
  let token = '';
  before(async () => {
    token = (await signIn(sb(), FIXTURES.users.agent)).access_token;
  });

  async function newTicket(extra: Record<string, unknown> = {}): Promise<Ticket> {
    const res = await api(sb(), token, 'POST', '/api/v2/tickets', {
      ticket: { subject: 'Fields test', comment: { body: 'Created by a test.' }, status: 'open', ...extra },
    });
    assert.equal(res.status, 201, res.text);
    return res.json<{ ticket: Ticket }>().ticket;
  }
  const update = (id: number, ticket: Record<string, unknown>) =>
    api(sb(), token, 'PUT', `/api/v2/tickets/${id}`, { ticket });
  const valueOf = (t: Ticket, fieldId: number) => t.custom_fields.find((c) => c.id === fieldId)?.value;

  it('lists every field type Zendesk has, system and custom, in position order', async () => {
    const res = await api(sb(), token, 'GET', '/api/v2/ticket_fields');
    assert.equal(res.status, 200);
    const fields = res.json<{ ticket_fields: Field[] }>().ticket_fields;
    const types = new Set(fields.map((f) => f.type));
    for (const t of [
      'subject',
      'description',
      'status',
      'custom_status',
      'tickettype',
      'priority',
      'group',
      'assignee',
    ]) {
      assert.ok(types.has(t), `system field ${t}`);
    }
    for (const t of ['text', 'textarea', 'checkbox', 'date', 'integer', 'decimal', 'regexp', 'tagger', 'multiselect']) {
      assert.ok(types.has(t), `custom field ${t}`);
    }
    assert.ok(types.has('partialcreditcard') && types.has('lookup'));
    const area = fields.find((f) => f.id === FIELD_IDS.productArea);
    assert.deepEqual(
      area?.custom_field_options?.map((o) => o.value),
      ['area_api', 'area_billing', 'area_editor'],
    );
    assert.equal(fields.find((f) => f.id === FIELD_IDS.orderNumber)?.regexp_for_validation, '^ORD-\\d{6}$');
    assert.equal(fields.find((f) => f.id === FIELD_IDS.escalationEngineer)?.relationship_target_type, 'zen:user');
    assert.ok(fields.find((f) => f.type === 'priority')?.system_field_options?.some((o) => o.value === 'urgent'));
  });

  it('pages ticket fields with a cursor, and shows one', async () => {
    const first = (await api(sb(), token, 'GET', '/api/v2/ticket_fields?page[size]=5')).json<{
      ticket_fields: Field[];
      meta: { has_more: boolean; after_cursor: string };
    }>();
    assert.equal(first.ticket_fields.length, 5);
    assert.equal(first.meta.has_more, true);
    const one = await api(sb(), token, 'GET', `/api/v2/ticket_fields/${FIELD_IDS.apiEndpoint}.json`);
    assert.equal(one.json<{ ticket_field: Field }>().ticket_field.title, 'API endpoint');
    assert.equal((await api(sb(), token, 'GET', '/api/v2/ticket_fields/1')).status, 404);
  });

  it('lists the forms with their conditions; active=true leaves out the retired one', async () => {
    const all = (await api(sb(), token, 'GET', '/api/v2/ticket_forms')).json<{ ticket_forms: Form[] }>().ticket_forms;
    assert.deepEqual(
      all.map((f) => f.name),
      ['Default Ticket Form', 'Bug report', 'Retired form'],
    );
    const active = (await api(sb(), token, 'GET', '/api/v2/ticket_forms?active=true')).json<{ ticket_forms: Form[] }>()
      .ticket_forms;
    assert.deepEqual(
      active.map((f) => f.id),
      [FORM_IDS.default, FORM_IDS.bugReport],
    );
    const bug = (await api(sb(), token, 'GET', `/api/v2/ticket_forms/${FORM_IDS.bugReport}`)).json<{
      ticket_form: Form;
    }>().ticket_form;
    const api_ = bug.agent_conditions.find(
      (c) => c.parent_field_id === FIELD_IDS.productArea && c.value === 'area_api',
    );
    assert.deepEqual(api_?.child_fields[0], {
      id: FIELD_IDS.apiEndpoint,
      is_required: true,
      required_on_statuses: { type: 'SOME_STATUSES', statuses: ['solved'] },
    });
  });

  it('lists the groups (and the assignable ones)', async () => {
    for (const path of ['/api/v2/groups', '/api/v2/groups/assignable']) {
      const groups = (await api(sb(), token, 'GET', path)).json<{ groups: { id: number; name: string }[] }>().groups;
      assert.deepEqual(
        groups.map((g) => g.name),
        ['Support', 'Billing'],
      );
    }
    const one = await api(sb(), token, 'GET', `/api/v2/groups/${FIXTURES.groups.billing}`);
    assert.equal(one.json<{ group: { name: string } }>().group.name, 'Billing');
  });

  it('a ticket carries its form and every active custom field, unset ones null (checkboxes false)', async () => {
    const t = await newTicket();
    assert.equal(t.ticket_form_id, FORM_IDS.default);
    assert.equal(valueOf(t, FIELD_IDS.apiEndpoint), null);
    assert.equal(valueOf(t, FIELD_IDS.regression), false);
    assert.equal(valueOf(t, FIELD_IDS.legacyCategory), undefined, 'inactive fields are not on tickets');
  });

  it('updates form, custom fields of each type, type, group and tags in one write', async () => {
    const t = await newTicket();
    const res = await update(t.id, {
      ticket_form_id: FORM_IDS.bugReport,
      type: 'problem',
      group_id: FIXTURES.groups.billing,
      custom_fields: [
        { id: FIELD_IDS.productArea, value: 'area_api' },
        { id: FIELD_IDS.apiEndpoint, value: '/api/v2/search' },
        { id: FIELD_IDS.regression, value: true },
        { id: FIELD_IDS.platforms, value: ['platform_linux', 'platform_macos'] },
        { id: FIELD_IDS.dueDate, value: '2026-12-24' },
        { id: FIELD_IDS.affectedUsers, value: 120 },
        { id: FIELD_IDS.refundAmount, value: '12.50' },
        { id: FIELD_IDS.orderNumber, value: 'ORD-123456' },
        { id: FIELD_IDS.cardNumber, value: '4111 1111 1111 1234' },
        { id: FIELD_IDS.escalationEngineer, value: FIXTURES.userIds.admin },
      ],
    });
    assert.equal(res.status, 200, res.text);
    const after = res.json<{ ticket: Ticket; audit: { events: { field_name?: string }[] } }>();
    assert.equal(after.ticket.ticket_form_id, FORM_IDS.bugReport);
    assert.equal(after.ticket.group_id, FIXTURES.groups.billing);
    assert.equal(valueOf(after.ticket, FIELD_IDS.apiEndpoint), '/api/v2/search');
    assert.deepEqual(valueOf(after.ticket, FIELD_IDS.platforms), ['platform_linux', 'platform_macos']);
    assert.equal(valueOf(after.ticket, FIELD_IDS.affectedUsers), '120');
    assert.equal(valueOf(after.ticket, FIELD_IDS.cardNumber), 'XXXXXXXXXXXX1234', 'only the last 4 digits are kept');
    // Drop-down options and a checkbox's tag are tags too.
    for (const tag of ['area_api', 'regression', 'platform_linux', 'platform_macos']) {
      assert.ok(after.ticket.tags.includes(tag), tag);
    }
    assert.ok(after.audit.events.some((e) => e.field_name === String(FIELD_IDS.apiEndpoint)));
    const reread = (await api(sb(), token, 'GET', `/api/v2/tickets/${t.id}`)).json<{ ticket: Ticket }>().ticket;
    assert.equal(valueOf(reread, FIELD_IDS.orderNumber), 'ORD-123456');
  });

  it('answers 422 naming the field for a value of the wrong type, and changes nothing', async () => {
    const t = await newTicket();
    const res = await update(t.id, {
      priority: 'high',
      custom_fields: [
        { id: FIELD_IDS.affectedUsers, value: 'many' },
        { id: FIELD_IDS.dueDate, value: '2026-02-30' },
        { id: FIELD_IDS.orderNumber, value: 'ORD-12' },
      ],
    });
    assert.equal(res.status, 422);
    const body = res.json<Invalid>();
    assert.equal(body.error, 'RecordInvalid');
    assert.deepEqual(
      body.details.base?.map((d) => [d.ticket_field_id, d.ticket_field_type]),
      [
        [FIELD_IDS.affectedUsers, 'FieldInteger'],
        [FIELD_IDS.dueDate, 'FieldDate'],
        [FIELD_IDS.orderNumber, 'FieldRegexp'],
      ],
    );
    assert.match(body.details.base?.[0]?.description ?? '', /^Affected users: /);
    const reread = (await api(sb(), token, 'GET', `/api/v2/tickets/${t.id}`)).json<{
      ticket: Ticket & { priority: string };
    }>().ticket;
    assert.notEqual(reread.priority, 'high');
  });

  it('drops an unknown drop-down option without an error (as Zendesk does), keeping the value', async () => {
    const t = await newTicket({
      ticket_form_id: FORM_IDS.bugReport,
      custom_fields: [{ id: FIELD_IDS.productArea, value: 'area_editor' }],
    });
    const res = await update(t.id, { custom_fields: [{ id: FIELD_IDS.productArea, value: 'area_nope' }] });
    assert.equal(res.status, 200);
    assert.equal(valueOf(res.json<{ ticket: Ticket }>().ticket, FIELD_IDS.productArea), 'area_editor');
  });

  it('refuses an unknown custom field, an inactive form and an unknown group, each named', async () => {
    const t = await newTicket();
    const res = await update(t.id, {
      custom_fields: [{ id: 999, value: 'x' }],
      ticket_form_id: FORM_IDS.retired,
      group_id: 1,
    });
    assert.equal(res.status, 422);
    const details = res.json<Invalid>().details;
    assert.equal(details.base?.[0]?.ticket_field_id, 999);
    assert.ok(details.ticket_form_id && details.group_id);
  });

  it('refuses to solve while fields required on solve are unset, naming each (conditions included)', async () => {
    const t = await newTicket({ ticket_form_id: FORM_IDS.bugReport });
    const none = await update(t.id, { status: 'solved' });
    assert.equal(none.status, 422);
    assert.deepEqual(
      none.json<Invalid>().details.base?.map((d) => [d.description, d.error, d.ticket_field_type]),
      [['Product area: is required when solving a ticket', null, 'FieldTagger']],
    );
    // "Product area" = API shows "API endpoint", required to solve.
    const api_ = await update(t.id, {
      status: 'solved',
      custom_fields: [{ id: FIELD_IDS.productArea, value: 'area_api' }],
    });
    assert.equal(api_.status, 422);
    assert.deepEqual(
      api_.json<Invalid>().details.base?.map((d) => d.ticket_field_id),
      [FIELD_IDS.apiEndpoint],
    );
    const unchanged = (await api(sb(), token, 'GET', `/api/v2/tickets/${t.id}`)).json<{ ticket: Ticket }>().ticket;
    assert.equal(unchanged.status, 'open');
    assert.equal(valueOf(unchanged, FIELD_IDS.productArea), null, 'a refused write changes nothing');
    const ok = await update(t.id, {
      status: 'solved',
      custom_fields: [
        { id: FIELD_IDS.productArea, value: 'area_api' },
        { id: FIELD_IDS.apiEndpoint, value: '/api/v2/tickets' },
      ],
    });
    assert.equal(ok.status, 200, ok.text);
  });

  it('checks a new ticket’s required fields for the status it is created as (a CHOICE), creating nothing', async () => {
    const first = await newTicket({ ticket_form_id: FORM_IDS.bugReport });
    const res = await api(sb(), token, 'POST', '/api/v2/tickets', {
      ticket: {
        subject: 'Created pending',
        comment: { body: 'Waiting on them.' },
        status: 'pending',
        ticket_form_id: FORM_IDS.bugReport,
        custom_fields: [
          { id: FIELD_IDS.productArea, value: 'area_api' },
          { id: FIELD_IDS.regression, value: true },
        ],
      },
    });
    assert.equal(res.status, 422);
    assert.deepEqual(
      res.json<Invalid>().details.base?.map((d) => [d.ticket_field_id, d.description]),
      [[FIELD_IDS.platforms, 'Platforms: is required for the status pending']],
    );
    // Nothing was made: the next ticket takes the next id.
    const next = await newTicket({ ticket_form_id: FORM_IDS.bugReport });
    assert.equal(next.id, first.id + 1);
  });

  it('a nested condition requires its child on the statuses it names (pending here)', async () => {
    const t = await newTicket({
      ticket_form_id: FORM_IDS.bugReport,
      custom_fields: [
        { id: FIELD_IDS.productArea, value: 'area_api' },
        { id: FIELD_IDS.regression, value: true },
      ],
    });
    const res = await update(t.id, { status: 'pending' });
    assert.equal(res.status, 422);
    assert.deepEqual(
      res.json<Invalid>().details.base?.map((d) => [d.ticket_field_id, d.description]),
      [[FIELD_IDS.platforms, 'Platforms: is required for the status pending']],
    );
    // Not visible (Product area is Editor, so Regression is hidden): not required either.
    const hidden = await update(t.id, {
      status: 'pending',
      custom_fields: [{ id: FIELD_IDS.productArea, value: 'area_editor' }],
    });
    assert.equal(hidden.status, 200, hidden.text);
  });

  it('adds and removes email CCs (an unknown address becomes an end user) and followers', async () => {
    const t = await newTicket();
    const res = await update(t.id, {
      email_ccs: [
        { user_email: 'new.person@customers.example', user_name: 'New Person', action: 'put' },
        { user_id: FIXTURES.userIds.customer },
      ],
      followers: [{ user_email: FIXTURES.users.admin, action: 'put' }],
    });
    assert.equal(res.status, 200, res.text);
    const after = res.json<{ ticket: Ticket }>().ticket;
    assert.equal(after.email_cc_ids.length, 2);
    assert.ok(after.email_cc_ids.includes(FIXTURES.userIds.customer));
    assert.deepEqual(after.follower_ids, [FIXTURES.userIds.admin]);
    const created = after.email_cc_ids.find((id) => id !== FIXTURES.userIds.customer);
    const user = (await api(sb(), token, 'GET', `/api/v2/users/${created}`)).json<{
      user: { email: string; role: string };
    }>().user;
    assert.deepEqual([user.email, user.role], ['new.person@customers.example', 'end-user']);
    const removed = await update(t.id, { email_ccs: [{ user_id: FIXTURES.userIds.customer, action: 'delete' }] });
    assert.deepEqual(removed.json<{ ticket: Ticket }>().ticket.email_cc_ids, [created]);
  });

  it('refuses an end user as a follower', async () => {
    const t = await newTicket();
    const res = await update(t.id, { followers: [{ user_id: FIXTURES.userIds.customer, action: 'put' }] });
    assert.equal(res.status, 422);
    assert.match(res.json<Invalid>().details.followers?.[0]?.description ?? '', /not an agent/);
  });
});
