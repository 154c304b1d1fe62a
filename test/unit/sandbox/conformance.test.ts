/**
 * The sandbox held to real Zendesk: for each recorded answer (test/fixtures/real-zendesk/, see its MANIFEST.md for
 * where each comes from and how far to trust it) of an endpoint the extension uses, the sandbox is asked the same
 * thing and its answer must have the same structure: status, content type, the rate-limit headers, and keys, value
 * types and nullability at every level of the body (shape.ts). Differences that are deliberate are listed below
 * with their reason, as the sandbox's CHOICEs are; one that stops occurring must leave the list too.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES, startSandbox } from '../../sandbox/index';
import { FIELD_IDS } from '../../sandbox/ticketFields';
import { api, http, HttpResult, signIn, useSandbox } from '../../support/sandboxHttp';
import { compareShapes, Difference, formatDifferences, knownTypes } from './shape';

interface Recording {
  endpoint: string;
  kind: string;
  response: { status: number; headers: Record<string, string[] | string>; body?: unknown; body_text?: string };
}

function fixturesDir(): string {
  for (let d = __dirname; d !== path.dirname(d); d = path.dirname(d)) {
    const candidate = path.join(d, 'test', 'fixtures', 'real-zendesk', 'recordings');
    try {
      if (readdirSync(candidate).length > 0) return candidate;
    } catch {
      // not here; look higher
    }
  }
  throw new Error('test/fixtures/real-zendesk/recordings not found above ' + __dirname);
}

const DIR = fixturesDir();
const recording = (file: string): Recording => JSON.parse(readFileSync(path.join(DIR, file), 'utf8')) as Recording;

function header(rec: Recording, name: string): string | undefined {
  // Betamax keeps each header's values as a list, VCR as one string.
  const entry: [string, string[] | string] | undefined = Object.entries(rec.response.headers).find(
    ([k]) => k.toLowerCase() === name,
  );
  return Array.isArray(entry?.[1]) ? entry[1][0] : entry?.[1];
}

/** A path with its record named the same wherever it appears (a ticket alone, in a list, in search results). */
const RECORDS: [RegExp, string][] = [
  [/^\$\.(?:ticket|tickets\[\]|results\[\])(?=\.|$)/, 'ticket'],
  [/^\$\.(?:user|users\[\])(?=\.|$)/, 'user'],
  [/^\$\.(?:view|views\[\])(?=\.|$)/, 'view'],
  [/^\$\.(?:view_count|view_counts\[\])(?=\.|$)/, 'view_count'],
  [/^\$\.comments\[\](?=\.|$)/, 'comment'],
];
function normalise(p: string): string {
  const attachment = /^.*\.(?:attachments\[\]|attachment)(?=\.|$)/;
  if (attachment.test(p)) return p.replace(attachment, 'attachment');
  for (const [re, name] of RECORDS) if (re.test(p)) return p.replace(re, name);
  return p;
}
const KNOWN = {
  types: knownTypes(
    readdirSync(DIR)
      .filter((f) => f.endsWith('.json'))
      .map((f) => recording(f).response.body)
      .filter((b) => b !== undefined),
    normalise,
  ),
  normalise,
};

const mediaType = (v: string | null | undefined): string => (v ?? '').split(';')[0].trim().toLowerCase();

/**
 * The account-wide rate-limit headers as Zendesk names them today ("Best practices for avoiding rate limiting",
 * https://developer.zendesk.com/documentation/api-basics/best-practices/best-practices-for-avoiding-rate-limiting):
 * `x-rate-limit`, `x-rate-limit-remaining`, `ratelimit-limit`, `ratelimit-remaining`, `ratelimit-reset`. The 2023
 * recordings spell the last three `rate-limit`, `rate-limit-remaining`, `rate-limit-reset`; the 2024 ones and the
 * docs use `ratelimit-*`, which is what the sandbox sends: a recorded `rate-limit*` asks for its `ratelimit-*` twin.
 */
const RATE_LIMIT_HEADERS: Record<string, string> = {
  'x-rate-limit': 'x-rate-limit',
  'x-rate-limit-remaining': 'x-rate-limit-remaining',
  'ratelimit-limit': 'ratelimit-limit',
  'ratelimit-remaining': 'ratelimit-remaining',
  'ratelimit-reset': 'ratelimit-reset',
  'rate-limit': 'ratelimit-limit',
  'rate-limit-remaining': 'ratelimit-remaining',
  'rate-limit-reset': 'ratelimit-reset',
  'retry-after': 'retry-after',
  location: 'location',
};

