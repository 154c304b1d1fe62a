// Zendesk calls the chat tools need that src/zendesk/api.ts does not have yet, in its style (typed, plain Node, over a
// ZendeskClient). Kept here so as not to edit api.ts while the ticket detail changes it; meant to move there.
import type { ZendeskClient } from '../zendesk/http';
import type { ZendeskUser } from '../zendesk/types';

/** Zendesk's limit of ids per `show_many`. */
export const SHOW_MANY_LIMIT = 100;

/** `GET /api/v2/users/show_many?ids=…`: the users with these ids, one request per 100 distinct ids (§2.1). Ids that
 * are not positive integers (an unassigned ticket's null) are skipped; users Zendesk does not return are absent. */
export async function showManyUsers(c: ZendeskClient, ids: Iterable<number | null | undefined>, signal?: AbortSignal): Promise<Map<number, ZendeskUser>> {
  const wanted = [...new Set([...ids].filter((id): id is number => typeof id === 'number' && Number.isSafeInteger(id) && id > 0))];
  const out = new Map<number, ZendeskUser>();
  for (let i = 0; i < wanted.length; i += SHOW_MANY_LIMIT) {
    const chunk = wanted.slice(i, i + SHOW_MANY_LIMIT);
    const res = await c.request<{ users?: ZendeskUser[] }>('GET', '/api/v2/users/show_many', { query: { ids: chunk.join(',') }, signal });
    for (const u of res.users ?? []) if (typeof u.id === 'number') out.set(u.id, u);
  }
  return out;
}

