// What other extensions get (typed in zendesk-vscode.d.ts, apiVersion 1): API requests on a session VS Code gave
// them, within the scopes it was given with. Other extensions that only need a token use getSession('zendesk', ...).
import type { ClientRegistry } from '../auth/clients';
import { SessionNotGrantedError } from '../auth/errors';
import type { HandedOutSessions } from '../auth/provider';
import type { StoredSession } from '../auth/session';
import { InvalidInputError, ScopeMissingError } from '../zendesk/errors';
import { scopeAlternativesFor, scopesAllowRequest, scopesCover } from '../zendesk/scopes';
import type { ZendeskExtensionApi } from './zendesk-vscode';
import * as l10n from '@vscode/l10n';

const METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']);

export interface ExtensionApiDeps {
  handedOut: Pick<HandedOutSessions, 'scopesFor'>;
  sessions: { get(id: string): Promise<StoredSession | undefined> };
  clients: Pick<ClientRegistry, 'forSession'>;
}

function claimedScopes(session: { scopes?: unknown }): string[] {
  return Array.isArray(session.scopes) ? session.scopes.filter((x): x is string => typeof x === 'string') : [];
}

export function createExtensionApi(d: ExtensionApiDeps): ZendeskExtensionApi {
  return Object.freeze({
    apiVersion: 1 as const,
    async request<T>(
      session: { id?: unknown; accessToken?: unknown; scopes?: unknown },
      method: string,
      path: string,
      o: { query?: Record<string, string | number | undefined>; body?: unknown; signal?: AbortSignal } = {},
    ): Promise<T> {
      if (!session || typeof session.id !== 'string' || typeof session.accessToken !== 'string') {
        throw new SessionNotGrantedError();
      }
      // The proof that VS Code gave the caller this session: its token was handed out by this provider, for this id.
      // Each session is handed out for exactly the scopes its token carries, so those bound what the caller may do;
      // a session object claiming scopes beyond them is not the one it was given.
      const handedOut = d.handedOut.scopesFor(session.id, session.accessToken);
      const stored =
        handedOut && scopesCover(handedOut, claimedScopes(session)) ? await d.sessions.get(session.id) : undefined;
      if (!stored || !handedOut) throw new SessionNotGrantedError();
      const given = [...handedOut];
      const verb = typeof method === 'string' ? method.toUpperCase() : '';
      if (!METHODS.has(verb)) {
        throw new InvalidInputError(
          l10n.t('"{0}" is not an HTTP method this API sends (GET, HEAD, POST, PUT, PATCH, DELETE).', String(method)),
        );
      }
      if (typeof path !== 'string' || !path) {
        throw new InvalidInputError(l10n.t('The path is empty; give an API path such as /api/v2/tickets.json.'));
      }
      if (!scopesAllowRequest(given, verb, path)) {
        const needed = scopeAlternativesFor(verb, path);
        throw new ScopeMissingError(
          l10n.t(
            "{0} {1} needs a session with {2}; this one was given {3}. Ask for it with getSession('zendesk', ['{4}']).",
            verb,
            path.split('?')[0],
            needed.join(l10n.t(' or ')),
            given.join(' ') || l10n.t('no scope'),
            needed[0],
          ),
          [needed[0]],
        );
      }
      return d.clients.forSession(stored).request<T>(verb, path, { query: o.query, body: o.body, signal: o.signal });
    },
  }) as ZendeskExtensionApi;
}
