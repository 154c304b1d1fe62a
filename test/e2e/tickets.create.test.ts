// Creating a ticket through the real workbench: "Zendesk: New Ticket" opens the form as a tab; the requester found by
// searching, subject, priority, type, group and assignee, tags, the ticket form and a field its condition shows, and
// a Markdown description with its preview; the form
// kept as a draft when its tab is closed; Create sends ONE POST, the new ticket's tab opens in the form's place and
// the ticket is in the tree ("Recently viewed").
import * as assert from 'node:assert/strict';
import type { Workbench } from '../harness/workbench';
import { FIXTURES, startSandbox, type Sandbox } from '../sandbox';
import { FIELD_IDS, FORM_IDS } from '../sandbox/ticketFields';
import { clientToken, openSignedIn, sandboxGet, ticketPage } from './ticketsWorkbench';

interface Ticket {
  id: number;
  subject: string;
  priority: string | null;
  type: string | null;
  status: string;
  group_id: number | null;
  assignee_id: number | null;
  requester_id: number;
  tags: string[];
  ticket_form_id: number | null;
  custom_fields: { id: number; value: unknown }[];
}

describe('creating a ticket through the workbench', () => {
  let sandbox: Sandbox;
  let wb: Workbench;
  let token: string;

  const get = <T>(path: string): Promise<T> => sandboxGet<T>(sandbox, token, path);
  const writes = () =>
    Object.fromEntries(Object.entries(sandbox.admin.counters().requests).filter(([r]) => !r.startsWith('GET ')));

  before(async () => {
    sandbox = await startSandbox({ tickets: 20, seed: 13 });
    token = await clientToken(sandbox, 'read');
    wb = await openSignedIn(sandbox, 'tickets-create');
    await wb.openViewContainer('Zendesk');
  });
  after(async () => {
    await wb?.close();
    await sandbox?.close();
  });

  it('fills the form, keeps it when its tab is closed, creates the ticket with one POST and opens it', async () => {
    await wb.runCommand('Zendesk: New Ticket');
    let page = ticketPage(wb);
    await page.getByRole('heading', { name: 'New Ticket' }).waitFor({ timeout: 30_000 });
    // The requester: found by a part of the email, chosen from what Zendesk found.
    const customer = (await get<{ user: { name: string } }>(`/api/v2/users/${FIXTURES.userIds.customer}`)).user;
    await page.getByLabel('Requester', { exact: true }).fill(FIXTURES.users.customer.slice(0, 8));
    const match = page.getByRole('option', { name: `${customer.name} <${FIXTURES.users.customer}>` });
    await match.waitFor({ timeout: 30_000 });
    await wb.screenshot('requester-search');
    await match.click();
    await page.locator('#requester-who').filter({ hasText: FIXTURES.users.customer }).waitFor({ timeout: 30_000 });
    await page.getByLabel('Subject', { exact: true }).fill('Export fails on large files');
    await page.getByLabel('Priority', { exact: true }).selectOption('high');
    await page.getByLabel('Type', { exact: true }).selectOption('incident');
    // The account's groups arrive after the form opens (the page redraws then): pick once the option is there.
    await page.locator('#group option', { hasText: 'Support' }).waitFor({ state: 'attached', timeout: 30_000 });
    await page.getByLabel('Group', { exact: true }).selectOption({ label: 'Support' });
    const me = sandbox.admin.userId(FIXTURES.users.admin);
    await page.locator(`#assignee option[value="${me}"]`).waitFor({ state: 'attached', timeout: 30_000 });
    await page.getByLabel('Assignee', { exact: true }).selectOption(String(me));
    await page.getByLabel('Tags', { exact: true }).fill('export, large-files');
    // The ticket form, and a field its condition shows once Product area is API (the ticket tab's controls).
    await page.getByLabel('Form', { exact: true }).selectOption({ label: 'Report a bug' });
    await page.getByLabel('Product area').selectOption('area_api');
    const endpoint = page.getByLabel('API endpoint');
    await endpoint.fill('POST /api/v2/exports');
    await endpoint.blur();
    await wb.screenshot('form-and-fields');
    await page.locator('#body').fill('Exporting a **2 GB** file stops at 99%.\n\n- Chrome 120\n- macOS 14');
    await page.getByRole('tab', { name: 'Preview' }).click();
    await page.locator('#preview strong').filter({ hasText: '2 GB' }).waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('#preview li').count(), 2);
    await wb.screenshot('form-filled-preview');
    await page.getByRole('tab', { name: 'Write' }).click();

    // A draft: the tab says so, and closing it loses nothing.
    await wb.page.locator('.tabs-container .tab[aria-label^="● New Ticket"]').waitFor({ timeout: 30_000 });
    sandbox.admin.resetCounters();
    await wb.runCommand('View: Close Editor');
    await page.getByRole('heading', { name: 'New Ticket' }).waitFor({ state: 'detached', timeout: 15_000 });
    await wb.runCommand('Zendesk: New Ticket');
    page = ticketPage(wb);
    await page.getByRole('heading', { name: 'New Ticket' }).waitFor({ timeout: 30_000 });
    await page
      .getByLabel('Assignee', { exact: true })
      .and(page.locator(`:has(option[value="${me}"]:checked)`))
      .waitFor({
        timeout: 30_000,
      });
    assert.equal(await page.getByLabel('Subject', { exact: true }).inputValue(), 'Export fails on large files');
    assert.equal(await page.getByLabel('Priority', { exact: true }).inputValue(), 'high');
    assert.equal(await page.getByLabel('Tags', { exact: true }).inputValue(), 'export, large-files');
    assert.ok((await page.locator('#requester-who').innerText()).includes(FIXTURES.users.customer));
    await page.locator('[data-cf][value="POST /api/v2/exports"]').waitFor({ timeout: 30_000 });
    assert.equal(await page.getByLabel('Form', { exact: true }).inputValue(), String(FORM_IDS.bugReport));
    assert.deepEqual(writes(), {}, 'closing the form sent something');

    await page.getByRole('button', { name: 'Create as Open with an internal note' }).click();
    // The new ticket's tab takes the form's place.
    const heading = page.locator('h1').filter({ hasText: /^#\d+ Export fails on large files/ });
    await heading.waitFor({ timeout: 30_000 });
    const id = Number(/#(\d+)/.exec(await heading.innerText())?.[1]);
    assert.deepEqual(writes(), { 'POST /api/v2/tickets': 1 }, 'not ONE create');
    const t = (await get<{ ticket: Ticket }>(`/api/v2/tickets/${id}`)).ticket;
    assert.deepEqual(
      [t.subject, t.priority, t.type, t.status, t.assignee_id, t.requester_id, [...t.tags].sort()],
      [
        'Export fails on large files',
        'high',
        'incident',
        'open',
        me,
        FIXTURES.userIds.customer,
        // A drop-down's value is a tag on the ticket too, as Zendesk keeps it.
        ['area_api', 'export', 'large-files'],
      ],
    );
    assert.equal(t.ticket_form_id, FORM_IDS.bugReport);
    assert.deepEqual(
      [FIELD_IDS.productArea, FIELD_IDS.apiEndpoint].map((f) => t.custom_fields.find((c) => c.id === f)?.value),
      ['area_api', 'POST /api/v2/exports'],
    );
    const { comments } = await get<{ comments: { body: string; public: boolean }[] }>(`/api/v2/tickets/${id}/comments`);
    assert.deepEqual(
      comments.map((c) => c.public),
      [false],
    );
    // In the tree: "Recently viewed" lists it.
    await wb.expandTreeNode('Recently viewed');
    await wb.treeItem(`#${id} Export fails on large files`).waitFor({ timeout: 30_000 });
    await wb.screenshot('created-and-opened');
  });
});
