// The composer's preview: the reply's Markdown as the requester will see it. Zendesk renders an agent's comment `body`
// as Markdown into the comment's `html_body` ("Markdown formatting is supported in body but not in html_body",
// https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#create-ticket; the agent's Markdown commands,
// https://support.zendesk.com/hc/en-us/articles/4408846544922), and the ticket page shows that `html_body` through the
// comment sanitiser. The preview does the same two steps, so it shows what the conversation will show once sent.
// Plain Node, no `vscode` import: unit-tested without VS Code.
import * as l10n from '@vscode/l10n';
import MarkdownIt from 'markdown-it';
import { escapeHtml, escapeHtmlText } from '../../escape';
import { LINK_SCHEMES } from './htmlPolicy';
import { sanitizeHtml, type SanitizeOptions } from './sanitize';

// Zendesk's exact dialect is not documented: CommonMark, raw HTML shown as text (HTML belongs in `html_body`), a
// single newline as a line break (as Zendesk's editor shows a note's lines) and bare addresses made links.
const md = new MarkdownIt({ html: false, linkify: true, breaks: true });

// Only absolute web and mail links (and images from the web) come out as links: `javascript:`, `data:`, `file:` and
// relative addresses stay the text the agent typed. The sanitiser checks again; this keeps the preview honest.
md.validateLink = (url: string) => {
  const scheme = /^([a-z][a-z0-9+.-]*:)/i.exec(url.trim())?.[1]?.toLowerCase();
  return scheme !== undefined && LINK_SCHEMES.includes(scheme);
};

// Zendesk marks its text blocks `dir="auto"` (recorded on paragraphs), so right-to-left text reads right.
const BLOCKS = new Set([
  'paragraph_open',
  'bullet_list_open',
  'ordered_list_open',
  'list_item_open',
  'blockquote_open',
  'heading_open',
]);
md.core.ruler.push('zendesk_dir', (state) => {
  for (const t of state.tokens) if (BLOCKS.has(t.type)) t.attrSet('dir', 'auto');
  return true;
});

/** The `html_body` Zendesk makes of an agent's Markdown `body` (before the page's sanitiser). */
export function markdownToHtml(markdown: string): string {
  return `<div dir="auto">${md.render(markdown).trim()}</div>`;
}

/**
 * The preview the page shows for the composer's text: Zendesk's rendering of it, through the same sanitiser as every
 * comment of the conversation (images only from the account's hosts, links only http, https and mailto).
 */
export function renderPreview(markdown: string, o: SanitizeOptions): string {
  return sanitizeHtml(markdownToHtml(markdown), o);
}

/** The composer's "Write | Preview" tabs, placed above the reply's text, `view` selected (the tab's state keeps it
 * across a full redraw); page/preview.ts switches them. */
export function previewTabsHtml(view: 'write' | 'preview' = 'write'): string {
  const a = escapeHtml;
  const e = escapeHtmlText;
  const preview = view === 'preview';
  return (
    `<div class="composer-tabs" role="tablist" aria-label="${a(l10n.t('Reply view'))}">` +
    `<button type="button" role="tab" id="write-tab" aria-selected="${!preview}" aria-controls="body"${preview ? ' tabindex="-1"' : ''}>${e(l10n.t('Write'))}</button>` +
    `<button type="button" role="tab" id="preview-tab" aria-selected="${preview}" aria-controls="preview"${preview ? '' : ' tabindex="-1"'} title="${a(l10n.t('The reply as the requester will see it'))}">${e(l10n.t('Preview'))}</button>` +
    `</div>`
  );
}

/** The preview's panel, placed after the reply's text; filled when the page asks for a preview. */
export function previewPanelHtml(view: 'write' | 'preview' = 'write'): string {
  return (
    // l10n: not user-facing (markup; its one text is the l10n.t below)
    `<div id="preview" class="preview comment-body" role="tabpanel" aria-labelledby="preview-tab" tabindex="0" ` +
    `data-empty="${escapeHtml(l10n.t('Nothing to preview yet: write the reply first.'))}"${view === 'preview' ? '' : ' hidden'}></div>`
  );
}
