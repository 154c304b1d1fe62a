/**
 * What a ticket write does with ticket fields and people (https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#update-ticket,
 * https://developer.zendesk.com/documentation/ticketing/managing-tickets/creating-and-updating-tickets/):
 * `custom_fields: [{id, value}]`, `ticket_form_id`, `group_id`, `email_ccs` and `followers` (`[{user_id|user_email,
 * user_name?, action: "put"|"delete"}]`), each value checked by its field's type; and the fields required for the
 * status a write sets, from the field's `required` (required to solve) and the form's `agent_conditions`.
 *
 * The 422s put ticket fields under `details.base` with `ticket_field_id` and `ticket_field_type`, as a live probe
 * recorded for fields required to solve (https://github.com/CloudSecurityAlliance/csa-zendesk, experiments/
 * solve-required-fields: `{"description":"<title>: is required when solving a ticket","error":null,
 * "ticket_field_id":…,"ticket_field_type":"FieldInteger"}`).
 */
import type { DetailEntry } from './errors';
import { isRecord } from './router';
import { GROUPS } from './seed';
import type { SandboxState } from './state';
import type { FieldType, SandboxField, SandboxForm } from './ticketFields';
import { isSystem } from './ticketFields';
import { isStaff, type SandboxUser } from './users';

export type Details = Record<string, DetailEntry[]>;

/** What a write asks of fields and people, read and checked; nothing applied yet. */
export interface FieldInput {
  values?: Map<number, unknown>;
  formId?: number;
  /** 0 = no group. */
  groupId?: number;
  ccs?: { userId: number; remove: boolean }[];
  followers?: { userId: number; remove: boolean }[];
  /** End users a CC by email created (created only when the write is accepted). */
  newUsers?: SandboxUser[];
}

/** A ticket's field values and people, beside the columnar store (which holds only what every ticket has). */
export class TicketFieldValues {
  private readonly values = new Map<number, Map<number, unknown>>();
  private readonly forms = new Map<number, number>();
  private readonly ccs = new Map<number, number[]>();
  private readonly followers = new Map<number, number[]>();

  formOf(ticketId: number, defaultFormId: number): number {
    return this.forms.get(ticketId) ?? defaultFormId;
  }
  setForm(ticketId: number, formId: number): void {
    this.forms.set(ticketId, formId);
  }
  value(ticketId: number, fieldId: number): unknown {
    return this.values.get(ticketId)?.get(fieldId) ?? null;
  }
  setValue(ticketId: number, fieldId: number, value: unknown): void {
    let m = this.values.get(ticketId);
    if (!m) this.values.set(ticketId, (m = new Map()));
    m.set(fieldId, value);
  }
  ccIds(ticketId: number): number[] {
    return [...(this.ccs.get(ticketId) ?? [])];
  }
  followerIds(ticketId: number): number[] {
    return [...(this.followers.get(ticketId) ?? [])];
  }
  setCcs(ticketId: number, ids: number[]): void {
    this.ccs.set(ticketId, ids);
  }
  setFollowers(ticketId: number, ids: number[]): void {
    this.followers.set(ticketId, ids);
  }
}

/** Zendesk's at most 48 email CCs on a ticket (https://support.zendesk.com/hc/en-us/articles/5179445630234). */
export const MAX_EMAIL_CCS = 48;
const FIRST_CREATED_USER_ID = 26_155_589_900_001;

/** `ticket_field_type` as Zendesk names it in a 422 (FieldTagger, FieldInteger and FieldAssignee were seen live). */
export function fieldTypeName(t: FieldType): string {
  const names: Record<FieldType, string> = {
    subject: 'FieldSubject',
    description: 'FieldDescription',
    status: 'FieldStatus',
    custom_status: 'FieldCustomStatus',
    tickettype: 'FieldTicketType',
    priority: 'FieldPriority',
    group: 'FieldGroup',
    assignee: 'FieldAssignee',
    text: 'FieldText',
    textarea: 'FieldTextarea',
    checkbox: 'FieldCheckbox',
    date: 'FieldDate',
    integer: 'FieldInteger',
    decimal: 'FieldDecimal',
    regexp: 'FieldRegexp',
    partialcreditcard: 'FieldPartialCreditCard',
    tagger: 'FieldTagger',
    multiselect: 'FieldMultiselect',
    lookup: 'FieldLookup',
  };
  return names[t];
}

function fieldProblem(f: SandboxField, text: string, error: string | null = 'InvalidValue'): DetailEntry {
  return {
    description: `${f.title}: ${text}`,
    error,
    ticket_field_id: f.id,
    ticket_field_type: fieldTypeName(f.type),
  };
}

const KEEP = Symbol('keep');

