/**
 * The account's ticket fields and forms (https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_fields/,
 * https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_forms/): every system field an agent sees and a
 * custom field of every type Zendesk has, in two forms ("Default Ticket Form" and "Bug report", the latter with agent
 * conditions), plus `GET /api/v2/ticket_fields[/{id}]`, `/ticket_forms[/{id}]` and `/groups[/{id}]`.
 *
 * The JSON follows the reference's "JSON format" and its examples (ticket field 34 "Subject", ticket form 47 with
 * `agent_conditions`, `required_on_statuses` of type SOME_STATUSES / ALL_STATUSES / NO_STATUSES).
 */
import { authenticate, requireStaff } from './access';
import { isoSeconds } from './clock';
import { boolParam } from './customStatuses';
import { recordNotFound } from './errors';
import { FIXTURES } from './fixtures';
import { paginate } from './pagination';
import { json, Reply } from './reply';
import { idParam, RequestContext, Router } from './router';
import { GROUPS } from './seed';
import { DEPTH_RULES } from './tickets';

export type FieldType =
  | 'subject'
  | 'description'
  | 'status'
  | 'custom_status'
  | 'tickettype'
  | 'priority'
  | 'group'
  | 'assignee'
  | 'text'
  | 'textarea'
  | 'checkbox'
  | 'date'
  | 'integer'
  | 'decimal'
  | 'regexp'
  | 'partialcreditcard'
  | 'tagger'
  | 'multiselect'
  | 'lookup';

export interface FieldOption {
  id: number;
  name: string;
  value: string;
}

export interface SandboxField {
  id: number;
  type: FieldType;
  title: string;
  description: string;
  agentDescription: string | null;
  active: boolean;
  /** "required when solving a ticket" (the reference's `required`). */
  required: boolean;
  position: number;
  regexp?: string;
  tag?: string | null;
  options?: FieldOption[];
  relationshipTargetType?: string;
}

export interface ChildField {
  id: number;
  is_required: boolean;
  required_on_statuses?: { type: 'ALL_STATUSES' | 'SOME_STATUSES' | 'NO_STATUSES'; statuses?: string[] };
}

export interface FormCondition {
  parent_field_id: number;
  value: string | boolean;
  child_fields: ChildField[];
}

export interface SandboxForm {
  id: number;
  name: string;
  displayName: string;
  position: number;
  active: boolean;
  default: boolean;
  endUserVisible: boolean;
  fieldIds: number[];
  agentConditions: FormCondition[];
  endUserConditions: FormCondition[];
}

const FIELD_BASE = 26_155_588_200_000;
/** Ids of the seeded fields; tests name them from here. */
export const FIELD_IDS = {
  subject: FIELD_BASE + 1,
  description: FIELD_BASE + 2,
  status: FIELD_BASE + 3,
  customStatus: FIELD_BASE + 4,
  type: FIELD_BASE + 5,
  priority: FIELD_BASE + 6,
  group: FIELD_BASE + 7,
  assignee: FIELD_BASE + 8,
  productArea: FIELD_BASE + 11,
  apiEndpoint: FIELD_BASE + 12,
  reproSteps: FIELD_BASE + 13,
  regression: FIELD_BASE + 14,
  platforms: FIELD_BASE + 15,
  dueDate: FIELD_BASE + 16,
  affectedUsers: FIELD_BASE + 17,
  refundAmount: FIELD_BASE + 18,
  orderNumber: FIELD_BASE + 19,
  cardNumber: FIELD_BASE + 20,
  escalationEngineer: FIELD_BASE + 21,
  legacyCategory: FIELD_BASE + 22,
} as const;

/** The account's forms: the default one (every seeded ticket's) and "Bug report", with conditions. */
export const FORM_IDS = { default: 26_155_588_100_101, bugReport: 26_155_588_100_102, retired: 26_155_588_100_103 };

