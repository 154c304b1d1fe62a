/** The user directory and the Zendesk user JSON. */
import { isoSeconds } from './clock';

export type Role = 'admin' | 'agent' | 'end-user';

export interface SandboxUser {
  id: number;
  name: string;
  /** Null for end users who have none (a caller by phone, a chat visitor), as on real accounts. */
  email: string | null;
  role: Role;
  /** False for the read-only agent: an agent whose custom role may not edit tickets. */
  canEditTickets: boolean;
  /** Only the four fixture users can sign in. */
  password: string | null;
  createdAt: number;
  groupId: number | null;
}

/** The custom role of the read-only agent (agents with ticket editing use no custom role). */
const READ_ONLY_ROLE_ID = 360_000_101;

export class UserDirectory {
  private readonly byId = new Map<number, SandboxUser>();
  private readonly byEmail = new Map<string, SandboxUser>();
  private readonly staffList: SandboxUser[] = [];

  add(user: SandboxUser): void {
    this.byId.set(user.id, user);
    if (user.email !== null) this.byEmail.set(user.email.toLowerCase(), user);
    if (user.role !== 'end-user') this.staffList.push(user);
  }

  get(id: number): SandboxUser | undefined {
    return this.byId.get(id);
  }

  byEmailAddress(email: string): SandboxUser | undefined {
    return this.byEmail.get(email.trim().toLowerCase());
  }

  /** Admins and agents: who tickets may be assigned to. */
  staff(): readonly SandboxUser[] {
    return this.staffList;
  }

  /** Everyone, in id order (user search). */
  all(): SandboxUser[] {
    return [...this.byId.values()].sort((a, b) => a.id - b.id);
  }

  get size(): number {
    return this.byId.size;
  }
}

export function isStaff(user: SandboxUser): boolean {
  return user.role !== 'end-user';
}

export function userJson(user: SandboxUser, baseUrl: string): Record<string, unknown> {
  const created = isoSeconds(user.createdAt);
  return {
    id: user.id,
    url: `${baseUrl}/api/v2/users/${user.id}.json`,
    name: user.name,
    email: user.email,
    created_at: created,
    updated_at: created,
    time_zone: 'UTC',
    iana_time_zone: 'Etc/UTC',
    phone: null,
    shared_phone_number: null,
    photo: null,
    locale_id: 1,
    locale: 'en-US',
    organization_id: null,
    role: user.role,
    role_type: user.role === 'admin' ? 4 : user.canEditTickets ? null : 0,
    custom_role_id: user.canEditTickets ? null : READ_ONLY_ROLE_ID,
    verified: true,
    external_id: null,
    tags: [],
    alias: null,
    active: true,
    shared: false,
    shared_agent: false,
    last_login_at: null,
    two_factor_auth_enabled: false,
    signature: null,
    details: null,
    notes: null,
    default_group_id: user.groupId,
    moderator: user.role !== 'end-user',
    ticket_restriction: user.role === 'end-user' ? 'requested' : null,
    only_private_comments: false,
    restricted_agent: false,
    suspended: false,
    report_csv: user.role === 'admin',
    user_fields: {},
  };
}
