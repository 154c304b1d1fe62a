// The ticket page's second script (bundled by esbuild.mjs into dist/webview/detailPage.js, loaded under the page's
// nonce before media/detail/detail.js): comment HTML through DOMPurify, failed images as links, the composer preview.
// It holds no English: its words come from the page (`data-l10n`, rendered by the extension).
import { fieldValue } from './fieldValue';
import { showFailedImagesAsLinks } from './imageFallback';
import { wirePreview, type PostMessage } from './preview';
import { watchCommentBodies } from './safeHtml';

declare global {
  interface Window {
    /** detail.js hands over its VS Code API object (a page may acquire it only once); both pages read their field
     * controls with `fieldValue`. */
    zendeskPage?: { connect(api: PostMessage): void; fieldValue: typeof fieldValue };
  }
}

const words = JSON.parse(document.body.dataset.l10n || '{}') as { image?: string };
showFailedImagesAsLinks(document, words.image ?? 'image');
watchCommentBodies(document);
window.zendeskPage = { connect: (api) => wirePreview(document, api), fieldValue };