const OPTION_BASE = 26_155_588_300_000;
let nextOption = OPTION_BASE;
function options(pairs: [string, string][]): FieldOption[] {
  return pairs.map(([name, value]) => ({ id: ++nextOption, name, value }));
}

function system(id: number, type: FieldType, title: string, position: number, required = false): SandboxField {
  return { id, type, title, description: '', agentDescription: null, active: true, required, position };
}

function seededFields(): SandboxField[] {
  const custom = (
    id: number,
    type: FieldType,
    title: string,
    position: number,
    extra: Partial<SandboxField> = {},
  ): SandboxField => ({
    id,
    type,
    title,
    description: `${title} of the ticket`,
    agentDescription: null,
    active: true,
    required: false,
    position,
    ...extra,
  });
  nextOption = OPTION_BASE;
  return [
    system(FIELD_IDS.subject, 'subject', 'Subject', 1),
    system(FIELD_IDS.description, 'description', 'Description', 2),
    system(FIELD_IDS.status, 'status', 'Status', 3),
    system(FIELD_IDS.customStatus, 'custom_status', 'Ticket status', 4),
    system(FIELD_IDS.type, 'tickettype', 'Type', 5),
    system(FIELD_IDS.priority, 'priority', 'Priority', 6),
    system(FIELD_IDS.group, 'group', 'Group', 7),
    // CHOICE: Zendesk refuses to solve a ticket without an assignee (a live probe: "Assignee: is required when solving
    // a ticket"); the seeded account's Assignee field is not required, so the fixtures' unassigned tickets can still be
    // solved by the tests that do so. Listed in README.md.
    system(FIELD_IDS.assignee, 'assignee', 'Assignee', 8),
    custom(FIELD_IDS.productArea, 'tagger', 'Product area', 11, {
      required: true,
      options: options([
        ['API', 'area_api'],
        ['Billing', 'area_billing'],
        ['Editor', 'area_editor'],
      ]),
    }),
    custom(FIELD_IDS.apiEndpoint, 'text', 'API endpoint', 12, { agentDescription: 'The path that failed' }),
    custom(FIELD_IDS.reproSteps, 'textarea', 'Steps to reproduce', 13),
    custom(FIELD_IDS.regression, 'checkbox', 'Regression', 14, { tag: 'regression' }),
    custom(FIELD_IDS.platforms, 'multiselect', 'Platforms', 15, {
      options: options([
        ['Windows', 'platform_windows'],
        ['macOS', 'platform_macos'],
        ['Linux', 'platform_linux'],
      ]),
    }),
    custom(FIELD_IDS.dueDate, 'date', 'Fix due', 16),
    custom(FIELD_IDS.affectedUsers, 'integer', 'Affected users', 17),
    custom(FIELD_IDS.refundAmount, 'decimal', 'Refund amount', 18),
    custom(FIELD_IDS.orderNumber, 'regexp', 'Order number', 19, { regexp: '^ORD-\\d{6}$' }),
    custom(FIELD_IDS.cardNumber, 'partialcreditcard', 'Card on file', 20),
    custom(FIELD_IDS.escalationEngineer, 'lookup', 'Escalation engineer', 21, {
      relationshipTargetType: 'zen:user',
    }),
    custom(FIELD_IDS.legacyCategory, 'text', 'Legacy category', 22, { active: false }),
  ];
}

const SYSTEM_IDS = [
  FIELD_IDS.subject,
  FIELD_IDS.description,
  FIELD_IDS.status,
  FIELD_IDS.customStatus,
  FIELD_IDS.type,
  FIELD_IDS.priority,
  FIELD_IDS.group,
  FIELD_IDS.assignee,
];

