// Ticket statuses: the one vocabulary (system statuses, or the account's custom ones grouped by category), the
// per-account cache, and what the tree, the ticket page and the chat tools make of them.
import './fakeVscode';
import * as assert from 'node:assert/strict';
import { statusPatch } from '../../../src/chat/operations';
import { statusList, statusText } from '../../../src/chat/format';
import { pageState } from './pageHtml';
import { renderDetailPage } from '../../../src/tickets/detail/detailPage';
import { detailView, loadTicketDetail } from '../../../src/tickets/detail/detailModel';
import { parsePageMessage } from '../../../src/tickets/detail/pageMessages';
import { StatusCatalog } from '../../../src/tickets/statusCatalog';
import { StatusVocabulary } from '../../../src/tickets/statuses';
import { TicketModel, searchSource } from '../../../src/tickets/ticketModel';
import { TicketTreeProvider, type TicketNode } from '../../../src/tickets/ticketTree';
import { searchTickets } from '../../../src/zendesk/api';
import { ZendeskClient } from '../../../src/zendesk/http';
import type { CustomStatus, Ticket } from '../../../src/zendesk/types';
import { SEEDED_CUSTOM } from '../../sandbox/customStatuses';
import { FakeTransport, json } from '../zendesk/fakeTransport';
import { attr, elements, statusPicker, text } from './pageHtml';
import { clientFor, publicClient, RefreshingTokens, signIn, useSandboxOverHttp } from '../../support/sandboxClient';
import { readsOf } from '../fakes/reads';

const cs = (
  id: number,
  status_category: CustomStatus['status_category'],
  agent_label: string,
  o: Partial<CustomStatus> = {},
): CustomStatus => ({ id, status_category, agent_label, active: true, default: false, ...o });

/** As Zendesk lists them: in no particular order, one inactive, defaults among the others. */
const ACCOUNT_STATUSES: CustomStatus[] = [
  cs(12, 'hold', 'Waiting on engineering', { description: 'Escalated to engineering' }),
  cs(5, 'solved', 'Solved', { default: true }),
  cs(11, 'open', 'Investigating'),
  cs(2, 'open', 'Open', { default: true }),
  cs(13, 'hold', 'Escalated to vendor', { active: false }),
  cs(1, 'new', 'New', { default: true }),
  cs(3, 'pending', 'Pending', { default: true }),
  cs(4, 'hold', 'On-hold', { default: true }),
];
const custom = StatusVocabulary.of(ACCOUNT_STATUSES);
const system = StatusVocabulary.system();

