// Turns a comment's `html_body` (written by anyone who can email the help desk) into HTML that is safe to show in the
// ticket webview. An allowlist, and sound by construction: the input is read as tokens and the output is written
// anew from those tokens, with only listed tags and attributes, every text and attribute value escaped, and every
// tag balanced. Nothing of the input is copied through as markup, so a trick the tokenizer misreads can at worst
// come out as visible text. No `vscode` import: unit-tested in plain Node against hostile HTML.
import * as l10n from '@vscode/l10n';
import { escapeHtml, escapeHtmlText } from '../../escape';
import { ALLOWED_ATTRIBUTES, ALLOWED_TAGS, IMAGE_SCHEMES, LINK_SCHEMES } from './htmlPolicy';

export interface SanitizeOptions {
  /** Relative links and image sources resolve against this (the account's base URL). */
  baseUrl: string;
  /** Origins images may load from (the account's and the attachments'); any other image becomes a link. */
  imageOrigins: readonly string[];
}

const ALLOWED = new Set(ALLOWED_TAGS);
const VOID = new Set(['br', 'hr', 'img']);
/** Elements dropped together with everything inside them. */
const DROP_SUBTREE = new Set([
  'script',
  'style',
  'iframe',
  'object',
  'embed',
  'applet',
  'svg',
  'math',
  'template',
  'noscript',
  'noembed',
  'noframes',
  'frameset',
  'frame',
  'textarea',
  'title',
  'xmp',
  'select',
  'option',
  'audio',
  'video',
  'canvas',
  'head',
  'plaintext',
  'portal',
  'dialog',
]);
/** Of those, the ones whose content the browser reads as raw text (no tags inside): skip straight to the end tag. */
const RAW_TEXT = new Set([
  'script',
  'style',
  'iframe',
  'noscript',
  'noembed',
  'noframes',
  'textarea',
  'title',
  'xmp',
  'plaintext',
]);
const ATTRS = ALLOWED_ATTRIBUTES;
const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  tab: '\t',
  newline: '\n',
  colon: ':',
};

export function sanitizeHtml(input: string, o: SanitizeOptions): string {
  const out: string[] = [];
  const open: string[] = [];
  let dropping: { name: string; depth: number } | undefined;
  let i = 0;
  const n = input.length;

  const text = (s: string) => {
    if (!dropping && s) out.push(escapeHtmlText(decodeEntities(s)));
  };

  while (i < n) {
    const lt = input.indexOf('<', i);
    if (lt < 0) {
      text(input.slice(i));
      break;
    }
    text(input.slice(i, lt));
    i = lt;
    if (input.startsWith('<!--', i)) {
      const end = input.indexOf('-->', i + 4);
      i = end < 0 ? n : end + 3;
      continue;
    }
    if (input[i + 1] === '!' || input[i + 1] === '?') {
      const end = input.indexOf('>', i);
      i = end < 0 ? n : end + 1;
      continue;
    }
    const tag = readTag(input, i);
    if (!tag) {
      text('<');
      i++;
      continue;
    }
    i = tag.end;
    const name = tag.name;
    if (dropping) {
      if (name === dropping.name) dropping.depth += tag.closing ? -1 : tag.selfClosing ? 0 : 1;
      if (dropping.depth <= 0) dropping = undefined;
      continue;
    }
    if (tag.closing) {
      // Only close what this sanitiser opened: a stray `</div>` cannot close the page's own containers.
      const at = open.lastIndexOf(name);
      if (at >= 0) while (open.length > at) out.push(`</${open.pop() as string}>`);
      continue;
    }
    if (DROP_SUBTREE.has(name)) {
      if (RAW_TEXT.has(name)) {
        // Raw text ends only at its own end tag; nothing inside is markup.
        const close = new RegExp(`</${name}[\\s/>]`, 'i').exec(input.slice(i));
        i = close ? i + close.index + close[0].length : n;
        if (close && !close[0].endsWith('>')) {
          const gt = input.indexOf('>', i - 1);
          i = gt < 0 ? n : gt + 1;
        }
      } else if (!tag.selfClosing) {
        dropping = { name, depth: 1 };
      }
      continue;
    }
    if (!ALLOWED.has(name)) continue; // unknown or unwanted tag: the tag goes, its content stays as text
    const attrs = safeAttributes(name, tag.attrs, o);
    if (attrs === undefined) {
      // An image from a host the page may not load from: a link to it instead, so the user can still open it.
      const src = resolveUrl(tag.attrs.get('src') ?? '', o.baseUrl);
      const alt = tag.attrs.get('alt')?.trim() || l10n.t('image');
      out.push(src ? `<a href="${escapeHtml(src)}">[${escapeHtmlText(alt)}]</a>` : `[${escapeHtmlText(alt)}]`);
      continue;
    }
    out.push(`<${name}${attrs}>`);
    if (!VOID.has(name)) open.push(name);
  }
  while (open.length) out.push(`</${open.pop() as string}>`);
  return out.join('');
}

