// The New Ticket page's HTML, built in plain Node from the form's state: every value escaped, the ticket page's
// Content-Security-Policy (the extension's own scripts by nonce, images only from the account's host, for the
// preview), and the ticket page's "Write | Preview" composer (detail/preview.ts), whose page script
// (dist/webview/detailPage.js) renders the preview through DOMPurify. The page's behaviour lives in
// media/create/create.js: it puts the regions in place and reports what the agent types and picks.
import * as l10n from '@vscode/l10n';
import { escapeHtml, escapeHtmlText } from '../../escape';
import { pageShell, type PageAssets } from '../detail/detailPage';
import { fieldHtml } from '../detail/fieldsRegion';
import { fieldKey } from '../detail/stagedFields';
import { previewPanelHtml, previewTabsHtml } from '../detail/preview';
import type { Choice, FormState } from './newTicketForm';

/** The parts of the page the extension draws and the page replaces when they change; the text the agent types,
 * the focus and the scroll stay. */
export type FormRegions = Record<
  | 'notice'
  | 'account'
  | 'matches'
  | 'requesterSummary'
  | 'properties'
  | 'fields'
  | 'requesterError'
  | 'subjectError'
  | 'commentError'
  | 'tagsError'
  | 'otherErrors',
  string
>;

export interface FormUpdate {
  type: 'state';
  title: string;
  /** Each region's HTML by the id of its element on the page. */
  regions: Record<string, string>;
  /** The text fields' values, applied by the page when `version` changed. */
  values: Pick<FormState['values'], 'requesterText' | 'subject' | 'body' | 'tags' | 'mode'>;
  version: number;
  busy?: string;
  submitLabel: string;
}

/** Errors that have a place next to a control; any other field Zendesk names is listed under the form. */
const PLACED = new Set([
  'requester',
  'requester_id',
  'subject',
  'comment',
  'tags',
  'priority',
  'type',
  'status',
  'custom_status_id',
  'group_id',
  'assignee_id',
]);

export function formUpdate(s: FormState): FormUpdate {
  const { requesterText, subject, body, tags, mode } = s.values;
  return {
    type: 'state',
    title: s.title,
    regions: Object.fromEntries(
      Object.entries(regions(s)).map(([k, html]) => [REGION_IDS[k as keyof FormRegions], html]),
    ),
    values: { requesterText, subject, body, tags, mode },
    version: s.version,
    ...(s.busy ? { busy: s.busy } : {}),
    submitLabel: s.submitLabel,
  };
}

const e = escapeHtmlText;
const a = escapeHtml;

function options(choices: readonly Choice[], selected: string, none?: string): string {
  const opt = (c: Choice) =>
    `<option value="${a(c.value)}"${c.value === selected ? ' selected' : ''}>${e(c.label)}</option>`;
  return `${none !== undefined ? `<option value=""${selected === '' ? ' selected' : ''}>${e(none)}</option>` : ''}${choices.map(opt).join('')}`;
}

function error(s: FormState, id: string, ...fields: string[]): string {
  const text = fields
    .map((f) => s.errors[f])
    .filter(Boolean)
    .join('; ');
  return text ? `<p class="field-error" id="${a(id)}" role="alert">${e(text)}</p>` : '';
}

function select(id: string, field: string, label: string, body: string, err: string): string {
  return `<div class="prop"><label for="${id}">${e(label)}</label><select id="${id}" data-choose="${field}"${err ? ` aria-describedby="${id}-error"` : ''}>${body}</select>${err}</div>`;
}

