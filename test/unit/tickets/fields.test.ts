// The ticket fields model: form conditions, required-on-status, each type's checks, the view the tab renders, the
// update body it sends, and the per-account definitions cache. Plain Node; the last suite goes through the real API
// client to the sandbox.
import assert from 'node:assert/strict';
import { FIXTURES } from '../../sandbox';
import { FIELD_IDS, FORM_IDS } from '../../sandbox/ticketFields';
import { getTicketWithUsers, listTicketsPage, safeUpdateTicket } from '../../../src/zendesk/api';
import { ValidationError } from '../../../src/zendesk/errors';
import type { ZendeskClient } from '../../../src/zendesk/http';
import type { Ticket, TicketField, TicketForm } from '../../../src/zendesk/types';
import { requiredFieldIds, visibleFieldIds } from '../../../src/tickets/fields/conditions';
import {
  definitionsOf,
  FieldDefinitionsCache,
  loadDefinitions,
  type FieldDefinitions,
} from '../../../src/tickets/fields/definitions';
import {
  buildFieldsView,
  fieldsUpdate,
  stageFieldValue,
  type StagedFields,
} from '../../../src/tickets/fields/fieldsModel';
import { checkFieldValue, followerRefusal, normaliseTags } from '../../../src/tickets/fields/values';
import { clientFor, publicClient, RefreshingTokens, signIn, useSandboxOverHttp } from '../../support/sandboxClient';

const f = (id: number, type: string, title: string, extra: Partial<TicketField> = {}): TicketField => ({
  id,
  type,
  title,
  active: true,
  required: false,
  ...extra,
});

// A small account: Area (drop-down, required to solve) → Endpoint (text, required on solved) and Regression
// (checkbox) → Platforms (multi-select, required on pending and solved): a nested condition.
const AREA = 1,
  ENDPOINT = 2,
  REGRESSION = 3,
  PLATFORMS = 4,
  COUNT = 5,
  CARD = 6,
  LINK = 7,
  TYPE = 8,
  GROUP = 9,
  STATUS = 10;
const FIELDS: TicketField[] = [
  f(STATUS, 'status', 'Status'),
  f(TYPE, 'tickettype', 'Type'),
  f(GROUP, 'group', 'Group'),
  f(AREA, 'tagger', 'Product area', {
    required: true,
    custom_field_options: [
      { id: 101, name: 'API', value: 'area_api' },
      { id: 102, name: 'Editor', value: 'area_editor' },
    ],
  }),
  f(ENDPOINT, 'text', 'API endpoint'),
  f(REGRESSION, 'checkbox', 'Regression', { tag: 'regression' }),
  f(PLATFORMS, 'multiselect', 'Platforms', {
    custom_field_options: [
      { id: 201, name: 'Linux', value: 'linux' },
      { id: 202, name: 'macOS', value: 'macos' },
    ],
  }),
  f(COUNT, 'integer', 'Affected users'),
  f(CARD, 'partialcreditcard', 'Card'),
  f(LINK, 'lookup', 'Engineer', { relationship_target_type: 'zen:user' }),
];
const FORM: TicketForm = {
  id: 500,
  name: 'Bug report',
  active: true,
  default: false,
  ticket_field_ids: [STATUS, TYPE, GROUP, AREA, ENDPOINT, REGRESSION, PLATFORMS, COUNT, CARD, LINK],
  agent_conditions: [
    {
      parent_field_id: AREA,
      value: 'area_api',
      child_fields: [
        { id: ENDPOINT, is_required: true, required_on_statuses: { type: 'SOME_STATUSES', statuses: ['solved'] } },
        { id: REGRESSION, is_required: false, required_on_statuses: { type: 'NO_STATUSES' } },
      ],
    },
    {
      parent_field_id: REGRESSION,
      value: true,
      child_fields: [
        {
          id: PLATFORMS,
          is_required: true,
          required_on_statuses: { type: 'SOME_STATUSES', statuses: ['pending', 'solved'], custom_statuses: [77] },
        },
      ],
    },
  ],
};
const DEFAULT_FORM: TicketForm = { id: 400, name: 'Default', active: true, default: true, ticket_field_ids: [TYPE] };
const DEFS = definitionsOf(FIELDS, [DEFAULT_FORM, FORM]);
const byId = DEFS.byId;

