// The ticket page's HTML, built in plain Node from the view model: every value escaped, comment bodies already
// sanitised, a Content-Security-Policy that allows only the extension's own script (by nonce) and stylesheet, and
// images only from the account's and the attachments' hosts. The page's behaviour lives in media/detail/detail.js.
// A comment body goes in as `data-html` (an attribute value, which cannot break out of its element): the page's own
// script (page/safeHtml.ts) runs DOMPurify on it and fills it in, a second check after sanitize.ts.
import * as l10n from '@vscode/l10n';
import { MAX_UPLOAD_BYTES } from '../../zendesk/api';
import type { FileItem } from './composerFiles';
import { valueLabel } from '../format';
import { PRIORITIES, type StatusVocabulary } from '../statuses';
import type { DetailView } from './detailModel';
import type { FieldState, TabState } from './controller';
import { escapeHtml, escapeHtmlText } from '../../escape';
import { previewPanelHtml, previewTabsHtml } from './preview';
import { renderFieldsRegion } from './fieldsRegion';
import { fieldKey } from './stagedFields';

const label = valueLabel;

export interface PageAssets {
  /** The webview's own source (`webview.cspSource`), for the stylesheet. */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  /** The page's second script (dist/webview/detailPage.js): comment HTML through DOMPurify, the preview. */
  pageScriptUri: string;
  styleUri: string;
}

/** The words media/detail/detail.js shows, so that the script itself holds no English. */
function scriptText(): Record<string, unknown> {
  return {
    internalLabel: l10n.t('Internal note (Markdown)'),
    publicLabel: l10n.t('Public reply (Markdown)'),
    waitForUploads: l10n.t('Wait until the files are uploaded, then submit.'),
    // The script fills in the file name: '{0}' stays in the text for it.
    unreadable: l10n.t('{0} could not be read. Attach it with Attach Files… instead.', '{0}'),
    needsText: l10n.t('Zendesk needs text with every comment, attachments too: write a reply, then submit.'),
    // An image that does not load, and has no alt text, shows as a link "[image]" (page/imageFallback.ts).
    image: l10n.t('image'),
  };
}

export function contentSecurityPolicy(assets: PageAssets, imageOrigins: readonly string[]): string {
  return [
    "default-src 'none'",
    `img-src ${imageOrigins.map(cspToken).join(' ')}`,
    `style-src ${assets.cspSource}`,
    `script-src 'nonce-${assets.nonce}'`,
    "form-action 'none'",
    "base-uri 'none'",
    "frame-src 'none'",
  ].join('; ');
}

/**
 * The document around each of the extension's pages (the ticket tab, New Ticket): doctype, the Content-Security-Policy
 * meta, viewport, stylesheets, title, and the page's two scripts under its nonce (the page script, then the page's
 * own). The body's attributes are escaped here; `main` is the page's own HTML, every value in it already escaped.
 */
