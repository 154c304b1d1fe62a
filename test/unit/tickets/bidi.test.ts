// Bidirectional control characters from Zendesk (a subject, a person's name, a file name) are shown, not obeyed,
// on every surface that shows ticket facts: the tree's rows and hovers, the ticket tab, the assignment notification.
// The chat results are held in test/unit/chat/format.test.ts.
import { StatusVocabulary } from '../../../src/tickets/statuses';
import './fakeVscode';
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { assignedMessage } from '../../../src/tickets/badge';
import { detailView, type TicketDetail } from '../../../src/tickets/detail/detailModel';
import { pageState } from './pageHtml';
import { renderDetailPage } from '../../../src/tickets/detail/detailPage';
import { personName, revealBidi } from '../../../src/tickets/format';
import { TicketModel } from '../../../src/tickets/ticketModel';
import { TicketTreeProvider, type TicketNode } from '../../../src/tickets/ticketTree';
import { ZendeskClient } from '../../../src/zendesk/http';
import type { Ticket, ZendeskUser } from '../../../src/zendesk/types';
import { FakeTransport, json } from '../zendesk/fakeTransport';
import { readsOf } from '../fakes/reads';

const RLO = '\u202e';
const SUBJECT = `Invoice ${RLO}txt.exe`;
const FILE = `report${RLO}fdp.exe`;
/** Every Bidi_Control character: embeddings and overrides, isolates, the marks and the Arabic letter mark. */
const CONTROLS = [
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200e',
  '\u200f',
  '\u061c',
];
const anyControl = new RegExp(`[${CONTROLS.join('')}]`);

const ticket: Ticket = {
  id: 7,
  subject: SUBJECT,
  status: 'open',
  priority: 'high',
  type: 'incident',
  requester_id: 11,
  assignee_id: 12,
  group_id: 13,
  tags: ['vip'],
  created_at: '2024-01-01T10:00:00Z',
  updated_at: '2024-01-02T10:00:00Z',
} as Ticket;
const users: ZendeskUser[] = [
  { id: 11, name: `Eve ${RLO}nimda`, email: 'eve@x.test', role: 'end-user' } as ZendeskUser,
  { id: 12, name: 'Sam Agent', email: 'sam@x.test', role: 'agent' } as ZendeskUser,
];

describe('bidirectional control characters are shown, not obeyed', () => {
  it('revealBidi writes each of them as its code point and leaves other text alone', () => {
    for (const ch of CONTROLS) {
      const shown = revealBidi(`a${ch}b`);
      assert.equal(shown, `a\u27e8U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}\u27e9b`);
    }
    assert.equal(revealBidi(SUBJECT), 'Invoice \u27e8U+202E\u27e9txt.exe');
    assert.equal(revealBidi('שלום, مرحبا, Grüße 🎉'), 'שלום, مرحبا, Grüße 🎉');
    assert.equal(personName(11, users[0]), 'Eve \u27e8U+202E\u27e9nimda');
  });

  it('the tree: the row, its hover and its screen-reader label', async () => {
    const group = { id: 13, name: `Sup${RLO}port` };
    // Zendesk as the tree asks it: no views, and the saved search finding the ticket with its people and group.
    const http = new FakeTransport((req) =>
      new URL(req.url).pathname === '/api/v2/views'
        ? json(200, { views: [], meta: { has_more: false } })
        : json(200, {
            results: [{ ...ticket, result_type: 'ticket' }],
            users,
            groups: [group],
            count: 1,
            next_page: null,
          }),
    );
    const client = new ZendeskClient({
      baseUrl: 'https://acme.zendesk.com',
      transport: http,
      tokens: { getAccessToken: async () => 'at' },
    });
    const model = new TicketModel(readsOf(client), () => undefined, 10);
    const tree = new TicketTreeProvider(
      {
        list: () => [{ accountId: 'acct', label: 'Acme' }],
        model: () => model,
        searches: () => [{ label: 'Mine', query: 'x' }],
      },
      () => Date.now(),
    );
    const search = (await tree.getChildren()).find((n) => n.kind === 'search');
    assert.ok(search, 'no saved search in the tree');
    const rows = (await tree.getChildren(search)).filter(
      (n): n is Extract<TicketNode, { kind: 'ticket' }> => n.kind === 'ticket',
    );
    assert.equal(rows.length, 1, 'the ticket was not listed');
    const item = tree.getTreeItem(rows[0]) as vscode.TreeItem;
    const hover = (item.tooltip as vscode.MarkdownString).value;
    const shown = [String(item.label), String(item.description), hover, item.accessibilityInformation?.label ?? ''];
    for (const s of shown) assert.doesNotMatch(s, anyControl, s);
    assert.equal(item.label, '#7 Invoice \u27e8U+202E\u27e9txt.exe');
    assert.match(hover, /Invoice \u27e8U\\\+202E\u27e9txt\\\.exe/);
    assert.match(item.accessibilityInformation?.label ?? '', /Invoice \u27e8U\+202E\u27e9txt\.exe/);
    assert.match(String(item.description), /Eve \u27e8U\+202E\u27e9nimda/);
  });

  it('the ticket tab: subject, people, group and attachment names', () => {
    const detail: TicketDetail = {
      ticket,
      users: new Map(users.map((u) => [u.id, u])),
      groups: new Map([[13, { id: 13, name: `Sup${RLO}port` }]]),
      comments: [
        {
          id: 1,
          author_id: 11,
          public: true,
          body: 'see file',
          html_body: '<p>see file</p>',
          created_at: '2024-01-01T10:00:00Z',
          attachments: [
            {
              id: 5,
              file_name: FILE,
              content_url: 'https://acme.zendesk.com/attachments/token/t/?name=x',
              size: 10,
              content_type: 'application/pdf',
            },
          ],
        },
      ],
    } as unknown as TicketDetail;
    const v = detailView(detail, {
      baseUrl: 'https://acme.zendesk.com',
      now: Date.now(),
      statuses: StatusVocabulary.system(),
    });
    assert.equal(v.subject, 'Invoice \u27e8U+202E\u27e9txt.exe');
    assert.equal(v.requester, 'Eve \u27e8U+202E\u27e9nimda');
    assert.equal(v.group, 'Sup\u27e8U+202E\u27e9port');
    assert.equal(v.comments[0].author, 'Eve \u27e8U+202E\u27e9nimda');
    assert.deepEqual(
      v.comments[0].attachments.map((a) => a.name),
      ['report\u27e8U+202E\u27e9fdp.exe'],
    );
    const html = renderDetailPage(
      pageState({ accountId: 'acme/1', view: v, statuses: StatusVocabulary.system(), meId: 12 }),
      { cspSource: 'x', nonce: 'n', scriptUri: 's', pageScriptUri: 'p', styleUri: 'c' },
    );
    assert.doesNotMatch(html, anyControl);
  });

  it('the notification of a newly assigned ticket', () => {
    assert.equal(
      assignedMessage([{ id: 7, subject: SUBJECT }]),
      '#7 Invoice \u27e8U+202E\u27e9txt.exe was assigned to you.',
    );
    assert.doesNotMatch(
      assignedMessage([
        { id: 7, subject: SUBJECT },
        { id: 8, subject: 'x' },
      ]),
      anyControl,
    );
  });
});
