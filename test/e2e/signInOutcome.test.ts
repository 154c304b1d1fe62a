import * as assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { freePort } from '../harness/codeServer';
import { sessionConsumerPath } from '../harness/demoEnvironment';
import { Workbench } from '../harness/workbench';
import { FIXTURES, startSandbox, type Sandbox } from '../sandbox';

// A sign-in that another extension started (VS Code calls the provider's createSession) says how it ended, as
// one started from the status bar does: the error goes to that extension, which may show nothing.
describe('how a sign-in ended, whoever started it', () => {
  let sandbox: Sandbox;
  let wb: Workbench;

  const failedToasts = () =>
    wb.page.locator('.notifications-toasts .notification-toast').filter({ hasText: /Sign in failed: / });

  /** Waits for the browser tab the sign-in opens, logs in if asked, and answers the consent page. */
  async function answerInBrowser(tab: Promise<Page>, answer: 'Allow' | 'Deny'): Promise<Page> {
    const page = await tab;
    await page.waitForLoadState();
    if ((await page.title()) === 'Sign in to Zendesk') {
      await page.getByLabel('Email').fill(FIXTURES.users.agent);
      await page.getByLabel('Password').fill(FIXTURES.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForLoadState();
    }
    assert.equal(await page.title(), 'Authorize access');
    await page.getByRole('button', { name: answer }).click();
    return page;
  }

  /** Denies in the browser tab the sign-in opened, closes it, and returns VS Code's failure notification. */
  async function denyAndReadFailure(tab: Promise<Page>): Promise<Locator> {
    const page = await answerInBrowser(tab, 'Deny');
    await page.getByText(/Sign-in failed: access was denied/).waitFor();
    await page.close();
    await wb.page.bringToFront();
    const toast = failedToasts().first();
    await toast.waitFor({ timeout: 30_000 });
    return toast;
  }

  before(async () => {
    sandbox = await startSandbox({ tickets: 20, seed: 1 });
    const loopbackPort = await freePort();
    wb = await Workbench.open({
      shots: 'sign-in-outcome',
      settings: {
        'zendesk.accounts': [
          {
            subdomain: sandbox.subdomain,
            clientId: FIXTURES.publicClient.identifier,
            clientKind: 'public',
            scopes: ['read'],
            baseUrl: sandbox.url,
          },
        ],
      },
      machineSettings: { 'zendesk.oauth.loopbackPort': loopbackPort },
      env: { ZD_SANDBOX_URL: sandbox.url },
      extraExtensions: [sessionConsumerPath],
    });
    sandbox.admin.registerRedirectUri(
      FIXTURES.publicClient.identifier,
      `${wb.server.url}/proxy/${loopbackPort}/callback`,
    );
    await wb.statusItem().filter({ hasText: 'Zendesk: Sign In' }).waitFor({ timeout: 60_000 });
  });
  after(async () => {
    await wb?.close();
    await sandbox?.close();
  });

  it('another extension\'s sign-in denied in Zendesk: VS Code says so, with "Sign In" and "Show Log" (not another way: the user said no)', async () => {
    await wb.runCommand('Session Consumer: Get Zendesk Session');
    const tab = wb.browser.waitForEvent('page');
    await wb.clickDialogButton('Allow');
    const toast = await denyAndReadFailure(tab);
    assert.match(
      await toast.innerText(),
      /Sign in failed: Access was denied in Zendesk\. Sign in again and choose Allow\./,
    );
    await toast.getByRole('link', { name: 'Sign In' }).waitFor();
    await toast.getByRole('link', { name: 'Show Log' }).waitFor();
    assert.equal(await toast.getByText('Try Another Way').count(), 0, 'Deny offered another way back');
    assert.equal(await failedToasts().count(), 1);
    // The extension that asked got the error too.
    await wb.statusBar.getByText(/^Consumer: failed/).waitFor({ timeout: 15_000 });
    await wb.screenshot('provider-sign-in-denied');
  });

  it('"Sign In" on it signs in again; once signed in, the failure is no longer shown', async () => {
    const tab = wb.browser.waitForEvent('page');
    await failedToasts().first().getByRole('link', { name: 'Sign In' }).click();
    const page = await answerInBrowser(tab, 'Allow');
    await page.getByText(/Signed in to Zendesk/).waitFor();
    await page.close();
    await wb.page.bringToFront();
    await wb.notification(/Signed in to Zendesk as Sam Agent \(sandbox\)\./).waitFor({ timeout: 30_000 });
    await wb.statusItem().filter({ hasText: 'Sam Agent (sandbox)' }).waitFor({ timeout: 30_000 });
    await failedToasts().first().waitFor({ state: 'detached', timeout: 15_000 });
    await wb.screenshot('failure-gone-after-sign-in');
  });

  it("another extension's sign-in that works is announced in VS Code too", async () => {
    await wb.runCommand('Zendesk: Sign Out');
    await wb.statusItem().filter({ hasText: 'Zendesk: Sign In' }).waitFor({ timeout: 30_000 });
    await wb.page.keyboard.press('Escape');
    await wb.runCommand('Notifications: Clear All Notifications');
    await wb.runCommand('Session Consumer: Get Zendesk Session');
    const tab = wb.browser.waitForEvent('page');
    await wb.clickDialogButton('Allow');
    const page = await answerInBrowser(tab, 'Allow');
    await page.getByText(/Signed in to Zendesk/).waitFor();
    await page.close();
    await wb.page.bringToFront();
    await wb.notification(/Signed in to Zendesk as Sam Agent \(sandbox\)\./).waitFor({ timeout: 30_000 });
    await wb.statusBar.getByText(/Consumer: .+\(sandbox\) \[read\] users\/me 200/).waitFor({ timeout: 30_000 });
    await wb.screenshot('provider-sign-in-announced');
  });

  it('a sign-in started from the status bar and denied is reported once, with the same actions', async () => {
    if ((await wb.statusItemText()) !== 'Zendesk: Sign In') await wb.runCommand('Zendesk: Sign Out');
    await wb.statusItem().filter({ hasText: 'Zendesk: Sign In' }).waitFor({ timeout: 30_000 });
    await wb.runCommand('Notifications: Clear All Notifications');
    const tab = wb.browser.waitForEvent('page');
    await wb.statusItem().click();
    const toast = await denyAndReadFailure(tab);
    await toast.getByRole('link', { name: 'Sign In' }).waitFor();
    // Give a second report the time to turn up.
    await wb.page.waitForTimeout(2000);
    assert.equal(await failedToasts().count(), 1, 'the failure was reported more than once');
  });
});
