// Request files through the workbench, as a user does it: "Send API Request…" opens a prefilled .zendesk
// document, the "Send Request" lens asks to confirm the write, the response tab opens; then a GET with
// "Send All Pages" and its progress notification.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import type { Workbench } from '../harness/workbench';
import { startSandbox, type Sandbox } from '../sandbox';
import { openSignedIn } from './ticketsWorkbench';

describe('request files through the workbench', () => {
  let sandbox: Sandbox;
  let wb: Workbench;

  before(async () => {
    sandbox = await startSandbox({ tickets: 50, seed: 5 });
    wb = await openSignedIn(sandbox, 'requests');
  });
  after(async () => {
    await wb?.close();
    await sandbox?.close();
  });

  const lens = (title: string) =>
    wb.page
      .locator('.contentWidgets .codelens-decoration a, .codelens-decoration a')
      .filter({ hasText: new RegExp(`^${title}$`) })
      .first();
  const tab = (text: RegExp) => wb.page.locator('.tabs-container .tab').filter({ hasText: text }).first();

  it('"Send API Request…" for a POST opens a request file; Send Request confirms, sends and opens the response tab', async () => {
    await wb.runCommand('Zendesk: Send API Request…');
    await wb.pick(/^POST$/);
    await wb.pick('/api/v2/tickets.json');
    await wb.page.locator('.monaco-editor .view-line', { hasText: 'POST /api/v2/tickets.json' }).first().waitFor();
    await tab(/^# POST \/api\/v2\/tickets\.json/).waitFor();
    await lens('Send Request').waitFor({ timeout: 30_000 });
    await wb.screenshot('prefilled-request-file');
    const before = sandbox.admin.counters().requests['POST /api/v2/tickets'] ?? 0;
    await lens('Send Request').click();
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /Send POST \/api\/v2\/tickets\.json to .*\(sandbox\)\?/);
    await wb.screenshot('confirm-write');
    await wb.clickDialogButton('Send');
    const response = tab(/POST ∕api∕v2∕tickets\.json · 201 · \d+ ms/);
    await response.waitFor({ timeout: 30_000 });
    assert.equal(sandbox.admin.counters().requests['POST /api/v2/tickets'], before + 1);
    await wb.page.locator('.monaco-editor .view-line', { hasText: '"subject": "Subject"' }).first().waitFor();
    assert.ok(fs.existsSync(await wb.screenshot('response-tab')));
  });

  it('"Send All Pages" on a GET shows its progress and gathers the pages in the response tab', async () => {
    await wb.runCommand('Zendesk: Send API Request…');
    // Typed, not clicked: the workbench keeps the first run's hidden list rows, which a row locator would find first.
    await wb.answerInput('PUT', { waitForTitle: /Send API Request… \(method\)/ });
    await wb.answerInput('/api/v2/tickets/1.json', { waitForTitle: /\(PUT path\)/ });
    const line = wb.page.locator('.monaco-editor .view-line', { hasText: 'PUT /api/v2/tickets/1.json' }).first();
    await line.waitFor();
    // Turn the draft into a GET of a list: select all and type it.
    await line.click();
    await wb.page.keyboard.press('Control+A');
    await wb.page.keyboard.press('Delete');
    await wb.page.keyboard.insertText('GET /api/v2/tickets.json?page[size]=5\n');
    await lens('Send All Pages').waitFor({ timeout: 30_000 });
    sandbox.admin.setLatency(400);
    await lens('Send All Pages').click();
    const progress = wb.notification(/all pages/);
    await progress.filter({ hasText: /page \d+, \d+ items/ }).waitFor({ timeout: 30_000 });
    assert.ok(fs.existsSync(await wb.screenshot('all-pages-progress')));
    // 50 seeded tickets and the one the test above created, 5 a page.
    const response = tab(/GET ∕api∕v2∕tickets\.json · 11 pages · \d+ ms/);
    await response.waitFor({ timeout: 60_000 });
    sandbox.admin.setLatency(0);
    await wb.page
      .locator('.monaco-editor .view-line', { hasText: 'all pages · 11 pages · 51 tickets' })
      .first()
      .waitFor();
    assert.ok(fs.existsSync(await wb.screenshot('all-pages-response')));
  });
});
