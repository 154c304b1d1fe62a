// A macro end to end through the real workbench: "Apply Macro…" on the open ticket, the macro found by searching its
// title, what it will change shown before anything is staged (Zendesk's `apply` preview, which changes nothing), its
// field changes staged in the tab and its note in the composer, then ONE submit: the sandbox's ticket has the change.
import * as assert from 'node:assert/strict';
import type { Workbench } from '../harness/workbench';
import { SEEDED_MACROS } from '../sandbox/macros';
import { startSandbox, type Sandbox } from '../sandbox';
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
}

describe('a macro through the workbench', () => {
  let sandbox: Sandbox;
  let wb: Workbench;
  let token: string;
  let ticketId = 0;

  const get = <T>(path: string): Promise<T> => sandboxGet<T>(sandbox, token, path);
  const writes = () =>
    Object.fromEntries(Object.entries(sandbox.admin.counters().requests).filter(([r]) => !r.startsWith('GET ')));

  before(async () => {
    sandbox = await startSandbox({ tickets: 30, seed: 17 });
    token = await clientToken(sandbox, 'read');
    wb = await openSignedIn(sandbox, 'tickets-macro');
    // Normal priority: the macro's "High" is a real change.
    ticketId = await firstOpenTicketWith(wb, sandbox, { priority: 'normal' });
    await ticketRow(wb, ticketId).click();
  });
  after(async () => {
    await wb?.close();
    await sandbox?.close();
  });

  it('searches a macro, previews its changes, stages them in the tab and submits them as ONE update', async () => {
    const page = ticketPage(wb);
    await page
      .locator('h1')
      .filter({ hasText: `#${ticketId}` })
      .waitFor({ timeout: 30_000 });
    const macro = SEEDED_MACROS.find((m) => m.title === 'Support::Escalate to engineering')!;
    sandbox.admin.resetCounters();

    await wb.runCommand('Zendesk: Apply Macro…');
    // Searched by a word of its title; its category and whether it is shared are beside it.
    const filter = wb.quickInput.locator('input').first();
    await filter.waitFor();
    await filter.fill('escalate');
    const row = wb.quickInput
      .locator('.quick-input-list .monaco-list-row')
      .filter({ hasText: 'Escalate to engineering' });
    await row.first().waitFor({ timeout: 30_000 });
    assert.equal(
      await wb.quickInput.locator('.quick-input-list .monaco-list-row').count(),
      1,
      'the search did not narrow',
    );
    assert.ok((await row.first().innerText()).includes('Support'), 'the category is not shown');
    await wb.screenshot('macro-search');
    await row.first().click();

    // What it will change, before anything is staged.
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.filter({ hasText: `Apply "${macro.title}" to #${ticketId}?` }).waitFor({ timeout: 30_000 });
    const preview = await dialog.innerText();
    assert.ok(/Priority/.test(preview) && /High/.test(preview), `the preview does not show the priority: ${preview}`);
    assert.ok(preview.includes('Escalated to engineering by'), 'the preview does not show the note');
    await wb.screenshot('macro-preview');
    assert.deepEqual(writes(), {}, 'previewing a macro wrote to Zendesk');
    await wb.clickDialogButton(`Stage in #${ticketId}`);

    // Staged in the tab: the field marked as changed, the note in the composer as an internal note; nothing sent.
    await page.getByRole('button', { name: 'Undo the change to Priority' }).waitFor({ timeout: 30_000 });
    assert.equal(await page.getByLabel('Priority', { exact: true }).inputValue(), 'high');
    assert.ok((await page.locator('#body').inputValue()).startsWith('Escalated to engineering by '));
    assert.equal(await page.getByRole('radio', { name: /Internal note/ }).isChecked(), true);
    await tabMarker(wb, ticketId, true);
    assert.deepEqual(writes(), {}, 'staging a macro wrote to Zendesk');
    await wb.screenshot('macro-staged');

    await page.locator('#submit').click();
    await page.getByText('Internal note added.').waitFor({ timeout: 30_000 });
    assert.deepEqual(writes(), { 'PUT /api/v2/tickets/{id}': 1 }, 'not ONE update');
    const after = (await get<{ ticket: Ticket }>(`/api/v2/tickets/${ticketId}`)).ticket;
    assert.equal(after.priority, 'high');
    const { comments } = await get<{ comments: { body: string; public: boolean }[] }>(
      `/api/v2/tickets/${ticketId}/comments`,
    );
    const last = comments[comments.length - 1];
    assert.equal(last.public, false);
    assert.ok(last.body.startsWith('Escalated to engineering by '), last.body);
    await tabMarker(wb, ticketId, false);
    await page.locator('.comment').last().scrollIntoViewIfNeeded();
    await wb.screenshot('macro-submitted');
  });
});