function seededForms(): SandboxForm[] {
  const solvedOnly = { type: 'SOME_STATUSES' as const, statuses: ['solved'] };
  return [
    {
      id: FORM_IDS.default,
      name: 'Default Ticket Form',
      displayName: 'Default Ticket Form',
      position: 1,
      active: true,
      default: true,
      endUserVisible: true,
      fieldIds: [...SYSTEM_IDS, FIELD_IDS.regression, FIELD_IDS.affectedUsers, FIELD_IDS.escalationEngineer],
      agentConditions: [],
      endUserConditions: [],
    },
    {
      id: FORM_IDS.bugReport,
      name: 'Bug report',
      displayName: 'Report a bug',
      position: 2,
      active: true,
      default: false,
      endUserVisible: true,
      fieldIds: [
        ...SYSTEM_IDS,
        FIELD_IDS.productArea,
        FIELD_IDS.apiEndpoint,
        FIELD_IDS.reproSteps,
        FIELD_IDS.regression,
        FIELD_IDS.platforms,
        FIELD_IDS.dueDate,
        FIELD_IDS.affectedUsers,
        FIELD_IDS.refundAmount,
        FIELD_IDS.orderNumber,
        FIELD_IDS.cardNumber,
        FIELD_IDS.escalationEngineer,
      ],
      // "Product area" = API shows "API endpoint" (required to solve) and "Regression"; a regression shows
      // "Platforms" (required on pending, on-hold and solved): a condition nested in another. "Billing" shows the
      // order number (always required once shown) and the refund amount.
      agentConditions: [
        {
          parent_field_id: FIELD_IDS.productArea,
          value: 'area_api',
          child_fields: [
            { id: FIELD_IDS.apiEndpoint, is_required: true, required_on_statuses: solvedOnly },
            { id: FIELD_IDS.regression, is_required: false, required_on_statuses: { type: 'NO_STATUSES' } },
          ],
        },
        {
          parent_field_id: FIELD_IDS.regression,
          value: true,
          child_fields: [
            {
              id: FIELD_IDS.platforms,
              is_required: true,
              required_on_statuses: { type: 'SOME_STATUSES', statuses: ['pending', 'hold', 'solved'] },
            },
          ],
        },
        {
          parent_field_id: FIELD_IDS.productArea,
          value: 'area_billing',
          child_fields: [
            { id: FIELD_IDS.orderNumber, is_required: true, required_on_statuses: { type: 'ALL_STATUSES' } },
            { id: FIELD_IDS.refundAmount, is_required: false, required_on_statuses: { type: 'NO_STATUSES' } },
          ],
        },
      ],
      endUserConditions: [
        {
          parent_field_id: FIELD_IDS.productArea,
          value: 'area_api',
          child_fields: [{ id: FIELD_IDS.apiEndpoint, is_required: true }],
        },
      ],
    },
    {
      id: FORM_IDS.retired,
      name: 'Retired form',
      displayName: 'Retired form',
      position: 3,
      active: false,
      default: false,
      endUserVisible: false,
      fieldIds: [...SYSTEM_IDS],
      agentConditions: [],
      endUserConditions: [],
    },
  ];
}

/** When the account's fields and forms were made (fixed, like the seeded tickets). */
const CREATED_AT = Date.UTC(2023, 5, 1) / 1000;

export class TicketFieldCatalog {
  readonly fields: readonly SandboxField[] = seededFields();
  readonly forms: readonly SandboxForm[] = seededForms();

  field(id: number): SandboxField | undefined {
    return this.fields.find((f) => f.id === id);
  }

  form(id: number): SandboxForm | undefined {
    return this.forms.find((f) => f.id === id);
  }

  defaultForm(): SandboxForm {
    const d = this.forms.find((f) => f.default);
    if (!d) throw new Error('no default form');
    return d;
  }

  /** The custom fields a ticket carries in `custom_fields`: every active one, whatever its form (as Zendesk does). */
  customFields(): SandboxField[] {
    return this.fields.filter((f) => f.active && !isSystem(f));
  }
}

export function isSystem(f: SandboxField): boolean {
  return SYSTEM_TYPES.has(f.type);
}

const SYSTEM_TYPES = new Set<FieldType>([
  'subject',
  'description',
  'status',
  'custom_status',
  'tickettype',
  'priority',
  'group',
  'assignee',
]);

