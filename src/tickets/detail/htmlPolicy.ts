// What a comment's HTML may hold in the ticket page: the one allowlist that both sanitisers apply, sanitize.ts in the
// extension host and DOMPurify in the page itself (page/safeHtml.ts). Plain data, no `vscode` and no DOM, so the
// page's bundle and the host's share it rather than keep two lists that drift.

/** Elements a comment may keep (anything else goes; see sanitize.ts for which go with their content). */
export const ALLOWED_TAGS: readonly string[] = [
  'a',
  'abbr',
  'b',
  'blockquote',
  'br',
  'caption',
  'code',
  'del',
  'div',
  'em',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'i',
  'img',
  'ins',
  'kbd',
  'li',
  'mark',
  'ol',
  'p',
  'pre',
  's',
  'small',
  'span',
  'strike',
  'strong',
  'sub',
  'sup',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'u',
  'ul',
];

/** Attributes by element; '*' is for every allowed element. No handlers, no `style`, `class` or `id`. */
export const ALLOWED_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  '*': ['title', 'dir', 'lang'],
  a: ['href'],
  img: ['src', 'alt', 'width', 'height'],
  td: ['colspan', 'rowspan'],
  th: ['colspan', 'rowspan'],
  ol: ['start'],
};

/** Schemes a link may have once resolved; a link with any other loses its address and reads as text. */
export const LINK_SCHEMES: readonly string[] = ['http:', 'https:', 'mailto:'];
/** Schemes an image may load from (and only from the account's own hosts: the page's CSP says which). */
export const IMAGE_SCHEMES: readonly string[] = ['http:', 'https:'];
