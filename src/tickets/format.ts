// How ticket facts read in the tree and the detail: short relative times and people's names. No `vscode` import.
import type { ZendeskUser } from '../zendesk/types';
import * as l10n from '@vscode/l10n';

const UNITS: [number, string][] = [[365 * 86_400, 'y'], [30 * 86_400, 'mo'], [7 * 86_400, 'w'], [86_400, 'd'], [3600, 'h'], [60, 'm']];

/** "2h ago", "3d ago", "just now": short enough for a tree item's description. */
export function relativeTime(iso: string, now: number): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  const s = Math.max(0, Math.round((now - t) / 1000));
  for (const [size, unit] of UNITS) if (s >= size) return `${Math.floor(s / size)}${unit} ago`;
  return l10n.t('just now');
}

/** A person's name, or what is known of them: the id while their record was not sideloaded. */
export function personName(id: number | null | undefined, user: ZendeskUser | undefined, none = 'Unassigned'): string {
  if (!id) return none;
  return user?.name || user?.email || `user ${id}`;
}