describe('the status vocabulary', () => {
  it("without custom statuses: Zendesk's five, by name, and a change sends `status`", () => {
    assert.equal(system.custom, false);
    assert.deepEqual(
      system.choices.map((c) => [c.key, c.label]),
      [
        ['new', 'New'],
        ['open', 'Open'],
        ['pending', 'Pending'],
        ['hold', 'On-hold'],
        ['solved', 'Solved'],
      ],
    );
    assert.equal(system.label({ status: 'hold', custom_status_id: 360_000_004 }), 'On-hold');
    assert.equal(system.label({ status: 'closed' }), 'Closed');
    assert.deepEqual(system.patch(system.find('pending')!), { status: 'pending' });
    assert.equal(system.keyOf({ status: 'solved' }), 'solved');
  });

  it("with custom statuses: the active ones grouped in Zendesk's category order, each default first", () => {
    assert.equal(custom.custom, true);
    assert.deepEqual(
      custom.groups().map((g) => [g.label, g.choices.map((c) => c.label)]),
      [
        ['New', ['New']],
        ['Open', ['Open', 'Investigating']],
        ['Pending', ['Pending']],
        ['On-hold', ['On-hold', 'Waiting on engineering']],
        ['Solved', ['Solved']],
      ],
    );
    // A default is keyed by its category, so "pending" means the same on every account; the others by their id.
    assert.deepEqual(
      custom.choices.map((c) => c.key),
      ['new', 'open', '11', 'pending', 'hold', '12', 'solved'],
    );
    assert.equal(custom.find('12')?.description, 'Escalated to engineering');
    assert.equal(custom.find('13'), undefined, 'an inactive status is offered');
  });

  it('reads a ticket by its custom status, inactive ones too; falls back to the category', () => {
    assert.equal(custom.label({ status: 'hold', custom_status_id: 12 }), 'Waiting on engineering');
    assert.equal(
      custom.labelWithCategory({ status: 'hold', custom_status_id: 12 }),
      'Waiting on engineering (On-hold)',
    );
    assert.equal(custom.labelWithCategory({ status: 'pending', custom_status_id: 3 }), 'Pending');
    assert.equal(custom.label({ status: 'hold', custom_status_id: 13 }), 'Escalated to vendor');
    // An id the account did not list (made since), or one of another category: the category's default.
    assert.equal(custom.label({ status: 'open', custom_status_id: 999 }), 'Open');
    assert.equal(custom.label({ status: 'pending', custom_status_id: 12 }), 'Pending');
    assert.equal(custom.keyOf({ status: 'open', custom_status_id: 11 }), '11');
    assert.equal(custom.label({ status: 'closed', custom_status_id: 5 }), 'Solved (closed)');
  });

  it("a change sends custom_status_id, a category's default included", () => {
    assert.deepEqual(custom.patch(custom.find('12')!), { custom_status_id: 12 });
    assert.deepEqual(custom.patch(custom.find('pending')!), { custom_status_id: 3 });
    assert.equal(custom.isCurrent({ status: 'open', custom_status_id: 11 }, custom.find('11')!), true);
    assert.equal(custom.isCurrent({ status: 'open', custom_status_id: 11 }, custom.find('open')!), false);
  });

  it('finds a status by its agent label, case and spacing aside', () => {
    assert.equal(custom.byLabel('  waiting ON   engineering ')?.customStatusId, 12);
    assert.equal(custom.byLabel('Escalated to vendor'), undefined);
  });

  it('an account listing no active status, or an unused On-hold, is read as such', () => {
    assert.equal(StatusVocabulary.of([]).custom, false);
    const noHold = StatusVocabulary.of(ACCOUNT_STATUSES.filter((s) => s.status_category !== 'hold'));
    assert.deepEqual(
      noHold.groups().map((g) => g.category),
      ['new', 'open', 'pending', 'solved'],
    );
  });
});

describe('the status catalog', () => {
  const BASE = 'https://acme.zendesk.com';
  const clientOver = (http: FakeTransport) =>
    new ZendeskClient({ baseUrl: BASE, transport: http, tokens: { getAccessToken: async () => 'at' }, maxRetries: 0 });

  it('asks Zendesk once per account, however many ask at once', async () => {
    const http = new FakeTransport().answer(json(200, { custom_statuses: ACCOUNT_STATUSES }));
    const catalog = new StatusCatalog();
    const c = clientOver(http);
    const [a, b] = await Promise.all([catalog.get('acme/1', c), catalog.get('acme/1', c)]);
    assert.equal(a, b);
    assert.equal((await catalog.get('acme/1', c)).label({ status: 'open', custom_status_id: 11 }), 'Investigating');
    assert.deepEqual(
      http.requests.map((r) => new URL(r.url).pathname),
      ['/api/v2/custom_statuses'],
    );
    assert.equal(catalog.peek('acme/1'), a);
  });

  it('an account without custom statuses (403) keeps the system statuses without asking again', async () => {
    const http = new FakeTransport().answer(
      json(403, { error: 'Forbidden', description: 'Custom ticket statuses are not activated on this account' }),
    );
    const catalog = new StatusCatalog();
    assert.equal((await catalog.get('acme/1', clientOver(http))).custom, false);
    assert.equal((await catalog.get('acme/1', clientOver(http))).custom, false);
    assert.equal(http.requests.length, 1);
  });

  it('a failure shows the system statuses this time and asks again next time; forget() asks again', async () => {
    const http = new FakeTransport().answer(
      json(500, { error: 'InternalServerError' }),
      json(200, { custom_statuses: ACCOUNT_STATUSES }),
      json(200, { custom_statuses: [] }),
    );
    const catalog = new StatusCatalog();
    assert.equal((await catalog.get('acme/1', clientOver(http))).custom, false);
    assert.equal((await catalog.get('acme/1', clientOver(http))).custom, true);
    catalog.forget('acme/1');
    assert.equal((await catalog.get('acme/1', clientOver(http))).custom, false);
    assert.equal(http.requests.length, 3);
  });
});

