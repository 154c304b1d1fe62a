// Signing out: the last step, so every other step runs signed in.
import type { TourStep } from '../tourStep';

export const signOut: TourStep = {
  id: 'sign-out',
  title: 'Sign out: the status bar offers sign-in again, the Tickets view its welcome',
  async run({ wb, demo }) {
    await wb.runCommand('Zendesk: Sign Out');
    await wb.statusItem().filter({ hasText: 'Zendesk: Sign In' }).waitFor({ timeout: 30_000 });
    await wb.welcomeButton('Sign in to Zendesk').waitFor({ timeout: 30_000 });
    // Both sessions of the account end: the extension's own and the one signed in for the other extension.
    if (demo.sandbox.admin.counters().requests['DELETE /api/v2/oauth/tokens/current'] !== 2) {
      throw new Error("the account's two tokens were not both revoked at Zendesk");
    }
  },
};
