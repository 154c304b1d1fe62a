/** users/me, users/{id}, users/show_many (spec §2.1) and the users of a group (groups/{id}/users). */
import { randomBytes } from 'node:crypto';
import { authenticate, requireStaff } from './access';
import { ANONYMOUS_USER } from './choices';
import { badRequest, recordNotFound, roleForbidden } from './errors';
import { json, Reply, ReplyError } from './reply';
import { header, idParam, RequestContext, Router } from './router';
import { paginate } from './pagination';
import { GROUPS } from './seed';
import { DEPTH_RULES } from './tickets';
import { userJson } from './users';

function me(ctx: RequestContext): Reply {
  // Without credentials /users/me is 200 with the anonymous user (spec §2.1, "Allowed for: Anonymous users").
  if (!header(ctx, 'authorization')) return json(200, { user: { ...ANONYMOUS_USER, verified: false, active: false } });
  // CHOICE: with a bearer token, /users/me needs `read` or `users:read` like every other users GET (spec §1.8 leaves it open).
  const who = authenticate(ctx, { resource: 'users' });
  // Zendesk's /users/me also carries the session's CSRF token for its own web app; API clients ignore it.
  return json(200, {
    user: { ...userJson(who.user, ctx.state.url), authenticity_token: randomBytes(64).toString('base64url') },
  });
}

function showUser(ctx: RequestContext): Reply {
  const who = authenticate(ctx, { resource: 'users' });
  const user = ctx.state.users.get(idParam(ctx));
  // CHOICE: an end user may look up only themselves; anyone else is the 403 role body.
  if (who.user.role === 'end-user' && user?.id !== who.user.id) throw new ReplyError(roleForbidden());
  if (!user) return recordNotFound();
  return json(200, { user: userJson(user, ctx.state.url) });
}

function showMany(ctx: RequestContext): Reply {
  requireStaff(authenticate(ctx, { resource: 'users' }));
  const ids = (ctx.query.get('ids') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  const emails = (ctx.query.get('emails') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (ids.length + emails.length > 100) {
    throw new ReplyError(badRequest('TooManyValues', 'You can request at most 100 users at a time'));
  }
  const users = [
    ...ids.map((id) => ctx.state.users.get(id)),
    ...emails.map((e) => ctx.state.users.byEmailAddress(e)),
  ].filter((u) => u !== undefined);
  return json(200, {
    users: users.map((u) => userJson(u, ctx.state.url)),
    next_page: null,
    previous_page: null,
    count: users.length,
  });
}

/** The agents and admins of a group, in id order, with both paginations (Zendesk's "List Users" of a group). */
function groupUsers(ctx: RequestContext): Reply {
  requireStaff(authenticate(ctx, { resource: 'users' }));
  const groupId = idParam(ctx);
  if (!GROUPS.some((g) => g.id === groupId)) return recordNotFound();
  // CHOICE: a group's users are the staff whose default group it is (the sandbox has no group memberships).
  const members = ctx.state.users.staff().filter((u) => u.groupId === groupId);
  const byId = new Map(members.map((u) => [u.id, u]));
  const page = paginate(
    ctx,
    { ids: members.map((u) => u.id).sort((a, b) => a - b), key: (id) => id, desc: false },
    DEPTH_RULES,
  );
  return json(200, {
    users: page.ids.map((id) => userJson(byId.get(id) as NonNullable<ReturnType<typeof byId.get>>, ctx.state.url)),
    ...page.fields,
  });
}

/** "Search Users" (https://developer.zendesk.com/api-reference/ticketing/users/users/#search-users): `query` matches a
 * part of a user's name or email, case aside; agents only; offset pages (`page`, `per_page` up to 100). */
function searchUsers(ctx: RequestContext): Reply {
  requireStaff(authenticate(ctx, { resource: 'users' }));
  const query = (ctx.query.get('query') ?? '').trim().toLowerCase();
  // CHOICE: without `query` (or `external_id`, which the sandbox's users have none of) the answer is 400, as macros/search.
  if (!query) throw new ReplyError(badRequest('InvalidParameter', 'query is required'));
  // CHOICE: the words of the query each match a part of the name or the email (Zendesk documents partial values).
  const words = query.split(/\s+/);
  const found = ctx.state.users
    .all()
    .filter((u) => words.every((w) => u.name.toLowerCase().includes(w) || !!u.email?.toLowerCase().includes(w)));
  const perPage = Math.min(100, Math.max(1, Number(ctx.query.get('per_page')) || 100));
  const page = Math.max(1, Number(ctx.query.get('page')) || 1);
  const slice = found.slice((page - 1) * perPage, page * perPage);
  const at = (p: number) =>
    `${ctx.state.url}/api/v2/users/search.json?query=${encodeURIComponent(query)}&page=${p}&per_page=${perPage}`;
  return json(200, {
    users: slice.map((u) => userJson(u, ctx.state.url)),
    next_page: page * perPage < found.length ? at(page + 1) : null,
    previous_page: page > 1 ? at(page - 1) : null,
    count: found.length,
  });
}

export function registerUserRoutes(router: Router): void {
  router.add('GET /api/v2/users/search', searchUsers);
  router.add('GET /api/v2/groups/{id}/users', groupUsers);
  router.add('GET /api/v2/users/me', me);
  router.add('GET /api/v2/users/show_many', showMany);
  router.add('GET /api/v2/users/{id}', showUser);
}
