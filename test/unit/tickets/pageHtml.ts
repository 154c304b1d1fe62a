// Reading the ticket page as a browser would (parse5), for tests that check what it shows rather than its markup.
import * as l10n from '@vscode/l10n';
import { parse, parseFragment } from 'parse5';
import type { TabState } from '../../../src/tickets/detail/controller';
import type { FileItem } from '../../../src/tickets/detail/composerFiles';
import type { DetailView } from '../../../src/tickets/detail/detailModel';
import type { StagedFields } from '../../../src/tickets/drafts';
import type { StatusVocabulary } from '../../../src/tickets/statuses';

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

/** A tab's state as the controller makes it, from a view and what the old page took (draft, errors, notice, files):
 * for tests of the page's HTML alone. */
export function pageState(p: {
  accountId: string;
  view: DetailView;
  statuses: StatusVocabulary;
  meId: number;
  draft?: { body: string; mode?: 'public' | 'internal'; staged?: StagedFields };
  fieldErrors?: Record<string, string>;
  notice?: TabState['notice'];
  files?: FileItem[];
  changedByOthers?: string[];
}): TabState {
  const v = p.view;
  const staged = p.draft?.staged ?? {};
  const others = p.changedByOthers ?? [];
  const field = (name: string, value: StagedFields[string], label: string) => ({
    value: name in staged ? staged[name] : value,
    label,
    staged: name in staged,
    changedByOthers: others.includes(name),
  });
  return {
    accountId: p.accountId,
    ticketId: v.id,
    meId: p.meId,
    phase: 'ready',
    title: `#${v.id} ${v.subject}`,
    marked: false,
    view: v,
    earlier: { loading: false },
    statuses: p.statuses,
    fields: {
      status: field(
        'status',
        v.statusKey,
        p.statuses.find(String(staged.status ?? v.statusKey))?.label ?? v.statusLabel,
      ),
      priority: field('priority', v.priority ?? '', v.priority ?? '-'),
      assignee_id: field('assignee_id', v.assigneeId, v.assignee),
    },
    staged,
    changedByOthers: others,
    changedByOthersLabels: others,
    formStatus: { phase: 'loading' },
    composer: {
      mode: p.draft?.mode ?? 'internal',
      body: p.draft?.body ?? '',
      bodyVersion: 1,
      submitWithText: 'Add internal note',
      submitWithoutText: l10n.t(
        'Submit as {0}',
        p.statuses.find(String(staged.status ?? v.statusKey))?.label ?? v.statusLabel,
      ),
      view: 'write',
    },
    files: p.files ?? [],
    filesBusy: false,
    notice: p.notice,
    fieldErrors: p.fieldErrors ?? {},
  };
}
