// The terminal token helper as a user meets it: in VS Code's own terminal, `curl` with `$(zendesk-token)` asks once
// in VS Code, then prints the signed-in user from the sandbox.
import * as assert from 'node:assert/strict';
import type { Workbench } from '../harness/workbench';
import { startSandbox, type Sandbox } from '../sandbox';
import { until } from '../support/wait';
import { openSignedIn } from './ticketsWorkbench';

describe('zendesk-token in the integrated terminal', () => {
  let sandbox: Sandbox;
  let wb: Workbench;

  before(async () => {
    sandbox = await startSandbox({ tickets: 5, seed: 3 });
    wb = await openSignedIn(
      sandbox,
      'lend',
      // The DOM renderer: the terminal's text is in the page, where the test reads it.
      { 'terminal.integrated.gpuAcceleration': 'off' },
      ['read'],
    );
  });
  after(async () => {
    await wb?.close();
    await sandbox?.close();
  });

  it('curl -H "Authorization: Bearer $(zendesk-token)" prints the user, after Allow', async () => {
    await wb.runCommand('Terminal: Create New Terminal');
    const rows = wb.page.locator('.terminal-wrapper.active .xterm-rows, .xterm-rows').first();
    await rows.waitFor({ timeout: 30_000 });
    await wb.page.locator('.xterm-helper-textarea').first().focus();
    await wb.page.keyboard.type(
      `curl -s -H "Authorization: Bearer $(zendesk-token)" ${sandbox.url}/api/v2/users/me.json; echo\n`,
    );
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 30_000 });
    assert.match(
      await dialog.innerText(),
      /asks for a Zendesk token for sandbox with read\. Allow for this terminal\?/,
    );
    await wb.screenshot('terminal-asks');
    await wb.clickDialogButton('Allow for This Terminal');
    // The JSON wraps over the terminal's rows: read them as one line.
    let text = '';
    await until(async () => {
      text = (await rows.innerText()).replace(/\n/g, '');
      return /"email":"[^"]+@sandbox\.test"/.test(text);
    }, 30_000).catch(() => assert.fail(`the terminal shows no user: ${text}`));
    assert.doesNotMatch(text, /zendesk-token:/, 'the helper reported an error');
    await wb.screenshot('terminal-curl-user');
  });
});