function ticket(extra: Partial<Ticket> = {}): Ticket {
  return {
    id: 9,
    subject: 'S',
    status: 'open',
    priority: null,
    requester_id: 1,
    assignee_id: null,
    tags: ['vip'],
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    ticket_form_id: FORM.id,
    custom_fields: FIELDS.filter((x) => x.id <= 7).map((x) => ({
      id: x.id,
      value: x.type === 'checkbox' ? false : null,
    })),
    email_cc_ids: [],
    follower_ids: [],
    ...extra,
  };
}

describe('ticket fields: form conditions', () => {
  const values = (v: Record<number, unknown>) => (id: number) => (v[id] ?? null) as never;

  it('shows a condition’s children only while it holds, nested conditions included', () => {
    assert.deepEqual(visibleFieldIds(FORM, values({})), [STATUS, TYPE, GROUP, AREA, COUNT, CARD, LINK]);
    assert.deepEqual(visibleFieldIds(FORM, values({ [AREA]: 'area_api' })), [
      STATUS,
      TYPE,
      GROUP,
      AREA,
      ENDPOINT,
      REGRESSION,
      COUNT,
      CARD,
      LINK,
    ]);
    assert.ok(visibleFieldIds(FORM, values({ [AREA]: 'area_api', [REGRESSION]: true })).includes(PLATFORMS));
    // Regression is hidden when the area is Editor, so its own child stays hidden although its value holds.
    assert.ok(!visibleFieldIds(FORM, values({ [AREA]: 'area_editor', [REGRESSION]: true })).includes(PLATFORMS));
  });

  it('names the fields each status requires, in the form’s order', () => {
    const v = values({ [AREA]: 'area_api', [REGRESSION]: true });
    assert.deepEqual(requiredFieldIds(FORM, byId, v, { category: 'solved' }), [AREA, ENDPOINT, PLATFORMS]);
    assert.deepEqual(requiredFieldIds(FORM, byId, v, { category: 'pending' }), [PLATFORMS]);
    assert.deepEqual(requiredFieldIds(FORM, byId, v, { category: 'open' }), []);
    // A custom status named by id in required_on_statuses (an on-hold one here).
    assert.deepEqual(requiredFieldIds(FORM, byId, v, { category: 'hold', customStatusId: 77 }), [PLATFORMS]);
    assert.deepEqual(requiredFieldIds(FORM, byId, values({}), { category: 'solved' }), [AREA]);
  });
});

