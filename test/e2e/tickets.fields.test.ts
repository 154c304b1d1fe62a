// The ticket's form and fields in the tab, through the real workbench: another form chosen, a condition revealing a
// field, a custom drop-down and a tag staged and sent in ONE update (then read back from the sandbox's ticket), and
// a status that requires a field refused before anything is sent, the field named.
import * as assert from 'node:assert/strict';
import type { Workbench } from '../harness/workbench';
import { startSandbox, type Sandbox } from '../sandbox';
import { FIELD_IDS, FORM_IDS } from '../sandbox/ticketFields';
import { clientToken, firstOpenTicket, openSignedIn, sandboxGet, ticketPage } from './ticketsWorkbench';

interface Ticket {
  status: string;
  tags: string[];
  ticket_form_id: number | null;
  custom_fields: { id: number; value: unknown }[];
}

describe('ticket fields and forms through the workbench', () => {
  let sandbox: Sandbox;
  let wb: Workbench;
  let token: string;
  let ticketId = 0;

  const ticket = async () =>
    (await sandboxGet<{ ticket: Ticket }>(sandbox, token, `/api/v2/tickets/${ticketId}`)).ticket;
  const writes = () =>
    Object.fromEntries(Object.entries(sandbox.admin.counters().requests).filter(([r]) => !r.startsWith('GET ')));
  const row = () => wb.page.locator(`.part.sidebar .monaco-list-row[aria-label^="Ticket ${ticketId}:"]`).first();

  before(async () => {
    sandbox = await startSandbox({ tickets: 30, seed: 13 });
    token = await clientToken(sandbox, 'read');
    wb = await openSignedIn(sandbox, 'tickets-fields');
    ticketId = await firstOpenTicket(wb);
  });
  after(async () => {
    await wb?.close();
    await sandbox?.close();
  });

  it('a condition reveals a field; a drop-down and a tag are staged, then sent in ONE update', async () => {
    await row().click();
    const page = ticketPage(wb);
    await page.getByLabel('Form', { exact: true }).waitFor({ timeout: 30_000 });
    sandbox.admin.resetCounters();
    await page.getByLabel('Form', { exact: true }).selectOption(String(FORM_IDS.bugReport));
    const area = page.getByLabel(/^Product area/);
    await area.waitFor({ timeout: 30_000 });
    assert.equal(await page.getByLabel('API endpoint').count(), 0, 'a field its condition hides is shown');
    await area.selectOption('area_api');
    await page.getByLabel('API endpoint').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: /^Undo the change to Product area/ }).waitFor({ timeout: 30_000 });
    await page.locator('#fields').scrollIntoViewIfNeeded();
    await wb.screenshot('condition-reveals-field');

    const tags = page.getByLabel('Tags', { exact: true });
    await tags.fill(`${await tags.inputValue()} needs-review`);
    await tags.press('Tab');
    await page.getByRole('button', { name: 'Undo the change to Tags' }).waitFor({ timeout: 30_000 });
    assert.deepEqual(writes(), {}, 'a staged field was sent');
    await wb.screenshot('dropdown-and-tag-staged');

    await page.getByRole('button', { name: /^Submit as / }).click();
    await page.getByText('Saved.').waitFor({ timeout: 30_000 });
    assert.deepEqual(writes(), { 'PUT /api/v2/tickets/{id}': 1 }, 'not ONE update');
    const t = await ticket();
    assert.equal(t.ticket_form_id, FORM_IDS.bugReport);
    assert.equal(t.custom_fields.find((f) => f.id === FIELD_IDS.productArea)?.value, 'area_api');
    assert.ok(t.tags.includes('needs-review'), `tags: ${t.tags.join(' ')}`);
    await wb.screenshot('fields-submitted');
  });

  it('names the field a status requires, and sends nothing', async () => {
    const page = ticketPage(wb);
    sandbox.admin.resetCounters();
    await page.getByLabel('Status', { exact: true }).selectOption('solved');
    await page.getByText('Fill in before submitting: API endpoint.').first().waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Submit as Solved' }).click();
    await page.getByText('Not sent. Fill in before submitting: API endpoint.').waitFor({ timeout: 30_000 });
    assert.deepEqual(writes(), {}, 'a submit missing a required field was sent');
    assert.equal((await ticket()).status, 'open');
    await page.locator('#fields').scrollIntoViewIfNeeded();
    await wb.screenshot('required-on-solve-named');
  });
});
