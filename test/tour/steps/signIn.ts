// Signing in from the status bar, through the sandbox's login and consent pages, back to VS Code.
import type { Page } from 'playwright-core';
import { FIXTURES } from '../../sandbox';
import type { TourContext, TourStep } from '../tourStep';

const LOGIN_TAB = 'signIn.tab';

function loginTab(ctx: TourContext): Page {
  const tab = ctx.shared.get(LOGIN_TAB) as Page | undefined;
  if (!tab) throw new Error('no sign-in tab: the status bar step did not open one');
  return tab;
}

/** The redirect-URL note must not appear for an account whose redirect URL Zendesk accepts. */
async function expectNoRegistrationNote(ctx: TourContext): Promise<void> {
  const notes = await ctx.wb.page
    .locator('.notifications-toasts .notification-toast')
    .filter({ hasText: /register exactly this URL/ })
    .count();
  if (notes) throw new Error('the "register this redirect URL" note appeared although the URL is registered');
}

export const signInSteps: TourStep[] = [
  {
    id: 'status-bar-sign-in',
    title: "Sign in from the status bar: the sandbox's login page opens",
    async run(ctx) {
      const { wb } = ctx;
      await wb.statusItem().filter({ hasText: 'Zendesk: Sign In' }).waitFor({ timeout: 60_000 });
      const tab = wb.browser.waitForEvent('page', { timeout: 30_000 });
      await wb.statusItem().click();
      const login = await tab;
      ctx.shared.set(LOGIN_TAB, login);
      await login.waitForLoadState();
      if ((await login.title()) !== 'Sign in to Zendesk') {
        throw new Error(`the browser tab shows "${await login.title()}", not the login page`);
      }
      await login.getByLabel('Email').fill(FIXTURES.users.agent);
      await login.getByLabel('Password').fill(FIXTURES.password);
      return login;
    },
  },
  {
    id: 'consent',
    title: 'The consent page names the client and the scopes',
    async run(ctx) {
      const login = loginTab(ctx);
      await login.getByRole('button', { name: 'Sign in' }).click();
      await login.waitForLoadState();
      if ((await login.title()) !== 'Authorize access') {
        throw new Error(`after signing in the tab shows "${await login.title()}", not the consent page`);
      }
      const text = await login.innerText('body');
      for (const s of ['Sandbox Public App', 'read', 'write']) {
        if (!text.includes(s)) throw new Error(`the consent page does not mention "${s}"`);
      }
      await expectNoRegistrationNote(ctx);
      return login;
    },
  },
  {
    id: 'callback-page',
    title: 'Allow: the browser tab says signed in and to close it (VS Code is the other tab)',
    async run(ctx) {
      const login = loginTab(ctx);
      await login.getByRole('button', { name: 'Allow' }).click();
      await login.getByText(/Signed in to Zendesk/).waitFor();
      // VS Code runs in a browser tab here: a vscode:// link would lead nowhere.
      if (await login.getByRole('link', { name: /Return to/ }).count()) {
        throw new Error('the callback page links to the desktop app in browser-based VS Code');
      }
      await login.getByText(/close this tab to return to it/).waitFor({ timeout: 5000 });
      return login;
    },
  },
  {
    id: 'signed-in',
    title: 'Back in VS Code: "Signed in", and the status bar shows the account',
    async run(ctx) {
      const { wb } = ctx;
      await loginTab(ctx).close();
      ctx.shared.delete(LOGIN_TAB);
      await wb.page.bringToFront();
      await wb.statusItem().filter({ hasText: 'Sam Agent (sandbox)' }).waitFor({ timeout: 30_000 });
      await wb.notification(/Signed in to Zendesk as Sam Agent/).waitFor({ timeout: 10_000 });
      await expectNoRegistrationNote(ctx);
    },
  },
];
