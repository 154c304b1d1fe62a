/**
 * Macros (https://developer.zendesk.com/api-reference/ticketing/business-rules/macros/): the account's shared,
 * group and personal macros, listed, searched and shown as Zendesk answers them (the macro object as recorded live:
 * `url id title active updated_at created_at default position description actions restriction raw_title`, lists in
 * the offset envelope `next_page previous_page count`), their categories, and `GET /tickets/{id}/macros/{id}/apply`,
 * which answers what the macro would change and changes nothing. Seeded, read-only: the sandbox has no macro writes.
 */
import { authenticate, requireStaff } from './access';
import { isoSeconds } from './clock';
import { SEED_EPOCH_START } from './choices';
import { badRequest, recordNotFound, roleForbidden } from './errors';
import { renderCommentBody } from './markdown';
import { paginate, PagingRules } from './pagination';
import { json, Reply, ReplyError } from './reply';
import { idParam, RequestContext, Router } from './router';
import { FIXTURES } from './fixtures';
import type { SandboxState } from './state';
import { PRIORITIES, STATUSES, TICKET_TYPES } from './store';
import type { SandboxUser } from './users';
import { DEPTH_RULES } from './tickets';

export interface MacroAction {
  field: string;
  value: string | string[];
}

export interface SeededMacro {
  id: number;
  title: string;
  active: boolean;
  description: string | null;
  position: number;
  actions: MacroAction[];
  /** null: everyone; a user (personal) or groups. */
  restriction: { type: 'User'; id: number } | { type: 'Group'; id: number; ids: number[] } | null;
}

/** Ids as large as real Zendesk's (the recorded ones have 13 digits). */
export const MACRO_ID_BASE = 26_155_588_600_000;
const MACROS_CREATED_AT = SEED_EPOCH_START - 14 * 86_400;

/** The seeded macros; tests name them by title through this list. */
export const SEEDED_MACROS: readonly SeededMacro[] = [
  {
    id: MACRO_ID_BASE + 1,
    title: 'Customer not responding',
    active: true,
    description: null,
    position: 1,
    // The actions of a macro recorded on a real account (zenpy's cassettes).
    actions: [
      { field: 'status', value: 'pending' },
      {
        field: 'comment_value',
        value:
          "Hello {{ticket.requester.name}}. Our agent {{current_user.name}} has tried to contact you about this request but we haven't heard back from you yet. Please let us know if we can be of further assistance. Thanks.",
      },
    ],
    restriction: null,
  },
  {
    id: MACRO_ID_BASE + 2,
    title: 'Billing::Refund approved',
    active: true,
    description: 'Solves the ticket with the refund confirmation.',
    position: 2,
    actions: [
      { field: 'status', value: 'solved' },
      { field: 'current_tags', value: 'refund' },
      {
        field: 'comment_value',
        value:
          'Hi {{ticket.requester.first_name}},\n\nYour refund for ticket #{{ticket.id}} is approved. It reaches your account within **5 business days**.',
      },
    ],
    restriction: null,
  },
  {
    id: MACRO_ID_BASE + 3,
    title: 'Support::Escalate to engineering',
    active: true,
    description: 'Raises the priority, tags the ticket and leaves an internal note.',
    position: 3,
    actions: [
      { field: 'priority', value: 'high' },
      { field: 'type', value: 'problem' },
      { field: 'current_tags', value: 'escalated engineering' },
      { field: 'comment_mode_is_public', value: 'false' },
      { field: 'comment_value', value: 'Escalated to engineering by {{current_user.name}}.' },
    ],
    restriction: null,
  },
  {
    id: MACRO_ID_BASE + 4,
    title: 'Take it',
    active: true,
    description: null,
    position: 4,
    actions: [
      { field: 'assignee_id', value: 'current_user' },
      { field: 'status', value: 'open' },
    ],
    restriction: { type: 'User', id: FIXTURES.userIds.agent },
  },
  {
    id: MACRO_ID_BASE + 5,
    title: "Admin's own reply",
    active: true,
    description: null,
    position: 5,
    actions: [{ field: 'comment_value', value: 'Checked by the account owner.' }],
    restriction: { type: 'User', id: FIXTURES.userIds.admin },
  },
  {
    id: MACRO_ID_BASE + 6,
    title: 'Billing::Ask for the invoice number',
    active: true,
    description: null,
    position: 6,
    actions: [
      { field: 'status', value: 'pending' },
      { field: 'group_id', value: String(FIXTURES.groups.billing) },
      { field: 'comment_value', value: 'Could you send us the invoice number?' },
    ],
    restriction: { type: 'Group', id: FIXTURES.groups.billing, ids: [FIXTURES.groups.billing] },
  },
  {
    id: MACRO_ID_BASE + 7,
    title: 'Support::Old greeting',
    active: false,
    description: 'Retired.',
    position: 7,
    actions: [{ field: 'comment_value', value: 'Greetings!' }],
    restriction: null,
  },
];

