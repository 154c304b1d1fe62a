/**
 * Deterministic seeding: the same seed and ticket count give the same users, tickets, tags, texts and
 * comments. Scalars come from one sequential PRNG; the texts come from a PRNG keyed by (seed, ticket id), so
 * they can be generated lazily in any order.
 */
import { SEED_EPOCH_SPAN_SECONDS, SEED_EPOCH_START } from './choices';
import { FIXTURES } from './fixtures';
import { SeededText, StoredComment, TicketStore, COMMENT_ID_BASE, COMMENT_ID_STRIDE } from './store';
import { SandboxUser, UserDirectory } from './users';

/** Ids as large as real Zendesk's (13-14 digits, above 2^32): see FIXTURES and COMMENT_ID_BASE in store.ts. */
export const GROUPS = [
  { id: FIXTURES.groups.support, name: 'Support' },
  { id: FIXTURES.groups.billing, name: 'Billing' },
] as const;

export const FIXTURE_USER_IDS = FIXTURES.userIds;
const FIRST_EXTRA_AGENT_ID = FIXTURES.userIds.customer + 1;
const FIRST_REQUESTER_ID = FIXTURES.userIds.admin + 1_000_000;
/** Every tenth requester has no email address, as end users created from a phone call, a chat or the API may not. */
const NO_EMAIL_EVERY = 10;

const FIRST = [
  'Ava',
  'Ben',
  'Chloe',
  'Dev',
  'Elena',
  'Farid',
  'Grace',
  'Hugo',
  'Iris',
  'Jonas',
  'Kira',
  'Liam',
  'Maya',
  'Nils',
  'Olga',
  'Pablo',
  'Quinn',
  'Rosa',
  'Sven',
  'Tara',
  'Umar',
  'Vera',
  'Wes',
  'Yuki',
  'Zoe',
];
const LAST = [
  'Smith',
  'Garcia',
  'Nguyen',
  'Müller',
  'Rossi',
  'Kowalski',
  'Silva',
  'Dubois',
  'Tanaka',
  'Okafor',
  'Larsen',
  'Cohen',
  'Patel',
  'Novak',
  'Haddad',
];
const PRODUCTS = [
  'printer',
  'laptop',
  'VPN client',
  'invoice',
  'password reset',
  'mobile app',
  'dashboard',
  'email notifications',
  'billing portal',
  'API key',
  'webhook',
  'CSV export',
  'SSO login',
  'shipping label',
  'refund',
];
const PROBLEMS = [
  'is not working',
  'keeps crashing',
  'shows an error',
  'is very slow',
  'needs an update',
  'was charged twice',
  'cannot be found',
  'stopped syncing',
  'asks for a password again',
  'returns a 500 error',
];
const DETAILS = [
  'It started after the last update.',
  'Restarting did not help.',
  'Two colleagues see the same thing.',
  'This blocks our month-end close.',
  'I attached nothing because the upload fails too.',
  'It worked fine yesterday.',
];
const REPLIES = [
  'Thanks for the report, we are looking into it.',
  'Could you send a screenshot of the error?',
  'We pushed a fix, can you try again?',
  'It works now, thank you!',
  'Still broken on my side, sorry.',
  'Escalating to the second line.',
  'Please clear the cache and sign in again.',
];
const NOTES = [
  'Internal: probably the known sync bug.',
  'Internal: customer is on the enterprise plan.',
  'Internal: waiting on engineering.',
];
export const TAG_VOCABULARY = [
  'billing',
  'bug',
  'feature_request',
  'vip',
  'hardware',
  'software',
  'follow_up',
  'refund',
  'sso',
  'mobile',
];
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** mulberry32: small, fast, and good enough for test data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hash(...parts: number[]): number {
  let h = 2166136261;
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 16777619);
    h = Math.imul(h ^ (h >>> 13), 0x5bd1e995);
  }
  return (h ^ (h >>> 15)) >>> 0;
}

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)] as T;
}

/** Index into `weights` chosen with those relative weights. */
function weighted(r: () => number, weights: readonly number[]): number {
  const total = weights.reduce((a, b) => a + b, 0);
  let x = r() * total;
  for (let i = 0; i < weights.length; i++) {
    x -= weights[i] ?? 0;
    if (x < 0) return i;
  }
  return weights.length - 1;
}

const STATUS_WEIGHTS = [10, 30, 15, 5, 25, 15]; // new open pending hold solved closed
const PRIORITY_WEIGHTS = [20, 20, 35, 18, 7]; // none low normal high urgent
const TYPE_WEIGHTS = [20, 10, 25, 35, 10]; // none problem incident question task

