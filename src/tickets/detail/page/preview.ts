// In the page: the composer's "Write | Preview" tabs. Preview asks the extension to render the reply's Markdown
// (src/tickets/detail/preview.ts, the way Zendesk will) and shows the answer through DOMPurify like every comment.
// The page talks to the extension through the one API object media/detail/detail.js acquired and hands over.
import { setSafeHtml } from './safeHtml';

export interface PostMessage {
  postMessage(message: unknown): void;
}

export function wirePreview(doc: Document, api: PostMessage): void {
  const writeTab = doc.getElementById('write-tab');
  const previewTab = doc.getElementById('preview-tab');
  const panel = doc.getElementById('preview');
  const body = doc.getElementById('body');
  if (!(writeTab && previewTab && panel && body instanceof HTMLTextAreaElement)) return;
  // The extension drew the page in the view its state keeps (a full redraw shows the one the agent chose).
  let previewing = previewTab.getAttribute('aria-selected') === 'true';

  const show = (preview: boolean, focus: boolean) => {
    if (preview !== previewing) api.postMessage({ type: 'composerView', view: preview ? 'preview' : 'write' });
    previewing = preview;
    writeTab.setAttribute('aria-selected', String(!preview));
    previewTab.setAttribute('aria-selected', String(preview));
    writeTab.tabIndex = preview ? -1 : 0;
    previewTab.tabIndex = preview ? 0 : -1;
    body.hidden = preview;
    panel.hidden = !preview;
    if (preview) {
      panel.setAttribute('aria-busy', 'true');
      api.postMessage({ type: 'preview', body: body.value });
    }
    if (focus) (preview ? previewTab : writeTab).focus();
  };
  if (previewing) api.postMessage({ type: 'preview', body: body.value });
  writeTab.addEventListener('click', () => show(false, false));
  previewTab.addEventListener('click', () => show(true, false));
  // Arrow keys move between the two tabs, as in any tab list.
  for (const tab of [writeTab, previewTab]) {
    tab.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
        e.preventDefault();
        show(!previewing, true);
      }
    });
  }

  window.addEventListener('message', (event: MessageEvent) => {
    const msg: unknown = event.data;
    if (!msg || typeof msg !== 'object' || (msg as { type?: unknown }).type !== 'preview') return;
    const html = (msg as { html?: unknown }).html;
    if (!previewing || typeof html !== 'string') return;
    panel.removeAttribute('aria-busy');
    if (body.value.trim()) setSafeHtml(panel, html);
    else panel.textContent = panel.dataset.empty ?? '';
  });
}
