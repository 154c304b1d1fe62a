// Ticket fields through the extension's own path to Zendesk (auth/access: the account's session, scopes asked once):
// the fields model's update reaches the sandbox as one update, and a refusal on a required or invalid field comes
// back as a ValidationError naming the field.
import * as assert from 'node:assert/strict';
import { FIELD_IDS, FORM_IDS } from '../sandbox/ticketFields';
import { getTicketWithUsers, listTicketsPage, safeUpdateTicket } from '../../src/zendesk/api';
import type { FieldProblem } from '../../src/zendesk/errors';
import type { ZendeskClient } from '../../src/zendesk/http';
import type { TicketField } from '../../src/zendesk/types';
import { loadDefinitions } from '../../src/tickets/fields/definitions';
import { fieldsUpdate, stageFieldValue, type StagedFields } from '../../src/tickets/fields/fieldsModel';
import { ScriptedBrowser, testing, until, useSandbox } from './helpers';

describe('ticket fields through the extension’s client', () => {
  const env = useSandbox();

  /** The extension's ValidationError: its own bundle's class, so recognised by name, as callers across bundles do. */
  const refusal = (e: unknown): FieldProblem[] => {
    assert.ok(e instanceof Error && e.name === 'ValidationError', String(e));
    return (e as Error & { problems: FieldProblem[] }).problems;
  };

  /** Signed in for read and write, runs `fn` with the account's client, as the ticket tab does. */
  async function withWriter(fn: (c: ZendeskClient) => Promise<void>): Promise<void> {
    const t = await testing();
    t.ui.openExternal = new ScriptedBrowser().open;
    await t.provider.createSession(['read', 'write'], {});
    await until(() => t.accounts.all().length === 1);
    await t.access.withClient(undefined, { scopes: ['read', 'write'], purpose: 'Updating a ticket' }, fn);
  }

  it('a custom field, the form and a status reach the sandbox as one update', async () => {
    await withWriter(async (c) => {
      const defs = await loadDefinitions(c);
      const open = (await listTicketsPage(c, { pageSize: 30 })).tickets.find((x) => x.status === 'open');
      assert.ok(open, 'no open ticket in the sandbox');
      const { ticket } = await getTicketWithUsers(c, open.id);
      let staged: StagedFields = { ticketFormId: FORM_IDS.bugReport };
      for (const [id, v] of [
        [FIELD_IDS.productArea, 'area_billing'],
        [FIELD_IDS.orderNumber, 'ORD-654321'],
      ] as const) {
        staged = stageFieldValue(staged, defs.byId.get(id) as TicketField, v).staged;
      }
      const { patch, problems } = fieldsUpdate({ defs, ticket, staged, submitAs: { category: 'pending' } });
      assert.deepEqual(problems, []);
      env.sandbox.admin.resetCounters();
      const after = await safeUpdateTicket(c, ticket.id, { ...patch, status: 'pending' }, ticket.updated_at);
      assert.deepEqual(env.sandbox.admin.counters().requests, { 'PUT /api/v2/tickets/{id}': 1 });
      assert.equal(after.ticket_form_id, FORM_IDS.bugReport);
      assert.equal(after.custom_fields?.find((x) => x.id === FIELD_IDS.orderNumber)?.value, 'ORD-654321');
      assert.equal(after.status, 'pending');
    });
  });

  it('a 422 on a required field and on an invalid value names each field', async () => {
    await withWriter(async (c) => {
      const open = (await listTicketsPage(c, { pageSize: 30 })).tickets.filter((x) => x.status === 'open');
      const ticket = open[1];
      assert.ok(ticket, 'no second open ticket in the sandbox');
      const required = await safeUpdateTicket(
        c,
        ticket.id,
        { ticket_form_id: FORM_IDS.bugReport, status: 'solved' },
        ticket.updated_at,
      ).catch((e: unknown) => e);
      assert.deepEqual(
        refusal(required).map((p) => p.description),
        ['Product area: is required when solving a ticket'],
      );
      const invalid = await safeUpdateTicket(
        c,
        ticket.id,
        { custom_fields: [{ id: FIELD_IDS.affectedUsers, value: 'many' }] },
        ticket.updated_at,
      ).catch((e: unknown) => e);
      assert.match(refusal(invalid)[0]?.description ?? '', /^Affected users: /);
    });
  });
});
