// Open Ticket, Recently viewed, New Ticket and macros in plain Node: reading what the agent typed or pasted, the
// recent list, the description made from a selection, and a macro's preview turned into changes to stage, held
// against the sandbox where Zendesk answers.
import * as assert from 'node:assert/strict';
import { FIXTURES } from '../../sandbox/index';
import { SEEDED_MACROS } from '../../sandbox/macros';
import { createTicket, getTicket, previewMacro } from '../../../src/zendesk/api';
import type { ZendeskClient } from '../../../src/zendesk/http';
import type { Ticket } from '../../../src/zendesk/types';
import { describePreview, findMacros, MacroCatalog, macroChoice, macroPreview } from '../../../src/tickets/macros';
import { parseRequester, selectionBlock, selectionSubject } from '../../../src/tickets/newTicket';
import type { CodeSelection } from '../../../src/code/codeBlock';
import { RecentTickets, RECENT_TICKETS_CAP } from '../../../src/tickets/recentTickets';
import { parseTicketRef, plainTicketNumber } from '../../../src/tickets/ticketRef';
import { JsonMemento } from '../fakes/memento';
import { agentClient, useSandboxOverHttp } from '../../support/sandboxClient';

const ACME = { accountId: 'acme/1', baseUrl: 'https://acme.zendesk.com' };
const ACME_OTHER_USER = { accountId: 'acme/2', baseUrl: 'https://acme.zendesk.com' };
const BETA = { accountId: 'beta/7', baseUrl: 'https://beta.zendesk.com' };

describe('Open Ticket: what the agent types or pastes', () => {
  it('reads 1234, #1234 and spaces around as a number', () => {
    for (const t of ['1234', '#1234', '  # 1234 ', '\t1234\n']) {
      assert.deepEqual(parseTicketRef(t, [ACME]), { kind: 'number', ticketId: 1234 }, t);
    }
    assert.equal(plainTicketNumber('status:open 1234'), undefined);
    assert.equal(plainTicketNumber('0'), undefined);
    assert.equal(plainTicketNumber('12a'), undefined);
  });

  it('reads agent, API and old ticket links of a signed-in account', () => {
    for (const url of [
      'https://acme.zendesk.com/agent/tickets/1234',
      'https://acme.zendesk.com/agent/tickets/1234/',
      'https://acme.zendesk.com/api/v2/tickets/1234.json',
      'https://acme.zendesk.com/api/v2/tickets/1234',
      'https://acme.zendesk.com/tickets/1234',
      ' https://ACME.zendesk.com/agent/tickets/1234?foo=1#bar ',
    ]) {
      assert.deepEqual(parseTicketRef(url, [BETA, ACME]), { kind: 'link', ticketId: 1234, accountId: 'acme/1' }, url);
    }
  });

  it('picks the account in use when several users of one Zendesk are signed in', () => {
    const link = 'https://acme.zendesk.com/agent/tickets/5';
    assert.equal(
      (parseTicketRef(link, [ACME, ACME_OTHER_USER], 'acme/2') as { accountId: string }).accountId,
      'acme/2',
    );
    assert.equal(
      (parseTicketRef(link, [ACME, ACME_OTHER_USER], 'beta/7') as { accountId: string }).accountId,
      'acme/1',
    );
  });

  it('says which Zendesk a link of an account not signed in belongs to, host only', () => {
    assert.deepEqual(parseTicketRef('https://other.zendesk.com/agent/tickets/77?token=secret', [ACME]), {
      kind: 'foreign',
      ticketId: 77,
      origin: 'https://other.zendesk.com',
    });
    // Another port or scheme is another place.
    assert.equal(parseTicketRef('http://acme.zendesk.com/agent/tickets/1', [ACME]).kind, 'foreign');
    // User info makes a URL read as another host: it is the host it names, never acme.
    const trick = parseTicketRef('https://acme.zendesk.com@evil.example/agent/tickets/1', [ACME]);
    assert.deepEqual(trick, { kind: 'foreign', ticketId: 1, origin: 'https://evil.example' });
  });

  it('refuses what is not a ticket', () => {
    for (const t of [
      '',
      'hello',
      'https://acme.zendesk.com/agent/users/5',
      'javascript:alert(1)',
      'ftp://acme.zendesk.com/tickets/1',
      '#-3',
    ]) {
      assert.deepEqual(parseTicketRef(t, [ACME]), { kind: 'invalid' }, t);
    }
  });
});