export function macroJson(state: SandboxState, m: SeededMacro): Record<string, unknown> {
  const at = isoSeconds(MACROS_CREATED_AT + m.position * 3600);
  return {
    url: `${state.url}/api/v2/macros/${m.id}.json`,
    id: m.id,
    title: m.title,
    active: m.active,
    updated_at: at,
    created_at: at,
    default: false,
    position: m.position,
    description: m.description,
    actions: m.actions.map((a) => ({ ...a })),
    restriction: m.restriction && { ...m.restriction },
    raw_title: m.title,
  };
}

/**
 * Whether the user may use the macro: shared ones, their group's, their own. CHOICE: Zendesk's list shows an admin
 * every macro of the account, personal ones of others included ("For admins, the API returns all macros for the
 * account"); `active`, `search` and `apply` keep to what the user may apply (the docs say "available to the current
 * user"), so an admin does not get an agent's personal macro there.
 */
function usable(m: SeededMacro, user: SandboxUser): boolean {
  const r = m.restriction;
  if (!r) return true;
  if (r.type === 'User') return r.id === user.id;
  return user.groupId !== null && r.ids.includes(user.groupId);
}

function listed(m: SeededMacro, user: SandboxUser): boolean {
  return user.role === 'admin' || usable(m, user);
}

function staff(ctx: RequestContext): SandboxUser {
  // CHOICE: macros need the broad `read` scope: Zendesk's OAuth scopes have no `macros` resource.
  const who = authenticate(ctx, { resource: null });
  requireStaff(who);
  return who.user;
}

/** The filters every macro list takes: `access` (personal, shared, agents), `active`, `group_id`, `sort_by`. */
function filtered(ctx: RequestContext, macros: SeededMacro[]): SeededMacro[] {
  const q = ctx.query;
  const access = q.get('access');
  const active = q.get('active');
  const group = q.get('group_id');
  let out = macros.filter(
    (m) =>
      (active === null || String(m.active) === active) &&
      (access === null ||
        (access === 'personal' && m.restriction?.type === 'User') ||
        (access === 'shared' && m.restriction?.type !== 'User') ||
        (access === 'agents' && m.restriction?.type !== 'User')) &&
      (group === null || (m.restriction?.type === 'Group' && m.restriction.ids.includes(Number(group)))),
  );
  const sortBy = q.get('sort_by') ?? 'position';
  if (
    ![
      'alphabetical',
      'created_at',
      'updated_at',
      'position',
      'usage_1h',
      'usage_24h',
      'usage_7d',
      'usage_30d',
    ].includes(sortBy)
  ) {
    throw new ReplyError(badRequest('InvalidValue', `sort_by: ${sortBy} is not a valid value`));
  }
  // CHOICE: usage counts are not kept; usage sorts fall back to the position.
  out = [...out].sort(
    (a, b) => (sortBy === 'alphabetical' ? a.title.localeCompare(b.title) : a.position - b.position) || a.id - b.id,
  );
  if (q.get('sort_order') === 'desc') out.reverse();
  return out;
}

function page(ctx: RequestContext, macros: SeededMacro[], rules: PagingRules): Reply {
  const order = new Map(macros.map((m, i) => [m.id, i]));
  const byId = new Map(macros.map((m) => [m.id, m]));
  const p = paginate(ctx, { ids: macros.map((m) => m.id), key: (id) => order.get(id) ?? 0, desc: false }, rules);
  return json(200, {
    macros: p.ids.map((id) => macroJson(ctx.state, byId.get(id) as SeededMacro)),
    ...p.fields,
  });
}

function listMacros(ctx: RequestContext, onlyActive: boolean): Reply {
  const user = staff(ctx);
  const all = SEEDED_MACROS.filter((m) => (onlyActive ? m.active && usable(m, user) : listed(m, user)));
  return page(ctx, filtered(ctx, all), DEPTH_RULES);
}

/** `query` matches the title, case-insensitively, words in any order. Offset pagination only, as documented. */
function searchMacros(ctx: RequestContext): Reply {
  const user = staff(ctx);
  const query = (ctx.query.get('query') ?? '').trim().toLowerCase();
  if (!query) throw new ReplyError(badRequest('InvalidValue', 'query: is required'));
  const words = query.split(/\s+/);
  const found = SEEDED_MACROS.filter((m) => usable(m, user) && words.every((w) => m.title.toLowerCase().includes(w)));
  return page(ctx, filtered(ctx, found), {
    ...DEPTH_RULES,
    cursorRefusal: () =>
      badRequest('InvalidPaginationParameter', 'Cursor pagination is not supported for macro search'),
  });
}

function showMacro(ctx: RequestContext): Reply {
  const user = staff(ctx);
  const m = SEEDED_MACROS.find((x) => x.id === idParam(ctx));
  return m && listed(m, user) ? json(200, { macro: macroJson(ctx.state, m) }) : recordNotFound();
}

/** The top-level categories (the part of a title before its first `::`) of the macros the user may apply. */
function categories(ctx: RequestContext): Reply {
  const user = staff(ctx);
  const names = new Set<string>();
  for (const m of SEEDED_MACROS) {
    const i = m.title.indexOf('::');
    if (i > 0 && m.active && usable(m, user)) names.add(m.title.slice(0, i));
  }
  return json(200, { categories: [...names].sort() });
}

