// The ticket's form and fields, type, group, tags, CCs and followers as the ticket tab shows and stages them: for a
// ticket and the agent's staged changes, the ordered fields an agent sees (form conditions applied) with their
// label, value, options, required flag, read-only flag and error; and the staged changes as the part of one
// `safe_update` body they make (`custom_fields`, `ticket_form_id`, `type`, `group_id`, `tags`, `email_ccs`,
// `followers`), refused before sending when a value is bad or a field the chosen status requires is empty.
// Plain data in, plain data out: the tab's controller stages, the page renders, nothing here talks to Zendesk.
import * as l10n from '@vscode/l10n';
import {
  TICKET_TYPES,
  type FieldValue,
  type Group,
  type Ticket,
  type TicketField,
  type TicketForm,
  type TicketPatch,
  type TicketType,
  type ZendeskUser,
} from '../../zendesk/types';
import { categoryOf } from '../statuses';
import { isUnset, requiredFieldIds, visibleFieldIds, type TargetStatus } from './conditions';
import type { FieldDefinitions } from './definitions';
import { ccViews, followerViews, personChanges, type PersonEdit, type PersonView } from './people';
import { checkFieldValue, normaliseTags } from './values';

export type { PersonEdit, PersonView } from './people';

/** What the agent changed and has not sent yet. JSON as it is, so it lives in the draft. */
export interface StagedFields {
  ticketFormId?: number;
  /** Field id → value, as checkFieldValue normalised it (a card number is already masked here). */
  values?: Record<string, FieldValue>;
  type?: TicketType | null;
  groupId?: number | null;
  /** The whole list, as Zendesk's `tags` replaces it. */
  tags?: string[];
  ccs?: PersonEdit[];
  followers?: PersonEdit[];
}

export interface FieldOption {
  value: string;
  label: string;
}

export interface FieldView {
  id: number;
  type: string;
  label: string;
  description?: string;
  value: FieldValue;
  /** The value as read: an option's name, "Yes"/"No", a masked card number, a linked user's name. */
  display: string;
  options?: FieldOption[];
  /** Required for the status the agent will submit as. */
  required: boolean;
  /** Required and empty: the submit is held until it is filled. */
  missing: boolean;
  readOnly: boolean;
  /** Staged and different from the ticket. */
  changed: boolean;
  error?: string;
}

export interface FieldsView {
  formId: number | null;
  /** The forms an agent may switch to, in the account's order. */
  forms: FieldOption[];
  fields: FieldView[];
  tags: { value: string[]; changed: boolean; error?: string };
  ccs: PersonView[];
  followers: PersonView[];
  /** The fields the chosen status requires and lacks, named, in the form's order. */
  missing: { id: number; label: string }[];
  /** Everything that holds the submit back, as sentences. */
  problems: string[];
}

export interface FieldsInput {
  defs: FieldDefinitions;
  ticket: Ticket;
  staged: StagedFields;
  /** The status "Submit as" will set; required fields are checked for it when it differs from the ticket's. */
  submitAs?: TargetStatus;
  /** Users the tab knows (the ticket's people, a group's agents): names for CCs and followers, roles for followers. */
  people?: ReadonlyMap<number, ZendeskUser>;
  groups?: readonly Group[];
}

/** Shown elsewhere on the tab (its header and composer) or not editable as a field. */
const ELSEWHERE = new Set([
  'subject',
  'description',
  'status',
  'custom_status',
  'priority',
  'basic_priority',
  'assignee',
]);

function typeNames(): Record<TicketType, string> {
  return {
    question: l10n.t('Question'),
    incident: l10n.t('Incident'),
    problem: l10n.t('Problem'),
    task: l10n.t('Task'),
  };
}

/** The form a ticket is shown with: the staged one, the ticket's, the default; or, on an account without forms,
 * every active field in the account's order. */
function formFor(defs: FieldDefinitions, ticket: Ticket, staged: StagedFields): TicketForm {
  const id = staged.ticketFormId ?? ticket.ticket_form_id ?? undefined;
  const form = defs.forms.find((f) => f.id === id) ?? defs.forms.find((f) => f.default) ?? defs.forms[0];
  if (form) return form;
  const ordered = defs.fields.filter((f) => f.active).sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  return { id: 0, name: '', active: true, default: true, ticket_field_ids: ordered.map((f) => f.id) };
}

