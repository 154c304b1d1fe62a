// Email CCs and followers as the tab stages them: who is on the ticket, who the agent added or removed, what
// Zendesk would refuse (a bad address, more than 48 CCs, a follower who is not an agent), and the `email_ccs` /
// `followers` entries of the update (https://developer.zendesk.com/documentation/ticketing/managing-tickets/creating-and-updating-tickets/).
// No `vscode` import.
import type { PersonChange, ZendeskUser } from '../../zendesk/types';
import { ccRefusal, followerRefusal, isEmailAddress } from './values';

/** A person added (by address or id) or removed (by id) as a CC or follower. */
export interface PersonEdit {
  userId?: number;
  email?: string;
  name?: string;
  remove?: boolean;
}

export interface PersonView {
  userId?: number;
  email?: string;
  name: string;
  /** Staged: added or removed by the agent, not yet sent. */
  staged?: 'add' | 'remove';
  error?: string;
}

type People = ReadonlyMap<number, ZendeskUser> | undefined;

function views(
  current: readonly number[],
  edits: readonly PersonEdit[],
  people: People,
  check: (edit: PersonEdit, countAfter: number) => string | undefined,
): PersonView[] {
  const removed = new Set(edits.filter((e) => e.remove && e.userId !== undefined).map((e) => e.userId));
  const added = edits.filter((e) => !e.remove);
  const countAfter = current.filter((id) => !removed.has(id)).length + added.length;
  const name = (id: number) => people?.get(id)?.name ?? people?.get(id)?.email ?? `#${id}`;
  return [
    ...current.map((id): PersonView => ({
      userId: id,
      name: name(id),
      staged: removed.has(id) ? 'remove' : undefined,
    })),
    ...added.map((e): PersonView => ({
      userId: e.userId,
      email: e.email,
      name: e.name ?? (e.userId !== undefined ? name(e.userId) : (e.email ?? '')),
      staged: 'add',
      error: check(e, countAfter),
    })),
  ];
}

function knownUser(people: People, e: PersonEdit): ZendeskUser | undefined {
  if (e.userId !== undefined) return people?.get(e.userId);
  const email = e.email?.trim().toLowerCase();
  return [...(people?.values() ?? [])].find((u) => u.email?.toLowerCase() === email);
}

/** The ticket's CCs with the staged ones: any end user or agent, by a valid address (or a known user's id). */
export function ccViews(current: readonly number[], edits: readonly PersonEdit[], people: People): PersonView[] {
  return views(current, edits, people, (e, count) =>
    e.userId !== undefined && !e.email ? undefined : ccRefusal(e.email ?? '', count),
  );
}

/** The ticket's followers with the staged ones: agents only, so each added one must be a user the tab knows. */
export function followerViews(current: readonly number[], edits: readonly PersonEdit[], people: People): PersonView[] {
  return views(current, edits, people, (e) => followerRefusal(knownUser(people, e), e.email ?? String(e.userId ?? '')));
}

/** The staged edits as Zendesk's entries: `put` adds (by id, or by address with a name), `delete` removes by id. */
export function personChanges(edits: readonly PersonEdit[] | undefined): PersonChange[] {
  return (edits ?? []).flatMap((e): PersonChange[] => {
    if (e.remove) return e.userId !== undefined ? [{ user_id: e.userId, action: 'delete' }] : [];
    if (e.userId !== undefined) return [{ user_id: e.userId, action: 'put' }];
    if (e.email && isEmailAddress(e.email)) {
      return [{ user_email: e.email.trim(), ...(e.name ? { user_name: e.name } : {}), action: 'put' }];
    }
    return [];
  });
}
