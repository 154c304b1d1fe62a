import * as assert from 'node:assert/strict';
import http from 'node:http';
import type { Page } from 'playwright-core';
import { freePort } from '../harness/codeServer';
import { Workbench } from '../harness/workbench';
import { FIXTURES, startSandbox, type Sandbox } from '../sandbox';

describe('"Having trouble? Try another way" through the workbench', () => {
  let sandbox: Sandbox;
  let wb: Workbench;
  let port: number;
  let squatter: http.Server;

  before(async () => {
    sandbox = await startSandbox({ tickets: 20, seed: 3 });
    port = await freePort();
    // Another program holds the loopback port; it answers the browser with a page of its own.
    squatter = http.createServer((_req, res) => res.end('Another program is listening here.'));
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    sandbox.admin.registerRedirectUri(FIXTURES.publicClient.identifier, `http://127.0.0.1:${port}/callback`);
    wb = await Workbench.open({
      shots: 'another-way',
      settings: {
        'zendesk.accounts': [
          {
            subdomain: 'sandbox',
            clientId: FIXTURES.publicClient.identifier,
            clientKind: 'public',
            scopes: ['read'],
            baseUrl: sandbox.url,
          },
        ],
      },
      machineSettings: { 'zendesk.oauth.loopbackPort': port },
    });
    await wb.statusItem().waitFor({ timeout: 60_000 });
  });
  after(async () => {
    await wb?.close();
    await sandbox?.close();
    squatter?.close();
  });

  it('a busy port names the setting and offers another way; pasting the URL from the browser signs in', async () => {
    await wb.runCommand('Zendesk: Sign In');
    const warning = wb.notification(
      new RegExp(`Port ${port} on 127\\.0\\.0\\.1 is in use.*zendesk\\.oauth\\.loopbackPort`),
    );
    await warning.waitFor({ timeout: 30_000 }).catch(async (e: unknown) => {
      await wb.screenshot('no-warning');
      throw e;
    });
    await wb.screenshot('port-in-use');
    await wb.clickNotificationButton(/Having trouble\? Try another way/, 'Try Another Way');
    await wb.pick('Paste the URL from the browser');
    // The URL to register for this way, before the browser opens.
    await wb.page
      .locator('.monaco-dialog-box')
      .filter({ hasText: `http://127.0.0.1:${port}/callback` })
      .waitFor();
    const tab = wb.browser.waitForEvent('page');
    await wb.clickDialogButton('Continue');
    const browser: Page = await tab;
    await browser.getByLabel('Email').fill(FIXTURES.users.readonly);
    await browser.getByLabel('Password').fill(FIXTURES.password);
    await browser.getByRole('button', { name: 'Sign in' }).click();
    await browser.getByRole('button', { name: 'Allow' }).click();
    await browser.getByText('Another program is listening here.').waitFor();
    const landed = browser.url();
    assert.match(landed, new RegExp(`^http://127\\.0\\.0\\.1:${port}/callback\\?code=`));
    await browser.close();
    await wb.page.bringToFront();
    await wb.quickInput
      .locator('.quick-input-message, .quick-input-header')
      .filter({ hasText: 'Paste the whole address' })
      .first()
      .waitFor();
    await wb.screenshot('paste-the-url');
    await wb.answerInput(landed);
    await wb.statusItem().filter({ hasText: '(sandbox)' }).waitFor({ timeout: 30_000 });
    // Signed in as the user who logged in in the browser.
    assert.equal(await wb.statusItemText(), 'Rita Readonly (sandbox)');
    await wb.screenshot('signed-in-by-pasting');
  });
});