function ticketValue(ticket: Ticket, field: TicketField): FieldValue {
  switch (field.type) {
    case 'tickettype':
      return ticket.type ?? null;
    case 'group':
      return ticket.group_id ?? null;
    case 'assignee':
      return ticket.assignee_id ?? null;
    case 'priority':
    case 'basic_priority':
      return ticket.priority ?? null;
    default:
      return ticket.custom_fields?.find((c) => c.id === field.id)?.value ?? (field.type === 'checkbox' ? false : null);
  }
}

function stagedValue(staged: StagedFields, field: TicketField): FieldValue | undefined {
  if (field.type === 'tickettype') return staged.type;
  if (field.type === 'group') return staged.groupId;
  return staged.values && String(field.id) in staged.values ? staged.values[String(field.id)] : undefined;
}

function same(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return [...a].sort().join('\n') === [...b].sort().join('\n');
  return (
    (isUnset(a) && isUnset(b) && typeof a !== 'boolean' && typeof b !== 'boolean') || a === b || String(a) === String(b)
  );
}

function displayOf(field: TicketField, value: FieldValue, input: FieldsInput): string {
  if (isUnset(value) && field.type !== 'checkbox') return '';
  const option = (v: string) => field.custom_field_options?.find((o) => o.value === v)?.name ?? v;
  switch (field.type) {
    case 'checkbox':
      return value === true ? l10n.t('Yes') : l10n.t('No');
    case 'tagger':
      return option(String(value));
    case 'multiselect':
      return (Array.isArray(value) ? value : [String(value)]).map(option).join(', ');
    case 'tickettype':
      return typeNames()[value as TicketType] ?? String(value);
    case 'group':
      return input.groups?.find((g) => g.id === value)?.name ?? String(value);
    case 'lookup': {
      const user = field.relationship_target_type === 'zen:user' ? input.people?.get(Number(value)) : undefined;
      return user?.name ?? String(value);
    }
    default:
      return String(value);
  }
}

function optionsOf(field: TicketField, input: FieldsInput): FieldOption[] | undefined {
  if (field.type === 'tagger' || field.type === 'multiselect') {
    return field.custom_field_options?.map((o) => ({ value: o.value, label: o.name }));
  }
  if (field.type === 'tickettype') {
    const names = typeNames();
    return TICKET_TYPES.map((t) => ({ value: t, label: names[t] }));
  }
  if (field.type === 'group') return input.groups?.map((g) => ({ value: String(g.id), label: g.name }));
  return undefined;
}

function statusChanges(ticket: Ticket, target: TargetStatus | undefined): target is TargetStatus {
  if (!target) return false;
  const category = categoryOf(ticket.status);
  return (
    target.category !== category ||
    (target.customStatusId !== undefined && target.customStatusId !== ticket.custom_status_id)
  );
}

/** The ticket's fields, type, group, tags, CCs and followers as the tab shows them, staged changes applied. */
export function buildFieldsView(input: FieldsInput): FieldsView {
  const { defs, ticket, staged } = input;
  const form = formFor(defs, ticket, staged);
  const checked = new Map<number, { value: FieldValue; error?: string }>();
  for (const id of form.ticket_field_ids) {
    const field = defs.byId.get(id);
    if (!field) continue;
    const raw = stagedValue(staged, field);
    if (raw === undefined) continue;
    if (field.type === 'tickettype' || field.type === 'group') checked.set(id, { value: raw });
    else {
      const c = checkFieldValue(field, raw);
      checked.set(id, c.ok ? { value: c.value } : { value: raw, error: c.error });
    }
  }
  const valueOf = (id: number): FieldValue | undefined => {
    const field = defs.byId.get(id);
    return checked.has(id) ? checked.get(id)?.value : field ? ticketValue(ticket, field) : undefined;
  };
  const target = input.submitAs ?? { category: categoryOf(ticket.status) };
  const required = new Set(requiredFieldIds(form, defs.byId, valueOf, target));
  const enforced = statusChanges(ticket, input.submitAs);
  const fields: FieldView[] = [];
  for (const id of visibleFieldIds(form, valueOf)) {
    const field = defs.byId.get(id);
    if (!field || field.active === false || ELSEWHERE.has(field.type)) continue;
    const value = valueOf(id) ?? null;
    const isRequired = required.has(id);
    fields.push({
      id,
      type: field.type,
      label: field.title,
      description: field.agent_description || field.description || undefined,
      value,
      display: displayOf(field, value, input),
      options: optionsOf(field, input),
      required: isRequired,
      missing: isRequired && isUnset(value),
      readOnly: field.type === 'lookup' || field.agent_can_edit === false,
      changed: checked.has(id) && !same(checked.get(id)?.value, ticketValue(ticket, field)),
      error: checked.get(id)?.error,
    });
  }
  const missing = enforced
    ? [...required]
        .filter((id) => isUnset(valueOf(id)))
        .map((id) => ({ id, label: defs.byId.get(id)?.title ?? String(id) }))
    : [];
  const tagCheck = staged.tags ? normaliseTags(staged.tags) : undefined;
  const ccs = ccViews(ticket.email_cc_ids ?? [], staged.ccs ?? [], input.people);
  const followers = followerViews(ticket.follower_ids ?? [], staged.followers ?? [], input.people);
  const problems = [
    ...fields.filter((f) => f.error).map((f) => `${f.label}: ${f.error ?? ''}`),
    ...(tagCheck?.error ? [tagCheck.error] : []),
    ...[...ccs, ...followers].flatMap((p) => (p.error ? [p.error] : [])),
    ...(missing.length ? [l10n.t('Fill in before submitting: {0}.', missing.map((m) => m.label).join(', '))] : []),
  ];
  return {
    formId: form.id || null,
    forms: defs.forms.map((f) => ({ value: String(f.id), label: f.display_name || f.name })),
    fields,
    tags: {
      value: tagCheck?.tags ?? ticket.tags,
      changed: tagCheck !== undefined && !same(tagCheck.tags, ticket.tags),
      error: tagCheck?.error,
    },
    ccs,
    followers,
    missing,
    problems,
  };
}