/** Recorded headers the sandbox deliberately does not send, with the reason. */
const HEADERS_NOT_SENT: Record<string, string> = {
  'zendesk-rate-limit-tickets-index':
    'the List Tickets endpoint limit (zendesk-ratelimit-tickets-index) is not imitated; the sandbox README lists it',
  'zendesk-rate-limit-tickets-update':
    'the Update Ticket endpoint limit header is not sent: the sandbox enforces that limit (429 with Retry-After) without its own header; the sandbox README lists it',
};

interface Asked {
  res: HttpResult;
  /** When the recording holds more than the sandbox can be asked for (a search over 90 tickets), the part compared. */
  body?: unknown;
}

interface Case {
  file: string;
  /** What the sandbox is asked, when it is not the recorded endpoint (a sibling answering the same records). */
  asks?: string;
  /** The same request, made to the sandbox. */
  ask: () => Promise<Asked>;
  /** Paths whose keys vary from record to record: compared by type only. */
  open?: string[];
  /** `kind path` → why the sandbox differs there on purpose. */
  deliberate?: Record<string, string>;
}

/** Objects whose keys are the record's own (they differ from one ticket, comment or user to the next). */
const OPEN_TICKET = ['via.source.from', 'via.source.to'];
const COMMENT_OPEN = ['$.comments[].via.source.from', '$.comments[].via.source.to', '$.comments[].metadata.custom'];

/** Real Zendesk adds fields to tickets over the years; these are the ones the sandbox leaves out on purpose. */
const TICKET_DELIBERATE = (root: string): Record<string, string> => ({
  [`missing ${root}.satisfaction_probability`]:
    'only in the 2018 search recording; Zendesk no longer sends it (absent from every 2023 ticket)',
});

function ticketOpen(root: string): string[] {
  return OPEN_TICKET.map((p) => `${root}.${p}`);
}

/** A write's answer, `{ticket, audit}`: the audit's events carry values of any field. */
const TICKET_WRITE_OPEN = [
  ...ticketOpen('$.ticket'),
  '$.audit.via.source.from',
  '$.audit.via.source.to',
  '$.audit.metadata.custom',
  '$.audit.events[].value',
  '$.audit.events[].previous_value',
];

