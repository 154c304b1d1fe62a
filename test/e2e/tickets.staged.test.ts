// Staged changes in the ticket tab, through the real workbench: three fields changed in the tab stay with the agent
// (marked on the page, "●" in the tab's title and "● draft" on the tree row, nothing sent) until ONE "Submit as …"
// sends them in one update; staged changes survive closing the tab, and Discard puts the fields back.
import * as assert from 'node:assert/strict';
import type { Workbench } from '../harness/workbench';
import { FIXTURES, startSandbox, type Sandbox } from '../sandbox';
import {
  clientToken,
  firstOpenTicketWith,
  openSignedIn,
  sandboxGet,
  tabMarker,
  ticketPage,
  ticketRow,
} from './ticketsWorkbench';

interface Ticket {
  status: string;
  priority: string | null;
  assignee_id: number | null;
}

describe('staging ticket fields through the workbench', () => {
  let sandbox: Sandbox;
  let wb: Workbench;
  let token: string;
  let ticketId = 0;

  const get = <T>(path: string): Promise<T> => sandboxGet<T>(sandbox, token, path);
  const ticket = async () => (await get<{ ticket: Ticket }>(`/api/v2/tickets/${ticketId}`)).ticket;
  const row = () => ticketRow(wb, ticketId);
  /** The writes the sandbox saw since its counters were reset (reads are the tree's business). */
  const writes = () =>
    Object.fromEntries(Object.entries(sandbox.admin.counters().requests).filter(([r]) => !r.startsWith('GET ')));

  before(async () => {
    sandbox = await startSandbox({ tickets: 30, seed: 11 });
    token = await clientToken(sandbox, 'read');
    wb = await openSignedIn(sandbox, 'tickets-staged');
    // An open ticket of normal priority that nobody has: each of the three changes below is a real change.
    ticketId = await firstOpenTicketWith(wb, sandbox, { status: 'open', priority: 'normal', assignee_id: null });
  });
  after(async () => {
    await wb?.close();
    await sandbox?.close();
  });

  it('stages status, priority and assignee, marks them and the draft, then submits them as ONE update', async () => {
    await row().click();
    const page = ticketPage(wb);
    await page
      .locator('h1')
      .filter({ hasText: `#${ticketId}` })
      .waitFor({ timeout: 30_000 });
    sandbox.admin.resetCounters();

    await page.getByLabel('Status', { exact: true }).selectOption('pending');
    await page.getByRole('button', { name: 'Undo the change to Status' }).waitFor({ timeout: 30_000 });
    await page.getByLabel('Priority', { exact: true }).selectOption('urgent');
    await page.getByRole('button', { name: 'Undo the change to Priority' }).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Assign to Me' }).click();
    await page.getByRole('button', { name: 'Undo the change to Assignee' }).waitFor({ timeout: 30_000 });
    await page.getByText('3 changes staged, not sent yet.').waitFor({ timeout: 30_000 });
    // What the agent sees: the staged values in the fields, the button that says what Submit does.
    assert.equal(await page.getByLabel('Status', { exact: true }).inputValue(), 'pending');
    assert.equal(await page.getByLabel('Priority', { exact: true }).inputValue(), 'urgent');
    const me = sandbox.admin.userId(FIXTURES.users.admin);
    const myName = (await get<{ user: { name: string } }>(`/api/v2/users/${me}`)).user.name;
    assert.equal((await page.locator('#assignee').innerText()).trim(), myName);
    await page.getByRole('button', { name: 'Submit as Pending' }).waitFor();
    // Nothing sent yet, and the ticket is as it was.
    assert.deepEqual(writes(), {}, 'a staged field was sent');
    const before = await ticket();
    assert.deepEqual([before.status, before.priority, before.assignee_id], ['open', 'normal', null]);
    // The draft marker: in the tab's title and on the ticket's tree row.
    await tabMarker(wb, ticketId, true);
    await row().and(wb.page.locator('[aria-label$=", unsent draft"]')).waitFor({ timeout: 30_000 });
    assert.ok((await row().innerText()).includes('● draft'), 'the tree row shows no draft');
    await wb.screenshot('three-fields-staged');

    await page.getByRole('button', { name: 'Submit as Pending' }).click();
    await page.getByText('Saved.').waitFor({ timeout: 30_000 });
    assert.deepEqual(writes(), { 'PUT /api/v2/tickets/{id}': 1 }, 'not ONE update');
    const after = await ticket();
    assert.deepEqual([after.status, after.priority, after.assignee_id], ['pending', 'urgent', me]);
    // Sent: no field is marked any more, the markers are gone from the tab and the tree.
    assert.equal(await page.getByText(/changes? staged/).count(), 0);
    assert.equal(await page.getByRole('button', { name: /^Undo the change to / }).count(), 0);
    await tabMarker(wb, ticketId, false);
    await row().and(wb.page.locator(':not([aria-label$=", unsent draft"])')).waitFor({ timeout: 30_000 });
    await page.locator('#properties').scrollIntoViewIfNeeded();
    await wb.screenshot('submitted-once');
  });

  it('keeps a staged change when the tab is closed and reopened; Discard puts the field back', async () => {
    let page = ticketPage(wb);
    await page.getByLabel('Priority', { exact: true }).selectOption('low');
    await page.getByRole('button', { name: 'Undo the change to Priority' }).waitFor({ timeout: 30_000 });
    await tabMarker(wb, ticketId, true);
    await wb.runCommand('View: Close Editor');
    await page.locator('h1').waitFor({ state: 'detached', timeout: 15_000 });
    await row().click();
    page = ticketPage(wb);
    await page
      .locator('h1')
      .filter({ hasText: `#${ticketId}` })
      .waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Undo the change to Priority' }).waitFor({ timeout: 30_000 });
    assert.equal(await page.getByLabel('Priority', { exact: true }).inputValue(), 'low');
    await page.getByText('1 change staged, not sent yet.').waitFor();
    await wb.screenshot('staged-after-reopen');

    sandbox.admin.resetCounters();
    await page.getByRole('button', { name: 'Discard Changes' }).click();
    await page.getByText('Changes discarded.').waitFor({ timeout: 30_000 });
    assert.equal(await page.getByLabel('Priority', { exact: true }).inputValue(), 'urgent');
    await tabMarker(wb, ticketId, false);
    assert.deepEqual(writes(), {}, 'Discard wrote to Zendesk');
    assert.equal((await ticket()).priority, 'urgent');
  });
});