/** The part of one `safe_update` body the staged fields make. */
export type FieldsPatch = Pick<
  TicketPatch,
  'custom_fields' | 'ticket_form_id' | 'type' | 'group_id' | 'tags' | 'email_ccs' | 'followers'
>;

/**
 * The staged changes as the fields part of the tab's one update: only what differs from the ticket, or the
 * problems that hold the submit back (a bad value, a CC or follower Zendesk would refuse, a field the chosen status
 * requires). The tab merges `patch` with its status, priority, assignee and comment into one `safe_update`.
 */
export function fieldsUpdate(input: FieldsInput): { patch: FieldsPatch; problems: string[] } {
  const view = buildFieldsView(input);
  if (view.problems.length) return { patch: {}, problems: view.problems };
  const { ticket, staged } = input;
  const patch: FieldsPatch = {};
  if (staged.ticketFormId !== undefined && staged.ticketFormId !== ticket.ticket_form_id) {
    patch.ticket_form_id = staged.ticketFormId;
  }
  if (staged.type !== undefined && staged.type !== (ticket.type ?? null)) patch.type = staged.type;
  if (staged.groupId !== undefined && staged.groupId !== (ticket.group_id ?? null)) patch.group_id = staged.groupId;
  const custom = view.fields.filter((f) => f.changed && f.type !== 'tickettype' && f.type !== 'group');
  // A staged value of a field the form now hides is not sent: the agent cannot see it, and Zendesk would keep it.
  if (custom.length) patch.custom_fields = custom.map((f) => ({ id: f.id, value: f.value }));
  if (view.tags.changed) patch.tags = view.tags.value;
  const ccs = personChanges(staged.ccs);
  if (ccs.length) patch.email_ccs = ccs;
  const followers = personChanges(staged.followers);
  if (followers.length) patch.followers = followers;
  return { patch, problems: [] };
}

/**
 * Stages a field's new value: checked and normalised (a card number masked) when it is good; kept as typed, with
 * the error the view will show, when it is not (except a card number, which is never kept unmasked).
 */
export function stageFieldValue(
  staged: StagedFields,
  field: TicketField,
  raw: FieldValue,
): { staged: StagedFields; error?: string } {
  if (field.type === 'tickettype') return { staged: { ...staged, type: (raw || null) as TicketType | null } };
  if (field.type === 'group') {
    return { staged: { ...staged, groupId: raw === null || raw === '' ? null : Number(raw) } };
  }
  const c = checkFieldValue(field, raw);
  if (!c.ok && field.type === 'partialcreditcard') return { staged, error: c.error };
  const values = { ...(staged.values ?? {}), [String(field.id)]: c.ok ? c.value : raw };
  return { staged: { ...staged, values }, error: c.ok ? undefined : c.error };
}