describe('Recently viewed', () => {
  it('keeps the last opened first, once each, per account, and survives a reload', async () => {
    const memento = new JsonMemento();
    let now = 1;
    const recent = new RecentTickets(memento, () => now++);
    await recent.opened('acme/1', 10, 'Printer');
    await recent.opened('acme/1', 11, 'Scanner');
    await recent.opened('beta/7', 10, 'Other account');
    await recent.opened('acme/1', 10);
    const again = new RecentTickets(memento);
    assert.deepEqual(
      again.list('acme/1').map((r) => [r.ticketId, r.subject]),
      [
        [10, 'Printer'],
        [11, 'Scanner'],
      ],
      'reopened goes to the top and keeps its subject',
    );
    assert.deepEqual(
      again.list('beta/7').map((r) => r.ticketId),
      [10],
    );
  });

  it('is capped, dropping the oldest', async () => {
    const recent = new RecentTickets(new JsonMemento());
    for (let id = 1; id <= RECENT_TICKETS_CAP + 5; id++) await recent.opened('acme/1', id, `#${id}`);
    const ids = recent.list('acme/1').map((r) => r.ticketId);
    assert.equal(ids.length, RECENT_TICKETS_CAP);
    assert.equal(ids[0], RECENT_TICKETS_CAP + 5);
    assert.equal(ids.at(-1), 6);
  });

  it('ignores what it cannot read and tells listeners of changes', async () => {
    const memento = new JsonMemento();
    memento.values.set(
      'zendesk.recentTickets/acme/1',
      JSON.stringify([{ ticketId: 'x' }, { ticketId: 3, subject: 's', openedAt: 1 }]),
    );
    const recent = new RecentTickets(memento);
    assert.deepEqual(
      recent.list('acme/1').map((r) => r.ticketId),
      [3],
    );
    const seen: string[] = [];
    recent.onDidChange((a) => seen.push(a));
    await recent.clear('acme/1');
    assert.deepEqual(recent.list('acme/1'), []);
    assert.deepEqual(seen, ['acme/1']);
  });
});

describe('New Ticket: requester and the description from a selection', () => {
  it('reads an email, a name with an email, or nothing (the agent)', () => {
    assert.deepEqual(parseRequester(''), { kind: 'me' });
    assert.deepEqual(parseRequester(' ada@example.com '), { kind: 'email', email: 'ada@example.com' });
    assert.deepEqual(parseRequester('Ada Lovelace <ada@example.com>'), {
      kind: 'email',
      email: 'ada@example.com',
      name: 'Ada Lovelace',
    });
    assert.deepEqual(parseRequester('"Ada L" <ada@example.com>'), {
      kind: 'email',
      email: 'ada@example.com',
      name: 'Ada L',
    });
    assert.equal(parseRequester('Ada Lovelace').kind, 'invalid');
    assert.equal(parseRequester('Ada <not-an-email>').kind, 'invalid');
  });

  const sel = (over: Partial<CodeSelection> = {}): CodeSelection => ({
    text: 'const a = 1;\nconsole.log(a);\n',
    languageId: 'typescript',
    path: 'src/app.ts',
    startLine: 12,
    endLine: 13,
    ...over,
  });

  it('makes the description the way Add Selection to Ticket does: the place (a link when pushed), then the code fenced', () => {
    assert.equal(
      selectionBlock({ selection: sel() }),
      '`src/app.ts`, lines 12–13\n\n```typescript\nconst a = 1;\nconsole.log(a);\n```\n',
    );
    const link = 'https://github.com/acme/app/blob/0123abc/src/app.ts#L12-L13';
    assert.equal(
      selectionBlock({ selection: sel(), permalink: link }).split('\n')[0],
      `[\`src/app.ts\`, lines 12–13](${link})`,
    );
    assert.equal(selectionSubject(sel()), 'Question about app.ts:12');
  });
});

