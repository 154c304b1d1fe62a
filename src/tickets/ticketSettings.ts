// The queue's settings, typed. Read from user (global) settings or defaults only, like every `zendesk.*` setting:
// they decide which requests are made for an account, so a workspace's .vscode/settings.json does not change them.
import type * as vscode from 'vscode';
import { userSetting } from '../config';
import { Settings } from '../constants';
import type { SavedSearch } from './ticketTree';

/** What the badge counts: a view by title, or a saved search by label. */
export type BadgeSource = { view: string } | { search: string };

export class TicketSettings {
  private read<T>(key: string, fallback: T): T {
    return userSetting(key, fallback);
  }

  /** `zendesk.tickets.queries`: `[{ "label", "query" }]`; malformed entries are skipped. */
  queries(): SavedSearch[] {
    const raw = this.read<unknown>(Settings.ticketQueries, []);
    if (!Array.isArray(raw)) return [];
    // The same query twice would be the same list twice (and the same tree item id): the first label wins.
    const seen = new Set<string>();
    return raw.flatMap((q: unknown) => {
      if (typeof q !== 'object' || q === null) return [];
      const { label, query } = q as Record<string, unknown>;
      if (typeof label !== 'string' || typeof query !== 'string' || !query.trim() || seen.has(query.trim())) return [];
      seen.add(query.trim());
      return [{ label: label.trim() || query.trim(), query: query.trim() }];
    });
  }

  /** `zendesk.tickets.badge`: "view:TITLE" or "search:LABEL"; anything else means no badge. */
  badge(): BadgeSource | undefined {
    const raw = this.read<string>(Settings.badge, '').trim();
    const m = /^(view|search):\s*(.+)$/.exec(raw);
    if (!m) return undefined;
    return m[1] === 'view' ? { view: m[2] } : { search: m[2] };
  }

  /** `zendesk.tickets.pollMinutes`: 0 turns polling off; fractions allowed, at least half a minute. */
  pollMinutes(): number {
    const n = this.read<number>(Settings.pollMinutes, 5);
    return typeof n === 'number' && Number.isFinite(n) && n > 0 ? Math.max(0.5, n) : 0;
  }

  notifyAssigned(): boolean {
    return this.read<boolean>(Settings.notifyAssigned, false) === true;
  }

  affected(e: vscode.ConfigurationChangeEvent): boolean {
    return [Settings.ticketQueries, Settings.badge, Settings.pollMinutes, Settings.notifyAssigned].some((k) =>
      e.affectsConfiguration(`${Settings.section}.${k}`),
    );
  }
}
