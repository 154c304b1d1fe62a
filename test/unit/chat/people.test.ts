// How the chat tools write people: a user without an email (real end users may have none) is the name alone.
import * as assert from 'node:assert/strict';
import { Fence, person, ticketLine } from '../../../src/chat/format';
import type { Ticket, ZendeskUser } from '../../../src/zendesk/types';

describe('chat: people in tool results', () => {
  const big = 26_155_589_900_010; // a real-sized id, above 2^32
  const users = new Map<number, ZendeskUser>([
    [big, { id: big, name: 'Maya Okafor', email: null, role: 'end-user' }],
    [7, { id: 7, name: 'Sam Agent', email: 'sam@acme.test', role: 'agent' }],
  ]);

  it('writes a user without an email as name and id, never "<null>"', () => {
    assert.equal(person(big, users), `Maya Okafor (user ${big})`);
    assert.equal(person(7, users), 'Sam Agent <sam@acme.test> (user 7)');
  });

  it('keeps an id above 2^32 exact in a ticket line', () => {
    const t = {
      id: 4013,
      subject: 's',
      status: 'open',
      priority: null,
      requester_id: big,
      assignee_id: 7,
      tags: [],
      created_at: '2024-01-01T00:00:00Z',
      updated_at: '2024-01-02T00:00:00Z',
    } as Ticket;
    assert.equal(
      ticketLine(t, users, new Fence('m')),
      `#4013 <<<ticket-text m>>>s<<<end m>>> · open · requester Maya Okafor (user ${big}) · assignee Sam Agent <sam@acme.test> (user 7) · updated 2024-01-02T00:00:00Z`,
    );
  });
});
