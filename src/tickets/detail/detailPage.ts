// The ticket page's HTML, built in plain Node from the view model: every value escaped, comment bodies already
// sanitised, a Content-Security-Policy that allows only the extension's own script (by nonce) and stylesheet, and
// images only from the account's and the attachments' hosts. The page's behaviour lives in media/detail/detail.js.
import * as l10n from '@vscode/l10n';
import type { TicketPriority, TicketStatus } from '../../zendesk/types';
import type { Draft } from '../drafts';
import type { FileItem } from './composerFiles';
import type { DetailView } from './detailModel';
import { escapeAttr, escapeText } from './sanitize';

export interface PageAssets {
  /** The webview's own source (`webview.cspSource`), for the stylesheet. */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
}

export interface PageState {
  accountId: string;
  view: DetailView;
  draft?: Draft;
  /** The signed-in user: "Assign to Me" is offered unless they are the assignee. */
  meId: number;
  notice?: { kind: 'error' | 'info'; text: string };
  /** Zendesk's 422 details by field (`comment`, `status`, `priority`, `assignee_id`, `uploads`, `base`). */
  fieldErrors?: Record<string, string>;
  /** The files attached to the reply: uploaded, on their way, or failed. */
  files?: FileItem[];
}

const STATUSES: TicketStatus[] = ['new', 'open', 'pending', 'hold', 'solved'];
const PRIORITIES: (TicketPriority | '')[] = ['', 'low', 'normal', 'high', 'urgent'];
const label = (s: string) => (s ? s[0].toUpperCase() + s.slice(1) : '-');

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

