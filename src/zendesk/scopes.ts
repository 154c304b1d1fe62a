// Zendesk OAuth scopes (https://developer.zendesk.com/api-reference/ticketing/oauth/oauth_tokens/#scopes), and the
// one place that decides whether a granted set covers a requested one.
//
// The cover rules, decided here and nowhere else:
//   - A scope covers itself.
//   - `read` covers `R:read` and `write` covers `R:write` for every resource R Zendesk lists: `read` gives every
//     GET endpoint and `write` every POST, PUT and DELETE, so a resource scope is a subset of them.
//   - `write` does NOT cover `read`, and `R:write` does NOT cover `R:read`: Zendesk describes read and write as
//     separate permissions (GET versus POST/PUT/DELETE) and says nowhere that one implies the other.
//   - `impersonate` is covered only by `impersonate`.
//   - `unrestricted:*` covers nothing but itself: its meaning beyond its own name is not documented.
//   - Anything else (an unknown name) is covered only by the exact same string.
// When in doubt the answer is "not covered", which costs a new sign-in, never a request that 403s.
import { InvalidInputError } from './errors';
import * as l10n from '@vscode/l10n';

/** Resources that can be scoped as `resource:read` / `resource:write`, as Zendesk lists them: "Resources that can be
 * scoped" in https://developer.zendesk.com/api-reference/ticketing/oauth/oauth_tokens/ (with `security`, read only,
 * and `unrestricted`) and https://support.zendesk.com/hc/en-us/articles/4408845965210 (with `zis`). Help Center is
 * `hc`, not `help_center`. */
export const RESOURCE_SCOPES: readonly string[] = [
  'tickets',
  'users',
  'auditlogs',
  'organizations',
  'hc',
  'apps',
  'triggers',
  'automations',
  'targets',
  'webhooks',
  'macros',
  'requests',
  'satisfaction_ratings',
  'dynamic_content',
  'any_channel',
  'web_widget',
  'security',
  'zis',
  'unrestricted',
];

/** The API path segment of a resource whose scope name differs from it: `/api/v2/help_center/...` is `hc`,
 * `/api/v2/audit_logs` is `auditlogs`. Every other resource's scope is its path segment. */
const PATH_RESOURCE: Readonly<Record<string, string>> = { help_center: 'hc', audit_logs: 'auditlogs' };

const READ_ONLY: ReadonlySet<string> = new Set(['auditlogs', 'security']);
const WRITE_ONLY: ReadonlySet<string> = new Set(['any_channel', 'web_widget']);
const GLOBAL_SCOPES: ReadonlySet<string> = new Set(['read', 'write', 'impersonate']);
const RESOURCES: ReadonlySet<string> = new Set(RESOURCE_SCOPES);

/** Splits a scope string on spaces and `+` (a URL-encoded space), or flattens a list; drops duplicates, keeps order. */
export function parseScopes(input: string | readonly string[]): string[] {
  const parts = typeof input === 'string' ? [input] : input;
  const seen = new Set<string>();
  for (const part of parts) {
    for (const scope of part.split(/[\s+]+/)) if (scope) seen.add(scope);
  }
  return [...seen];
}

/** True when every requested scope is covered by some granted scope (rules at the top of this file). */
export function scopesCover(granted: readonly string[], requested: readonly string[]): boolean {
  const have = new Set(granted);
  return requested.every((scope) => have.has(scope) || impliedBy(scope).some((s) => have.has(s)));
}

/** The broader scopes that imply `scope`. */
function impliedBy(scope: string): string[] {
  const [resource, access, ...rest] = scope.split(':');
  if (rest.length > 0 || resource === 'unrestricted' || !RESOURCES.has(resource)) return [];
  if (access === 'read' && !WRITE_ONLY.has(resource)) return ['read'];
  if (access === 'write' && !READ_ONLY.has(resource)) return ['write'];
  return [];
}

/** Throws InvalidInputError naming every scope Zendesk does not know. Zendesk itself would issue a token for an
 * unknown scope and then answer 403 to every request made with it, so the mistake is caught here instead. */
export function validateScopes(scopes: readonly string[]): void {
  if (scopes.length === 0) {
    throw new InvalidInputError(l10n.t('No OAuth scope given; ask for at least one, such as "read".'));
  }
  const problems = scopes.map(scopeProblem).filter((p): p is string => p !== undefined);
  if (problems.length > 0) throw new InvalidInputError(l10n.t('Invalid OAuth scope: {0}.', problems.join('; ')));
}

function scopeProblem(scope: string): string | undefined {
  if (GLOBAL_SCOPES.has(scope)) return undefined;
  const [resource, access, ...rest] = scope.split(':');
  if (!RESOURCES.has(resource)) return l10n.t('"{0}" is not a Zendesk scope', scope);
  if (access === undefined) return l10n.t('"{0}" needs ":read" or ":write"', scope);
  if (rest.length > 0 || (access !== 'read' && access !== 'write')) {
    return l10n.t('"{0}" must end in ":read" or ":write"', scope);
  }
  if (access === 'write' && READ_ONLY.has(resource)) return l10n.t('"{0}" is read-only', resource);
  if (access === 'read' && WRITE_ONLY.has(resource)) return l10n.t('"{0}" is write-only', resource);
  return undefined;
}

/** Whether two scope lists name the same set, order and duplicates aside: what a session handed to another
 * extension must match exactly (never a broader set that covers it). */
export function sameScopes(a: readonly string[], b: readonly string[]): boolean {
  const x = parseScopes(a).sort();
  const y = parseScopes(b).sort();
  return x.length === y.length && x.every((s, i) => s === y[i]);
}

/** The requested scopes that `granted` does not cover, in request order. */
export function missingScopes(granted: readonly string[], requested: readonly string[]): string[] {
  return parseScopes(requested).filter((s) => !scopesCover(granted, [s]));
}

/** What a session holds after asking for more: everything it had plus what is missing (order kept, no duplicates). */
export function unionScopes(...sets: (readonly string[])[]): string[] {
  return parseScopes(sets.flat());
}

/**
 * The scope a request needs, as alternatives (any one suffices): `read` for GET and HEAD, `write` for the rest; or
 * the resource scope of the path's first segment (`tickets:write` for `PUT /api/v2/tickets/1.json`, `hc:read` for
 * `GET /api/v2/help_center/articles`) when Zendesk has one. The answer decides what a caller may do, never what Zendesk allows: Zendesk still checks the token.
 */
export function scopeAlternativesFor(method: string, path: string): string[] {
  const access = ['GET', 'HEAD'].includes(method.toUpperCase()) ? 'read' : 'write';
  let pathname = path;
  try {
    pathname = new URL(path, 'https://x.invalid').pathname;
  } catch {
    /* keep the text */
  }
  const segment = /^\/api\/v2\/([a-z_]+?)(?:\.json|\/|$)/.exec(pathname)?.[1];
  const resource =
    segment && (PATH_RESOURCE[segment] ?? (Object.values(PATH_RESOURCE).includes(segment) ? undefined : segment));
  const scoped =
    resource && RESOURCES.has(resource) && resource !== 'unrestricted' ? `${resource}:${access}` : undefined;
  return scoped && !impliedBy(scoped).length ? [access] : scoped ? [access, scoped] : [access];
}

/** True when `granted` allows a request (see scopeAlternativesFor). */
export function scopesAllowRequest(granted: readonly string[], method: string, path: string): boolean {
  return scopeAlternativesFor(method, path).some((s) => scopesCover(granted, [s]));
}
