// Statuses and priorities are defined once (zendesk/types.ts, built on in tickets/statuses.ts): every place that offers
// or accepts one gets the same list from there.
import './fakeVscode';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { InputSchemas, STATUSES, ToolNames } from '../../../src/chat/schemas';
import { validateInput } from '../../../src/chat/validate';
import type { DetailView } from '../../../src/tickets/detail/detailModel';
import { renderDetailPage } from '../../../src/tickets/detail/detailPage';
import { parsePageMessage } from '../../../src/tickets/detail/pageMessages';
import { valueLabel } from '../../../src/tickets/format';
import {
  PRIORITIES,
  STATUS_CATEGORIES,
  StatusVocabulary,
  UNSOLVED_STATUSES,
  isPriority,
  priorityNames,
} from '../../../src/tickets/statuses';
import { TICKET_PRIORITIES, TICKET_STATUSES } from '../../../src/zendesk/types';
import { attr, elements, pageState, text } from './pageHtml';

const view: DetailView = {
  id: 7,
  subject: 'Printer',
  status: 'open',
  customStatusId: null,
  statusKey: 'open',
  statusLabel: 'Open',
  priority: 'high',
  type: null,
  requester: 'R',
  assignee: 'A',
  assigneeId: null,
  groupId: null,
  group: '-',
  tags: [],
  created: '',
  updated: '',
  updatedStamp: '2026-01-01T00:00:00Z',
  agentUrl: 'https://acme.zendesk.com/agent/tickets/7',
  comments: [],
  imageOrigins: ['https://acme.zendesk.com'],
  hasEarlier: false,
};

describe('the one status and priority vocabulary', () => {
  it("is Zendesk's, in its order", () => {
    assert.deepEqual([...TICKET_STATUSES], ['new', 'open', 'pending', 'hold', 'solved', 'closed']);
    assert.deepEqual([...STATUS_CATEGORIES], ['new', 'open', 'pending', 'hold', 'solved']);
    assert.deepEqual([...UNSOLVED_STATUSES], ['new', 'open', 'pending', 'hold']);
    assert.deepEqual([...PRIORITIES], ['low', 'normal', 'high', 'urgent']);
    assert.equal(PRIORITIES, TICKET_PRIORITIES);
  });

  it('the chat tool offers and accepts exactly these', () => {
    const props = InputSchemas[ToolNames.updateTicket].properties ?? {};
    assert.deepEqual(props.priority?.enum, [...PRIORITIES]);
    assert.deepEqual(props.status?.enum, [...STATUSES]);
    assert.deepEqual(
      STATUSES,
      STATUS_CATEGORIES.filter((s) => s !== 'new'),
    );
    for (const p of PRIORITIES) assert.ok(validateInput(ToolNames.updateTicket, { ticketId: 1, priority: p }).ok, p);
    assert.ok(!validateInput(ToolNames.updateTicket, { ticketId: 1, priority: 'critical' }).ok);
  });

  it("the ticket page's priority picker offers these and none, and its messages accept only these", () => {
    const html = renderDetailPage(
      pageState({ accountId: 'acme/1', view, statuses: StatusVocabulary.system(), meId: 1 }),
      { cspSource: 'x', nonce: 'n', scriptUri: 's', pageScriptUri: 'p', styleUri: 'c' },
    );
    const select = elements(html).find((n) => n.tagName === 'select' && attr(n, 'id') === 'priority');
    assert.ok(select);
    const options = (select.childNodes ?? []).filter((n) => n.tagName === 'option');
    assert.deepEqual(
      options.map((o) => attr(o, 'value')),
      ['', ...PRIORITIES],
    );
    assert.deepEqual(
      options.map((o) => text(o)),
      ['-', ...PRIORITIES.map((p) => priorityNames()[p])],
    );
    for (const value of ['', ...PRIORITIES]) {
      assert.deepEqual(parsePageMessage({ type: 'stage', field: 'priority', value }), {
        type: 'stage',
        field: 'priority',
        value,
      });
    }
    assert.equal(parsePageMessage({ type: 'stage', field: 'priority', value: 'critical' }), undefined);
    assert.equal(isPriority('critical'), false);
  });

  it('a priority reads the same in the tree, the page and anywhere valueLabel is used', () => {
    for (const p of PRIORITIES) assert.equal(valueLabel(p), priorityNames()[p]);
  });

  it("the ticket page's script holds no list of statuses or priorities: the extension renders them", () => {
    const script = readFileSync(path.join(__dirname, '../../../../media/detail/detail.js'), 'utf8');
    for (const word of [...TICKET_STATUSES.filter((s) => s !== 'new' && s !== 'open'), ...PRIORITIES]) {
      assert.ok(!script.includes(`'${word}'`) && !script.includes(`"${word}"`), `detail.js names '${word}'`);
    }
  });
});