describe('sandbox held to recorded real Zendesk answers', () => {
  const sb = useSandbox({ tickets: 60 });
  let agent = '';
  let admin = '';
  let customer = '';
  let openTicket = 0;
  let closedTicket = 0;
  let viewId = 0;
  let noEmailUser = 0;
  let attachmentTicket = 0;

  before(async () => {
    agent = (await signIn(sb(), FIXTURES.users.agent)).access_token;
    admin = (await signIn(sb(), FIXTURES.users.admin)).access_token;
    customer = (await signIn(sb(), FIXTURES.users.customer)).access_token;
    const page = (await api(sb(), agent, 'GET', '/api/v2/tickets?per_page=60&include=users')).json<{
      tickets: { id: number; status: string }[];
      users: { id: number; email: string | null }[];
    }>();
    const editable = page.tickets.filter((t) => t.status !== 'closed' && t.status !== 'solved').map((t) => t.id);
    openTicket = editable[0] ?? 0;
    attachmentTicket = editable[1] ?? 0;
    closedTicket = page.tickets.find((t) => t.status === 'closed')?.id ?? 0;
    noEmailUser = page.users.find((u) => u.email === null)?.id ?? 0;
    // A comment with an attachment, so the recorded attachment's structure is compared too.
    const up = await http(`${sb().url}/api/v2/uploads?filename=README.md`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${agent}`, 'Content-Type': 'text/markdown' },
      body: '# hello',
    });
    const uploadToken = up.json<{ upload: { token: string } }>().upload.token;
    const put = await api(sb(), agent, 'PUT', `/api/v2/tickets/${attachmentTicket}`, {
      ticket: { comment: { body: 'Some comment', uploads: [uploadToken] } },
    });
    assert.equal(put.status, 200, put.text);
    const views = (await api(sb(), agent, 'GET', '/api/v2/views/active')).json<{ views: { id: number }[] }>();
    viewId = views.views[0]?.id ?? 0;
    assert.ok(
      openTicket && attachmentTicket && closedTicket && viewId,
      'the seeded sandbox lacks an open ticket, a closed one or a view',
    );
    assert.ok(noEmailUser, 'the seeded sandbox has no end user without an email, as real accounts do');
  });

  const get = (token: string, p: string) => async (): Promise<Asked> => ({ res: await api(sb(), token, 'GET', p) });
  const nextOf = async (token: string, first: string): Promise<Asked> => {
    const next = (await api(sb(), token, 'GET', first)).json<{ links: { next: string } }>().links.next;
    return { res: await api(sb(), token, 'GET', next) };
  };

  const cases: Case[] = [
    { file: 'users-me.json', ask: () => get(admin, '/api/v2/users/me')(), open: ['$.user.user_fields'] },
    {
      file: 'users-show-many.json',
      ask: () => get(agent, `/api/v2/users/show_many?ids=${noEmailUser}`)(),
      open: ['$.users[].user_fields'],
    },
    {
      // No recording of "Search Users" was found: its answer is the same user records in the same offset envelope
      // (https://developer.zendesk.com/api-reference/ticketing/users/users/#search-users), held to show_many's.
      file: 'users-show-many.json',
      asks: 'GET /api/v2/users/search?query=',
      ask: async () => {
        const [user] = (await api(sb(), agent, 'GET', `/api/v2/users/show_many?ids=${noEmailUser}`)).json<{
          users: { name: string }[];
        }>().users;
        return { res: await api(sb(), agent, 'GET', `/api/v2/users/search?query=${encodeURIComponent(user.name)}`) };
      },
      open: ['$.users[].user_fields'],
    },
    {
      file: 'tickets-cursor-first.json',
      ask: () => get(agent, '/api/v2/tickets?page[size]=1')(),
      open: ticketOpen('$.tickets[]'),
    },
    {
      file: 'ticket-show.json',
      ask: () => get(agent, `/api/v2/tickets/${openTicket}`)(),
      open: ticketOpen('$.ticket'),
    },
    {
      file: 'tickets-show-many.json',
      ask: () => get(agent, `/api/v2/tickets/show_many?ids=${openTicket}`)(),
      open: ticketOpen('$.tickets[]'),
    },
    {
      file: 'ticket-update.json',
      ask: async () => ({
        res: await api(sb(), agent, 'PUT', `/api/v2/tickets/${openTicket}`, {
          ticket: { subject: 'Held to real Zendesk' },
        }),
      }),
      open: TICKET_WRITE_OPEN,
    },
    {
      file: 'ticket-create.json',
      ask: async () => ({
        res: await api(sb(), agent, 'POST', '/api/v2/tickets', {
          ticket: {
            subject: 'test',
            comment: { body: 'test' },
            requester: { name: 'Held Real', email: 'held@customers.example' },
          },
        }),
      }),
      open: TICKET_WRITE_OPEN,
    },
    {
      file: 'macros.json',
      ask: () => get(agent, '/api/v2/macros?per_page=100')(),
      open: ['$.macros[].actions[].value'],
    },
    {
      file: 'macros-cursor-first.json',
      ask: () => get(agent, '/api/v2/macros?page[size]=1')(),
      open: ['$.macros[].actions[].value'],
    },
    {
      file: 'ticket-comments.json',
      ask: () => get(agent, `/api/v2/tickets/${attachmentTicket}/comments?page[size]=100`)(),
      open: COMMENT_OPEN,
    },
    {
      file: 'views-active.json',
      ask: () => get(agent, '/api/v2/views/active')(),
      open: ['$.views[].conditions', '$.views[].execution.custom_fields'],
    },
    {
      file: 'views-cursor-first.json',
      ask: () => get(agent, '/api/v2/views?page[size]=1')(),
      open: ['$.views[].conditions', '$.views[].execution.custom_fields'],
    },
    {
      file: 'views-cursor-next.json',
      ask: () => nextOf(agent, '/api/v2/views?page[size]=1'),
      open: ['$.views[].conditions', '$.views[].execution.custom_fields'],
    },
    { file: 'view-count.json', ask: () => get(agent, `/api/v2/views/${viewId}/count`)() },
    { file: 'view-count-pending.json', ask: () => get(agent, `/api/v2/views/${viewId}/count`)() },
    { file: 'view-counts-many.json', ask: () => get(agent, `/api/v2/views/count_many?ids=${viewId}`)() },
    {
      file: 'view-tickets-first.json',
      ask: () => get(agent, `/api/v2/views/${viewId}/tickets?page[size]=1`)(),
      open: ticketOpen('$.tickets[]'),
    },
    {
      file: 'view-tickets-next.json',
      ask: () => nextOf(agent, `/api/v2/views/${viewId}/tickets?page[size]=1`),
      open: ticketOpen('$.tickets[]'),
    },
    {
      file: 'search.json',
      ask: async () => ({ res: await api(sb(), agent, 'GET', '/api/v2/search?query=type:ticket') }),
      open: ticketOpen('$.results[]'),
      deliberate: {
        ...TICKET_DELIBERATE('$.results[]'),
      },
    },
    { file: 'search-count.json', ask: () => get(agent, '/api/v2/search/count?query=type:ticket')() },
    {
      file: 'upload.json',
      ask: async () => ({
        res: await http(`${sb().url}/api/v2/uploads?filename=README.md`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${agent}`, 'Content-Type': 'application/binary' },
          body: 'hello',
        }),
      }),
    },
    {
      file: 'oauth-token.json',
      ask: async () => ({
        res: await http(`${sb().url}/oauth/tokens`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({
            grant_type: 'client_credentials',
            client_id: FIXTURES.confidentialClient.identifier,
            client_secret: FIXTURES.confidentialClient.secret,
            scope: 'read',
          }),
        }),
      }),
      deliberate: {
        'extra $.expires_in':
          'the doc example is an older revision of the page, before tokens expired; the current page and the OpenAPI spec add expires_in',
      },
    },
    { file: 'error-401-invalid-token.json', ask: get('not-a-token', '/api/v2/tickets') },
    { file: 'error-403-forbidden.json', ask: () => get(customer, '/api/v2/views')() },
    {
      file: 'error-404-record-not-found.json',
      ask: async () => ({
        res: await api(sb(), agent, 'PUT', '/api/v2/tickets/9007199254740991', { ticket: { subject: 'test' } }),
      }),
    },
    {
      file: 'error-422-closed-ticket.json',
      ask: async () => ({
        res: await api(sb(), agent, 'PUT', `/api/v2/tickets/${closedTicket}`, { ticket: { status: 'open' } }),
      }),
      deliberate: {
        'extra $.details.status[].error':
          'the closed-ticket body is a test stub; the live-recorded 422s (details-base, details-field) carry `error` in every detail',
      },
    },
    {
      // The recording is a ticket import; the sandbox's nearest is a ticket created without a comment.
      file: 'error-422-details-base.json',
      ask: async () => ({
        res: await api(sb(), agent, 'POST', '/api/v2/tickets', { ticket: { subject: 'no description' } }),
      }),
    },
    {
      // A custom field value of the wrong type: Zendesk names ticket fields under `base`, with the field's id and type
      // (a live probe of a field required to solve, https://github.com/CloudSecurityAlliance/csa-zendesk
      // experiments/solve-required-fields; not a recording, so the two keys are listed as deliberate).
      file: 'error-422-details-base.json',
      ask: async () => ({
        res: await api(sb(), agent, 'PUT', `/api/v2/tickets/${openTicket}`, {
          ticket: { custom_fields: [{ id: FIELD_IDS.affectedUsers, value: 'many' }] },
        }),
      }),
      deliberate: {
        'extra $.details.base[].ticket_field_id': 'a ticket field in a 422 carries its id (live probe, not recorded)',
        'extra $.details.base[].ticket_field_type': 'and its type, e.g. FieldInteger (live probe, not recorded)',
      },
    },
    {
      // The agent made assignee while the write moves the ticket to a group they are not in.
      file: 'error-422-assignee-not-in-group.json',
      ask: async () => {
        const me = (await api(sb(), agent, 'GET', '/api/v2/users/me')).json<{
          user: { id: number; default_group_id: number };
        }>().user;
        const groups = (await api(sb(), agent, 'GET', '/api/v2/groups')).json<{ groups: { id: number }[] }>().groups;
        const other = groups.find((g) => g.id !== me.default_group_id);
        assert.ok(other, 'the sandbox has one group only');
        return {
          res: await api(sb(), agent, 'PUT', `/api/v2/tickets/${openTicket}`, {
            ticket: { group_id: other.id, assignee_id: me.id },
          }),
        };
      },
    },
    {
      file: 'groups-cursor-first.json',
      ask: () => get(agent, '/api/v2/groups?page[size]=1')(),
    },
    {
      // The recording is a brand's name; the sandbox's nearest is a ticket field it refuses by name.
      file: 'error-422-details-field.json',
      ask: async () => {
        const res = await api(sb(), agent, 'PUT', `/api/v2/tickets/${openTicket}`, {
          ticket: { priority: 'sky-high' },
        });
        const body = res.json<{ details: Record<string, unknown> }>();
        // The field's name is the record's own; compare the envelope with the recording's field name.
        return { res, body: { ...body, details: { name: body.details.priority } } };
      },
    },
    {
      file: 'error-429-text.json',
      ask: async () => {
        const limited = await startSandbox({ tickets: 1, rateLimitPerMinute: 1 });
        try {
          const t = (await signIn(limited, FIXTURES.users.agent)).access_token;
          await api(limited, t, 'GET', '/api/v2/users/me');
          return { res: await api(limited, t, 'GET', '/api/v2/users/me') };
        } finally {
          await limited.close();
        }
      },
    },
  ];

  /** Recordings of answers the extension never asks for, with the reason they are not compared. */
  const NOT_COMPARED: Record<string, string> = {
    'error-409-text.json':
      'a 409 of POST /imports/tickets, which the extension does not call; the safe_update 409 body is a CHOICE (no real one was found)',
    'group-memberships-cursor-first.json':
      'the extension does not call GET /group_memberships; the sandbox has no memberships (README "Not here")',
  };

  it('covers every recording: compared, or named with the reason it is not', () => {
    const files = readdirSync(DIR)
      .filter((f) => f.endsWith('.json'))
      .sort();
    const covered = new Set([...cases.map((c) => c.file), ...Object.keys(NOT_COMPARED)]);
    assert.deepEqual(
      files.filter((f) => !covered.has(f)),
      [],
      'recordings nobody compares',
    );
  });

  for (const c of cases) {
    it(`${c.file}: ${c.asks ?? recording(c.file).endpoint}`, async () => {
      const rec = recording(c.file);
      const { res, body } = await c.ask();
      assert.equal(res.status, rec.response.status, `status (${res.text.slice(0, 200)})`);
      const recordedType = mediaType(header(rec, 'content-type'));
      assert.equal(mediaType(res.headers.get('content-type')), recordedType, 'content type');

      const headerDiffs: string[] = [];
      for (const name of Object.keys(rec.response.headers).map((h) => h.toLowerCase())) {
        const ours = RATE_LIMIT_HEADERS[name];
        if (ours && res.headers.get(ours) === null) headerDiffs.push(`missing header ${ours} (recorded ${name})`);
        if (name.startsWith('zendesk-rate') && !HEADERS_NOT_SENT[name]) {
          headerDiffs.push(`endpoint limit header ${name} neither sent nor listed`);
        }
      }
      if (res.headers.get('retry-after') !== null && header(rec, 'retry-after') === undefined) {
        headerDiffs.push('extra header retry-after on an answer recorded without it');
      }
      assert.deepEqual(headerDiffs, [], 'headers');

      if (rec.response.body_text !== undefined) {
        assert.throws(
          () => JSON.parse(res.text) as unknown,
          SyntaxError,
          'recorded as plain text, the sandbox answers JSON',
        );
        return;
      }
      const diffs = compareShapes(rec.response.body, body ?? res.json(), { open: c.open, known: KNOWN });
      const key = (d: Difference): string => `${d.kind} ${d.path}`;
      const deliberate = c.deliberate ?? {};
      const unexpected = diffs.filter((d) => !(key(d) in deliberate));
      assert.equal(
        unexpected.length,
        0,
        `the sandbox's answer differs from real Zendesk's:\n${formatDifferences(unexpected)}`,
      );
      const stale = Object.keys(deliberate).filter((k) => !diffs.some((d) => key(d) === k));
      assert.deepEqual(stale, [], 'deliberate differences that no longer occur: remove them from the list');
    });
  }
});

