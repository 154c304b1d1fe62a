// Reading the ticket page as a browser would (parse5), for tests that check what it shows rather than its markup.
import { parse, parseFragment } from 'parse5';

export interface Node5 {
  nodeName: string;
  tagName?: string;
  value?: string;
  attrs?: { name: string; value: string }[];
  childNodes?: Node5[];
  content?: Node5;
}

/** Every element of the page, in document order; `document` keeps <html>, <head> and <body> (a fragment drops them). */
export function elements(html: string, document = false): Node5[] {
  const out: Node5[] = [];
  const walk = (n: Node5) => {
    if (n.tagName) out.push(n);
    for (const c of n.childNodes ?? []) walk(c);
  };
  walk((document ? parse(html) : parseFragment(html)) as unknown as Node5);
  return out;
}

export const attr = (n: Node5, name: string): string | undefined => n.attrs?.find((a) => a.name === name)?.value;

export function text(n: Node5): string {
  return (n.childNodes ?? []).map((c) => c.value ?? text(c)).join('');
}

/** The status picker (`#status`): its groups with their options' texts, the selected one marked with `*`. */
export function statusPicker(html: string): {
  selected: string | undefined;
  groups: [string, string[]][];
  options: { value: string; text: string }[];
} {
  const select = elements(html).find((n) => n.tagName === 'select' && attr(n, 'id') === 'status');
  const inside = select ? descendants(select) : [];
  const options = inside.filter((n) => n.tagName === 'option');
  const selected = options.find((o) => attr(o, 'selected') !== undefined);
  const groups = inside
    .filter((n) => n.tagName === 'optgroup')
    .map((g): [string, string[]] => [
      attr(g, 'label') ?? '',
      (g.childNodes ?? []).filter((o) => o.tagName === 'option').map((o) => `${text(o)}${o === selected ? '*' : ''}`),
    ]);
  return {
    selected: selected && text(selected),
    groups,
    options: options.map((o) => ({ value: attr(o, 'value') ?? '', text: text(o) })),
  };
}

function descendants(n: Node5): Node5[] {
  return (n.childNodes ?? []).flatMap((c) => [c, ...descendants(c)]);
}
