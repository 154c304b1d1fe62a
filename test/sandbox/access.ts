/** Bearer authentication, scope checks and role checks for the /api/v2 routes (spec §1.6, §1.8). */
import { couldNotAuthenticate, invalidToken, missingScopes, roleForbidden } from './errors';
import type { AccessToken } from './oauth';
import { ReplyError } from './reply';
import { header, RequestContext } from './router';
import { SandboxUser } from './users';

export interface Principal {
  /** Who the request acts as: the token's user, or the end user named by X-On-Behalf-Of. */
  user: SandboxUser;
  token: AccessToken;
}

/**
 * What a route needs: `resource` names the scope resource (`tickets` → `tickets:read`/`tickets:write`);
 * null means only the broad `read`/`write`; `any` means any live token will do (token self-management).
 */
export type ScopeNeed = { resource: string | null } | 'any';

/** `read` covers GETs, `write` covers the rest; `tickets:read` covers ticket GETs, and so on. */
export function scopeCovers(scopes: readonly string[], write: boolean, resource: string | null): boolean {
  const verb = write ? 'write' : 'read';
  if (scopes.includes(verb)) return true;
  return resource !== null && (scopes.includes(`${resource}:${verb}`) || scopes.includes(resource));
}

export function bearerToken(ctx: RequestContext): string | undefined {
  const auth = header(ctx, 'authorization');
  const m = auth ? /^Bearer\s+(\S+)\s*$/i.exec(auth) : null;
  return m?.[1];
}

export function authenticate(ctx: RequestContext, need: ScopeNeed): Principal {
  const auth = header(ctx, 'authorization');
  // CHOICE: no credentials, or Basic credentials (no API tokens here), get 401 "Couldn't authenticate you".
  if (!auth || !/^Bearer\s/i.test(auth)) throw new ReplyError(couldNotAuthenticate());
  const raw = bearerToken(ctx);
  const token = raw ? ctx.state.oauth.useAccess(raw) : undefined;
  const user = token ? ctx.state.users.get(token.userId) : undefined;
  if (!token || !user) throw new ReplyError(invalidToken());
  if (need !== 'any') {
    const write = ctx.method !== 'GET' && ctx.method !== 'HEAD';
    if (!scopeCovers(token.scopes, write, need.resource)) throw new ReplyError(missingScopes(write ? 'write' : 'read'));
  }
  return { user: impersonated(ctx, token, user), token };
}

/** `impersonate` lets an admin act as an end user named in X-On-Behalf-Of (spec §1.8, §6.14). */
function impersonated(ctx: RequestContext, token: AccessToken, user: SandboxUser): SandboxUser {
  // CHOICE: X-On-Behalf-Of (an email) is the impersonation header (spec §6.14 says UNCONFIRMED).
  const onBehalfOf = header(ctx, 'x-on-behalf-of');
  if (!onBehalfOf) return user;
  if (!token.scopes.includes('impersonate')) throw new ReplyError(missingScopes('impersonate'));
  const target = ctx.state.users.byEmailAddress(onBehalfOf);
  if (user.role !== 'admin' || !target || target.role !== 'end-user') throw new ReplyError(roleForbidden());
  return target;
}

export function requireStaff(p: Principal): void {
  if (p.user.role === 'end-user') throw new ReplyError(roleForbidden());
}

/** Agents and admins whose role may edit tickets (the read-only agent may not). */
export function requireTicketEditor(p: Principal): void {
  if (p.user.role === 'end-user' || !p.user.canEditTickets) throw new ReplyError(roleForbidden());
}