describe('the structural comparison itself', () => {
  const rec = recording('ticket-show.json').response.body as { ticket: Record<string, unknown> };

  it('finds a field removed, a field added, a type changed and a null where the recording never had one', () => {
    const rest = { ...rec.ticket };
    delete rest.raw_subject;
    const changed = { ticket: { ...rest, invented: 1, tags: 'sample', subject: null } };
    const diffs = compareShapes(rec, changed)
      .map((d) => `${d.kind} ${d.path}`)
      .sort();
    assert.deepEqual(
      diffs,
      ['extra $.ticket.invented', 'missing $.ticket.raw_subject', 'type $.ticket.subject', 'type $.ticket.tags'].sort(),
    );
  });

  it('lets a value be null where the recording has null, and keys vary under an open path', () => {
    const same = {
      ticket: {
        ...rec.ticket,
        assignee_id: null,
        via: { channel: 'web', source: { from: { address: 'a@b.c' }, to: {}, rel: null } },
      },
    };
    assert.deepEqual(compareShapes(rec, same, { open: ['$.ticket.via.source.from'] }), [
      { kind: 'type', path: '$.ticket.assignee_id', detail: 'the sandbox sends null, recorded number' },
    ]);
    const nullable = {
      ticket: {
        ...rec.ticket,
        external_id: 'x',
        via: { ...(rec.ticket.via as object), source: { from: {}, to: {}, rel: 'follow_up' } },
      },
    };
    assert.deepEqual(compareShapes(rec, nullable), [], 'a path recorded only as null takes any type');
  });
});