describe('ticket fields: values by type', () => {
  const field = (id: number) => byId.get(id) as TicketField;
  const cases: [TicketField, unknown, { value?: unknown; error?: RegExp }][] = [
    [field(COUNT), '42', { value: '42' }],
    [field(COUNT), 42, { value: '42' }],
    [field(COUNT), '4.2', { error: /whole number/ }],
    [f(20, 'decimal', 'Amount'), '12.50', { value: '12.50' }],
    [f(20, 'decimal', 'Amount'), '12,50', { error: /number/ }],
    [f(21, 'date', 'Due'), '2026-03-31', { value: '2026-03-31' }],
    [f(21, 'date', 'Due'), '2026-02-30', { error: /YYYY-MM-DD/ }],
    [f(21, 'date', 'Due'), '31/03/2026', { error: /YYYY-MM-DD/ }],
    [f(22, 'regexp', 'Order', { regexp_for_validation: '^ORD-\\d{6}$' }), 'ORD-123456', { value: 'ORD-123456' }],
    [f(22, 'regexp', 'Order', { regexp_for_validation: '^ORD-\\d{6}$' }), 'ORD-12', { error: /format/ }],
    [field(CARD), '4111 1111 1111 1234', { value: 'XXXXXXXXXXXX1234' }],
    [field(CARD), 'XXXXXXXXXXXX9876', { value: 'XXXXXXXXXXXX9876' }],
    [field(CARD), '1234', { error: /12 to 19 digits/ }],
    [field(AREA), 'area_api', { value: 'area_api' }],
    [field(AREA), 'area_nope', { error: /options/ }],
    [field(PLATFORMS), ['linux', 'linux'], { value: ['linux'] }],
    [field(PLATFORMS), ['bsd'], { error: /options/ }],
    [field(REGRESSION), true, { value: true }],
    [field(REGRESSION), '', { value: false }],
    [field(LINK), 123, { error: /Zendesk/ }],
    [f(23, 'text', 'Text'), 'free text', { value: 'free text' }],
  ];
  for (const [fld, raw, want] of cases) {
    it(`${fld.type} ${JSON.stringify(raw)} → ${want.error ? 'refused' : JSON.stringify(want.value)}`, () => {
      const got = checkFieldValue(fld, raw as never);
      if (want.error) {
        assert.equal(got.ok, false);
        assert.match(got.ok ? '' : got.error, want.error);
      } else assert.deepEqual(got, { ok: true, value: want.value });
    });
  }

  it('tags: lower case, a space or comma ends a tag, no duplicates, special characters named', () => {
    assert.deepEqual(normaliseTags(['Needs Review', 'vip,VIP', ' ']), { tags: ['needs', 'review', 'vip'] });
    assert.match(normaliseTags(['#urgent']).error ?? '', /#urgent/);
  });

  it('followers must be agents', () => {
    assert.equal(followerRefusal({ name: 'Sam', role: 'agent' }, 'sam@x.test'), undefined);
    assert.match(followerRefusal({ name: 'Casey', role: 'end-user' }, 'c@x.test') ?? '', /not an agent/);
    assert.match(followerRefusal(undefined, 'who@x.test') ?? '', /who@x\.test/);
  });
});

describe('ticket fields: the view the tab renders and the update it sends', () => {
  it('orders the visible fields with labels, options, required flags, read-only lookups and changes', () => {
    const staged: StagedFields = { values: { [AREA]: 'area_api' } };
    const view = buildFieldsView({ defs: DEFS, ticket: ticket(), staged, submitAs: { category: 'solved' } });
    assert.deepEqual(
      view.fields.map((x) => [x.label, x.display, x.required, x.readOnly, x.changed]),
      [
        ['Type', '', false, false, false],
        ['Group', '', false, false, false],
        ['Product area', 'API', true, false, true],
        ['API endpoint', '', true, false, false],
        ['Regression', 'No', false, false, false],
        ['Affected users', '', false, false, false],
        ['Card', '', false, false, false],
        ['Engineer', '', false, true, false],
      ],
    );
    assert.deepEqual(
      view.fields[2]?.options?.map((o) => o.label),
      ['API', 'Editor'],
    );
    assert.deepEqual(view.missing, [{ id: ENDPOINT, label: 'API endpoint' }]);
    assert.match(view.problems.join(' '), /API endpoint/);
  });

  it('holds the submit back, naming what is missing or bad, and sends nothing', () => {
    const missing = fieldsUpdate({
      defs: DEFS,
      ticket: ticket(),
      staged: { values: { [AREA]: 'area_api' } },
      submitAs: { category: 'solved' },
    });
    assert.deepEqual(missing.patch, {});
    assert.match(missing.problems[0] ?? '', /Fill in before submitting: API endpoint/);
    const bad = fieldsUpdate({ defs: DEFS, ticket: ticket(), staged: { values: { [COUNT]: 'lots' } } });
    assert.match(bad.problems[0] ?? '', /^Affected users: .*whole number/);
  });

  it('does not hold a submit that keeps the status back for a required field (Zendesk checks on a change)', () => {
    const r = fieldsUpdate({ defs: DEFS, ticket: ticket(), staged: {}, submitAs: { category: 'open' } });
    assert.deepEqual(r, { patch: {}, problems: [] });
  });

  it('makes one body fragment of only what changed: fields, form, type, group, tags, CCs and followers', () => {
    let staged: StagedFields = {
      type: 'incident',
      groupId: 3,
      tags: ['vip', 'Needs Review'],
      ccs: [
        { email: 'new@customers.example', name: 'New Person' },
        { userId: 70, remove: true },
      ],
      followers: [{ userId: 80 }],
    };
    for (const [id, v] of [
      [AREA, 'area_api'],
      [ENDPOINT, '/api/v2/search'],
      [COUNT, '12'],
      [CARD, '4111-1111-1111-1234'],
    ] as const) {
      staged = stageFieldValue(staged, byId.get(id) as TicketField, v).staged;
    }
    assert.equal(staged.values?.[String(CARD)], 'XXXXXXXXXXXX1234', 'a card number is staged masked');
    const people = new Map([[80, { id: 80, name: 'Ann Agent', email: 'ann@x.test', role: 'agent' as const }]]);
    const r = fieldsUpdate({
      defs: DEFS,
      ticket: ticket({ email_cc_ids: [70] }),
      staged,
      submitAs: { category: 'solved' },
      people,
    });
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.patch, {
      type: 'incident',
      group_id: 3,
      custom_fields: [
        { id: AREA, value: 'area_api' },
        { id: ENDPOINT, value: '/api/v2/search' },
        { id: COUNT, value: '12' },
        { id: CARD, value: 'XXXXXXXXXXXX1234' },
      ],
      tags: ['vip', 'needs', 'review'],
      email_ccs: [
        { user_email: 'new@customers.example', user_name: 'New Person', action: 'put' },
        { user_id: 70, action: 'delete' },
      ],
      followers: [{ user_id: 80, action: 'put' }],
    });
    assert.ok(!JSON.stringify(r.patch).includes('4111'), 'the full card number is never in the body');
  });

  it('does not send a staged value of a field the form now hides', () => {
    const staged: StagedFields = { values: { [AREA]: 'area_editor', [ENDPOINT]: '/x' } };
    assert.deepEqual(fieldsUpdate({ defs: DEFS, ticket: ticket(), staged }).patch, {
      custom_fields: [{ id: AREA, value: 'area_editor' }],
    });
  });

  it('changing the form shows the new form’s fields', () => {
    const view = buildFieldsView({ defs: DEFS, ticket: ticket(), staged: { ticketFormId: DEFAULT_FORM.id } });
    assert.deepEqual(
      view.fields.map((x) => x.label),
      ['Type'],
    );
    assert.equal(view.formId, DEFAULT_FORM.id);
    assert.deepEqual(fieldsUpdate({ defs: DEFS, ticket: ticket(), staged: { ticketFormId: 400 } }).patch, {
      ticket_form_id: 400,
    });
  });

  it('refuses an end user as a follower and a bad CC address', () => {
    const people = new Map([[5, { id: 5, name: 'Casey', email: 'c@x.test', role: 'end-user' as const }]]);
    const r = fieldsUpdate({
      defs: DEFS,
      ticket: ticket(),
      staged: { followers: [{ userId: 5 }], ccs: [{ email: 'not an address' }] },
      people,
    });
    assert.deepEqual(r.patch, {});
    assert.equal(r.problems.length, 2);
  });
});