function seedUsers(users: UserDirectory, seed: number, tickets: number): { requesters: number[]; staff: number[] } {
  const created = SEED_EPOCH_START - 30 * 86_400;
  const fixture = (id: number, name: string, email: string, role: SandboxUser['role'], canEditTickets = true): void =>
    users.add({
      id,
      name,
      email,
      role,
      canEditTickets,
      password: FIXTURES.password,
      createdAt: created,
      groupId: role === 'end-user' ? null : GROUPS[0].id,
    });
  fixture(FIXTURE_USER_IDS.admin, 'Ada Admin', FIXTURES.users.admin, 'admin');
  fixture(FIXTURE_USER_IDS.agent, 'Sam Agent', FIXTURES.users.agent, 'agent');
  fixture(FIXTURE_USER_IDS.readonly, 'Rita Readonly', FIXTURES.users.readonly, 'agent', false);
  fixture(FIXTURE_USER_IDS.customer, 'Casey Customer', FIXTURES.users.customer, 'end-user');
  const r = prng(hash(seed, 1));
  const staff: number[] = [FIXTURE_USER_IDS.admin, FIXTURE_USER_IDS.agent, FIXTURE_USER_IDS.readonly];
  for (let k = 0; k < 4; k++) {
    const id = FIRST_EXTRA_AGENT_ID + k;
    const first = pick(r, FIRST);
    users.add({
      id,
      name: `${first} Support`,
      email: `${first.toLowerCase()}.support${k + 1}@sandbox.test`,
      role: 'agent',
      canEditTickets: true,
      password: null,
      createdAt: created,
      groupId: GROUPS[k % 2].id,
    });
    staff.push(id);
  }
  const requesters: number[] = [];
  const n = Math.min(5000, Math.max(20, Math.ceil(tickets / 20)));
  for (let k = 0; k < n; k++) {
    const id = FIRST_REQUESTER_ID + k;
    const first = pick(r, FIRST);
    const last = pick(r, LAST);
    const email =
      k % NO_EMAIL_EVERY === NO_EMAIL_EVERY - 1
        ? null
        : `${first}.${last}.${k + 1}@customers.example`
            .toLowerCase()
            .normalize('NFD')
            .replace(/[^\x20-\x7e]/g, '');
    users.add({
      id,
      name: `${first} ${last}`,
      email,
      role: 'end-user',
      canEditTickets: false,
      password: null,
      createdAt: created + k,
      groupId: null,
    });
    requesters.push(id);
  }
  return { requesters, staff };
}

class SeedText implements SeededText {
  store: TicketStore | undefined;

  constructor(
    private readonly seed: number,
    private readonly users: UserDirectory,
    private readonly staff: readonly number[],
  ) {}

  topic(id: number): { subject: string; product: string; problem: string; detail: string; day: string } {
    const r = prng(hash(this.seed, id, 7));
    const product = pick(r, PRODUCTS);
    const problem = pick(r, PROBLEMS);
    const detail = pick(r, DETAILS);
    const day = pick(r, WEEKDAYS);
    const subject = `${product.charAt(0).toUpperCase()}${product.slice(1)} ${problem}`;
    return { subject, product, problem, detail, day };
  }

  /** Seconds between seeded comments of a ticket; seeding uses it to place updated_at after the last one. */
  commentStep(id: number): number {
    return 1800 + (hash(this.seed, id, 11) % (2 * 86_400));
  }

  description(id: number): string {
    const t = this.topic(id);
    const requester = this.users.get(this.store?.requester[id - 1] ?? 0);
    return `Hello, my ${t.product} ${t.problem} since ${t.day}. ${t.detail} Could you help? Thanks, ${requester?.name ?? 'a customer'}`;
  }

  comment(id: number, index: number): StoredComment {
    const store = this.store;
    const createdAt = (store?.createdAt[id - 1] ?? SEED_EPOCH_START) + index * this.commentStep(id);
    const commentId = COMMENT_ID_BASE + id * COMMENT_ID_STRIDE + index + 1;
    const base = { id: commentId, createdAt, auditId: commentId };
    if (index === 0) {
      return { ...base, authorId: store?.requester[id - 1] ?? 0, body: this.description(id), public: true };
    }
    const r = prng(hash(this.seed, id, 13, index));
    if (index % 2 === 1) {
      const note = r() < 0.25;
      return {
        ...base,
        authorId: this.staff[hash(this.seed, id, 17) % this.staff.length] ?? 0,
        body: note ? pick(r, NOTES) : pick(r, REPLIES),
        public: !note,
      };
    }
    return { ...base, authorId: store?.requester[id - 1] ?? 0, body: pick(r, REPLIES), public: true };
  }
}

export interface SeededWorld {
  users: UserDirectory;
  store: TicketStore;
}

export function seedWorld(seed: number, tickets: number): SeededWorld {
  const users = new UserDirectory();
  const { requesters, staff } = seedUsers(users, seed, tickets);
  const text = new SeedText(seed, users, staff);
  const store = new TicketStore(tickets + 1024, text);
  text.store = store;
  const r = prng(hash(seed, 2));
  // The agent gets a fair share of assignments, so "Your unsolved tickets" is never empty.
  const assigneeWeights = staff.map((id) =>
    id === FIXTURE_USER_IDS.agent ? 6 : id === FIXTURE_USER_IDS.admin ? 2 : 1,
  );
  for (let id = 1; id <= tickets; id++) {
    const status = weighted(r, STATUS_WEIGHTS);
    const priority = weighted(r, PRIORITY_WEIGHTS);
    const type = weighted(r, TYPE_WEIGHTS);
    // Every 20th ticket belongs to the customer fixture, so the end-user views are never empty.
    const requesterId = id % 20 === 3 ? FIXTURE_USER_IDS.customer : pick(r, requesters);
    const assigned = status !== 0 && r() >= 0.15;
    const assigneeId = assigned ? (staff[weighted(r, assigneeWeights)] ?? 0) : 0;
    const tagCount = Math.floor(r() * 4);
    const tags: string[] = [];
    for (let k = 0; k < tagCount; k++) tags.push(pick(r, TAG_VOCABULARY));
    const comments = 1 + Math.floor(r() * 4);
    const createdAt = SEED_EPOCH_START + Math.floor(((id - 1) * SEED_EPOCH_SPAN_SECONDS) / Math.max(1, tickets));
    store.add({
      subject: text.topic(id).subject,
      description: '',
      status,
      priority,
      type,
      requesterId,
      submitterId: requesterId,
      assigneeId,
      groupId: assigned ? (users.get(assigneeId)?.groupId ?? 0) : 0,
      tags,
      createdAt,
      seededComments: comments,
    });
    store.setUpdatedAt(id, createdAt + (comments - 1) * text.commentStep(id) + Math.floor(r() * 86_400));
  }
  return { users, store };
}
