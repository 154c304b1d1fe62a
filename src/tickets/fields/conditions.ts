// A ticket form's agent conditions (https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_forms/):
// which fields an agent sees for the values a ticket has, and which of them a status requires. Zendesk enforces the
// same rules on API writes (a live probe refused `status: solved` with every required field named), so checking them
// first saves a refused submit and names what is missing before anything is sent. No `vscode` import.
import type { FieldValue, FormCondition, StatusCategory, TicketField, TicketForm } from '../../zendesk/types';

/** The status a submit sets: its category and, on an account with custom statuses, which one. */
export interface TargetStatus {
  category: StatusCategory;
  customStatusId?: number;
}

/** Empty as Zendesk counts it for "required": nothing, blank text, an empty multi-select, an unticked checkbox. */
export function isUnset(v: FieldValue | undefined): boolean {
  return (
    v === null ||
    v === undefined ||
    v === false ||
    (typeof v === 'string' && v.trim() === '') ||
    (Array.isArray(v) && v.length === 0)
  );
}

/** A condition's value against the parent's: a drop-down's tag, a checkbox's true or false, a multi-select's tags. */
function holds(c: FormCondition, value: FieldValue | undefined): boolean {
  if (Array.isArray(value)) return value.includes(String(c.value));
  if (typeof c.value === 'boolean') return c.value ? value === true || value === 'true' : isUnset(value);
  return value !== null && value !== undefined && String(value) === String(c.value);
}

/**
 * The form's fields an agent sees, in the form's order: those no condition governs, and those whose condition holds
 * on a parent that is itself visible (conditions nest: a hidden parent shows none of its children).
 */
export function visibleFieldIds(form: TicketForm, valueOf: (fieldId: number) => FieldValue | undefined): number[] {
  const conditions = form.agent_conditions ?? [];
  const governed = new Set(conditions.flatMap((c) => c.child_fields.map((ch) => ch.id)));
  const visible = new Set(form.ticket_field_ids.filter((id) => !governed.has(id)));
  // A fixed point: each pass may reveal a parent whose own children then show. At most one pass per field.
  for (let pass = 0, changed = true; changed && pass <= form.ticket_field_ids.length; pass++) {
    changed = false;
    for (const c of conditions) {
      if (!visible.has(c.parent_field_id) || !holds(c, valueOf(c.parent_field_id))) continue;
      for (const ch of c.child_fields) {
        if (!visible.has(ch.id) && form.ticket_field_ids.includes(ch.id)) {
          visible.add(ch.id);
          changed = true;
        }
      }
    }
  }
  return form.ticket_field_ids.filter((id) => visible.has(id));
}

type Requirement = NonNullable<FormCondition['child_fields'][number]['required_on_statuses']>;

function requiredOn(on: Requirement | undefined, target: TargetStatus): boolean {
  // A child `is_required` without `required_on_statuses` (forms made before it existed) is required to solve.
  if (!on) return target.category === 'solved';
  if (on.type === 'ALL_STATUSES') return true;
  if (on.type !== 'SOME_STATUSES') return false;
  if (target.customStatusId !== undefined && on.custom_statuses?.includes(target.customStatusId)) return true;
  return (on.statuses ?? []).includes(target.category);
}

/**
 * The visible fields `target` requires, in the form's order: a field whose `required` is set ("required to solve")
 * when solving, and a visible child of a condition that holds, `is_required`, on the statuses its
 * `required_on_statuses` names (a custom status counts by its id, or by its category).
 */
export function requiredFieldIds(
  form: TicketForm,
  fields: ReadonlyMap<number, TicketField>,
  valueOf: (fieldId: number) => FieldValue | undefined,
  target: TargetStatus,
): number[] {
  const visible = visibleFieldIds(form, valueOf);
  const shown = new Set(visible);
  const required = new Set<number>();
  if (target.category === 'solved') {
    for (const id of visible) if (fields.get(id)?.required) required.add(id);
  }
  for (const c of form.agent_conditions ?? []) {
    if (!shown.has(c.parent_field_id) || !holds(c, valueOf(c.parent_field_id))) continue;
    for (const ch of c.child_fields) {
      if (ch.is_required && shown.has(ch.id) && requiredOn(ch.required_on_statuses, target)) required.add(ch.id);
    }
  }
  return visible.filter((id) => required.has(id) && fields.get(id)?.active !== false);
}