describe('custom statuses on the surfaces (against the sandbox)', () => {
  const env = useSandboxOverHttp({ tickets: 60, seed: 2 });
  let client: ZendeskClient;
  const catalog = new StatusCatalog();

  before(async () => {
    client = clientFor(
      env.base,
      env.http,
      new RefreshingTokens(env.http, publicClient(env.base), await signIn(env.http, publicClient(env.base))),
    );
  });
  afterEach(() => env.sandbox.admin.setCustomStatuses(true));

  function treeOver(statuses: StatusCatalog, accountId: string) {
    let tree: TicketTreeProvider;
    const model = new TicketModel(
      readsOf(client),
      (listKey) => tree.fire(accountId, listKey),
      25,
      undefined,
      (c) => statuses.get(accountId, c),
    );
    tree = new TicketTreeProvider({
      list: () => [{ accountId, label: 'Sandbox' }],
      model: () => model,
      searches: () => [],
    });
    return { tree, model };
  }
  const searchNode = (accountId: string, query: string): TicketNode => ({
    kind: 'search',
    accountId,
    search: { label: query, query },
    source: searchSource(query),
  });
  const tickets = async (tree: TicketTreeProvider, node: TicketNode) =>
    (await tree.getChildren(node)).filter((n): n is Extract<TicketNode, { kind: 'ticket' }> => n.kind === 'ticket');

  it("the tree shows a ticket's custom status by its agent label, and the category's name for the others", async () => {
    const before = env.sandbox.admin.counters().requests['GET /api/v2/custom_statuses'] ?? 0;
    const { tree } = treeOver(catalog, 'sandbox/a');
    const rows = await tickets(tree, searchNode('sandbox/a', 'status:hold'));
    const engineering = rows.find((n) => n.ticket.custom_status_id === SEEDED_CUSTOM.waitingOnEngineering);
    const plain = rows.find((n) => n.ticket.custom_status_id !== SEEDED_CUSTOM.waitingOnEngineering);
    assert.ok(engineering && plain, 'the seeded data has both kinds of on-hold ticket');
    const item = tree.getTreeItem(engineering);
    assert.match(String(item.description), /^Waiting on engineering · /);
    // Markdown-escaped: the label is Zendesk's text, appended as text.
    assert.match((item.tooltip as { value: string }).value, /Status: Waiting on engineering \\\(On\\-hold\\\)  \n/);
    assert.match(item.accessibilityInformation?.label ?? '', /, Waiting on engineering, from /);
    assert.match(String(tree.getTreeItem(plain).description), /^On-hold · /);
    // A second list of the same account does not ask again.
    await tickets(tree, searchNode('sandbox/a', 'status:open'));
    assert.equal((env.sandbox.admin.counters().requests['GET /api/v2/custom_statuses'] ?? 0) - before, 1);
  });

  it('an account without custom statuses: the tree reads the system statuses', async () => {
    env.sandbox.admin.setCustomStatuses(false);
    const { tree } = treeOver(new StatusCatalog(), 'sandbox/b');
    const rows = await tickets(tree, searchNode('sandbox/b', 'status:hold'));
    assert.ok(rows.length > 0);
    assert.ok(rows.every((n) => /^On-hold · /.test(String(tree.getTreeItem(n).description))));
  });

  it("the ticket page offers the account's statuses grouped by category, its own selected, and says what Submit as sets", async () => {
    const statuses = await new StatusCatalog().get('sandbox/c', client);
    const held = (await searchTickets(client, 'status:hold', { perPage: 50 })).tickets.find(
      (x) => x.custom_status_id === SEEDED_CUSTOM.waitingOnEngineering,
    );
    assert.ok(held, 'seeded: every third on-hold ticket is Waiting on engineering');
    const detail = await loadTicketDetail(client, held.id);
    const view = detailView(detail, { baseUrl: env.base, now: Date.now(), statuses });
    assert.deepEqual(
      [view.statusKey, view.statusLabel],
      [String(SEEDED_CUSTOM.waitingOnEngineering), 'Waiting on engineering'],
    );
    const html = renderDetailPage(pageState({ accountId: 'sandbox/c', view, statuses, meId: 1 }), {
      cspSource: 'x',
      nonce: 'n',
      scriptUri: 's',
      pageScriptUri: 'p',
      styleUri: 'c',
    });
    const all = elements(html, true);
    const picker = statusPicker(html);
    assert.deepEqual(picker.groups, [
      ['New', ['New']],
      ['Open', ['Open', 'Investigating']],
      ['Pending', ['Pending']],
      ['On-hold', ['On-hold', 'Waiting on engineering*']],
      ['Solved', ['Solved']],
    ]);
    assert.equal(picker.options.find((o) => o.text === 'Investigating')?.value, String(SEEDED_CUSTOM.investigating));
    assert.equal(text(all.find((n) => attr(n, 'id') === 'submit')!), 'Submit as Waiting on engineering');
    const staged = renderDetailPage(
      pageState({
        accountId: 'sandbox/c',
        view,
        statuses,
        meId: 1,
        draft: { body: '', staged: { status: String(SEEDED_CUSTOM.investigating) } },
      }),
      { cspSource: 'x', nonce: 'n', scriptUri: 's', pageScriptUri: 'p', styleUri: 'c' },
    );
    const submit = elements(staged, true).find((n) => attr(n, 'id') === 'submit');
    assert.equal(text(submit!), 'Submit as Investigating');
  });

  it('the page may name a status by category or custom status id, nothing else', () => {
    assert.deepEqual(parsePageMessage({ type: 'stage', field: 'status', value: '360000012' }), {
      type: 'stage',
      field: 'status',
      value: '360000012',
    });
    assert.deepEqual(parsePageMessage({ type: 'stage', field: 'status', value: 'hold' }), {
      type: 'stage',
      field: 'status',
      value: 'hold',
    });
    for (const value of ['closed', '12abc', '', '0', 12, '1'.repeat(30)]) {
      assert.equal(parsePageMessage({ type: 'stage', field: 'status', value }), undefined, String(value));
    }
    assert.equal(
      (parsePageMessage({ type: 'submit', body: 'x', mode: 'public', status: '<b>' }) as { status?: string }).status,
      undefined,
    );
  });
});