describe('ticket fields: the per-account definitions cache', () => {
  function counting(): { cache: FieldDefinitionsCache; loads: string[] } {
    const loads: string[] = [];
    const cache = new FieldDefinitionsCache(async (account) => {
      loads.push(account);
      await Promise.resolve();
      return DEFS;
    });
    return { cache, loads };
  }

  it('loads once per account, however many ask at once, and refreshes on demand', async () => {
    const { cache, loads } = counting();
    await Promise.all([cache.get('a'), cache.get('a'), cache.get('b')]);
    await cache.get('a');
    assert.deepEqual(loads, ['a', 'b']);
    await cache.refresh('a');
    assert.deepEqual(loads, ['a', 'b', 'a']);
  });

  it('drops an account’s definitions when Zendesk refuses a field it does not know', async () => {
    const { cache, loads } = counting();
    await cache.get('a');
    const known = new ValidationError('422', {
      base: [{ description: 'Product area: is required', ticket_field_id: AREA }],
    });
    assert.equal(cache.noteRefusal('a', known), false);
    const unknown = new ValidationError('422', {
      base: [{ description: 'Custom field: 999 is not…', ticket_field_id: 999 }],
    });
    assert.equal(cache.noteRefusal('a', unknown), true);
    assert.equal(cache.peek('a'), undefined);
    await cache.get('a');
    assert.deepEqual(loads, ['a', 'a']);
  });

  it('does not cache a failed load', async () => {
    let n = 0;
    const cache = new FieldDefinitionsCache(async () => {
      if (n++ === 0) throw new Error('offline');
      return DEFS;
    });
    await assert.rejects(cache.get('a'), /offline/);
    assert.equal(await cache.get('a'), DEFS);
  });
});

