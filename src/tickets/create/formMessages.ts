// What the New Ticket page may say to the extension, checked field by field: the page shows text from Zendesk (people's
// names, groups), so its messages are treated as untrusted input. No `vscode` import.
import { asFieldValue, isId } from '../detail/pageMessages';
import type { FieldValue } from '../../zendesk/types';

/** The text fields the page reports as typed. */
export const TEXT_FIELDS = ['requesterText', 'subject', 'body', 'tags'] as const;
/** The choices the page reports; the form checks each value against what it offered. */
export const CHOICE_FIELDS = ['account', 'priority', 'type', 'status', 'group', 'assignee'] as const;

/** The longest text a field may carry: a comment's body is capped by Zendesk at 64 KB; the rest are far shorter. */
const MAX_TEXT = 65_536;

export type FormMessage =
  /** The page (re)started: it wants the state. */
  | { type: 'ready' }
  /** A text field, as typed (debounced by the page). */
  | { type: 'text'; field: (typeof TEXT_FIELDS)[number]; value: string }
  /** The first comment's mode: public reply or internal note. */
  | { type: 'mode'; mode: 'public' | 'internal' }
  /** A select changed. */
  | { type: 'choose'; field: (typeof CHOICE_FIELDS)[number]; value: string }
  /** A custom field's control changed (the ticket tab's controls: detail/fieldsRegion.ts). */
  | { type: 'field'; id: number; value: FieldValue }
  /** Another ticket form chosen. */
  | { type: 'form'; formId: number }
  /** A person the requester search found, by id. */
  | { type: 'requester'; id: number }
  | { type: 'create' }
  /** Empty the form (the draft goes). */
  | { type: 'clear' }
  | { type: 'cancel' }
  /** The description's Preview tab: the Markdown to render as Zendesk will (detail/preview.ts). */
  | { type: 'preview'; body: string };

export function parseFormMessage(m: unknown): FormMessage | undefined {
  if (typeof m !== 'object' || m === null) return undefined;
  const x = m as Record<string, unknown>;
  switch (x.type) {
    case 'ready':
    case 'create':
    case 'clear':
    case 'cancel':
      return { type: x.type };
    case 'text':
      return (TEXT_FIELDS as readonly unknown[]).includes(x.field) &&
        typeof x.value === 'string' &&
        x.value.length <= MAX_TEXT
        ? { type: 'text', field: x.field as (typeof TEXT_FIELDS)[number], value: x.value }
        : undefined;
    case 'mode':
      return x.mode === 'public' || x.mode === 'internal' ? { type: 'mode', mode: x.mode } : undefined;
    case 'choose':
      return (CHOICE_FIELDS as readonly unknown[]).includes(x.field) &&
        typeof x.value === 'string' &&
        x.value.length <= 200
        ? { type: 'choose', field: x.field as (typeof CHOICE_FIELDS)[number], value: x.value }
        : undefined;
    case 'requester':
      return isId(x.id) ? { type: 'requester', id: x.id } : undefined;
    case 'field': {
      const value = asFieldValue(x.value);
      return isId(x.id) && value !== undefined ? { type: 'field', id: x.id, value } : undefined;
    }
    case 'form':
      return isId(x.formId) ? { type: 'form', formId: x.formId } : undefined;
    case 'preview':
      return typeof x.body === 'string' && x.body.length <= MAX_TEXT ? { type: 'preview', body: x.body } : undefined;
    default:
      return undefined;
  }
}