describe('custom statuses in the chat tools', () => {
  const t = (status: Ticket['status'], custom_status_id?: number) =>
    ({
      id: 1,
      subject: 's',
      status,
      custom_status_id,
      priority: null,
      requester_id: 1,
      assignee_id: null,
      tags: [],
      created_at: '',
      updated_at: '',
    }) as Ticket;

  it("name a ticket's custom status with its category, and list the account's statuses", () => {
    assert.equal(statusText(t('hold', 12), custom), 'Waiting on engineering (hold)');
    assert.equal(statusText(t('hold', 4), custom), 'hold');
    assert.equal(statusText(t('hold', 12), system), 'hold');
    assert.equal(
      statusList(custom),
      'Statuses on this account (customStatus): open: "Open", "Investigating"; pending: "Pending"; hold: "On-hold", "Waiting on engineering"; solved: "Solved"',
    );
    assert.equal(statusList(system), undefined);
  });

  it('turn customStatus or status into the patch, or say what the account has', () => {
    assert.deepEqual(statusPatch(custom, { customStatus: 'waiting on engineering' }, 'acme'), { custom_status_id: 12 });
    assert.deepEqual(statusPatch(custom, { status: 'pending' }, 'acme'), { custom_status_id: 3 });
    assert.deepEqual(statusPatch(system, { status: 'pending' }, 'acme'), { status: 'pending' });
    assert.equal(
      statusPatch(custom, { customStatus: 'Escalated to vendor' }, 'acme'),
      'acme has no active status named "Escalated to vendor". Its statuses: "Open" (open), "Investigating" (open), "Pending" (pending), "On-hold" (hold), "Waiting on engineering" (hold), "Solved" (solved). Nothing was sent to Zendesk.',
    );
    assert.equal(
      statusPatch(system, { customStatus: 'Investigating' }, 'acme'),
      'acme has no custom ticket statuses; give status (open, pending, hold or solved) instead of customStatus. Nothing was sent to Zendesk.',
    );
  });
});
