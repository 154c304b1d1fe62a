// The ticket actions: each one's scopes, the endpoint request files recognise it by, and the one way a ticket is
// written (safe_update with the stamp the caller read).
import * as assert from 'node:assert/strict';
import {
  actionForRequest,
  editedTags,
  needFor,
  TICKET_ACTIONS,
  writeTicket,
  type TicketActionId,
} from '../../../src/tickets/actions';
import { ConflictError } from '../../../src/zendesk/errors';
import { ZendeskClient } from '../../../src/zendesk/http';
import { scopesAllowRequest } from '../../../src/zendesk/scopes';
import { FakeTransport, json } from '../zendesk/fakeTransport';

/** Each action, the scopes it needs, how it is done, and a request that is it. */
const TABLE: [TicketActionId, string[], string, string, string][] = [
  ['readTicket', ['read'], 'read', 'GET', '/api/v2/tickets/12.json'],
  ['listViews', ['read'], 'read', 'GET', '/api/v2/views/active'],
  ['search', ['read'], 'read', 'GET', '/api/v2/search.json?query=type:ticket'],
  ['replyPublic', ['write'], 'safe_update', 'PUT', '/api/v2/tickets/12.json'],
  ['addNote', ['write'], 'safe_update', 'PUT', '/api/v2/tickets/12'],
  ['updateFields', ['write'], 'safe_update', 'PUT', '/api/v2/tickets/12.json'],
  ['editTags', ['write'], 'safe_update', 'PUT', '/api/v2/tickets/12.json'],
  ['upload', ['write'], 'upload', 'POST', '/api/v2/uploads.json?filename=a.txt'],
  ['createTicket', ['write'], 'create', 'POST', '/api/v2/tickets.json'],
  ['previewMacro', ['read'], 'read', 'GET', '/api/v2/tickets/12/macros/3/apply.json'],
  ['applyMacro', ['write'], 'safe_update', 'PUT', '/api/v2/tickets/12.json'],
];

describe('ticket actions', () => {
  it('lists every action once in this table', () => {
    assert.deepEqual(Object.keys(TICKET_ACTIONS).sort(), TABLE.map(([id]) => id).sort());
  });

  for (const [id, scopes, performed, method, path] of TABLE) {
    it(`${id} needs ${scopes.join(' ')} and is done as ${performed}`, () => {
      const a = TICKET_ACTIONS[id];
      assert.deepEqual([...a.scopes], scopes);
      assert.equal(a.performed, performed);
      // What Zendesk checks for that request is covered by the scopes asked for.
      assert.ok(scopesAllowRequest(a.scopes, method, path), `${scopes.join(' ')} allows ${method} ${path}`);
      assert.ok(a.purpose().length > 0);
    });
  }

  it('every write to an existing ticket is a safe_update; only a new ticket and an upload are not', () => {
    for (const [id, a] of Object.entries(TICKET_ACTIONS)) {
      if (a.method === 'PUT') assert.equal(a.performed, 'safe_update', id);
      if (a.method !== 'GET') assert.deepEqual([...a.scopes], ['write'], id);
    }
  });

  it('a request file names the action its method and path are, and nothing else', () => {
    for (const [id, , , method, path] of TABLE) {
      const found = actionForRequest(method, `https://acme.zendesk.com${path}`);
      // A PUT of a ticket is one request for every kind of change: the first of them in the table.
      assert.equal(found && TICKET_ACTIONS[found].scopes, TICKET_ACTIONS[id].scopes, `${method} ${path}`);
    }
    assert.equal(actionForRequest('GET', '/api/v2/users/me.json'), undefined);
    assert.equal(actionForRequest('DELETE', '/api/v2/tickets/12.json'), undefined);
    assert.equal(actionForRequest('put', '/api/v2/tickets/12.json'), 'replyPublic');
  });

  it('needFor asks for the union of the actions, worded by the first that writes', () => {
    assert.deepEqual(needFor('readTicket', 'editTags'), { scopes: ['read', 'write'], purpose: 'Changing tickets' });
    assert.deepEqual(needFor('readTicket', 'search'), { scopes: ['read'], purpose: 'Reading tickets' });
    assert.deepEqual(needFor('editTags', 'readTicket'), { scopes: ['write', 'read'], purpose: 'Changing tickets' });
    assert.deepEqual(needFor('upload'), { scopes: ['write'], purpose: 'Attaching files' });
  });

  it('a tag edit keeps the other tags, drops the removed ones and adds each new one once', () => {
    assert.deepEqual(editedTags(['a', 'b', 'c'], ['d', 'a'], ['b']), ['a', 'c', 'd']);
    assert.deepEqual(editedTags(['a'], [], ['a']), []);
  });

  describe('writeTicket', () => {
    const BASE = 'https://acme.zendesk.com';
    const over = (http: FakeTransport) =>
      new ZendeskClient({
        baseUrl: BASE,
        transport: http,
        tokens: { getAccessToken: async () => 'at' },
        maxRetries: 0,
      });
    const ticket = { id: 12, subject: 'Printer', status: 'open', tags: ['x'], updated_at: '2026-01-02T00:00:00Z' };

    it('sends the patch as safe_update with the stamp the caller read', async () => {
      const http = new FakeTransport().answer(json(200, { ticket }));
      const t = await writeTicket(over(http), 12, { tags: ['x', 'y'] }, '2026-01-01T00:00:00Z');
      assert.equal(t.id, 12);
      assert.equal(http.requests.length, 1);
      assert.equal(http.requests[0]?.method, 'PUT');
      assert.equal(new URL(http.requests[0]?.url ?? '').pathname, '/api/v2/tickets/12');
      assert.deepEqual(http.json(0), {
        ticket: { tags: ['x', 'y'], safe_update: true, updated_stamp: '2026-01-01T00:00:00Z' },
      });
    });

    it('a 409 is a ConflictError: nothing changed', async () => {
      const http = new FakeTransport().answer(
        json(409, { error: 'UpdateConflict', description: 'Someone else changed it' }),
      );
      await assert.rejects(writeTicket(over(http), 12, { priority: 'high' }, 'old'), ConflictError);
    });
  });
});