function regions(s: FormState): FormRegions {
  const v = s.values;
  const status = s.statuses
    .map((g) =>
      g.choices.length === 1 && g.choices[0].label === g.label
        ? options(g.choices, v.status)
        : `<optgroup label="${a(g.label)}">${options(g.choices, v.status)}</optgroup>`,
    )
    .join('');
  const properties = [
    select(
      'priority',
      'priority',
      l10n.t('Priority'),
      options(s.priorities, v.priority, '-'),
      error(s, 'priority-error', 'priority'),
    ),
    select('type', 'type', l10n.t('Type'), options(s.types, v.type, '-'), error(s, 'type-error', 'type')),
    select(
      'status',
      'status',
      l10n.t('Create as'),
      `<option value=""${v.status === '' ? ' selected' : ''}>${e(l10n.t('New (or Open when assigned)'))}</option>${status}`,
      error(s, 'status-error', 'status', 'custom_status_id'),
    ),
    select(
      'group',
      'group',
      l10n.t('Group'),
      options(s.groups, v.groupId === null ? '' : String(v.groupId), '-'),
      error(s, 'group-error', 'group_id'),
    ),
    select(
      'assignee',
      'assignee',
      l10n.t('Assignee'),
      options(s.agents, v.assigneeId === null ? '' : String(v.assigneeId), l10n.t('Unassigned')),
      error(s, 'assignee-error', 'assignee_id'),
    ),
  ].join('');
  // A field's own error is drawn at the field (fieldHtml), when the form shows it.
  const atFields = new Set(s.fields.map((f) => fieldKey(f.id)));
  const others = Object.keys(s.errors)
    .filter((f) => !PLACED.has(f) && !atFields.has(f))
    .map(
      (f) => `<p class="field-error" role="alert"><span class="field-name">${e(f)}</span>: ${e(s.errors[f] ?? '')}</p>`,
    )
    .join('');
  return {
    notice: s.notice
      ? `<div class="notice ${s.notice.kind}" role="${s.notice.kind === 'error' ? 'alert' : 'status'}">${e(s.notice.text)}</div>`
      : '',
    account:
      s.accounts.length > 1
        ? `<div class="prop"><label for="account">${e(l10n.t('Account'))}</label><select id="account" data-choose="account">${options(s.accounts, v.accountId)}</select></div>`
        : '',
    matches: s.requester.matches.length
      ? `<ul class="matches" role="listbox" aria-label="${a(l10n.t('People found'))}">${s.requester.matches.map((m) => `<li><button type="button" class="link" role="option" data-requester="${a(String(m.id))}">${e(m.label)}</button></li>`).join('')}</ul>`
      : s.requester.searching
        ? `<p class="hint" role="status">${e(l10n.t('Searching…'))}</p>`
        : '',
    requesterSummary: `<span class="hint">${e(l10n.t('Requester:'))}</span> <span id="requester-who">${e(s.requester.summary)}</span>`,
    properties,
    fields: fieldsRegion(s),
    requesterError: error(s, 'requester-error', 'requester', 'requester_id'),
    subjectError: error(s, 'subject-error', 'subject'),
    commentError: error(s, 'comment-error', 'comment', 'base'),
    tagsError: error(s, 'tags-error', 'tags'),
    otherErrors: others,
  };
}

/** The form picker (when the account has more than one active form) and the form's fields, drawn with the ticket
 * tab's controls; the page reports changes as `form` and `field` messages. */
function fieldsRegion(s: FormState): string {
  const picker =
    s.forms.length > 1
      ? `<div class="prop"><label for="form-select">${e(l10n.t('Form'))}</label><select id="form-select">${options(s.forms, String(s.formId ?? ''))}</select></div>`
      : '';
  return `${picker}<div class="fields-grid">${s.fields.map(fieldHtml).join('')}</div>`;
}

/** The words media/create/create.js shows, so that the script holds no English. */
function scriptText(): Record<string, string> {
  return {
    internalLabel: l10n.t('Description: an internal note (Markdown)'),
    publicLabel: l10n.t('Description: a public reply (Markdown)'),
  };
}

