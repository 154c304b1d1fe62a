// What an agent may put in a ticket field, tags, CCs and followers, checked before anything is sent, by the rules
// Zendesk documents (https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_fields/#create-ticket-field,
// https://support.zendesk.com/hc/en-us/articles/5179445630234 for CCs and followers). Each refusal says what to
// type instead. No `vscode` import.
import * as l10n from '@vscode/l10n';
import type { FieldValue, TicketField, ZendeskUser } from '../../zendesk/types';

export type Checked = { ok: true; value: FieldValue } | { ok: false; error: string };

const ok = (value: FieldValue): Checked => ({ ok: true, value });
const no = (error: string): Checked => ({ ok: false, error });

/** Zendesk keeps a card number's last 4 digits only; the extension never holds more than that either. */
export function maskCard(digits: string): string {
  return `${'X'.repeat(Math.max(0, digits.length - 4))}${digits.slice(-4)}`;
}

/** A value already masked as Zendesk serves it ("XXXXXXXXXXXX1234"). */
export function isMaskedCard(v: string): boolean {
  return /^X+\d{4}$/.test(v);
}

function isRealDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/**
 * A value for `field` as the agent typed or chose it, normalised to what Zendesk stores, or why it cannot be sent.
 * Empty clears the field (false for a checkbox, no options for a multi-select). A card number is masked here, so
 * the full number is never staged, drafted or sent.
 */
export function checkFieldValue(field: TicketField, raw: FieldValue | undefined): Checked {
  if (raw === null || raw === undefined || raw === '') {
    return ok(field.type === 'checkbox' ? false : field.type === 'multiselect' ? [] : null);
  }
  const text = typeof raw === 'string' ? raw.trim() : typeof raw === 'number' ? String(raw) : undefined;
  switch (field.type) {
    case 'text':
    case 'textarea':
      return text !== undefined ? ok(typeof raw === 'string' ? raw : text) : no(l10n.t('Enter text.'));
    case 'checkbox':
      return typeof raw === 'boolean' ? ok(raw) : no(l10n.t('Tick or untick the box.'));
    case 'date':
      return text !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(text) && isRealDate(text)
        ? ok(text)
        : no(l10n.t('Enter a date as YYYY-MM-DD, for example 2026-03-31.'));
    case 'integer':
      return text !== undefined && /^-?\d{1,18}$/.test(text)
        ? ok(text)
        : no(l10n.t('Enter a whole number, for example 42.'));
    case 'decimal':
      return text !== undefined && /^-?\d+(\.\d+)?$/.test(text)
        ? ok(text)
        : no(l10n.t('Enter a number, for example 12.50.'));
    case 'regexp': {
      let pattern: RegExp | undefined;
      try {
        pattern = field.regexp_for_validation ? new RegExp(field.regexp_for_validation) : undefined;
      } catch {
        pattern = undefined; // A pattern JavaScript cannot read: Zendesk checks it when the ticket is saved.
      }
      if (text === undefined) return no(l10n.t('Enter text.'));
      return !pattern || pattern.test(text)
        ? ok(text)
        : no(l10n.t('This does not match the format the field expects ({0}).', field.regexp_for_validation ?? ''));
    }
    case 'partialcreditcard': {
      if (text === undefined) return no(l10n.t('Enter a card number.'));
      if (isMaskedCard(text)) return ok(text);
      const digits = text.replace(/[\s-]/g, '');
      return /^\d{12,19}$/.test(digits)
        ? ok(maskCard(digits))
        : no(l10n.t('Enter the card number, 12 to 19 digits; only its last 4 digits are kept.'));
    }
    case 'tagger': {
      const known = field.custom_field_options?.some((o) => o.value === text);
      return known ? ok(text ?? null) : no(l10n.t('Choose one of the field’s options.'));
    }
    case 'multiselect': {
      const chosen = Array.isArray(raw) ? raw : text !== undefined ? [text] : [];
      const known = new Set(field.custom_field_options?.map((o) => o.value));
      const unknown = chosen.filter((v) => !known.has(v));
      return unknown.length ? no(l10n.t('Choose among the field’s options.')) : ok([...new Set(chosen)]);
    }
    case 'lookup':
      return no(l10n.t('This field links to another record; change it in Zendesk.'));
    default:
      return no(l10n.t('This field is changed elsewhere on the ticket.'));
  }
}

/**
 * Tags as Zendesk stores them: lower case, a space ends a tag (so "needs review" is two tags, `needs` and
 * `review`), no duplicates (https://support.zendesk.com/hc/en-us/articles/4408888664474). Commas separate too, as
 * agents type lists. Characters Zendesk refuses in tags (`#`, `@`, `!` ...) are named.
 */
export function normaliseTags(input: readonly string[]): { tags: string[]; error?: string } {
  const tags = [
    ...new Set(
      input
        .flatMap((t) => t.toLowerCase().split(/[\s,]+/))
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ];
  const refused = tags.filter((t) => /[#@!"'`<>&\\]/.test(t));
  return refused.length
    ? { tags, error: l10n.t('Tags can’t contain special characters: {0}.', refused.join(', ')) }
    : { tags };
}

const EMAIL = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/;

export function isEmailAddress(s: string): boolean {
  return EMAIL.test(s.trim());
}

/** Zendesk's limit of email CCs on a ticket (https://support.zendesk.com/hc/en-us/articles/5179445630234). */
export const MAX_EMAIL_CCS = 48;

/** Why this address cannot be CC'd, or undefined: any end user or agent may be, by a valid address. */
export function ccRefusal(email: string, countAfter: number): string | undefined {
  if (!isEmailAddress(email)) return l10n.t('“{0}” is not an email address.', email);
  if (countAfter > MAX_EMAIL_CCS) return l10n.t('A ticket can have at most {0} CCs.', MAX_EMAIL_CCS);
  return undefined;
}

/** Why this person cannot follow the ticket, or undefined: followers are agents (or admins) of the account. */
export function followerRefusal(
  user: Pick<ZendeskUser, 'name' | 'role'> | undefined,
  typed: string,
): string | undefined {
  if (!user) return l10n.t('No agent of this account has the address “{0}”.', typed);
  if (user.role === 'end-user') return l10n.t('{0} is not an agent; only agents can follow a ticket.', user.name);
  return undefined;
}
