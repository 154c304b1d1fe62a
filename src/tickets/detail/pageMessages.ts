// What the ticket page may say to the extension, checked field by field: the page shows content from a ticket, so
// its messages are treated as untrusted input. No `vscode` import.
import type { TicketPriority, TicketStatus } from '../../zendesk/types';

/** Messages the page may send. Anything else is ignored: the page is not trusted to be well-formed. */
export type PageMessage =
  | { type: 'draft'; body: string; mode?: 'public' | 'internal'; status?: TicketStatus }
  | { type: 'submit'; body: string; mode: 'public' | 'internal'; status?: TicketStatus }
  | { type: 'update'; field: 'status'; value: TicketStatus }
  | { type: 'update'; field: 'priority'; value: TicketPriority | '' }
  | { type: 'assignToMe' }
  | { type: 'assign' }
  | { type: 'openLink'; href: string }
  | { type: 'reload' }
  | { type: 'cancel' };

const STATUSES = new Set(['new', 'open', 'pending', 'hold', 'solved']);
const PRIORITIES = new Set(['', 'low', 'normal', 'high', 'urgent']);

export function parsePageMessage(m: unknown): PageMessage | undefined {
  if (typeof m !== 'object' || m === null) return undefined;
  const x = m as Record<string, unknown>;
  const mode = x.mode === 'public' || x.mode === 'internal' ? x.mode : undefined;
  const status = typeof x.status === 'string' && STATUSES.has(x.status) ? (x.status as TicketStatus) : undefined;
  switch (x.type) {
    case 'draft': return typeof x.body === 'string' ? { type: 'draft', body: x.body, mode, status } : undefined;
    case 'submit': return typeof x.body === 'string' && mode ? { type: 'submit', body: x.body, mode, status } : undefined;
    case 'update':
      if (x.field === 'status' && typeof x.value === 'string' && STATUSES.has(x.value)) return { type: 'update', field: 'status', value: x.value as TicketStatus };
      if (x.field === 'priority' && typeof x.value === 'string' && PRIORITIES.has(x.value)) return { type: 'update', field: 'priority', value: x.value as TicketPriority | '' };
      return undefined;
    case 'openLink': return typeof x.href === 'string' ? { type: 'openLink', href: x.href } : undefined;
    case 'assignToMe': case 'assign': case 'reload': case 'cancel': return { type: x.type };
    default: return undefined;
  }
}
