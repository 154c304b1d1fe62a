import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import type { Workbench } from '../harness/workbench';
import { FIXTURES, startSandbox, type Sandbox } from '../sandbox';
import { until } from '../support/wait';
import { openWithClient } from './ticketsWorkbench';

describe('account commands through the workbench (confidential client)', () => {
  let sandbox: Sandbox;
  let wb: Workbench;

  before(async () => {
    sandbox = await startSandbox({ tickets: 20, seed: 2 });
    wb = await openWithClient(sandbox, 'accounts', {}, ['read']);
  });
  after(async () => {
    await wb?.close();
    await sandbox?.close();
  });

  it("signs in with client credentials after asking for the secret once, as the client's owner", async () => {
    await wb.runCommand('Zendesk: Sign In with Client Credentials');
    await wb.quickInput
      .locator('.quick-input-message, .quick-input-header')
      .filter({ hasText: 'Client secret of sandbox-confidential' })
      .first()
      .waitFor();
    assert.equal(await wb.quickInput.locator('input').first().getAttribute('type'), 'password');
    await wb.answerInput(FIXTURES.confidentialClient.secret);
    await wb.statusItem().filter({ hasText: '(sandbox)' }).waitFor({ timeout: 30_000 });
    assert.equal(sandbox.admin.counters().grants.client_credentials, 1);
    // The client's owner, the admin, is who the session acts as.
    assert.equal(await wb.statusItemText(), 'Ada Admin (sandbox)');
    await wb.screenshot('client-credentials-signed-in');
    // Marked as a test server (not zendesk.com) in the status bar tooltip's account line.
    await wb.statusItem().hover();
    const hover = wb.page.locator('.monaco-hover').filter({ hasText: 'not zendesk.com' }).first();
    await hover.waitFor();
    const tip = await hover.innerText();
    assert.match(tip, /Zendesk — Ada Admin/);
    assert.match(
      tip,
      new RegExp(`Subdomain: sandbox at ${sandbox.url.replace(/[.]/g, '\\.')} \\(not zendesk\\.com\\)`),
    );
    assert.match(tip, /Scopes: read\b/);
    await wb.screenshot('status-tooltip');
  });

  it('"Update Client Secret" replaces the stored secret; Zendesk then rejects it with a clear message', async () => {
    await wb.page.mouse.move(700, 400);
    await wb.runCommand('Zendesk: Update Client Secret');
    await wb.pick('sandbox');
    await wb.answerInput('not-the-secret');
    await wb.notification('Updated the client secret of sandbox-confidential.').waitFor();
    await wb.runCommand('Zendesk: Sign In with Client Credentials');
    const toast = wb.notification(/Zendesk rejected the OAuth client/);
    await toast.waitFor({ timeout: 30_000 });
    assert.match(await toast.innerText(), /Show Log/);
    await wb.screenshot('invalid-client-message');
    // The session that was there is kept.
    assert.equal(await wb.statusItemText(), 'Ada Admin (sandbox)');
  });

  it('"Forget Account" revokes the session, forgets the secret and the account, and signs out', async () => {
    await wb.runCommand('Zendesk: Forget Account');
    await wb.pick('sandbox');
    await wb.statusItem().filter({ hasText: 'Zendesk: Sign In' }).waitFor({ timeout: 30_000 });
    assert.equal(await wb.statusItemText(), 'Zendesk: Sign In');
    assert.equal(sandbox.admin.counters().requests['DELETE /api/v2/oauth/tokens/current'], 1);
    // The account leaves the user settings file (written a moment after the sign-out shows).
    const accounts = () =>
      (JSON.parse(fs.readFileSync(wb.server.userSettingsFile, 'utf8')) as Record<string, unknown[] | undefined>)[
        'zendesk.accounts'
      ] ?? [];
    // VS Code rewrites the file in place: a read in the middle of the write sees it empty, which is not an answer.
    const settled = (): unknown[] | undefined => {
      try {
        return accounts();
      } catch {
        return undefined;
      }
    };
    await until(() => settled()?.length === 0, 15_000, 'the account stayed in the user settings file');
    assert.deepEqual(accounts(), []);
    // No secret ever reached the settings file.
    assert.ok(
      !fs.readFileSync(wb.server.userSettingsFile, 'utf8').includes('secret'),
      'a secret was written to settings',
    );
    await wb.screenshot('forgotten');
  });
});
