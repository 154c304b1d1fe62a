// In the page: an image of a comment that does not load (gone from the account, or refused by the page's CSP) shows
// as a link to its address, as sanitize.ts shows an image from another host, never as a broken-image icon. The CSP
// allows no inline handler (`onerror`), so one listener on the document catches every image's error.

/** Swaps a failed image for a link `[alt]` to its address (http or https only; anything else stays text). */
function asLink(img: HTMLImageElement, fallbackAlt: string): void {
  const label = `[${img.alt.trim() || fallbackAlt}]`;
  const src = img.getAttribute('src') ?? '';
  let replacement: Node;
  if (/^https?:/i.test(src)) {
    const a = img.ownerDocument.createElement('a');
    a.href = src;
    a.textContent = label;
    replacement = a;
  } else {
    replacement = img.ownerDocument.createTextNode(label);
  }
  img.replaceWith(replacement);
}

export function showFailedImagesAsLinks(doc: Document, fallbackAlt: string): void {
  // `error` does not bubble: listen while it goes down (capture).
  doc.addEventListener(
    'error',
    (e) => {
      const img = e.target;
      if (img instanceof HTMLImageElement && img.closest('.comment-body')) asLink(img, fallbackAlt);
    },
    true,
  );
}
