import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import { Workbench } from '../harness/workbench';

describe('the workbench with the extension installed', () => {
  let wb: Workbench;
  before(async () => { wb = await Workbench.open({ shots: 'workbench' }); });
  after(async () => { await wb?.close(); });

  it('shows the sign-in item in the status bar', async () => {
    const item = wb.statusItem();
    await item.waitFor({ timeout: 60_000 });
    assert.match(await wb.statusItemText(), /Zendesk: Sign In/);
    assert.ok(fs.existsSync(await wb.screenshot('status-bar-signed-out')));
  });

  it('opens the Zendesk container with the welcome view and its "Sign in to Zendesk" button', async () => {
    await wb.openViewContainer('Zendesk');
    await wb.welcomeButton('Sign in to Zendesk').waitFor();
    assert.equal(await wb.welcomeButton('Sign in to Zendesk').isVisible(), true);
    assert.ok(fs.existsSync(await wb.screenshot('zendesk-container-welcome')));
  });
});
