// The ticket actions, each decided once: which OAuth scopes it needs and how it is performed. The tree, the ticket
// tab, the chat tools and request files all take their scopes from here, so "changing a ticket needs write" is one
// line, not a literal in every caller. Every ticket write goes as `safe_update` with the `updated_stamp` the caller
// read (writeTicket), so nobody's change is silently overwritten. No `vscode` import.
//
// Scopes (https://developer.zendesk.com/api-reference/ticketing/oauth/oauth_tokens/#scopes): `read` gives every GET,
// `write` every POST, PUT and DELETE. An action lists what its one request needs; a caller that reads before it
// writes (the chat reads the ticket for its stamp) asks for the union with needFor(...).
import * as l10n from '@vscode/l10n';
import type { AccessNeed } from '../auth/access';
import { safeUpdateTicket } from '../zendesk/api';
import type { ZendeskClient } from '../zendesk/http';
import { unionScopes } from '../zendesk/scopes';
import type { Ticket, TicketPatch } from '../zendesk/types';

/** How an action reaches Zendesk. */
export type Performed =
  /** A GET: changes nothing. */
  | 'read'
  /** `PUT /api/v2/tickets/{id}` with `safe_update: true` and the `updated_stamp` the user saw (writeTicket). */
  | 'safe_update'
  /** `POST /api/v2/uploads`: a file waiting for a comment, not yet on any ticket. */
  | 'upload'
  /** `POST /api/v2/tickets`: a new ticket, so there is nothing to conflict with. */
  | 'create';

export interface TicketAction {
  readonly scopes: readonly string[];
  readonly performed: Performed;
  /** The endpoint, for request files: a request that matches is this action and needs its scopes. */
  readonly method: 'GET' | 'PUT' | 'POST';
  readonly path: RegExp;
  /** A gerund phrase for the access prompt: "Changing tickets needs write access to acme. Allow it?" */
  purpose(): string;
}

const READ = ['read'] as const;
const WRITE = ['write'] as const;
const TICKET = /^\/api\/v2\/tickets\/\d+(?:\.json)?$/;

/** Every ticket action. The keys name them in callers. */
export const TICKET_ACTIONS = {
  readTicket: {
    scopes: READ,
    performed: 'read',
    method: 'GET',
    path: /^\/api\/v2\/tickets\/\d+(?:\.json|\/comments(?:\.json)?)?$/,
    purpose: () => l10n.t('Reading tickets'),
  },
  listViews: {
    scopes: READ,
    performed: 'read',
    method: 'GET',
    path: /^\/api\/v2\/views(?:\/.*)?$/,
    purpose: () => l10n.t('Listing views'),
  },
  search: {
    scopes: READ,
    performed: 'read',
    method: 'GET',
    path: /^\/api\/v2\/search(?:\.json|\/.*)?$/,
    purpose: () => l10n.t('Searching tickets'),
  },
  replyPublic: {
    scopes: WRITE,
    performed: 'safe_update',
    method: 'PUT',
    path: TICKET,
    purpose: () => l10n.t('Replying to tickets'),
  },
  addNote: {
    scopes: WRITE,
    performed: 'safe_update',
    method: 'PUT',
    path: TICKET,
    purpose: () => l10n.t('Adding internal notes'),
  },
  /** Status, priority, assignee, type, group and custom fields. */
  updateFields: {
    scopes: WRITE,
    performed: 'safe_update',
    method: 'PUT',
    path: TICKET,
    purpose: () => l10n.t('Changing tickets'),
  },
  /** Zendesk's `tags` replaces the list, so an edit reads the tags, changes them and writes them against that read. */
  editTags: {
    scopes: WRITE,
    performed: 'safe_update',
    method: 'PUT',
    path: TICKET,
    purpose: () => l10n.t('Changing tickets'),
  },
  upload: {
    scopes: WRITE,
    performed: 'upload',
    method: 'POST',
    path: /^\/api\/v2\/uploads(?:\.json)?$/,
    purpose: () => l10n.t('Attaching files'),
  },
  createTicket: {
    scopes: WRITE,
    performed: 'create',
    method: 'POST',
    path: /^\/api\/v2\/tickets(?:\.json)?$/,
    purpose: () => l10n.t('Creating tickets'),
  },
  /** `GET .../macros/{id}/apply` shows what a macro would change and changes nothing; applying it is a
   * safe_update of that result (applyMacro). */
  previewMacro: {
    scopes: READ,
    performed: 'read',
    method: 'GET',
    path: /^\/api\/v2\/(?:tickets\/\d+\/)?macros\/\d+\/apply(?:\.json)?$/,
    purpose: () => l10n.t('Previewing macros'),
  },
  applyMacro: {
    scopes: WRITE,
    performed: 'safe_update',
    method: 'PUT',
    path: TICKET,
    purpose: () => l10n.t('Applying macros'),
  },
} as const satisfies Record<string, TicketAction>;

export type TicketActionId = keyof typeof TICKET_ACTIONS;

/**
 * What to ask access for before doing these actions in one go: the union of their scopes, worded by the first that
 * writes (what a read-only session lacks is the write), else by the first. `needFor('readTicket', 'editTags')` is a
 * tag edit that reads the ticket first.
 */
export function needFor(first: TicketActionId, ...more: TicketActionId[]): AccessNeed {
  const ids = [first, ...more];
  const words = ids.find((id) => TICKET_ACTIONS[id].performed !== 'read') ?? first;
  return {
    scopes: unionScopes(...ids.map((id) => TICKET_ACTIONS[id].scopes)),
    purpose: TICKET_ACTIONS[words].purpose(),
  };
}

/** The ticket action a request is, by method and path (query aside); undefined when it is not one of them. */
export function actionForRequest(method: string, path: string): TicketActionId | undefined {
  let pathname = path;
  try {
    pathname = new URL(path, 'https://x.invalid').pathname;
  } catch {
    /* keep the text */
  }
  const m = method.toUpperCase();
  for (const [id, a] of Object.entries(TICKET_ACTIONS) as [TicketActionId, TicketAction][]) {
    if (a.method === m && a.path.test(pathname)) return id;
  }
  return undefined;
}

/**
 * The one way a ticket changes: `safe_update` against `updatedStamp`, the `updated_at` the change was decided on.
 * Zendesk answers 409 (ConflictError) when someone changed the ticket since, and nothing is changed.
 */
export function writeTicket(
  c: ZendeskClient,
  id: number,
  patch: TicketPatch,
  updatedStamp: string,
  signal?: AbortSignal,
): Promise<Ticket> {
  return safeUpdateTicket(c, id, patch, updatedStamp, signal);
}

/** Zendesk's `tags` replaces the list: the ticket's tags without `remove`, then `add`, each once, order kept. */
export function editedTags(
  current: readonly string[],
  add: readonly string[] = [],
  remove: readonly string[] = [],
): string[] {
  const removed = new Set(remove);
  return [...new Set([...current.filter((t) => !removed.has(t)), ...add])];
}