export function pageShell(p: {
  assets: PageAssets;
  imageOrigins: readonly string[];
  /** Stylesheets after the shared one (assets.styleUri). */
  styles?: readonly string[];
  title: string;
  body: Record<string, string>;
  main: string;
}): string {
  const a = escapeHtml;
  const { assets } = p;
  const attrs = Object.entries(p.body)
    .map(([k, v]) => ` ${k}="${a(v)}"`)
    .join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${a(contentSecurityPolicy(assets, p.imageOrigins))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
${[assets.styleUri, ...(p.styles ?? [])].map((href) => `<link rel="stylesheet" href="${a(href)}">`).join('\n')}
<title>${escapeHtmlText(p.title)}</title>
</head>
<body${attrs}>
<main>${p.main}</main>
<script nonce="${a(assets.nonce)}" src="${a(assets.pageScriptUri)}"></script>
<script nonce="${a(assets.nonce)}" src="${a(assets.scriptUri)}"></script>
</body>
</html>`;
}

/** The fields whose 422 errors the page shows next to their control. */
const PLACED_ERROR_FIELDS = new Set(['status', 'priority', 'assignee_id', 'comment', 'base', 'uploads']);

/** The parts of the page the extension draws (every value escaped) and the page puts in place when they change;
 * the composer's text, the scroll position and the focus stay. */
export type Regions = Record<
  'notice' | 'heading' | 'properties' | 'fields' | 'conversation' | 'errors' | 'files' | 'staged',
  string
>;

/** What the page gets after its first load: the regions and the composer's state, never a new document. */
export interface PageUpdate {
  type: 'state';
  title: string;
  marked: boolean;
  regions: Regions;
  composer: TabState['composer'];
  filesBusy: boolean;
  busy?: TabState['busy'];
  /** How many fields are staged: Submit without text is possible with one. */
  staged: number;
}

export function pageUpdate(s: TabState): PageUpdate {
  return {
    type: 'state',
    title: s.title,
    marked: s.marked,
    regions: regions(s),
    composer: s.composer,
    filesBusy: s.filesBusy,
    ...(s.busy ? { busy: s.busy } : {}),
    staged: Object.keys(s.staged).length,
  };
}

function regions(s: TabState): Regions {
  const e = escapeHtmlText;
  const a = escapeHtml;
  const v = s.view as DetailView;
  const f = s.fields as NonNullable<TabState['fields']>;
  const statuses = s.statuses as StatusVocabulary;
  const errs = s.fieldErrors;
  const fieldError = (field: string, id: string) =>
    errs[field] ? `<p class="field-error" id="${id}" role="alert">${e(errs[field])}</p>` : '';
  const option = (st: { key: string; label: string }, selected: unknown) =>
    `<option value="${a(st.key)}"${st.key === selected ? ' selected' : ''}>${e(st.label)}</option>`;
  // The account's own statuses come grouped by category, as Zendesk's status picker shows them.
  const statusOptions = (selected: unknown) =>
    statuses.custom
      ? statuses
          .groups()
          .map(
            (g) => `<optgroup label="${a(g.label)}">${g.choices.map((st) => option(st, selected)).join('')}</optgroup>`,
          )
          .join('')
      : statuses.choices.map((st) => option(st, selected)).join('');
  // A staged field says so, with its own Undo; one someone else changed since staging started says that.
  const marks = (name: string, field: FieldState, label: string) =>
    `${field.staged ? ` <span class="staged-mark">${e(l10n.t('changed'))}</span> <button type="button" class="link" data-unstage="${a(name)}" aria-label="${a(l10n.t('Undo the change to {0}', label))}">${e(l10n.t('Undo'))}</button>` : ''}${field.changedByOthers ? ` <span class="others-mark" role="note">${e(l10n.t('changed by someone else'))}</span>` : ''}`;
  const cls = (field: FieldState) => `prop${field.staged ? ' staged' : ''}${field.changedByOthers ? ' others' : ''}`;
  const assignedToMe = s.meId !== undefined && f.assignee_id.value === s.meId;
  const properties = `
    <div class="${cls(f.status)}"><label for="status">${e(l10n.t('Status'))}</label>
      <select id="status" data-field="status"${errs.status ? ' aria-describedby="status-error"' : ''}>${statusOptions(f.status.value)}</select>${marks('status', f.status, l10n.t('Status'))}${fieldError('status', 'status-error')}</div>
    <div class="${cls(f.priority)}"><label for="priority">${e(l10n.t('Priority'))}</label>
      <select id="priority" data-field="priority"${errs.priority ? ' aria-describedby="priority-error"' : ''}>${['', ...PRIORITIES].map((p) => `<option value="${p}"${p === (f.priority.value ?? '') ? ' selected' : ''}>${p ? label(p) : '-'}</option>`).join('')}</select>${marks('priority', f.priority, l10n.t('Priority'))}${fieldError('priority', 'priority-error')}</div>
    <div class="${cls(f.assignee_id)}"><span class="prop-label" id="assignee-label">${e(l10n.t('Assignee'))}</span>
      <span id="assignee" aria-labelledby="assignee-label">${e(f.assignee_id.label)}</span>
      ${assignedToMe ? '' : `<button type="button" id="assign-me" class="secondary">${e(l10n.t('Assign to Me'))}</button>`}${v.groupId ? `<button type="button" id="assign" class="secondary" title="${a(l10n.t("Choose an agent of the ticket's group"))}">${e(l10n.t('Assign…'))}</button>` : ''}${marks('assignee_id', f.assignee_id, l10n.t('Assignee'))}${fieldError('assignee_id', 'assignee-error')}</div>
    <dl>
      <div${s.changedByOthers.includes('requester_id') ? ' class="others"' : ''}><dt>${e(l10n.t('Requester'))}</dt><dd>${e(v.requester)}</dd></div>
      ${
        // With the account's fields loaded, group, type and tags are edited in the Fields region.
        s.form
          ? ''
          : `<div${s.changedByOthers.includes('group_id') ? ' class="others"' : ''}><dt>${e(l10n.t('Group'))}</dt><dd>${e(v.group)}</dd></div>
      <div${s.changedByOthers.includes('type') ? ' class="others"' : ''}><dt>${e(l10n.t('Type'))}</dt><dd>${e(label(v.type ?? ''))}</dd></div>
      <div${s.changedByOthers.includes('tags') ? ' class="others"' : ''}><dt>${e(l10n.t('Tags'))}</dt><dd>${v.tags.length ? v.tags.map((t) => `<span class="tag">${e(t)}</span>`).join(' ') : '-'}</dd></div>`
      }
      <div><dt>${e(l10n.t('Created'))}</dt><dd>${e(v.created)}</dd></div>
      <div><dt>${e(l10n.t('Updated'))}</dt><dd>${e(v.updated)}</dd></div>
    </dl>`;
  const comments = v.comments
    .map(
      (c) => `
      <li class="comment ${c.public ? 'public' : 'internal'}${c.authorRole === 'end-user' ? ' requester' : ''}" data-comment="${a(String(c.id))}" aria-label="${a(c.public ? l10n.t('Public reply by {0}, {1}', c.author, c.created) : l10n.t('Internal note by {0}, {1}', c.author, c.created))}">
        <header class="comment-head">
          <span class="author">${e(c.author)}</span>
          <span class="kind">${e(c.public ? l10n.t('Public reply') : l10n.t('Internal note'))}</span>
          <time datetime="${a(c.created)}" title="${a(c.created)}">${e(c.createdAgo)}</time>
        </header>
        <div class="comment-body" data-html="${a(c.html)}"></div>
        ${c.attachments.length ? `<ul class="attachments" aria-label="${a(l10n.t('Attachments'))}">${c.attachments.map((x) => `<li><a href="${a(x.url)}">${e(x.name)}</a>${x.size ? ` <span class="size">${e(x.size)}</span>` : ''}</li>`).join('')}</ul>` : ''}
      </li>`,
    )
    .join('');
  // A 422 may name any field (a custom field's id, `subject`, `tags`...): those without a place on the page are
  // listed by name under the composer, never dropped.
  const shownAtField = (x: string) => s.form?.fields.some((f) => fieldKey(f.id) === x) ?? false;
  const otherErrors = Object.keys(errs)
    .filter((x) => !PLACED_ERROR_FIELDS.has(x) && !shownAtField(x))
    .map((x) => `<p class="field-error" role="alert"><span class="field-name">${e(x)}</span>: ${e(errs[x] ?? '')}</p>`)
    .join('');
  const stagedCount = Object.keys(s.staged).length;
  const others = s.changedByOthersLabels;
  return {
    notice: s.notice
      ? `<div class="notice ${s.notice.kind}" role="${s.notice.kind === 'error' ? 'alert' : 'status'}">${e(s.notice.text)}</div>`
      : '',
    heading: `<span class="ticket-id">#${e(String(v.id))}</span> ${e(v.subject)}`,
    properties,
    fields: renderFieldsRegion(s),
    conversation: `<h2 id="conversation-title">${e(l10n.t('Conversation'))} <span class="count">(${e(v.hasEarlier ? l10n.t('latest {0}', v.comments.length) : String(v.comments.length))})</span></h2>${earlierRow(s)}
    <ol class="comments">${comments}
    </ol>`,
    errors: `${fieldError('comment', 'comment-error')}${fieldError('base', 'base-error')}${fieldError('uploads', 'uploads-error')}${otherErrors}`,
    files: renderFileItems(s.files),
    staged: `${stagedCount ? `<span>${e(stagedCount === 1 ? l10n.t('1 change staged, not sent yet.') : l10n.t('{0} changes staged, not sent yet.', stagedCount))}</span> <button type="button" id="discard" class="secondary">${e(l10n.t('Discard Changes'))}</button>` : ''}${others.length ? ` <span class="others-mark" role="alert">${e(l10n.t('Changed by someone else since you started: {0}.', others.join(', ')))}</span>` : ''}`,
  };
}

