// The account's ticket fields and forms, cached per account: they change when an admin edits them, not per ticket,
// so opening a ticket costs no request for them once loaded ("Consider caching this resource",
// https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_fields/#list-ticket-fields). Refreshed on
// demand, and dropped when Zendesk refuses a write over a field or form the cache does not know (an admin changed
// them meanwhile), so the next read loads them again. No `vscode` import.
import { listTicketFields, listTicketForms } from '../../zendesk/api';
import { ForbiddenError, NotFoundError, ValidationError } from '../../zendesk/errors';
import type { ZendeskClient } from '../../zendesk/http';
import type { TicketField, TicketForm } from '../../zendesk/types';

export interface FieldDefinitions {
  fields: readonly TicketField[];
  /** Active forms; empty on an account without ticket forms. */
  forms: readonly TicketForm[];
  byId: ReadonlyMap<number, TicketField>;
}

export function definitionsOf(fields: readonly TicketField[], forms: readonly TicketForm[]): FieldDefinitions {
  return { fields, forms, byId: new Map(fields.map((f) => [f.id, f])) };
}

/** Loads one account's definitions: fields and forms in parallel. An account without ticket forms (a plan without
 * them answers 403 or 404) has the fields alone. */
export async function loadDefinitions(client: ZendeskClient, signal?: AbortSignal): Promise<FieldDefinitions> {
  const [fields, forms] = await Promise.all([
    listTicketFields(client, signal),
    listTicketForms(client, signal).catch((e: unknown) => {
      if (e instanceof ForbiddenError || e instanceof NotFoundError) return [];
      throw e;
    }),
  ]);
  return definitionsOf(fields, forms);
}

export type DefinitionsLoader = (accountKey: string, signal?: AbortSignal) => Promise<FieldDefinitions>;

export class FieldDefinitionsCache {
  private readonly loaded = new Map<string, FieldDefinitions>();
  private readonly loading = new Map<string, Promise<FieldDefinitions>>();
  /** Bumped by refresh and invalidate, so a load started before them does not fill the cache with old definitions. */
  private generation = 0;

  constructor(private readonly load: DefinitionsLoader) {}

  /** The account's definitions: cached, or loaded once however many callers ask at the same time. */
  get(accountKey: string, signal?: AbortSignal): Promise<FieldDefinitions> {
    const hit = this.loaded.get(accountKey);
    if (hit) return Promise.resolve(hit);
    const pending = this.loading.get(accountKey);
    if (pending) return pending;
    const generation = this.generation;
    const p = this.load(accountKey, signal).then(
      (defs) => {
        if (this.loading.get(accountKey) === p) this.loading.delete(accountKey);
        if (generation === this.generation) this.loaded.set(accountKey, defs);
        return defs;
      },
      (e: unknown) => {
        // A failed load is not cached: the next open tries again.
        if (this.loading.get(accountKey) === p) this.loading.delete(accountKey);
        throw e;
      },
    );
    this.loading.set(accountKey, p);
    return p;
  }

  /** What is cached, without loading (for a page that renders before the definitions arrive). */
  peek(accountKey: string): FieldDefinitions | undefined {
    return this.loaded.get(accountKey);
  }

  /** Reloads the account's definitions now ("Refresh fields"). */
  refresh(accountKey: string, signal?: AbortSignal): Promise<FieldDefinitions> {
    this.invalidate(accountKey);
    return this.get(accountKey, signal);
  }

  invalidate(accountKey: string): void {
    this.generation++;
    this.loaded.delete(accountKey);
    this.loading.delete(accountKey);
  }

  /**
   * Looks at a write's refusal: a 422 naming a field id the cache does not have, or refusing `custom_fields` or
   * `ticket_form_id`, means the definitions are stale; they are dropped so the next read reloads them. Returns
   * whether it dropped them.
   */
  noteRefusal(accountKey: string, error: unknown): boolean {
    if (!(error instanceof ValidationError)) return false;
    const defs = this.loaded.get(accountKey);
    const stale =
      error.problems.some((p) => p.field === 'custom_fields' || p.field === 'ticket_form_id') ||
      error.problems.some(
        ({ ticketFieldId: id }) => id !== undefined && (!defs?.byId.has(id) || defs.byId.get(id)?.active === false),
      );
    if (stale) this.invalidate(accountKey);
    return stale;
  }
}
