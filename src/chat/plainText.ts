// Zendesk comment HTML (`html_body`) as plain text a model can read: paragraphs and line breaks kept, list items
// marked, links written out, entities decoded, everything else (tags, scripts, styles, comments) dropped.
// The text goes to a model, never into a page, so nothing here needs to be safe HTML. No `vscode` import.

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[e.toLowerCase()] ?? whole;
  });
}

const BLOCK = /^(p|div|h[1-6]|blockquote|pre|table|tr|ul|ol|section|article|header|footer)$/;

export function htmlToText(html: string): string {
  let s = html
    // Whole elements whose content is not text for a reader.
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style|head|template)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
    // Links: keep the address when it says more than the text.
    .replace(
      /<a\b[^>]*?\bhref\s*=\s*("([^"]*)"|'([^']*)')[^>]*>([\s\S]*?)<\/a\s*>/gi,
      (_m, _q, dq: string | undefined, sq: string | undefined, inner: string) => {
        const href = decodeEntities(dq ?? sq ?? '');
        const text = inner.replace(/<[^>]*>/g, '');
        const shown = decodeEntities(text).trim();
        return !href || shown === href || href.startsWith('mailto:') ? text : `${text} (${href})`;
      },
    );
  // Whitespace in the source is not layout (except inside <pre>, kept as is).
  const pres: string[] = [];
  s = s.replace(/<pre\b[^>]*>([\s\S]*?)<\/pre\s*>/gi, (_m, inner: string) => `\n\u0000${pres.push(inner) - 1}\u0000\n`);
  s = s.replace(/\s+/g, ' ');
  s = s
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<li\b[^>]*>/gi, '\n- ')
    .replace(/<(td|th)\b[^>]*>/gi, ' | ')
    .replace(/<\/?([a-z0-9]+)\b[^>]*>/gi, (_m, tag: string) => (BLOCK.test(tag.toLowerCase()) ? '\n\n' : ''))
    .replace(/<[^>]*>/g, '');
  s = s.replace(/\u0000(\d+)\u0000/g, (_m, i: string) => (pres[Number(i)] ?? '').replace(/<[^>]*>/g, ''));
  return decodeEntities(s)
    .split('\n')
    .map((line) =>
      line
        .replace(/[ \t]+$/g, '')
        .replace(/^ +(?=- )/, '')
        .replace(/^ (?! )/, ''),
    )
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A comment's text: the HTML rendered as text when there is HTML, else Zendesk's plain text, else the raw body. */
export function commentText(c: { html_body?: string; plain_body?: string; body?: string }): string {
  if (c.html_body && c.html_body.trim()) return htmlToText(c.html_body);
  if (c.plain_body !== undefined) return c.plain_body.trim();
  return (c.body ?? '').trim();
}
