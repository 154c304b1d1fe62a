// The ticket page's "Fields" region, drawn from the tab's state (state.form, fields/fieldsModel.ts): the form picker,
// one control per field the form shows (every Zendesk type; a lookup read-only), tags, CCs and followers, each staged
// change marked with its own Undo, each error beside its control. Every value from the account (a field's title,
// an option's name, a tag, a person's name) is untrusted text: escaped, never markup. The page's script
// (media/detail/detail.js) reports what the agent changes; the controller decides. No `vscode` import.
import * as l10n from '@vscode/l10n';
import { escapeHtml, escapeHtmlText } from '../../escape';
import type { FieldView, PersonView } from '../fields/fieldsModel';
import type { TabState } from './controller';
import { fieldKey } from './stagedFields';

const e = escapeHtmlText;
const a = escapeHtml;

/** The draft key a field's Undo takes back. */
function undoKey(f: FieldView): string {
  return f.type === 'tickettype' ? 'type' : f.type === 'group' ? 'group_id' : fieldKey(f.id);
}

function undo(key: string, label: string): string {
  return ` <span class="staged-mark">${e(l10n.t('changed'))}</span> <button type="button" class="link" data-unstage="${a(key)}" aria-label="${a(l10n.t('Undo the change to {0}', label))}">${e(l10n.t('Undo'))}</button>`;
}

function control(f: FieldView, described: string): string {
  const id = `cf-${f.id}`;
  const common = `id="${id}" data-cf="${f.id}"${described}${f.required ? ' aria-required="true"' : ''}${f.error ? ' aria-invalid="true"' : ''}`;
  const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  if (f.readOnly) return `<span ${common} class="read-only" data-read-only="true">${e(f.display || '-')}</span>`;
  switch (f.type) {
    case 'textarea':
      return `<textarea ${common} rows="3">${e(text(f.value))}</textarea>`;
    case 'checkbox':
      return `<input type="checkbox" ${common}${f.value === true ? ' checked' : ''}>`;
    case 'date':
      return `<input type="date" ${common} value="${a(text(f.value))}">`;
    case 'integer':
    case 'decimal':
      // Text, not type=number: what the agent typed reaches the extension as typed, and is refused with words.
      return `<input type="text" inputmode="${f.type === 'integer' ? 'numeric' : 'decimal'}" ${common} value="${a(text(f.value))}">`;
    case 'partialcreditcard':
      return `<input type="text" inputmode="numeric" autocomplete="off" ${common} value="${a(text(f.value))}">`;
    case 'tagger':
    case 'tickettype':
    case 'group': {
      const selected = text(f.value);
      const options = [{ value: '', label: '-' }, ...(f.options ?? [])];
      return `<select ${common}>${options.map((o) => `<option value="${a(o.value)}"${o.value === selected ? ' selected' : ''}>${e(o.label)}</option>`).join('')}</select>`;
    }
    case 'multiselect': {
      const chosen = new Set(Array.isArray(f.value) ? f.value : []);
      return `<select multiple ${common} size="${Math.min(6, Math.max(2, f.options?.length ?? 2))}">${(f.options ?? []).map((o) => `<option value="${a(o.value)}"${chosen.has(o.value) ? ' selected' : ''}>${e(o.label)}</option>`).join('')}</select>`;
    }
    default:
      return `<input type="text" ${common} value="${a(text(f.value))}">`;
  }
}

/** One field's label, control, hint and error (New Ticket draws its fields with it too). */
export function fieldHtml(f: FieldView): string {
  const hint = f.description ? `<span class="hint" id="cf-${f.id}-hint">${e(f.description)}</span>` : '';
  const error = f.error ? `<p class="field-error" id="cf-${f.id}-error" role="alert">${e(f.error)}</p>` : '';
  const ids = [f.description ? `cf-${f.id}-hint` : '', f.error ? `cf-${f.id}-error` : ''].filter(Boolean).join(' ');
  const required = f.required
    ? ` <span class="required" title="${a(l10n.t('Required for the status you submit as'))}">*</span>`
    : '';
  const label = f.readOnly
    ? `<span class="prop-label">${e(f.label)}${required}</span>`
    : `<label for="cf-${f.id}">${e(f.label)}${required}</label>`;
  const cls = ['prop', 'cf', f.changed ? 'staged' : '', f.missing ? 'missing' : '', f.error ? 'invalid' : '']
    .filter(Boolean)
    .join(' ');
  return `<div class="${cls}" data-field-id="${f.id}">${label} ${control(f, ids ? ` aria-describedby="${ids}"` : '')}${f.changed ? undo(undoKey(f), f.label) : ''}${hint}${error}</div>`;
}

