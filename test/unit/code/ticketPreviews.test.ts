// The hover's reads (src/code/references/ticketPreviews.ts) in plain Node over real HTTP against the sandbox: one
// request for two hovers, read again after the TTL, nothing asked while signed out or for an account not signed in.
import assert from 'node:assert/strict';
import { NotSignedInError } from '../../../src/auth/errors';
import { PREVIEW_TTL_MS, TicketPreviews } from '../../../src/code/references/ticketPreviews';
import { StatusCatalog } from '../../../src/tickets/statusCatalog';
import { TicketChanges } from '../../../src/tickets/ticketChanges';
import { getMe, getTicket, showManyUsers } from '../../../src/zendesk/api';
import { NotFoundError } from '../../../src/zendesk/errors';
import type { ZendeskClient } from '../../../src/zendesk/http';
import { agentClient, useSandboxOverHttp } from '../../support/sandboxClient';
import { OneAccount, sandboxAccount } from '../fakes/access';

describe('ticket references: the hover’s reads and their brief cache (against the sandbox)', () => {
  const env = useSandboxOverHttp({ tickets: 20, seed: 5 });
  let client: ZendeskClient;
  let access: OneAccount;
  let clock: number;
  let previews: TicketPreviews;
  let changes: TicketChanges;
  const ticketReads = () => env.sandbox.admin.counters().requests['GET /api/v2/tickets/{id}'] ?? 0;

  beforeEach(async () => {
    client = await agentClient(env);
    const me = await getMe(client);
    access = new OneAccount(sandboxAccount(me, env.base, ['read']), client);
    clock = 1_000_000;
    changes = new TicketChanges();
    previews = new TicketPreviews({ access, statuses: new StatusCatalog(), now: () => clock, changes });
    env.sandbox.admin.resetCounters();
  });
  afterEach(() => previews.dispose());

  it('shows the ticket as Zendesk has it, in one request for two hovers at once and one after', async () => {
    const id = 3;
    const [a, b] = await Promise.all([
      previews.get(access.info.accountId, id),
      previews.get(access.info.accountId, id),
    ]);
    clock += PREVIEW_TTL_MS - 1;
    const c = await previews.get(access.info.accountId, id);
    assert.equal(ticketReads(), 1);
    assert.equal(a, b);
    assert.equal(a, c);
    const ticket = await getTicket(client, id);
    const people = await showManyUsers(client, [ticket.requester_id, ticket.assignee_id]);
    assert.equal(a.subject, ticket.subject);
    assert.equal(a.requester, people.get(ticket.requester_id)?.name);
    assert.equal(a.assignee, ticket.assignee_id ? people.get(ticket.assignee_id)?.name : 'Unassigned');
    assert.equal(a.updatedAt, ticket.updated_at);
    assert.equal(a.agentUrl, `${env.base}/agent/tickets/${id}`);
    assert.ok(a.status.length > 0);
    // Never interrupts with a question: a hover is nobody's request for more access.
    assert.deepEqual(
      access.needs.map((n) => [n.scopes, n.interactive]),
      [[['read'], false]],
    );
  });

  it('reads again once the TTL has passed, and after the ticket changed', async () => {
    const id = 4;
    await previews.get(access.info.accountId, id);
    clock += PREVIEW_TTL_MS;
    await previews.get(access.info.accountId, id);
    assert.equal(ticketReads(), 2);
    changes.fire({ accountId: access.info.accountId, ticket: await getTicket(client, id) });
    env.sandbox.admin.resetCounters();
    await previews.get(access.info.accountId, id);
    assert.equal(ticketReads(), 1);
  });

  it('keeps no failure: the next hover asks again', async () => {
    await assert.rejects(previews.get(access.info.accountId, 999_999), NotFoundError);
    await assert.rejects(previews.get(access.info.accountId, 999_999), NotFoundError);
    assert.equal(ticketReads(), 2);
  });

  it('sends nothing for an account not signed in, nor once signed out', async () => {
    await assert.rejects(previews.get('other/1', 3), NotSignedInError);
    await previews.get(access.info.accountId, 5);
    access.signOut();
    env.sandbox.admin.resetCounters();
    await assert.rejects(previews.get(access.info.accountId, 5), NotSignedInError);
    await assert.rejects(previews.get(access.info.accountId, 6), NotSignedInError);
    assert.deepEqual(env.sandbox.admin.counters().requests, {});
  });
});
