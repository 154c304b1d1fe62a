// The ticket's form, custom fields, type, group, tags, CCs and followers in the draft: the draft keeps every staged
// change as one flat record of plain values (so it is JSON, compared key by key on a conflict, counted and undone
// one by one like status and priority), and the fields model (fields/fieldsModel.ts) reads them as its own
// StagedFields. This module is the one translation between the two. No `vscode` import.
import type { StagedFields as DraftStaged, StagedValue } from '../drafts';
import type { PersonEdit, StagedFields as FieldsStaged } from '../fields/fieldsModel';
import type { FieldValue, Ticket, TicketType } from '../../zendesk/types';

const CUSTOM = 'custom_fields.';

/** The draft's key for a custom field's staged value. */
export function fieldKey(id: number): string {
  return `${CUSTOM}${id}`;
}

/** The custom field a draft key names, or undefined. */
export function fieldIdOf(key: string): number | undefined {
  if (!key.startsWith(CUSTOM)) return undefined;
  const id = Number(key.slice(CUSTOM.length));
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

/** The keys (besides custom fields) the tab stages through the fields model. */
export const FORM_KEYS = ['ticket_form_id', 'type', 'group_id', 'tags', 'email_ccs', 'followers'] as const;
export type FormKey = (typeof FORM_KEYS)[number];

export function isFormKey(key: string): key is FormKey {
  return (FORM_KEYS as readonly string[]).includes(key) || fieldIdOf(key) !== undefined;
}

/** A CC or follower edit as the draft keeps it: one JSON string each (the draft holds strings, not objects). */
export function encodePeople(edits: readonly PersonEdit[]): string[] {
  return edits.map((e) => JSON.stringify(e));
}

export function decodePeople(v: StagedValue | undefined): PersonEdit[] {
  if (!Array.isArray(v)) return [];
  return (v as readonly string[]).flatMap((s): PersonEdit[] => {
    try {
      const e = JSON.parse(s) as Record<string, unknown>;
      const edit: PersonEdit = {};
      if (typeof e.userId === 'number' && Number.isSafeInteger(e.userId)) edit.userId = e.userId;
      if (typeof e.email === 'string') edit.email = e.email;
      if (typeof e.name === 'string') edit.name = e.name;
      if (e.remove === true) edit.remove = true;
      return edit.userId !== undefined || edit.email ? [edit] : [];
    } catch {
      return [];
    }
  });
}

/** The draft's staged record as the fields model reads it. */
export function toFieldsStaged(flat: DraftStaged): FieldsStaged {
  const out: FieldsStaged = {};
  const values: Record<string, FieldValue> = {};
  for (const [key, v] of Object.entries(flat)) {
    const id = fieldIdOf(key);
    if (id !== undefined) values[String(id)] = (Array.isArray(v) ? [...(v as string[])] : v) as FieldValue;
    else if (key === 'ticket_form_id' && typeof v === 'number') out.ticketFormId = v;
    else if (key === 'type') out.type = (typeof v === 'string' && v ? v : null) as TicketType | null;
    else if (key === 'group_id') out.groupId = typeof v === 'number' ? v : null;
    else if (key === 'tags' && Array.isArray(v)) out.tags = [...(v as string[])];
    else if (key === 'email_ccs') out.ccs = decodePeople(v);
    else if (key === 'followers') out.followers = decodePeople(v);
  }
  if (Object.keys(values).length) out.values = values;
  return out;
}

/** The ticket's values for those keys, as a staged value is compared with (and as a conflict watches them). */
export function formValues(t: Ticket): Record<string, StagedValue> {
  const out: Record<string, StagedValue> = {
    ticket_form_id: t.ticket_form_id ?? null,
    // No edit is the ticket as it is; who is CC'd and following is watched by id for a conflict.
    email_ccs: [],
    followers: [],
    email_cc_ids: [...(t.email_cc_ids ?? [])].sort((a, b) => a - b).map(String),
    follower_ids: [...(t.follower_ids ?? [])].sort((a, b) => a - b).map(String),
  };
  for (const c of t.custom_fields ?? []) {
    out[fieldKey(c.id)] = Array.isArray(c.value) ? [...c.value].sort() : c.value;
  }
  return out;
}

/** A staged value in the form it is compared and kept: a multi-select's options sorted, tags sorted. */
export function canonical(v: StagedValue): StagedValue {
  return Array.isArray(v) ? [...(v as string[])].sort() : v;
}