export function renderDetailPage(s: PageState, assets: PageAssets): string {
  const v = s.view;
  const e = escapeText;
  const a = escapeAttr;
  const errs = s.fieldErrors ?? {};
  const fieldError = (field: string, id: string) => (errs[field] ? `<p class="field-error" id="${id}" role="alert">${e(errs[field])}</p>` : '');
  const mode = s.draft?.mode;
  const submitStatus = s.draft?.status ?? v.status;
  const statusOptions = (selected: string) => STATUSES.map((st) => `<option value="${st}"${st === selected ? ' selected' : ''}>${label(st)}</option>`).join('');
  const comments = v.comments.map((c) => `
      <li class="comment ${c.public ? 'public' : 'internal'}${c.authorRole === 'end-user' ? ' requester' : ''}" aria-label="${a(`${c.public ? 'Public reply' : 'Internal note'} by ${c.author}, ${c.created}`)}">
        <header class="comment-head">
          <span class="author">${e(c.author)}</span>
          <span class="kind">${c.public ? 'Public reply' : 'Internal note'}</span>
          <time datetime="${a(c.created)}" title="${a(c.created)}">${e(c.createdAgo)}</time>
        </header>
        <div class="comment-body">${c.html}</div>
        ${c.attachments.length ? `<ul class="attachments" aria-label="Attachments">${c.attachments.map((x) => `<li><a href="${a(x.url)}">${e(x.name)}</a>${x.size ? ` <span class="size">${e(x.size)}</span>` : ''}</li>`).join('')}</ul>` : ''}
      </li>`).join('');
  const notice = s.notice ? `<div class="notice ${s.notice.kind}" role="${s.notice.kind === 'error' ? 'alert' : 'status'}">${e(s.notice.text)}</div>` : '';
  const assignedToMe = v.assigneeId === s.meId;
  const files = s.files ?? [];
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${a(contentSecurityPolicy(assets, v.imageOrigins))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${a(assets.styleUri)}">
<title>#${v.id} ${e(v.subject)}</title>
</head>
<body data-account="${a(s.accountId)}" data-ticket="${v.id}">
<main>
  <header class="ticket-head">
    <h1><span class="ticket-id">#${v.id}</span> ${e(v.subject)}</h1>
    <div class="actions">
      <button type="button" id="refresh" class="secondary" title="Load the ticket again">Refresh</button>
      <a href="${a(v.agentUrl)}" class="button-link">Open in Zendesk</a>
    </div>
  </header>
  ${notice}
  <section class="properties" aria-label="Ticket properties">
    <div class="prop"><label for="status">Status</label>
      <select id="status" data-field="status"${errs.status ? ' aria-describedby="status-error"' : ''}>${statusOptions(v.status)}</select>${fieldError('status', 'status-error')}</div>
    <div class="prop"><label for="priority">Priority</label>
      <select id="priority" data-field="priority"${errs.priority ? ' aria-describedby="priority-error"' : ''}>${PRIORITIES.map((p) => `<option value="${p}"${p === (v.priority ?? '') ? ' selected' : ''}>${p ? label(p) : '-'}</option>`).join('')}</select>${fieldError('priority', 'priority-error')}</div>
    <div class="prop"><span class="prop-label" id="assignee-label">Assignee</span>
      <span aria-labelledby="assignee-label">${e(v.assignee)}</span>
      ${assignedToMe ? '' : '<button type="button" id="assign-me" class="secondary">Assign to Me</button>'}${v.groupId ? '<button type="button" id="assign" class="secondary" title="Choose an agent of the ticket\'s group">Assign…</button>' : ''}${fieldError('assignee_id', 'assignee-error')}</div>
    <dl>
      <div><dt>Requester</dt><dd>${e(v.requester)}</dd></div>
      <div><dt>Group</dt><dd>${e(v.group)}</dd></div>
      <div><dt>Type</dt><dd>${e(label(v.type ?? ''))}</dd></div>
      <div><dt>Tags</dt><dd>${v.tags.length ? v.tags.map((t) => `<span class="tag">${e(t)}</span>`).join(' ') : '-'}</dd></div>
      <div><dt>Created</dt><dd>${e(v.created)}</dd></div>
      <div><dt>Updated</dt><dd>${e(v.updated)}</dd></div>
    </dl>
  </section>
  <section class="conversation" aria-labelledby="conversation-title">
    <h2 id="conversation-title">Conversation <span class="count">(${v.comments.length})</span></h2>
    <ol class="comments">${comments}
    </ol>
  </section>
  <section class="composer${mode === 'internal' ? ' internal' : mode === 'public' ? ' public' : ''}" aria-labelledby="composer-title">
    <h2 id="composer-title">Respond</h2>
    <fieldset class="mode" ${errs.comment ? 'aria-describedby="comment-error"' : ''}>
      <legend>Reply as</legend>
      <label class="mode-choice public-choice"><input type="radio" name="mode" value="public"${mode === 'public' ? ' checked' : ''}> Public reply <span class="hint">the requester sees it</span></label>
      <label class="mode-choice internal-choice"><input type="radio" name="mode" value="internal"${mode === 'internal' ? ' checked' : ''}> Internal note <span class="hint">only agents see it</span></label>
    </fieldset>
    <label for="body" id="body-label">${mode === 'internal' ? 'Internal note' : mode === 'public' ? 'Public reply' : 'Reply'} (Markdown)</label>
    <textarea id="body" rows="8" spellcheck="true" placeholder="Choose Public reply or Internal note, then write here. Ctrl+Enter submits.">${e(s.draft?.body ?? '')}</textarea>
    ${fieldError('comment', 'comment-error')}${fieldError('base', 'base-error')}
    <div class="attach-row">
      <button type="button" id="attach" class="secondary" aria-describedby="drop-hint">${e(l10n.t('Attach Files…'))}</button>
      <span class="hint" id="drop-hint">${e(l10n.t('or drop files here (hold Shift while dragging); at most 50 MB each'))}</span>
    </div>
    <ul id="files" class="files" aria-label="${a(l10n.t('Files to attach'))}">${renderFileItems(files)}</ul>
    ${fieldError('uploads', 'uploads-error')}
    <div class="submit-row">
      <label for="submit-status">Submit as</label>
      <select id="submit-status">${statusOptions(submitStatus)}</select>
      <button type="button" id="submit" class="primary"${files.some((f) => f.state === 'uploading') ? ' disabled' : ''}>Submit as ${e(label(submitStatus))}</button>
    </div>
    <p id="composer-problem" class="field-error" role="alert" hidden></p>
    <div id="progress" class="progress" role="status" aria-live="polite" hidden><span id="progress-text"></span> <button type="button" id="cancel" class="secondary">Cancel</button></div>
    <p class="draft-note" id="draft-note">${s.draft?.body || s.draft?.attachments?.length ? 'Draft kept until Zendesk accepts it.' : ''}</p>
  </section>
</main>
<script nonce="${a(assets.nonce)}" src="${a(assets.scriptUri)}"></script>
</body>
</html>`;
}

/** The composer's files as list items, every value escaped. The page shows this again, as it is, each time the
 * list changes (`{ type: 'files', html }`), so the markup is decided here only. Buttons carry the file's id for the
 * page's delegated click handler; each has a label that names the file, for screen readers. */
export function renderFileItems(items: readonly FileItem[]): string {
  const e = escapeText;
  const a = escapeAttr;
  return items.map((f) => {
    const state = f.state === 'uploading'
      ? `<progress aria-label="${a(l10n.t('Uploading {0}', f.name))}"></progress> <span class="file-state">${e(l10n.t('Uploading…'))}</span>`
      : f.state === 'uploaded' ? `<span class="file-state">${e(l10n.t('Attached'))}</span>`
        : `<span class="file-state file-problem" role="alert">${e(f.problem ?? l10n.t('Not attached.'))}</span>`;
    const retry = f.state === 'failed' && f.canRetry ? ` <button type="button" class="secondary" data-retry="${a(f.id)}" aria-label="${a(l10n.t('Retry uploading {0}', f.name))}">${e(l10n.t('Retry'))}</button>` : '';
    const remove = ` <button type="button" class="secondary" data-remove="${a(f.id)}" aria-label="${a(l10n.t('Remove {0}', f.name))}">${e(l10n.t('Remove'))}</button>`;
    return `<li class="file ${f.state}"><span class="file-name">${e(f.name)}</span> <span class="size">${e(f.size)}</span> ${state}${retry}${remove}</li>`;
  }).join('');
}

/** An origin as a CSP source; anything that could widen the policy (spaces, semicolons, quotes) is dropped. */
function cspToken(origin: string): string {
  return /^https?:\/\/[A-Za-z0-9.\-[\]:]+$/.test(origin) ? origin : '';
}