interface Tag {
  name: string;
  closing: boolean;
  selfClosing: boolean;
  attrs: Map<string, string>;
  end: number;
}

/** Reads a tag at `<`, or returns undefined when what follows is not a tag (then `<` is text, as in HTML). */
function readTag(s: string, start: number): Tag | undefined {
  let i = start + 1;
  const closing = s[i] === '/';
  if (closing) i++;
  const m = /^[A-Za-z][^\s/>\0]*/.exec(s.slice(i, i + 64));
  if (!m) return undefined;
  const name = m[0].toLowerCase();
  i += m[0].length;
  const attrs = new Map<string, string>();
  let selfClosing = false;
  while (i < s.length) {
    while (i < s.length && /[\s/]/.test(s[i])) {
      selfClosing = s[i] === '/';
      i++;
    }
    if (i >= s.length) break;
    if (s[i] === '>') {
      i++;
      return { name, closing, selfClosing, attrs, end: i };
    }
    selfClosing = false;
    const an = /^[^\s/>=]+/.exec(s.slice(i));
    const attrName = an ? an[0].toLowerCase() : s[i];
    i += an ? an[0].length : 1;
    while (i < s.length && /\s/.test(s[i])) i++;
    let value = '';
    if (s[i] === '=') {
      i++;
      while (i < s.length && /\s/.test(s[i])) i++;
      const q = s[i];
      if (q === '"' || q === "'") {
        const end = s.indexOf(q, i + 1);
        value = s.slice(i + 1, end < 0 ? s.length : end);
        i = end < 0 ? s.length : end + 1;
      } else {
        const v = /^[^\s>]*/.exec(s.slice(i));
        value = v ? v[0] : '';
        i += value.length;
      }
    }
    if (!attrs.has(attrName)) attrs.set(attrName, decodeEntities(value));
  }
  // An unterminated tag at the end of the input is not a tag: the rest is dropped rather than guessed at.
  return { name, closing, selfClosing, attrs, end: s.length };
}

/** The tag's allowed attributes, written out; undefined for an image that may not load. */
function safeAttributes(tag: string, attrs: Map<string, string>, o: SanitizeOptions): string | undefined {
  const allowed = new Set([...(ATTRS['*'] ?? []), ...(ATTRS[tag] ?? [])]);
  const out: string[] = [];
  for (const [name, raw] of attrs) {
    if (!allowed.has(name)) continue; // event handlers, style, class, id, srcset, formaction, xlink:href, ...
    let value: string | undefined = raw;
    if (name === 'href') value = resolveUrl(raw, o.baseUrl, LINK_SCHEMES);
    else if (name === 'src') {
      const url = resolveUrl(raw, o.baseUrl);
      value = url && o.imageOrigins.includes(new URL(url).origin) ? url : undefined;
      if (value === undefined) return undefined;
    } else if (['width', 'height', 'colspan', 'rowspan', 'start'].includes(name)) {
      value = /^\d{1,4}$/.test(raw.trim()) ? raw.trim() : undefined;
    } else if (name === 'dir') {
      value = ['ltr', 'rtl', 'auto'].includes(raw.trim().toLowerCase()) ? raw.trim().toLowerCase() : undefined;
    }
    if (value !== undefined) out.push(` ${name}="${escapeHtml(value)}"`);
  }
  if (tag === 'img' && !attrs.has('src')) return undefined;
  return out.join('');
}

/** An absolute http(s) (or listed scheme) URL, or undefined. Control characters and whitespace, which browsers
 * strip from a URL's scheme (`java\tscript:`), are removed before the scheme is judged. */
export function resolveUrl(raw: string, base: string, schemes: readonly string[] = IMAGE_SCHEMES): string | undefined {
  const cleaned = raw.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  if (!cleaned) return undefined;
  let url: URL;
  try {
    url = new URL(cleaned, base);
  } catch {
    return undefined;
  }
  return schemes.includes(url.protocol) ? url.toString() : undefined;
}

export function decodeEntities(s: string): string {
  return s.replace(/&(#[xX][0-9a-fA-F]{1,6}|#\d{1,7}|[A-Za-z]{2,8});?/g, (whole, body: string) => {
    if (body.startsWith('#')) {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)
        ? String.fromCodePoint(code)
        : '\ufffd';
    }
    return NAMED[body.toLowerCase()] ?? whole;
  });
}
