import * as assert from 'node:assert/strict';
import { Workbench } from '../harness/workbench';

describe('the workbench with the extension installed', () => {
  let wb: Workbench;
  before(async () => {
    wb = await Workbench.open({ shots: 'workbench' });
  });
  after(async () => {
    await wb?.close();
  });

  it('shows the sign-in item in the status bar, named for screen readers, with its tooltip', async () => {
    const item = wb.statusItem();
    await item.waitFor({ timeout: 60_000 });
    assert.equal(await wb.statusItemText(), 'Zendesk: Sign In');
    // accessibilityInformation: what a screen reader announces.
    await wb.statusBar.getByRole('button', { name: 'Zendesk: signed out. Sign in.' }).waitFor();
    await item.hover();
    const hover = wb.page.locator('.monaco-hover').filter({ hasText: 'Sign in to Zendesk' }).first();
    await hover.waitFor();
    assert.equal((await hover.innerText()).trim(), 'Sign in to Zendesk');
    await wb.screenshot('status-bar-signed-out');
  });

  it('opens the Zendesk container with the welcome view and its "Sign in to Zendesk" button', async () => {
    await wb.page.mouse.move(700, 400);
    await wb.openViewContainer('Zendesk');
    const welcome = wb.page.locator('.part.sidebar .welcome-view-content');
    await wb.welcomeButton('Sign in to Zendesk').waitFor();
    assert.equal(await wb.welcomeButton('Sign in to Zendesk').isVisible(), true);
    const text = await welcome.innerText();
    assert.match(text, /Sign in to see your Zendesk tickets\./);
    assert.match(text, /A confidential OAuth client can also sign in with client credentials\./);
    const link = welcome.getByText('sign in with client credentials', { exact: true });
    assert.equal(await link.evaluate((el) => el.tagName), 'A', `not a link: ${await welcome.innerHTML()}`);
    // The container's only view, so its title reads "Zendesk: Tickets".
    assert.match(await wb.page.locator('.part.sidebar .composite.title').first().innerText(), /^Zendesk: Tickets$/im);
    await wb.screenshot('zendesk-container-welcome');
  });
});