/** "Show earlier comments" above the oldest loaded comment, while there are any: a progress line while a page is on
 * its way, and why the last one did not come (the button tries again). */
function earlierRow(s: TabState): string {
  const e = escapeHtmlText;
  if (!s.view?.hasEarlier) return '';
  const problem = s.earlier.problem ? `<p class="field-error" role="alert">${e(s.earlier.problem)}</p>` : '';
  return `<div class="earlier" id="earlier" aria-live="polite">${
    s.earlier.loading
      ? `<progress aria-labelledby="earlier-text"></progress> <span id="earlier-text">${e(l10n.t('Loading earlier comments…'))}</span>`
      : `<button type="button" id="earlier-comments" class="secondary">${e(l10n.t('Show earlier comments'))}</button>`
  }${problem}</div>`;
}

/** The page as first loaded: the regions in place, the composer empty until the first state fills it. Later states
 * update it in place (`pageUpdate`); the document is never replaced while the tab lives. */
export function renderDetailPage(s: TabState, assets: PageAssets): string {
  const v = s.view as DetailView;
  const e = escapeHtmlText;
  const a = escapeHtml;
  const r = regions(s);
  const mode = s.composer.mode;
  return pageShell({
    assets,
    imageOrigins: v.imageOrigins,
    title: `#${v.id} ${v.subject}`,
    body: {
      'data-account': s.accountId,
      'data-ticket': String(v.id),
      'data-max-upload': String(MAX_UPLOAD_BYTES),
      'data-l10n': JSON.stringify(scriptText()),
    },
    main: `
  <header class="ticket-head">
    <h1 id="heading">${r.heading}</h1>
    <div class="actions">
      <button type="button" id="refresh" class="secondary" title="${a(l10n.t('Load the ticket again'))}">${e(l10n.t('Refresh'))}</button>
      <a href="${a(v.agentUrl)}" class="button-link">${e(l10n.t('Open in Zendesk'))}</a>
    </div>
  </header>
  <div id="notice">${r.notice}</div>
  <section class="properties" id="properties" aria-label="${a(l10n.t('Ticket properties'))}">${r.properties}</section>
  <section class="ticket-fields" id="fields" aria-labelledby="fields-title">${r.fields}</section>
  <div id="staged" class="staged-bar" role="status">${r.staged}</div>
  <section class="conversation" id="conversation" aria-labelledby="conversation-title">${r.conversation}</section>
  <section class="composer ${mode}" aria-labelledby="composer-title">
    <h2 id="composer-title">${e(l10n.t('Respond'))}</h2>
    <fieldset class="mode" id="composer-mode">
      <legend>${e(l10n.t('Reply as'))} <span class="hint">${e(l10n.t('(Alt+M switches)'))}</span></legend>
      <label class="mode-choice public-choice"><input type="radio" name="mode" value="public"${mode === 'public' ? ' checked' : ''}> ${e(l10n.t('Public reply'))} <span class="hint">${e(l10n.t('the requester sees it'))}</span></label>
      <label class="mode-choice internal-choice"><input type="radio" name="mode" value="internal"${mode === 'internal' ? ' checked' : ''}> ${e(l10n.t('Internal note'))} <span class="hint">${e(l10n.t('only agents see it'))}</span></label>
    </fieldset>
    <label for="body" id="body-label">${e(mode === 'internal' ? l10n.t('Internal note (Markdown)') : l10n.t('Public reply (Markdown)'))}</label>
    ${previewTabsHtml(s.composer.view)}
    <textarea id="body" rows="8" spellcheck="true"${s.composer.view === 'preview' ? ' hidden' : ''} placeholder="${a(l10n.t('Write here. Ctrl+Enter submits; Alt+M switches between public reply and internal note.'))}">${e(s.composer.body)}</textarea>
    ${previewPanelHtml(s.composer.view)}
    <div id="errors">${r.errors}</div>
    <div class="attach-row">
      <button type="button" id="attach" class="secondary" aria-describedby="drop-hint">${e(l10n.t('Attach Files…'))}</button>
      <span class="hint" id="drop-hint">${e(l10n.t('or drop files here (hold Shift while dragging); at most 50 MB each'))}</span>
    </div>
    <ul id="files" class="files" aria-label="${a(l10n.t('Files to attach'))}">${r.files}</ul>
    <div class="submit-row">
      <button type="button" id="submit" class="primary">${e(s.composer.body.trim() ? s.composer.submitWithText : s.composer.submitWithoutText)}</button>
    </div>
    <p id="composer-problem" class="field-error" role="alert" hidden></p>
    <div id="progress" class="progress" role="status" aria-live="polite" hidden><span id="progress-text"></span> <button type="button" id="cancel" class="secondary">${e(l10n.t('Cancel'))}</button></div>
  </section>
`,
  });
}