/**
 * A value for a field, as stored and served back, or a refusal. CHOICE: Zendesk documents the types, not its
 * answers to a value of the wrong shape; the sandbox refuses those with a 422 naming the field. A drop-down option
 * that does not exist is dropped without an error, as two live reports say Zendesk does (blakmatrix/node-zendesk#132,
 * facetoe/zenpy#420): the field keeps its value.
 */
function checkedValue(state: SandboxState, f: SandboxField, v: unknown): unknown | typeof KEEP | DetailEntry {
  if (v === null || v === '') return f.type === 'checkbox' ? false : f.type === 'multiselect' ? [] : null;
  switch (f.type) {
    case 'text':
    case 'textarea':
      return typeof v === 'string' || typeof v === 'number' ? String(v) : fieldProblem(f, 'must be text');
    case 'checkbox':
      return typeof v === 'boolean' ? v : fieldProblem(f, 'must be true or false');
    case 'date': {
      const s = typeof v === 'string' ? v.slice(0, 10) : '';
      const ok = /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
      return ok ? s : fieldProblem(f, 'is not a valid date (YYYY-MM-DD)');
    }
    case 'integer': {
      const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : '';
      return /^-?\d{1,18}$/.test(s) ? s : fieldProblem(f, 'is not a whole number');
    }
    case 'decimal': {
      const s = typeof v === 'number' && Number.isFinite(v) ? String(v) : typeof v === 'string' ? v.trim() : '';
      return /^-?\d+(\.\d+)?$/.test(s) ? s : fieldProblem(f, 'is not a decimal number');
    }
    case 'regexp':
      return typeof v === 'string' && new RegExp(f.regexp ?? '').test(v) ? v : fieldProblem(f, 'is invalid');
    case 'partialcreditcard': {
      // "Only the last 4 digits are retained." CHOICE: a value already masked as Zendesk serves it
      // ("XXXXXXXXXXXX1234") is stored as sent, so a client may mask a number before it leaves the machine.
      if (typeof v !== 'string') return fieldProblem(f, 'is not a card number');
      if (/^X{8,15}\d{4}$/.test(v)) return v;
      const digits = v.replace(/[\s-]/g, '');
      return /^\d{12,19}$/.test(digits)
        ? `${'X'.repeat(digits.length - 4)}${digits.slice(-4)}`
        : fieldProblem(f, 'is not a card number');
    }
    case 'tagger':
      if (typeof v !== 'string') return fieldProblem(f, 'must be the tag of one of its options');
      return f.options?.some((o) => o.value === v) ? v : KEEP;
    case 'multiselect': {
      if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) {
        return fieldProblem(f, 'must be a list of option tags');
      }
      const known = new Set(f.options?.map((o) => o.value));
      return [...new Set(v.filter((x) => known.has(x)))];
    }
    case 'lookup': {
      const id = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
      // CHOICE: a lookup to a record that does not exist is refused; the sandbox's lookups target users.
      return Number.isSafeInteger(id) && state.users.get(id) ? id : fieldProblem(f, 'is not a record it can point to');
    }
    default:
      return fieldProblem(f, 'is set through its own ticket property');
  }
}

function isProblem(v: unknown): v is DetailEntry {
  return isRecord(v) && typeof v.description === 'string' && 'ticket_field_id' in v;
}

function bad(details: Details, key: string, description: string): void {
  (details[key] ??= []).push({ description, error: 'InvalidValue' });
}

/** Reads the field and people parts of `{"ticket": {...}}` into `details` (422) or a FieldInput. */
export function readFieldInput(state: SandboxState, t: Record<string, unknown>, details: Details): FieldInput {
  const input: FieldInput = {};
  const catalog = state.ticketFields;
  if ('custom_fields' in t) {
    if (!Array.isArray(t.custom_fields)) bad(details, 'custom_fields', 'Custom fields: must be a list of {id, value}');
    else {
      input.values = new Map();
      for (const entry of t.custom_fields) {
        const id = isRecord(entry) ? Number(entry.id) : NaN;
        const f = Number.isSafeInteger(id) ? catalog.field(id) : undefined;
        if (!f || !f.active || isSystem(f)) {
          // CHOICE: a custom field this account does not have (or no longer has active) is refused and named, so
          // a client with stale definitions learns it; Zendesk does not document its answer.
          (details.base ??= []).push({
            description: `Custom field: ${String(isRecord(entry) ? entry.id : entry)} is not an active custom field of this account`,
            error: 'InvalidValue',
            ticket_field_id: Number.isSafeInteger(id) ? id : undefined,
          });
          continue;
        }
        const v = checkedValue(state, f, isRecord(entry) ? entry.value : undefined);
        if (isProblem(v)) (details.base ??= []).push(v);
        else if (v !== KEEP) input.values.set(f.id, v);
      }
    }
  }
  if ('ticket_form_id' in t) {
    const form = typeof t.ticket_form_id === 'number' ? catalog.form(t.ticket_form_id) : undefined;
    // CHOICE: Zendesk does not document the answer to an unknown or inactive form; refused, named by its key.
    if (form?.active) input.formId = form.id;
    else bad(details, 'ticket_form_id', `Ticket form: ${String(t.ticket_form_id)} is not an active ticket form`);
  }
  if ('group_id' in t) {
    if (t.group_id === null) input.groupId = 0;
    else if (GROUPS.some((g) => g.id === t.group_id)) input.groupId = t.group_id as number;
    else bad(details, 'group_id', `Group: ${String(t.group_id)} is not a group of this account`);
  }
  const created: SandboxUser[] = [];
  if ('email_ccs' in t) input.ccs = readPeople(state, t.email_ccs, 'email_ccs', details, created);
  if ('followers' in t) input.followers = readPeople(state, t.followers, 'followers', details, created);
  if (created.length) input.newUsers = created;
  return input;
}