const SYSTEM_OPTIONS: Partial<Record<FieldType, [string, string][]>> = {
  status: [
    ['Open', 'open'],
    ['Pending', 'pending'],
    ['On-hold', 'hold'],
    ['Solved', 'solved'],
  ],
  tickettype: [
    ['Question', 'question'],
    ['Incident', 'incident'],
    ['Problem', 'problem'],
    ['Task', 'task'],
  ],
  priority: [
    ['Low', 'low'],
    ['Normal', 'normal'],
    ['High', 'high'],
    ['Urgent', 'urgent'],
  ],
};

export function fieldJson(f: SandboxField, baseUrl: string): Record<string, unknown> {
  const out: Record<string, unknown> = {
    url: `${baseUrl}/api/v2/ticket_fields/${f.id}.json`,
    id: f.id,
    type: f.type,
    title: f.title,
    raw_title: f.title,
    description: f.description,
    raw_description: f.description,
    position: f.position,
    active: f.active,
    required: f.required,
    collapsed_for_agents: false,
    regexp_for_validation: f.regexp ?? null,
    title_in_portal: f.title,
    raw_title_in_portal: f.title,
    visible_in_portal: f.type !== 'assignee' && f.type !== 'group',
    editable_in_portal: f.type === 'subject' || f.type === 'description',
    required_in_portal: f.type === 'subject' || f.type === 'description',
    agent_can_edit: true,
    tag: f.tag ?? null,
    created_at: isoSeconds(CREATED_AT),
    updated_at: isoSeconds(CREATED_AT),
    removable: !isSystem(f),
    key: null,
    agent_description: f.agentDescription,
  };
  if (f.options) {
    out.custom_field_options = f.options.map((o) => ({
      id: o.id,
      name: o.name,
      raw_name: o.name,
      value: o.value,
      default: false,
    }));
  }
  const sys = SYSTEM_OPTIONS[f.type];
  if (sys) {
    out.system_field_options = sys.map(([name, value]) => ({ name, value }));
    out.sub_type_id = f.type === 'status' ? 1 : 0;
  }
  if (f.type === 'lookup') {
    out.relationship_target_type = f.relationshipTargetType;
    out.relationship_filter = {};
  }
  return out;
}

export function formJson(f: SandboxForm, baseUrl: string): Record<string, unknown> {
  return {
    url: `${baseUrl}/api/v2/ticket_forms/${f.id}.json`,
    id: f.id,
    name: f.name,
    raw_name: f.name,
    display_name: f.displayName,
    raw_display_name: f.displayName,
    end_user_visible: f.endUserVisible,
    position: f.position,
    ticket_field_ids: [...f.fieldIds],
    active: f.active,
    default: f.default,
    in_all_brands: true,
    restricted_brand_ids: [],
    end_user_conditions: f.endUserConditions,
    agent_conditions: f.agentConditions,
    created_at: isoSeconds(CREATED_AT),
    updated_at: isoSeconds(CREATED_AT),
  };
}

/**
 * `GET /api/v2/ticket_fields`: "Allowed for: Anyone"; end users see only the fields visible in the portal. Without
 * pagination parameters every field comes, in position order; with cursor parameters, pages in id order.
 */
function listFields(ctx: RequestContext): Reply {
  const who = authenticate(ctx, { resource: 'tickets' });
  const catalog = ctx.state.ticketFields;
  const visible = catalog.fields.filter(
    (f) => who.user.role !== 'end-user' || fieldJson(f, ctx.state.url).visible_in_portal === true,
  );
  if (!ctx.query.has('page[size]') && !ctx.query.has('page[after]') && !ctx.query.has('page[before]')) {
    const ordered = [...visible].sort((a, b) => a.position - b.position || a.id - b.id);
    return json(200, {
      ticket_fields: ordered.map((f) => fieldJson(f, ctx.state.url)),
      next_page: null,
      previous_page: null,
      count: ordered.length,
    });
  }
  const byId = new Map(visible.map((f) => [f.id, f]));
  const ids = visible.map((f) => f.id).sort((a, b) => a - b);
  const page = paginate(ctx, { ids, key: (id) => id, desc: false }, DEPTH_RULES);
  return json(200, {
    ticket_fields: page.ids.map((id) => byId.get(id)).flatMap((f) => (f ? [fieldJson(f, ctx.state.url)] : [])),
    ...page.fields,
  });
}