/** The composer's files as list items, every value escaped. The page shows this again, as it is, each time the
 * list changes (`{ type: 'files', html }`), so the markup is decided here only. Buttons carry the file's id for the
 * page's delegated click handler; each has a label that names the file, for screen readers. */
export function renderFileItems(items: readonly FileItem[]): string {
  const e = escapeHtmlText;
  const a = escapeHtml;
  return items
    .map((f) => {
      const state =
        f.state === 'uploading'
          ? `<progress aria-label="${a(l10n.t('Uploading {0}', f.name))}"></progress> <span class="file-state">${e(l10n.t('Uploading…'))}</span>`
          : f.state === 'uploaded'
            ? `<span class="file-state">${e(l10n.t('Attached'))}</span>`
            : `<span class="file-state file-problem" role="alert">${e(f.problem ?? l10n.t('Not attached.'))}</span>`;
      const retry =
        f.state === 'failed' && f.canRetry
          ? ` <button type="button" class="secondary" data-retry="${a(f.id)}" aria-label="${a(l10n.t('Retry uploading {0}', f.name))}">${e(l10n.t('Retry'))}</button>`
          : '';
      const remove = ` <button type="button" class="secondary" data-remove="${a(f.id)}" aria-label="${a(l10n.t('Remove {0}', f.name))}">${e(l10n.t('Remove'))}</button>`;
      return `<li class="file ${f.state}"><span class="file-name">${e(f.name)}</span> <span class="size">${e(f.size)}</span> ${state}${retry}${remove}</li>`;
    })
    .join('');
}

/** An origin as a CSP source; anything that could widen the policy (spaces, semicolons, quotes) is dropped. */
function cspToken(origin: string): string {
  return /^https?:\/\/[A-Za-z0-9.\-[\]:]+$/.test(origin) ? origin : '';
}
