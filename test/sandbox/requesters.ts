/**
 * A new ticket's requester named by `requester: {name, email}` ("Creating a ticket with a new requester",
 * https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#creating-a-ticket-with-a-new-requester):
 * the user with that email when there is one (its name is left as it is), else a new end user with that name and
 * email.
 */
import type { SandboxState } from './state';
import { isRecord } from './router';
import type { SandboxUser } from './users';

/** Users made by the API get ids above every seeded one, as large as real Zendesk's. */
const CREATED_USER_ID_BASE = 26_155_599_000_000;
const created = new WeakMap<SandboxState, number>();

export type RequesterSpec = { email: string; name: string };

/** The requester object checked; a description of what is wrong otherwise. */
export function readRequester(v: unknown): RequesterSpec | string {
  if (!isRecord(v)) return 'Requester: must be an object with an email';
  const email = typeof v.email === 'string' ? v.email.trim() : '';
  // CHOICE: an email is required (the sandbox has no phone or social identities); Zendesk's own check is looser.
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return `Requester: Email ${email || '(none)'} is invalid`;
  const name = typeof v.name === 'string' && v.name.trim() ? v.name.trim() : '';
  // CHOICE: without a name, the new user is named after the email's local part, as Zendesk's agent workspace does.
  return { email, name: name || (email.split('@')[0] ?? email) };
}

export function findOrCreateRequester(state: SandboxState, spec: RequesterSpec): SandboxUser {
  const existing = state.users.byEmailAddress(spec.email);
  if (existing) return existing;
  const n = (created.get(state) ?? 0) + 1;
  created.set(state, n);
  const user: SandboxUser = {
    id: CREATED_USER_ID_BASE + n,
    name: spec.name,
    email: spec.email,
    role: 'end-user',
    canEditTickets: false,
    password: null,
    createdAt: state.clock.nowSeconds(),
    groupId: null,
  };
  state.users.add(user);
  return user;
}
