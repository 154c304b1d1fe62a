// The rules the sender applies before any token is asked for: GET needs read, the rest write (through
// AccountAccess.withClient); untrusted workspaces send GETs only; writes are confirmed unless the setting says not.
import * as assert from 'node:assert/strict';
import type { AccessNeed, AccountAccess, AccountInfo } from '../../../src/auth/access';
import { RequestProblem, type PreparedRequest } from '../../../src/requests/prepare';
import {
  BODY_PREVIEW_LENGTH,
  RequestSender,
  SendDeclinedError,
  confirmationText,
  type SendGuard,
} from '../../../src/requests/sender';
import type { Exchange, ZendeskClient } from '../../../src/zendesk/http';
import { NO_LOG } from '../../../src/zendesk/types';
import { ACME } from './accounts';

/** Records what withClient was asked and answers every exchange with 200. */
class FakeAccess implements AccountAccess {
  readonly needs: { accountId?: string; need: AccessNeed }[] = [];
  readonly sent: string[] = [];
  readonly onDidChange = () => ({ dispose() {} });
  accounts(): AccountInfo[] {
    return [ACME];
  }
  inUse(): AccountInfo {
    return ACME;
  }
  async withClient<T>(
    accountId: string | undefined,
    need: AccessNeed,
    action: (c: ZendeskClient, a: AccountInfo) => Promise<T>,
  ): Promise<T> {
    this.needs.push({ accountId, need });
    const client = {
      exchange: async (method: string, target: string): Promise<Exchange> => {
        this.sent.push(`${method} ${target}`);
        return { status: 200, headers: {}, body: '{}', ms: 1, size: 2, url: `${ACME.baseUrl}${target}` };
      },
    } as unknown as ZendeskClient;
    return action(client, ACME);
  }
}

function prepared(method: PreparedRequest['method'], target = '/api/v2/tickets/1.json'): PreparedRequest {
  return { method, account: ACME, target, url: `${ACME.baseUrl}${target}`, headers: {} };
}

describe('the request sender', () => {
  let access: FakeAccess;
  let guard: SendGuard & { asked: string[]; answer: boolean; isTrusted: boolean; confirmOn: boolean };
  let sender: RequestSender;

  beforeEach(() => {
    access = new FakeAccess();
    guard = {
      asked: [],
      answer: true,
      isTrusted: true,
      confirmOn: true,
      trusted: () => guard.isTrusted,
      confirmWrites: () => guard.confirmOn,
      confirm: async (q) => {
        guard.asked.push(q);
        return guard.answer;
      },
    };
    sender = new RequestSender(access, guard, NO_LOG);
  });

  it('asks withClient for read on GET and write on the other methods, naming what it sends', async () => {
    for (const m of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const) await sender.send(prepared(m));
    assert.deepEqual(
      access.needs.map((n) => [n.accountId, n.need.scopes.join(' '), n.need.purpose]),
      [
        ['acme/7', 'read', 'Sending GET /api/v2/tickets/1.json'],
        ['acme/7', 'write', 'Sending POST /api/v2/tickets/1.json'],
        ['acme/7', 'write', 'Sending PUT /api/v2/tickets/1.json'],
        ['acme/7', 'write', 'Sending PATCH /api/v2/tickets/1.json'],
        ['acme/7', 'write', 'Sending DELETE /api/v2/tickets/1.json'],
      ],
    );
  });

  it('confirms every write (never a GET), naming method, path and account; no means nothing is sent', async () => {
    await sender.send(prepared('GET'));
    assert.deepEqual(guard.asked, []);
    guard.answer = false;
    await assert.rejects(sender.send(prepared('DELETE', '/api/v2/tickets/9.json?x=1')), SendDeclinedError);
    assert.deepEqual(guard.asked, ['Send DELETE /api/v2/tickets/9.json?x=1 to Ann (acme)?']);
    assert.deepEqual(access.sent, ['GET /api/v2/tickets/1.json']);
    assert.deepEqual(access.needs.length, 1, 'no token was asked for the declined write');
    assert.match(
      confirmationText(prepared('POST')).detail,
      /changes data in the Zendesk account acme \(https:\/\/acme\.zendesk\.com\), as Ann/,
    );
  });

  it('shows the body it will send in the confirmation, on one line and shortened', async () => {
    const body = JSON.stringify(
      { ticket: { status: 'solved', comment: { body: 'Closing as agreed.', public: true } } },
      null,
      2,
    );
    const asked: string[] = [];
    await sender.send(
      { ...prepared('PUT'), body },
      {
        confirm: async (_q, d) => {
          asked.push(d);
          return true;
        },
      },
    );
    assert.match(
      asked[0],
      /^Body: \{"ticket":\{"status":"solved","comment":\{"body":"Closing as agreed\.","public":true\}\}\}\n\nThis PUT changes data/,
    );

    const long = JSON.stringify({ ticket: { comment: { body: `${'a'.repeat(BODY_PREVIEW_LENGTH)}THE-END` } } });
    const { detail } = confirmationText({ ...prepared('POST'), body: long });
    const shown = /^Body: (.*)… \((\d+) characters in all\)\n/.exec(detail);
    assert.ok(shown, detail);
    assert.equal(shown[1], long.slice(0, BODY_PREVIEW_LENGTH));
    assert.equal(Number(shown[2]), long.length);
    assert.ok(!detail.includes('THE-END'));
    assert.match(confirmationText(prepared('DELETE')).detail, /^No body\.\n\nThis DELETE changes data/);
  });

  it('sends writes without asking when confirmWrites is off', async () => {
    guard.confirmOn = false;
    await sender.send(prepared('PUT'));
    assert.deepEqual(guard.asked, []);
    assert.deepEqual(access.sent, ['PUT /api/v2/tickets/1.json']);
  });

  it('in an untrusted workspace sends only GETs', async () => {
    guard.isTrusted = false;
    for (const m of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
      await assert.rejects(
        sender.send(prepared(m)),
        (e: unknown) => e instanceof RequestProblem && /not trusted, so request files send only GET/.test(e.message),
      );
    }
    await sender.send(prepared('GET'));
    assert.deepEqual(access.sent, ['GET /api/v2/tickets/1.json']);
    assert.deepEqual(guard.asked, []);
  });

  it('pages only GETs', async () => {
    await assert.rejects(sender.sendAllPages(prepared('POST'), { maxPages: 2 }), /GET requests only/);
  });
});
