// How ticket facts read in the tree and the detail: short relative times, people's names and the names of Zendesk's
// field values. No `vscode` import.
import type { ZendeskUser } from '../zendesk/types';
import * as l10n from '@vscode/l10n';
import { priorityNames, systemStatusNames } from './statuses';

const UNITS: [number, (n: number) => string][] = [
  [365 * 86_400, (n) => l10n.t('{0}y ago', n)],
  [30 * 86_400, (n) => l10n.t('{0}mo ago', n)],
  [7 * 86_400, (n) => l10n.t('{0}w ago', n)],
  [86_400, (n) => l10n.t('{0}d ago', n)],
  [3600, (n) => l10n.t('{0}h ago', n)],
  [60, (n) => l10n.t('{0}m ago', n)],
];

/** "2h ago", "3d ago", "just now": short enough for a tree item's description. */
export function relativeTime(iso: string, now: number): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  const s = Math.max(0, Math.round((now - t) / 1000));
  for (const [size, ago] of UNITS) if (s >= size) return ago(Math.floor(s / size));
  return l10n.t('just now');
}

/** The characters that reorder text around them (embeddings, overrides, isolates, marks): Unicode's Bidi_Control. */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A name from Zendesk (a subject, a person's or group's name, a file name) with each bidirectional control character
 * shown as itself, `⟨U+202E⟩`, as VS Code's editor shows them: `Invoice \u202etxt.exe` must not read as
 * "Invoice exe.txt" in the tree, the tab, a notification, a hover or a chat result. The one place this is decided.
 */
export function revealBidi(s: string): string {
  return s.replace(
    BIDI_CONTROLS,
    (ch) => `\u27e8U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}\u27e9`,
  );
}

/** A person's name, or what is known of them: the id while their record was not sideloaded. */
export function personName(
  id: number | null | undefined,
  user: ZendeskUser | undefined,
  none = l10n.t('Unassigned'),
): string {
  if (!id) return none;
  return revealBidi(user?.name || user?.email || l10n.t('user {0}', id));
}

/** The names a person reads for Zendesk's field values (system status, priority, type); the values sent stay Zendesk's
 * own. A ticket's status reads through statuses.ts, which knows the account's custom statuses. */
function valueNames(): Record<string, string> {
  return {
    ...systemStatusNames(),
    ...priorityNames(),
    problem: l10n.t('Problem'),
    incident: l10n.t('Incident'),
    question: l10n.t('Question'),
    task: l10n.t('Task'),
  };
}

/** "Open", "On-hold", "Urgent", as Zendesk's agent workspace names them; "-" for no value; a value Zendesk adds later, capitalised. */
export function valueLabel(value: string | null | undefined): string {
  if (!value) return '-';
  return valueNames()[value] ?? value[0].toUpperCase() + value.slice(1);
}
