// Another extension (test/fixtures/session-consumer) asks for the session; VS Code asks the user first.
import type { TourStep } from '../tourStep';

export const otherExtensionSteps: TourStep[] = [
  {
    id: 'another-extension',
    title: 'Another extension asks for the session; after VS Code\'s Allow it calls Zendesk with it',
    async run({ wb }) {
      await wb.runCommand('Session Consumer: Get Zendesk Session');
      const dialog = wb.page.locator('.monaco-dialog-box');
      await dialog.waitFor();
      if (!/Session Consumer' wants to sign in using Zendesk/.test(await dialog.innerText())) throw new Error(`VS Code asked something else: ${await dialog.innerText()}`);
      await wb.clickDialogButton('Allow');
      // With several accounts possible, VS Code then asks which account the extension may use.
      const accountPick = wb.quickInput.locator('.quick-input-list .monaco-list-row').filter({ hasText: '(sandbox)' }).first();
      if (await accountPick.waitFor({ timeout: 5000 }).then(() => true, () => false)) await accountPick.click();
      await wb.statusBar.getByText(/Consumer: .+\(sandbox\) \[read\] users\/me 200/).waitFor({ timeout: 30_000 });
    },
  },
];