/**
 * `[{user_id|user_email, user_name?, action}]`: `put` (the default) adds, `delete` removes. An email CC naming an
 * address the account does not know creates an end user (the documented way to CC someone new); followers must be
 * agents. CHOICE: a follower who is not an agent, an unknown follower email or user id, and an action other than
 * put/delete are refused with a 422 on the key (Zendesk documents the rule, not its answer).
 */
function readPeople(
  state: SandboxState,
  raw: unknown,
  key: 'email_ccs' | 'followers',
  details: Details,
  created: SandboxUser[],
): { userId: number; remove: boolean }[] | undefined {
  const label = key === 'email_ccs' ? 'Email CCs' : 'Followers';
  if (!Array.isArray(raw)) {
    bad(details, key, `${label}: must be a list of {user_id or user_email, action}`);
    return undefined;
  }
  const out: { userId: number; remove: boolean }[] = [];
  for (const e of raw) {
    const action = isRecord(e) ? (e.action ?? 'put') : undefined;
    if (!isRecord(e) || (action !== 'put' && action !== 'delete')) {
      bad(details, key, `${label}: each entry needs user_id or user_email, and action put or delete`);
      continue;
    }
    let user: SandboxUser | undefined;
    if (e.user_id !== undefined) user = state.users.get(Number(e.user_id));
    else if (typeof e.user_email === 'string') {
      const email = e.user_email.trim().toLowerCase();
      user = state.users.byEmailAddress(email) ?? created.find((u) => u.email === email);
      if (!user && key === 'email_ccs' && action === 'put' && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
        user = {
          id: FIRST_CREATED_USER_ID + state.users.size,
          name: typeof e.user_name === 'string' && e.user_name.trim() ? e.user_name.trim() : email.split('@')[0],
          email,
          role: 'end-user',
          canEditTickets: false,
          password: null,
          createdAt: state.clock.nowSeconds(),
          groupId: null,
        };
        created.push(user);
      }
    }
    if (!user) {
      bad(details, key, `${label}: ${String(e.user_id ?? e.user_email)} is not a user of this account`);
      continue;
    }
    if (key === 'followers' && !isStaff(user) && action === 'put') {
      bad(details, key, `Followers: ${user.name} is not an agent; only agents can follow a ticket`);
      continue;
    }
    out.push({ userId: user.id, remove: action === 'delete' });
  }
  return out;
}

function merged(current: number[], ops: { userId: number; remove: boolean }[]): number[] {
  const out = [...current];
  for (const op of ops) {
    const i = out.indexOf(op.userId);
    if (op.remove && i >= 0) out.splice(i, 1);
    else if (!op.remove && i < 0) out.push(op.userId);
  }
  return out;
}

/** The CC list a write would leave; refused past 48 (CHOICE: Zendesk documents the limit, not its answer). */
export function checkCcLimit(state: SandboxState, ticketId: number, input: FieldInput, details: Details): void {
  if (!input.ccs) return;
  if (merged(state.fieldValues.ccIds(ticketId), input.ccs).length > MAX_EMAIL_CCS) {
    bad(details, 'email_ccs', `Email CCs: a ticket can have at most ${MAX_EMAIL_CCS}`);
  }
}

function isUnset(v: unknown): boolean {
  return v === null || v === undefined || v === '' || v === false || (Array.isArray(v) && v.length === 0);
}

/** A condition's value matches the parent's: a drop-down's tag, a checkbox's true or false. */
function conditionHolds(value: unknown, wanted: unknown): boolean {
  if (Array.isArray(value)) return value.includes(wanted);
  return value === wanted || (wanted === true && value === 'true') || (wanted === false && isUnset(value));
}

/**
 * The fields of a form an agent sees for these values: those no agent condition governs, and those whose
 * condition holds with a visible parent (conditions nest).
 */
