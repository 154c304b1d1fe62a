import * as assert from 'node:assert/strict';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { freePort, repoRoot } from '../harness/codeServer';
import { Workbench } from '../harness/workbench';
import { FIXTURES, startSandbox, type Sandbox } from '../sandbox';

describe('signing in through the workbench', () => {
  let sandbox: Sandbox;
  let wb: Workbench;
  let loopbackPort: number;

  before(async () => {
    sandbox = await startSandbox({ tickets: 50, seed: 1 });
    loopbackPort = await freePort();
    wb = await Workbench.open({
      shots: 'sign-in',
      machineSettings: { 'zendesk.oauth.loopbackPort': loopbackPort },
      env: { ZD_SANDBOX_URL: sandbox.url },
      extraExtensions: [path.join(repoRoot, 'test', 'fixtures', 'session-consumer')],
    });
    // In code-server the loopback callback reaches the extension through the server's port proxy.
    sandbox.admin.registerRedirectUri(
      FIXTURES.publicClient.identifier,
      `${wb.server.url}/proxy/${loopbackPort}/callback`,
    );
    await wb.statusItem().waitFor({ timeout: 60_000 });
  });
  after(async () => {
    await wb?.close();
    await sandbox?.close();
  });

  it('"Zendesk: Sign In" walks through the account steps, the sandbox\'s login and consent pages, and shows the account', async () => {
    await wb.runCommand('Zendesk: Sign In');
    await wb.answerInput(sandbox.url, { waitForTitle: /Add a Zendesk Account \(1\/4\)/ });
    await wb.answerInput(FIXTURES.publicClient.identifier, { waitForTitle: /\(2\/4\)/ });
    // Step 3 on screen: the client kind, public or confidential.
    await wb.quickInput
      .locator('.quick-input-title, .quick-input-header')
      .filter({ hasText: /\(3\/4\)/ })
      .first()
      .waitFor();
    const kinds = await wb.quickInput.locator('.quick-input-list .monaco-list-row').allInnerTexts();
    assert.ok(
      kinds.some((k) => /^Public/.test(k)) && kinds.some((k) => /^Confidential/.test(k)),
      `the client kinds offered: ${kinds.join(' | ')}`,
    );
    await wb.screenshot('step-3-client-kind');
    await wb.pick('Public');
    await wb.pick(/^read\s*See tickets/);
    // The redirect URL to register, with Copy, before the browser opens.
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor();
    assert.match(
      await dialog.innerText(),
      new RegExp(`${wb.server.url}/proxy/${loopbackPort}/callback`.replace(/[/.]/g, '\\$&')),
    );
    await wb.screenshot('register-redirect-url');
    const tab = wb.browser.waitForEvent('page');
    await wb.clickDialogButton('Continue');
    const login: Page = await tab;
    await login.waitForLoadState();
    assert.equal(await login.title(), 'Sign in to Zendesk');
    await login.getByLabel('Email').fill(FIXTURES.users.agent);
    await login.getByLabel('Password').fill(FIXTURES.password);
    await wb.screenshot('sandbox-login', login);
    await login.getByRole('button', { name: 'Sign in' }).click();
    await login.waitForLoadState();
    assert.equal(await login.title(), 'Authorize access');
    assert.match(await login.innerText('body'), /read/);
    await wb.screenshot('sandbox-consent', login);
    await login.getByRole('button', { name: 'Allow' }).click();
    await login.getByText(/Signed in to Zendesk/).waitFor();
    await wb.screenshot('callback-page', login);
    await login.close();
    await wb.page.bringToFront();
    await wb.statusItem().filter({ hasText: '(sandbox)' }).waitFor({ timeout: 30_000 });
    assert.equal(await wb.statusItemText(), 'Sam Agent (sandbox)');
    await wb.statusBar.getByRole('button', { name: 'Zendesk: signed in as Sam Agent (sandbox)' }).waitFor();
    await wb.screenshot('signed-in-status-bar');
  });

  it("the Zendesk sidebar lists the agent's views; a view opens to its tickets", async () => {
    await wb.openViewContainer('Zendesk');
    await wb.treeItem('Your unsolved tickets').waitFor({ timeout: 30_000 });
    // The agent's active views, in Zendesk's order (the inactive one is not listed). Labels only: each view's
    // ticket count, its description, arrives a moment later.
    const views = (await wb.page.locator('.part.sidebar .monaco-list-row .label-name').allInnerTexts()).map((t) =>
      t.trim(),
    );
    assert.deepEqual(views, [
      'Your unsolved tickets',
      'Unassigned tickets',
      'All unsolved tickets',
      'Recently updated tickets',
      'Pending tickets',
      'Recently solved tickets',
    ]);
    await wb.expandTreeNode('All unsolved tickets');
    const ticket = wb.page
      .locator('.part.sidebar .monaco-list-row')
      .filter({ hasText: /^#\d+ / })
      .first();
    await ticket.waitFor({ timeout: 30_000 });
    assert.match(await ticket.innerText(), /#\d+ .+\n?(New|Open|Pending|On-hold) · /);
    await wb.treeItem('Load more…').waitFor();
    await wb.screenshot('tickets-view');
  });

  it('another extension cannot use the exported API before VS Code gave it a session', async () => {
    await wb.runCommand('Session Consumer: Call the Zendesk API');
    const api = wb.statusBar.getByText(/^API: v1 /);
    await api.waitFor({ timeout: 30_000 });
    assert.equal(
      await api.innerText(),
      'API: v1 none=SessionNotGrantedError forged=SessionNotGrantedError read=no session write=no session',
    );
  });

  it('another extension asks for a session; VS Code asks the user; Allow gives it the session', async () => {
    await wb.runCommand('Session Consumer: Get Zendesk Session');
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /The extension 'Session Consumer' wants to sign in using Zendesk/);
    await wb.screenshot('consent-dialog');
    await wb.clickDialogButton('Allow');
    // With several accounts possible, VS Code then asks which account the extension may use.
    const accountPick = wb.quickInput
      .locator('.quick-input-list .monaco-list-row')
      .filter({ hasText: '(sandbox)' })
      .first();
    if (
      await accountPick.waitFor({ timeout: 5000 }).then(
        () => true,
        () => false,
      )
    ) {
      await wb.screenshot('consent-account-pick');
      await accountPick.click();
    }
    const consumer = wb.statusBar.getByText(/^Consumer: /);
    await wb.statusBar.getByText(/Consumer: .+\(sandbox\) \[read\] users\/me 200/).waitFor({ timeout: 30_000 });
    assert.match(await consumer.innerText(), /\(sandbox\) \[read\] users\/me 200/);
    await wb.screenshot('consumer-has-session');
  });

  it('with the session VS Code gave it, the other extension reads through the API; a write with a read session is refused', async () => {
    await wb.runCommand('Session Consumer: Call the Zendesk API');
    const api = wb.statusBar.getByText(/^API: v1 .*read=agent/);
    await api.waitFor({ timeout: 30_000 });
    assert.equal(
      await api.innerText(),
      `API: v1 none=SessionNotGrantedError forged=SessionNotGrantedError read=${FIXTURES.users.agent} write=ScopeMissingError`,
    );
    await wb.screenshot('consumer-api-calls');
  });

  it('another extension that asks for tickets:read signs in once more for exactly that: Zendesk lets its token read tickets, not write', async () => {
    await wb.runCommand('Session Consumer: Get Zendesk Session for Tickets');
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /The extension 'Session Consumer' wants to sign in using Zendesk/);
    // No session has exactly tickets:read (the extension's own `read` is broader): a short browser round trip.
    const tab = wb.browser.waitForEvent('page', { timeout: 30_000 });
    await wb.clickDialogButton('Allow');
    const consent: Page = await tab;
    await consent.waitForLoadState();
    // Already signed in to Zendesk in this browser: straight to the consent page, which names only tickets:read.
    assert.equal(await consent.title(), 'Authorize access');
    assert.match(await consent.innerText('body'), /tickets:read/);
    await wb.screenshot('consumer-tickets-consent', consent);
    await consent.getByRole('button', { name: 'Allow' }).click();
    await consent.getByText(/Signed in to Zendesk/).waitFor();
    await consent.close();
    await wb.page.bringToFront();
    const tickets = wb.statusBar.getByText(/^Tickets: .+\(sandbox\)/);
    await tickets.waitFor({ timeout: 30_000 });
    assert.equal(await tickets.innerText(), 'Tickets: Sam Agent (sandbox) [tickets:read] read 200 write 403 me 403');
    await wb.screenshot('consumer-tickets-session');
    // The extension's own session is untouched: still the one account, with read.
    assert.equal(await wb.statusItemText(), 'Sam Agent (sandbox)');
  });

  it('"Zendesk: Sign Out" revokes every session of the account and the status bar offers sign-in again', async () => {
    await wb.runCommand('Zendesk: Sign Out');
    await wb.statusItem().filter({ hasText: 'Zendesk: Sign In' }).waitFor({ timeout: 30_000 });
    await wb.notification(`Signed out of ${sandbox.subdomain}.`).waitFor({ timeout: 15_000 });
    // The extension's own token and the one signed in for the other extension's tickets:read (its read session
    // was the extension's own: the same scope set).
    assert.equal(sandbox.admin.counters().requests['DELETE /api/v2/oauth/tokens/current'], 2);
    assert.equal(await wb.statusItemText(), 'Zendesk: Sign In');
    // The Tickets view empties and the welcome view with its sign-in button is back.
    await wb.welcomeButton('Sign in to Zendesk').waitFor({ timeout: 30_000 });
    assert.equal(
      await wb.page
        .locator('.part.sidebar .monaco-list-row')
        .filter({ hasText: /^#\d+ / })
        .count(),
      0,
    );
    await wb.screenshot('signed-out');
  });
});