/**
 * Placeholders a macro's comment may carry. CHOICE: the sandbox renders the few its macros use (Zendesk renders
 * every Liquid placeholder of the account); an unknown one stays as written.
 */
function renderPlaceholders(state: SandboxState, text: string, ticketId: number, user: SandboxUser): string {
  const requester = state.users.get(state.store.requester[ticketId - 1] ?? 0);
  const values: Record<string, string> = {
    'ticket.id': String(ticketId),
    'ticket.title': state.store.subject(ticketId),
    'ticket.requester.name': requester?.name ?? '',
    'ticket.requester.first_name': requester?.name.split(' ')[0] ?? '',
    'current_user.name': user.name,
    'current_user.first_name': user.name.split(' ')[0] ?? '',
  };
  return text.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (all, key: string) => values[key] ?? all);
}

/**
 * `GET /api/v2/tickets/{ticket_id}/macros/{macro_id}/apply` ("Show Ticket After Changes"): the ticket's id and url,
 * the fields the macro sets with their values after it, and the comment it adds (`body`, `html_body`, `public`,
 * `scoped_body`). Nothing is changed. CHOICE: only the fields the macro sets are in `ticket` (as the documented
 * example has them), `tags` as the whole list after the change; a comment is public unless the macro says
 * `comment_mode_is_public: false`.
 */
function applyMacro(ctx: RequestContext): Reply {
  const user = staff(ctx);
  const ticketId = idParam(ctx, 0);
  const s = ctx.state.store;
  if (!s.has(ticketId)) return recordNotFound();
  const m = SEEDED_MACROS.find((x) => x.id === idParam(ctx, 1));
  if (!m || !usable(m, user)) return recordNotFound();
  // CHOICE: applying is for agents who may edit tickets (it prepares an update); the read-only agent gets the role 403.
  if (!user.canEditTickets) return roleForbidden();
  const ticket: Record<string, unknown> = { id: ticketId, url: `${ctx.state.url}/api/v2/tickets/${ticketId}.json` };
  let tags = [...s.tags(ticketId)];
  let tagsChanged = false;
  let comment: { text: string; html?: string; public: boolean } | undefined;
  let isPublic = true;
  const words = (v: string | string[]): string[] =>
    (Array.isArray(v) ? v.join(' ') : v).toLowerCase().split(/\s+/).filter(Boolean);
  for (const a of m.actions) {
    const v = Array.isArray(a.value) ? (a.value[a.value.length - 1] ?? '') : a.value;
    switch (a.field) {
      case 'status':
        if (STATUSES.includes(v as never)) ticket.status = v;
        break;
      case 'priority':
        ticket.priority = PRIORITIES.includes(v as never) ? v : null;
        break;
      case 'type':
        ticket.type = TICKET_TYPES.includes(v as never) ? v : null;
        break;
      case 'assignee_id':
        ticket.assignee_id = v === 'current_user' ? user.id : v === '' ? null : Number(v);
        break;
      case 'group_id':
        ticket.group_id = v === '' ? null : Number(v);
        break;
      case 'subject':
        ticket.subject = renderPlaceholders(ctx.state, v, ticketId, user);
        break;
      case 'set_tags':
        tags = words(a.value);
        tagsChanged = true;
        break;
      case 'current_tags':
        tags = [...new Set([...tags, ...words(a.value)])];
        tagsChanged = true;
        break;
      case 'remove_tags': {
        const gone = new Set(words(a.value));
        tags = tags.filter((t) => !gone.has(t));
        tagsChanged = true;
        break;
      }
      case 'comment_mode_is_public':
        isPublic = v !== 'false';
        break;
      case 'comment_value':
        comment = { text: renderPlaceholders(ctx.state, v, ticketId, user), public: true };
        break;
      case 'comment_value_html':
        comment = { text: renderPlaceholders(ctx.state, v, ticketId, user).replace(/<[^>]*>/g, ''), public: true };
        comment.html = renderPlaceholders(ctx.state, v, ticketId, user);
        break;
    }
  }
  if (tagsChanged) ticket.tags = [...tags].sort();
  if (comment) {
    ticket.comment = {
      body: comment.text,
      html_body: comment.html ?? renderCommentBody(comment.text),
      public: isPublic,
      scoped_body: [['channel:all', comment.text]],
    };
  }
  return json(200, { result: { ticket } });
}

export function registerMacroRoutes(router: Router): void {
  router.add('GET /api/v2/macros', (ctx) => listMacros(ctx, false));
  router.add('GET /api/v2/macros/active', (ctx) => listMacros(ctx, true));
  router.add('GET /api/v2/macros/search', searchMacros);
  router.add('GET /api/v2/macros/categories', categories);
  router.add('GET /api/v2/macros/{id}', showMacro);
  router.add('GET /api/v2/tickets/{id}/macros/{id}/apply', applyMacro);
}