export function visibleFields(form: SandboxForm, valueOf: (fieldId: number) => unknown): Set<number> {
  const governed = new Set(form.agentConditions.flatMap((c) => c.child_fields.map((ch) => ch.id)));
  const visible = new Set(form.fieldIds.filter((id) => !governed.has(id)));
  for (let changed = true; changed;) {
    changed = false;
    for (const c of form.agentConditions) {
      if (!visible.has(c.parent_field_id) || !conditionHolds(valueOf(c.parent_field_id), c.value)) continue;
      for (const ch of c.child_fields) {
        if (form.fieldIds.includes(ch.id) && !visible.has(ch.id)) {
          visible.add(ch.id);
          changed = true;
        }
      }
    }
  }
  return visible;
}

/**
 * The fields required for `status` and unset: a visible field whose `required` is set, when solving; a visible
 * child of a condition that holds, `is_required`, on the statuses its `required_on_statuses` names.
 */
export function missingRequired(
  state: SandboxState,
  form: SandboxForm,
  status: string,
  valueOf: (fieldId: number) => unknown,
): DetailEntry[] {
  const catalog = state.ticketFields;
  const visible = visibleFields(form, valueOf);
  const required = new Set<number>();
  if (status === 'solved') {
    for (const id of visible) if (catalog.field(id)?.required) required.add(id);
  }
  for (const c of form.agentConditions) {
    if (!visible.has(c.parent_field_id) || !conditionHolds(valueOf(c.parent_field_id), c.value)) continue;
    for (const ch of c.child_fields) {
      const on = ch.required_on_statuses;
      // CHOICE: a child `is_required` without `required_on_statuses` (forms made before it existed) is required to
      // solve.
      const applies = on
        ? on.type === 'ALL_STATUSES' || (on.type === 'SOME_STATUSES' && (on.statuses ?? []).includes(status))
        : status === 'solved';
      if (ch.is_required && applies && visible.has(ch.id)) required.add(ch.id);
    }
  }
  return [...required]
    .map((id) => catalog.field(id))
    .filter((f): f is SandboxField => f !== undefined && f.active && isUnset(valueOf(f.id)))
    .sort((a, b) => form.fieldIds.indexOf(a.id) - form.fieldIds.indexOf(b.id))
    .map((f) =>
      fieldProblem(
        f,
        status === 'solved' ? 'is required when solving a ticket' : `is required for the status ${status}`,
        null,
      ),
    );
}

/** Applies checked field input to a ticket; `change` records audit events. Tags follow drop-downs and checkboxes. */
export function applyFieldInput(
  state: SandboxState,
  ticketId: number,
  input: FieldInput,
  change: (field: string, before: unknown, after: unknown) => void,
): void {
  const s = state.store;
  const fv = state.fieldValues;
  for (const u of input.newUsers ?? []) if (!state.users.get(u.id)) state.users.add(u);
  if (input.formId !== undefined) {
    change('ticket_form_id', fv.formOf(ticketId, state.ticketFields.defaultForm().id), input.formId);
    fv.setForm(ticketId, input.formId);
  }
  if (input.groupId !== undefined) {
    change('group_id', s.group[ticketId - 1] || null, input.groupId || null);
    s.set(ticketId, s.group, input.groupId);
  }
  for (const [fieldId, value] of input.values ?? []) {
    const f = state.ticketFields.field(fieldId);
    if (!f) continue;
    const before = fv.value(ticketId, fieldId);
    change(String(fieldId), before, value);
    fv.setValue(ticketId, fieldId, value);
    // A drop-down option, a multi-select option and a checkbox's tag are tags on the ticket as well.
    const owned = f.type === 'checkbox' ? (f.tag ? [f.tag] : []) : (f.options?.map((o) => o.value) ?? []);
    if (owned.length) {
      const now = value === true ? owned : Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
      const tags = s.tags(ticketId).filter((tag) => !owned.includes(tag));
      s.setTags(ticketId, [...tags, ...now.filter((tag): tag is string => typeof tag === 'string')]);
    }
  }
  if (input.ccs) {
    const before = fv.ccIds(ticketId);
    fv.setCcs(ticketId, merged(before, input.ccs));
    change('email_cc_ids', before, fv.ccIds(ticketId));
  }
  if (input.followers) {
    const before = fv.followerIds(ticketId);
    fv.setFollowers(ticketId, merged(before, input.followers));
    change('follower_ids', before, fv.followerIds(ticketId));
  }
}

/** `custom_fields` of a ticket: every active custom field with its value (null when unset; false for checkboxes). */
export function customFieldsJson(state: SandboxState, ticketId: number): { id: number; value: unknown }[] {
  return state.ticketFields.customFields().map((f) => {
    const v = state.fieldValues.value(ticketId, f.id);
    return { id: f.id, value: v ?? (f.type === 'checkbox' ? false : null) };
  });
}