function showField(ctx: RequestContext): Reply {
  requireStaff(authenticate(ctx, { resource: 'tickets' }));
  const f = ctx.state.ticketFields.field(idParam(ctx));
  return f ? json(200, { ticket_field: fieldJson(f, ctx.state.url) }) : recordNotFound();
}

/** `GET /api/v2/ticket_forms` (`active`, `end_user_visible` filters; no pagination, as documented). */
function listForms(ctx: RequestContext): Reply {
  const who = authenticate(ctx, { resource: 'tickets' });
  const active = boolParam(ctx.query, 'active');
  const endUserVisible = boolParam(ctx.query, 'end_user_visible');
  const forms = ctx.state.ticketFields.forms.filter(
    (f) =>
      (active === undefined || f.active === active) &&
      (endUserVisible === undefined || f.endUserVisible === endUserVisible) &&
      (who.user.role !== 'end-user' || f.endUserVisible),
  );
  return json(200, {
    ticket_forms: forms.map((f) => formJson(f, ctx.state.url)),
    next_page: null,
    previous_page: null,
    count: forms.length,
  });
}

function showForm(ctx: RequestContext): Reply {
  authenticate(ctx, { resource: 'tickets' });
  const f = ctx.state.ticketFields.form(idParam(ctx));
  return f ? json(200, { ticket_form: formJson(f, ctx.state.url) }) : recordNotFound();
}

/** A group as `GET /api/v2/groups` answers it (the fields of the 2024 recording). */
export function groupJson(g: { id: number; name: string }, baseUrl: string): Record<string, unknown> {
  return {
    url: `${baseUrl}/api/v2/groups/${g.id}.json`,
    id: g.id,
    is_public: true,
    name: g.name,
    description: '',
    default: g.id === FIXTURES.groups.support,
    deleted: false,
    created_at: isoSeconds(CREATED_AT),
    updated_at: isoSeconds(CREATED_AT),
  };
}

/** `GET /api/v2/groups` and `/groups/assignable` (agents only; both paginations): the account's two groups. */
function listGroups(ctx: RequestContext): Reply {
  requireStaff(authenticate(ctx, { resource: 'users' }));
  const byId = new Map<number, { id: number; name: string }>(GROUPS.map((g) => [g.id, g]));
  const page = paginate(ctx, { ids: GROUPS.map((g) => g.id), key: (id) => id, desc: false }, DEPTH_RULES);
  return json(200, {
    groups: page.ids.flatMap((id) => {
      const g = byId.get(id);
      return g ? [groupJson(g, ctx.state.url)] : [];
    }),
    ...page.fields,
  });
}

function showGroup(ctx: RequestContext): Reply {
  requireStaff(authenticate(ctx, { resource: 'users' }));
  const g = GROUPS.find((x) => x.id === idParam(ctx));
  return g ? json(200, { group: groupJson(g, ctx.state.url) }) : recordNotFound();
}

export function registerTicketFieldRoutes(router: Router): void {
  router.add('GET /api/v2/ticket_fields', listFields);
  router.add('GET /api/v2/ticket_fields/{id}', showField);
  router.add('GET /api/v2/ticket_forms', listForms);
  router.add('GET /api/v2/ticket_forms/{id}', showForm);
  router.add('GET /api/v2/groups', listGroups);
  router.add('GET /api/v2/groups/assignable', listGroups);
  router.add('GET /api/v2/groups/{id}', showGroup);
}