describe('ticket fields through the API client against the sandbox', () => {
  const env = useSandboxOverHttp({ tickets: 30, seed: 1 });
  let defs: FieldDefinitions;
  let c: ZendeskClient | undefined;
  const client = (): ZendeskClient => {
    if (!c) throw new Error('not signed in');
    return c;
  };
  before(async () => {
    const tokens = await signIn(env.http, publicClient(env.base), { email: FIXTURES.users.agent });
    c = clientFor(env.base, env.http, new RefreshingTokens(env.http, publicClient(env.base), tokens));
    defs = await loadDefinitions(client());
    const page = await listTicketsPage(client(), { pageSize: 30 });
    editable = page.tickets.filter((t) => t.status === 'open' || t.status === 'new').map((t) => t.id);
  });
  let editable: number[] = [];

  it('loads every field and the active forms', () => {
    assert.ok(defs.byId.get(FIELD_IDS.cardNumber)?.type === 'partialcreditcard');
    assert.deepEqual(
      defs.forms.map((x) => x.id),
      [FORM_IDS.default, FORM_IDS.bugReport],
    );
  });

  it('sends form, custom fields, type and tags as one update the sandbox accepts', async () => {
    const id = editable[0] ?? 0;
    const { ticket } = await getTicketWithUsers(client(), id);
    let staged: StagedFields = {
      ticketFormId: FORM_IDS.bugReport,
      type: 'problem',
      tags: [...ticket.tags, 'Escalated'],
    };
    for (const [id, v] of [
      [FIELD_IDS.productArea, 'area_api'],
      [FIELD_IDS.apiEndpoint, '/api/v2/search'],
      [FIELD_IDS.cardNumber, '4111 1111 1111 4242'],
    ] as const) {
      staged = stageFieldValue(staged, defs.byId.get(id) as TicketField, v).staged;
    }
    const { patch, problems } = fieldsUpdate({ defs, ticket, staged, submitAs: { category: 'solved' } });
    assert.deepEqual(problems, []);
    const before = env.sandbox.admin.counters().requests['PUT /api/v2/tickets/{id}'] ?? 0;
    const after = await safeUpdateTicket(client(), id, { ...patch, status: 'solved' }, ticket.updated_at);
    assert.equal(env.sandbox.admin.counters().requests['PUT /api/v2/tickets/{id}'], before + 1, 'one update');
    assert.equal(after.status, 'solved');
    assert.equal(after.ticket_form_id, FORM_IDS.bugReport);
    assert.equal(after.custom_fields?.find((c) => c.id === FIELD_IDS.cardNumber)?.value, 'XXXXXXXXXXXX4242');
    assert.ok(after.tags.includes('escalated') && after.tags.includes('area_api'));
  });

  it('a 422 on a required field names it, and the cache keeps the definitions it knows', async () => {
    const id = editable[1] ?? 0;
    const { ticket } = await getTicketWithUsers(client(), id);
    const err = await safeUpdateTicket(
      client(),
      id,
      { ticket_form_id: FORM_IDS.bugReport, status: 'solved' },
      ticket.updated_at,
    ).catch((e: unknown) => e);
    assert.ok(err instanceof ValidationError, String(err));
    assert.deepEqual(
      err.problems.map((p) => p.description),
      ['Product area: is required when solving a ticket'],
    );
    const cache = new FieldDefinitionsCache(async () => defs);
    await cache.get('sandbox');
    assert.equal(cache.noteRefusal('sandbox', err), false);
  });
});