describe('macros: search, preview and the changes to stage', () => {
  const macros = [
    { id: 1, title: 'Customer not responding', active: true, position: 1, restriction: null },
    { id: 2, title: 'Billing::Refunds::Refund approved', active: true, position: 2, restriction: null },
    { id: 3, title: 'Take it', active: true, position: 3, restriction: { type: 'User' as const, id: 9 } },
    {
      id: 4,
      title: 'Support::Take over',
      active: true,
      position: 4,
      restriction: { type: 'Group' as const, id: 5, ids: [5] },
    },
  ].map(macroChoice);

  it('splits categories and marks personal macros', () => {
    assert.deepEqual(
      [macros[1].name, macros[1].category, macros[1].personal],
      ['Refund approved', 'Billing › Refunds', false],
    );
    assert.deepEqual([macros[2].category, macros[2].personal, macros[3].personal], [undefined, true, false]);
  });

  it('finds by words of the title or the category, names starting with the query first', () => {
    assert.deepEqual(
      findMacros(macros, 'refund billing').map((m) => m.id),
      [2],
    );
    assert.deepEqual(
      findMacros(macros, 'TAKE').map((m) => m.id),
      [3, 4],
    );
    assert.deepEqual(
      findMacros(macros, 'over').map((m) => m.id),
      [4],
    );
    assert.deepEqual(
      findMacros(macros, 'support').map((m) => m.id),
      [4],
      'by category',
    );
    assert.equal(findMacros(macros, '').length, 4);
  });

  const ticket: Ticket = {
    id: 5,
    subject: 'Printer',
    status: 'open',
    priority: 'normal',
    type: null,
    requester_id: 1,
    assignee_id: null,
    tags: ['vip'],
    created_at: '2024-01-01T00:00:00Z',
    updated_at: '2024-01-01T00:00:00Z',
  };

  it('keeps only what differs, in words, with the comment and its mode', () => {
    const p = macroPreview(
      ticket,
      // Zendesk may send the whole ticket after the macro: unchanged fields are not changes.
      {
        ...ticket,
        priority: 'high',
        tags: ['escalated', 'vip'],
        assignee_id: 9,
        comment: { body: 'Escalated.', public: false },
      },
      { id: 3, title: 'Escalate' },
      { person: (id) => `Agent ${id}`, group: (id) => `Group ${id}`, status: (k) => String(k) },
    );
    assert.deepEqual(
      p.changes.map((c) => [c.label, c.before, c.after]),
      [
        ['Priority', 'Normal', 'High'],
        ['Assignee', '-', 'Agent 9'],
        ['Tags', 'vip', 'escalated, vip'],
      ],
    );
    assert.deepEqual(p.staged, {
      comment: { body: 'Escalated.', public: false },
      fields: { priority: 'high', assignee_id: 9, tags: ['escalated', 'vip'] },
      source: { kind: 'macro', id: 3, title: 'Escalate' },
    });
    assert.equal(
      describePreview(p),
      'Priority: Normal → High · Assignee: - → Agent 9 · Tags: vip → escalated, vip · Adds an internal note',
    );
    assert.equal(
      describePreview(macroPreview(ticket, { id: 5, status: 'open' }, { id: 1, title: 'x' })),
      'Changes nothing on this ticket',
    );
  });
});

describe('macros and new tickets against the sandbox', () => {
  const env = useSandboxOverHttp({ tickets: 20, seed: 3 });
  let client: ZendeskClient;
  before(async () => {
    client = await agentClient(env);
  });

  it('loads the active macros once per account and previews one without changing the ticket', async () => {
    const catalog = new MacroCatalog();
    const [a, b] = await Promise.all([catalog.get('s/1', client), catalog.get('s/1', client)]);
    assert.equal(a, b, 'one request shared');
    const esc = findMacros(a, 'escalate')[0];
    assert.equal(esc?.category, 'Support');
    const open = (await client.request<{ tickets: Ticket[] }>('GET', '/api/v2/tickets')).tickets.find(
      (t) => t.status === 'open',
    );
    assert.ok(open);
    const before = await getTicket(client, open.id);
    const p = macroPreview(before, await previewMacro(client, open.id, esc.id), esc);
    assert.equal(p.staged.fields.priority, 'high');
    assert.equal(p.comment?.public, false);
    assert.deepEqual(await getTicket(client, open.id), before, 'previewing changed nothing');
    const personal = a.find((m) => m.personal);
    assert.equal(
      personal?.title,
      SEEDED_MACROS.find((m) => m.restriction?.type === 'User' && m.restriction.id === FIXTURES.userIds.agent)?.title,
    );
  });

  it('creates a ticket for a requester by email, made an end user when new', async () => {
    const t = await createTicket(client, {
      requester: { name: 'Grace Hopper', email: 'grace@navy.example' },
      subject: 'Bug',
      comment: { body: 'It broke', public: true },
    });
    assert.equal(t.subject, 'Bug');
    const user = await client.request<{ user: { name: string; email: string } }>(
      'GET',
      `/api/v2/users/${t.requester_id}`,
    );
    assert.deepEqual([user.user.name, user.user.email], ['Grace Hopper', 'grace@navy.example']);
  });
});
