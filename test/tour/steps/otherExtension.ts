// Another extension (test/fixtures/session-consumer) asks for the session; VS Code asks the user first.
import type { TourStep } from '../tourStep';

export const otherExtensionSteps: TourStep[] = [
  {
    id: 'another-extension',
    title:
      "Another extension asks for a read session; after VS Code's Allow and Zendesk's consent it calls Zendesk with a read token",
    async run({ wb }) {
      await wb.runCommand('Session Consumer: Get Zendesk Session');
      const dialog = wb.page.locator('.monaco-dialog-box');
      await dialog.waitFor();
      if (!/Session Consumer' wants to sign in using Zendesk/.test(await dialog.innerText())) {
        throw new Error(`VS Code asked something else: ${await dialog.innerText()}`);
      }
      // The extension's own session is `read write`; a caller asking for `read` gets a token of exactly `read`,
      // so the browser goes once more to Zendesk, where the user is signed in already: only the consent page.
      const tab = wb.browser.waitForEvent('page', { timeout: 30_000 });
      await wb.clickDialogButton('Allow');
      const consent = await tab;
      await consent.waitForLoadState();
      if ((await consent.title()) !== 'Authorize access') {
        throw new Error(`the browser tab shows "${await consent.title()}", not the consent page`);
      }
      await consent.getByRole('button', { name: 'Allow' }).click();
      await consent.getByText(/Signed in to Zendesk/).waitFor();
      await consent.close();
      await wb.page.bringToFront();
      await wb.statusBar.getByText(/Consumer: .+\(sandbox\) \[read\] users\/me 200/).waitFor({ timeout: 30_000 });
    },
  },
];
