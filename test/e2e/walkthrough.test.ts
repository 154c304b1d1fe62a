import * as assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import { freePort } from '../harness/codeServer';
import { Workbench } from '../harness/workbench';
import { FIXTURES, startSandbox, type Sandbox } from '../sandbox';

const WALKTHROUGH = 'zendesk-vscode.zendesk-vscode#connectToZendesk';

describe('the "Connect to Zendesk" walkthrough', () => {
  let sandbox: Sandbox;
  let wb: Workbench;
  let redirectUri: string;

  /** The step's check mark (VS Code's own checkbox next to the step title). */
  const checkbox = (step: string): Locator => wb.page.locator(`[data-done-step-id="${WALKTHROUGH}#${step}"]`);
  const stepButton = (step: string): Locator =>
    wb.page.locator(`button.getting-started-step[data-step-id="${WALKTHROUGH}#${step}"]`);
  const checked = async (step: string) => (await checkbox(step).getAttribute('aria-checked')) === 'true';

  before(async () => {
    sandbox = await startSandbox({ tickets: 30, seed: 1 });
    const loopbackPort = await freePort();
    wb = await Workbench.open({
      shots: 'walkthrough',
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
    });
    redirectUri = `${wb.server.url}/proxy/${loopbackPort}/callback`;
    sandbox.admin.registerRedirectUri(FIXTURES.publicClient.identifier, redirectUri);
    await wb.browser.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: wb.server.url });
    await wb.statusItem().waitFor({ timeout: 60_000 });
  });
  after(async () => {
    await wb?.close();
    await sandbox?.close();
  });

  it('opens from "Welcome: Open Walkthrough..." with its four steps, none done', async () => {
    await wb.runCommand('Welcome: Open Walkthrough...');
    await wb.pick(/Connect to Zendesk/);
    const titles = wb.page.locator(`h3.step-title[x-step-title-for^="${WALKTHROUGH}#"]`);
    await titles.first().waitFor({ timeout: 30_000 });
    assert.deepEqual(
      (await titles.allInnerTexts()).map((t) => t.trim()),
      ['Register an OAuth client in Zendesk', 'Sign in to Zendesk', 'Open your tickets', 'Send a first API request'],
    );
    for (const step of ['registerClient', 'signIn', 'openTickets', 'sendRequest']) {
      assert.equal(await checked(step), false, `${step} is checked before anything was done`);
    }
    // The first step's media: which kind of client to pick, and where in Admin Center.
    const media = wb.page.frameLocator('iframe.webview').frameLocator('iframe');
    await media.getByText(/Client kind.*choose Public/).waitFor({ timeout: 30_000 });
    await wb.screenshot('walkthrough-open');
  });

  it('"Copy the Redirect URL" copies exactly the URL the sign-in sends, and checks the step', async () => {
    await wb.page.getByRole('button', { name: 'Copy the Redirect URL' }).click();
    await wb.notification(/^Copied /).waitFor({ timeout: 15_000 });
    assert.match(
      await wb.notification(/^Copied /).innerText(),
      new RegExp(`Copied ${redirectUri.replace(/[/.]/g, '\\$&')}\\. Paste it`),
    );
    assert.equal(await wb.page.evaluate(() => navigator.clipboard.readText()), redirectUri);
    await wb.page.waitForFunction(
      (sel) => document.querySelector(sel)?.getAttribute('aria-checked') === 'true',
      `[data-done-step-id="${WALKTHROUGH}#registerClient"]`,
    );
    await wb.screenshot('walkthrough-copied');
  });

  it('signing in from the step checks it', async () => {
    await stepButton('signIn').click();
    const tab = wb.browser.waitForEvent('page');
    await wb.page
      .locator(`[x-step-description-for="${WALKTHROUGH}#signIn"]`)
      .getByRole('button', { name: 'Sign In' })
      .click();
    const login = await tab;
    await login.waitForLoadState();
    await login.getByLabel('Email').fill(FIXTURES.users.agent);
    await login.getByLabel('Password').fill(FIXTURES.password);
    await login.getByRole('button', { name: 'Sign in' }).click();
    await login.getByRole('button', { name: 'Allow' }).click();
    await login.getByText(/Signed in to Zendesk/).waitFor();
    await login.close();
    await wb.page.bringToFront();
    await wb.statusItem().filter({ hasText: '(sandbox)' }).waitFor({ timeout: 30_000 });
    await wb.page.waitForFunction(
      (sel) => document.querySelector(sel)?.getAttribute('aria-checked') === 'true',
      `[data-done-step-id="${WALKTHROUGH}#signIn"]`,
      { timeout: 15_000 },
    );
    await wb.screenshot('walkthrough-signed-in');
  });

  it('opening the Tickets view from the step checks it; the request step waits for a request sent', async () => {
    await stepButton('openTickets').click();
    await wb.page
      .locator(`[x-step-description-for="${WALKTHROUGH}#openTickets"]`)
      .getByRole('button', { name: 'Open the Tickets View' })
      .click();
    await wb.treeItem('Your unsolved tickets').waitFor({ timeout: 30_000 });
    await wb.page.waitForFunction(
      (sel) => document.querySelector(sel)?.getAttribute('aria-checked') === 'true',
      `[data-done-step-id="${WALKTHROUGH}#openTickets"]`,
      { timeout: 15_000 },
    );
    assert.equal(await checked('sendRequest'), false, 'the request step was checked without a request sent');
    await wb.screenshot('walkthrough-tickets');
  });
});
