// In the page: every comment's HTML goes through DOMPurify, with the browser's own parser, before it joins the page.
// The extension host has already sanitised it (sanitize.ts); this is the second, independent check (defence in depth),
// holding the same allowlist (htmlPolicy.ts). The page renders each body as `data-html` on its `.comment-body` (an
// attribute value cannot break out of its element), and this module fills it in, now and whenever the page adds more.
import DOMPurify from 'dompurify';
import { ALLOWED_ATTRIBUTES, ALLOWED_TAGS, IMAGE_SCHEMES, LINK_SCHEMES } from '../htmlPolicy';

const EVERY = new Set(ALLOWED_ATTRIBUTES['*'] ?? []);
const ALL_ATTRIBUTES = [...new Set(Object.values(ALLOWED_ATTRIBUTES).flat())];

/** The scheme of an absolute address, as a browser reads it (control characters and whitespace ignored). */
function schemeOf(value: string): string | undefined {
  return /^([a-z][a-z0-9+.-]*:)/i.exec(value.replace(/[\u0000-\u0020\u007f-\u009f]/g, ''))?.[1]?.toLowerCase();
}

const purify = DOMPurify(window);
// Attributes by element, as htmlPolicy says (DOMPurify's own list is one list for every element), and addresses
// checked whole: links http, https or mailto, images http or https (DOMPurify would let a `data:` image through).
purify.addHook('uponSanitizeAttribute', (node, data) => {
  const tag = node.nodeName.toLowerCase();
  const name = data.attrName;
  if (!EVERY.has(name) && !(ALLOWED_ATTRIBUTES[tag] ?? []).includes(name)) {
    data.keepAttr = false;
    return;
  }
  if (name === 'href' || name === 'src') {
    const scheme = schemeOf(data.attrValue);
    if (!scheme || !(name === 'href' ? LINK_SCHEMES : IMAGE_SCHEMES).includes(scheme)) data.keepAttr = false;
  }
});

const CONFIG = {
  ALLOWED_TAGS: [...ALLOWED_TAGS],
  ALLOWED_ATTR: ALL_ATTRIBUTES,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i,
  RETURN_DOM_FRAGMENT: true as const,
};

/** Replaces the element's content with the HTML, after DOMPurify. */
export function setSafeHtml(el: Element, html: string): void {
  el.replaceChildren(purify.sanitize(html, CONFIG));
}

/** What DOMPurify took out of the last HTML it was given (the measurement in test/e2e reads this too). */
export function lastRemoved(): number {
  return purify.removed.length;
}

/** Fills in every `[data-html]` under the root (the root included) and drops the attribute: it is done once. */
export function fillCommentBodies(root: ParentNode): void {
  const found = root instanceof Element && root.hasAttribute('data-html') ? [root] : [];
  for (const el of [...found, ...Array.from(root.querySelectorAll('[data-html]'))]) {
    const html = el.getAttribute('data-html') ?? '';
    el.removeAttribute('data-html');
    setSafeHtml(el, html);
  }
}

/** Fills in the bodies the page has, and those it gets later (a page updated in place). */
export function watchCommentBodies(doc: Document): void {
  fillCommentBodies(doc.body);
  new MutationObserver((records) => {
    for (const r of records) {
      for (const n of Array.from(r.addedNodes)) if (n instanceof Element) fillCommentBodies(n);
      if (r.type === 'attributes' && r.target instanceof Element && r.target.hasAttribute('data-html')) {
        fillCommentBodies(r.target);
      }
    }
  }).observe(doc.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-html'] });
}
