// A ticket reference in an editor, as a user sees it: typed into a file, hovered, the hover shows the ticket from
// Zendesk and its "Open Ticket" link opens the ticket tab. Screenshot: the hover.
import * as assert from 'node:assert/strict';
import type { Workbench } from '../harness/workbench';
import { startSandbox, type Sandbox } from '../sandbox';
import type { Ticket } from '../../src/zendesk/types';
import { clientToken, openSignedIn, sandboxGet, ticketPage } from './ticketsWorkbench';

describe('ticket references in an editor', () => {
  let sandbox: Sandbox;
  let wb: Workbench;

  before(async () => {
    sandbox = await startSandbox({ tickets: 20, seed: 3 });
    wb = await openSignedIn(sandbox, 'references');
  });
  after(async () => {
    await wb?.close();
    await sandbox?.close();
  });

  it('hovers ZD-<id> with the ticket, and opens its tab from the hover', async () => {
    const token = await clientToken(sandbox, 'read');
    const { ticket } = await sandboxGet<{ ticket: Ticket }>(sandbox, token, '/api/v2/tickets/3');
    // The workspace's README, opened from the Explorer, with a line that names the ticket.
    await wb.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'README.md' }).first().dblclick();
    const editor = wb.page.locator('.editor-instance .monaco-editor').first();
    await editor.locator('.view-line', { hasText: 'Zendesk test workspace' }).waitFor();
    await editor.click();
    await wb.page.keyboard.press('Control+End');
    await wb.page.keyboard.type('\nRelease notes: the printer fix for ZD-3 is in.');
    // The cursor onto the reference, then the hover as the keyboard shows it (Show or Focus Hover).
    for (let i = 0; i < 8; i++) await wb.page.keyboard.press('ArrowLeft');
    await wb.runCommand('Show or Focus Hover');
    const hover = wb.page.locator('.monaco-hover:not(.hidden)').filter({ hasText: ticket.subject });
    await hover.waitFor({ timeout: 30_000 });
    const text = await hover.innerText();
    for (const part of [`#3 ${ticket.subject}`, 'Status:', 'Requester:', 'Assignee:', 'Updated', 'Open Ticket']) {
      assert.ok(text.includes(part), `the hover lacks "${part}": ${text}`);
    }
    await wb.screenshot('hover-on-reference');
    await hover.getByRole('link', { name: 'Open Ticket' }).click();
    await ticketPage(wb).getByText(ticket.subject).first().waitFor({ timeout: 30_000 });
  });
});