function people(list: readonly PersonView[], kind: 'cc' | 'follower'): string {
  return list
    .map((p) => {
      const mark =
        p.staged === 'add'
          ? ` <span class="staged-mark">${e(l10n.t('added'))}</span>`
          : p.staged === 'remove'
            ? ` <span class="staged-mark">${e(l10n.t('removed'))}</span>`
            : '';
      const target = p.userId !== undefined ? `data-user="${p.userId}"` : `data-email="${a(p.email ?? '')}"`;
      const word = p.staged ? l10n.t('Undo') : l10n.t('Remove');
      const error = p.error ? ` <span class="field-error" role="alert">${e(p.error)}</span>` : '';
      return `<li class="person${p.staged ? ` ${p.staged}` : ''}"><span class="person-name">${e(p.name)}</span>${p.email && p.email !== p.name ? ` <span class="hint">${e(p.email)}</span>` : ''}${mark} <button type="button" class="link" data-remove-${kind} ${target} aria-label="${a(`${word}: ${p.name}`)}">${e(word)}</button>${error}</li>`;
    })
    .join('');
}

/** The region's HTML for the state: a note while the definitions load or after they failed, else the form. */
export function renderFieldsRegion(s: TabState): string {
  const refresh = `<button type="button" id="refresh-fields" class="secondary" title="${a(l10n.t('Load the account’s ticket fields and forms again'))}">${e(l10n.t('Refresh Fields'))}</button>`;
  const head = (extra: string) =>
    `<div class="fields-head"><h2 id="fields-title">${e(l10n.t('Fields'))}</h2>${extra} ${refresh}</div>`;
  const f = s.form;
  if (!f) {
    const note =
      s.formStatus.phase === 'failed'
        ? `<p class="field-error" role="alert">${e(s.formStatus.message ?? '')}</p>`
        : `<p class="hint" role="status">${e(l10n.t('Loading the ticket fields…'))}</p>`;
    return head('') + note;
  }
  const formStaged = 'ticket_form_id' in s.staged;
  const formPicker =
    f.forms.length > 1
      ? ` <label for="form-select" class="prop-label">${e(l10n.t('Form'))}</label> <select id="form-select">${f.forms.map((o) => `<option value="${a(o.value)}"${o.value === String(f.formId) ? ' selected' : ''}>${e(o.label)}</option>`).join('')}</select>${formStaged ? undo('ticket_form_id', l10n.t('Form')) : ''}`
      : '';
  const missing = f.missing.length
    ? `<p class="field-error" role="alert" id="fields-missing">${e(l10n.t('Fill in before submitting: {0}.', f.missing.map((m) => m.label).join(', ')))}</p>`
    : '';
  const tags = `<div class="prop${f.tags.changed ? ' staged' : ''}${f.tags.error ? ' invalid' : ''}"><label for="tags-input">${e(l10n.t('Tags'))}</label> <input type="text" id="tags-input" value="${a(f.tags.value.join(' '))}" aria-describedby="tags-hint"${f.tags.error ? ' aria-invalid="true"' : ''}> <span class="hint" id="tags-hint">${e(l10n.t('separated by spaces'))}</span>${f.tags.changed ? undo('tags', l10n.t('Tags')) : ''}${f.tags.error ? `<p class="field-error" role="alert">${e(f.tags.error)}</p>` : ''}</div>`;
  const ccs = `<div class="prop people"><span class="prop-label" id="ccs-label">${e(l10n.t('CCs'))}</span><ul aria-labelledby="ccs-label" id="ccs">${people(f.ccs, 'cc')}</ul><input type="email" id="cc-input" aria-labelledby="ccs-label" placeholder="${a(l10n.t('name@example.com'))}"> <button type="button" id="add-cc" class="secondary">${e(l10n.t('Add CC'))}</button></div>`;
  const followers = `<div class="prop people"><span class="prop-label" id="followers-label">${e(l10n.t('Followers'))}</span><ul aria-labelledby="followers-label" id="followers">${people(f.followers, 'follower')}</ul><button type="button" id="add-follower" class="secondary">${e(l10n.t('Add Follower…'))}</button></div>`;
  return `${head(formPicker)}${missing}<div class="fields-grid">${f.fields.map(fieldHtml).join('')}${tags}${ccs}${followers}</div>`;
}