/** The page as first loaded; later states update it in place (`formUpdate`). */
export function renderFormPage(s: FormState, assets: PageAssets & { formStyleUri: string }): string {
  const r = regions(s);
  const v = s.values;
  const origins = /^https?:\/\//.test(s.baseUrl) ? [new URL(s.baseUrl).origin] : [];
  return pageShell({
    assets,
    imageOrigins: origins,
    styles: [assets.formStyleUri],
    title: l10n.t('New Ticket'),
    body: { class: 'new-ticket', 'data-l10n': JSON.stringify(scriptText()) },
    main: `
  <header class="ticket-head"><h1 id="heading">${e(l10n.t('New Ticket'))}</h1>
    <div class="actions"><button type="button" id="clear" class="secondary">${e(l10n.t('Clear Form'))}</button></div>
  </header>
  <div id="notice">${r.notice}</div>
  <section class="properties new-ticket-people" aria-label="${a(l10n.t('Who the ticket is for'))}">
    <div id="account-region">${r.account}</div>
    <div class="prop wide"><label for="requester">${e(l10n.t('Requester'))}</label>
      <input id="requester" type="text" autocomplete="off" value="${a(v.requesterText)}" placeholder="${a(l10n.t('Search by name or email, or type Ada Lovelace <ada@example.com>; empty: yourself'))}">
      <div id="requester-summary">${r.requesterSummary}</div>
      <div id="matches">${r.matches}</div>
      <div id="requester-error-region">${r.requesterError}</div>
    </div>
    <div class="prop wide"><label for="subject">${e(l10n.t('Subject'))}</label>
      <input id="subject" type="text" value="${a(v.subject)}">
      <div id="subject-error-region">${r.subjectError}</div>
    </div>
  </section>
  <section class="properties" id="properties" aria-label="${a(l10n.t('Ticket properties'))}">${r.properties}</section>
  <section class="properties" id="fields" aria-label="${a(l10n.t('Ticket form and fields'))}">${r.fields}</section>
  <div class="properties">
    <div class="prop wide"><label for="tags">${e(l10n.t('Tags'))}</label>
      <input id="tags" type="text" value="${a(v.tags)}" placeholder="${a(l10n.t('Separated by spaces or commas'))}">
      <div id="tags-error-region">${r.tagsError}</div>
    </div>
  </div>
  <section class="composer ${v.mode}" aria-labelledby="composer-title">
    <h2 id="composer-title">${e(l10n.t('Description'))}</h2>
    <fieldset class="mode" id="composer-mode">
      <legend>${e(l10n.t('First comment as'))}</legend>
      <label class="mode-choice public-choice"><input type="radio" name="mode" value="public"${v.mode === 'public' ? ' checked' : ''}> ${e(l10n.t('Public reply'))} <span class="hint">${e(l10n.t('the requester is sent it'))}</span></label>
      <label class="mode-choice internal-choice"><input type="radio" name="mode" value="internal"${v.mode === 'internal' ? ' checked' : ''}> ${e(l10n.t('Internal note'))} <span class="hint">${e(l10n.t('only agents see it'))}</span></label>
    </fieldset>
    <label for="body" id="body-label">${e(v.mode === 'internal' ? scriptText().internalLabel : scriptText().publicLabel)}</label>
    ${previewTabsHtml()}
    <textarea id="body" rows="10" spellcheck="true" placeholder="${a(l10n.t('Describe the problem. Ctrl+Enter creates the ticket.'))}">${e(v.body)}</textarea>
    ${previewPanelHtml()}
    <div id="comment-error-region">${r.commentError}</div>
    <div id="other-errors">${r.otherErrors}</div>
    <div class="submit-row"><button type="button" id="create" class="primary">${e(s.submitLabel)}</button></div>
    <div id="progress" class="progress" role="status" aria-live="polite" hidden><span id="progress-text"></span> <button type="button" id="cancel" class="secondary">${e(l10n.t('Cancel'))}</button></div>
  </section>
`,
  });
}

/** The region ids of the page, by region: the page script and the page's HTML agree through this. */
export const REGION_IDS: Record<keyof FormRegions, string> = {
  notice: 'notice',
  account: 'account-region',
  matches: 'matches',
  requesterSummary: 'requester-summary',
  properties: 'properties',
  fields: 'fields',
  requesterError: 'requester-error-region',
  subjectError: 'subject-error-region',
  commentError: 'comment-error-region',
  tagsError: 'tags-error-region',
  otherErrors: 'other-errors',
};
