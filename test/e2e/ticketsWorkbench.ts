// What the e2e suites about tickets share: the sandbox's confidential client as a second party (to read what Zendesk
// has, or to change a ticket behind the user's back), a workbench signed in with that client, and the ticket tab.
import * as assert from 'node:assert/strict';
import type { FrameLocator } from 'playwright-core';
import { Workbench } from '../harness/workbench';
import { FIXTURES, type Sandbox } from '../sandbox';
import { adminToken } from '../support/sandboxClient';

/** An access token of the sandbox's confidential client (client credentials), for the test's own requests. */
export const clientToken = (sandbox: Sandbox, scope: 'read' | 'read write'): Promise<string> =>
  adminToken(sandbox, scope);

/** GET of the sandbox's API with that token: what Zendesk itself has, whatever the workbench shows. */
export async function sandboxGet<T>(sandbox: Sandbox, token: string, path: string): Promise<T> {
  const res = await fetch(`${sandbox.url}${path}`, {
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
  });
  assert.equal(res.status, 200, path);
  return (await res.json()) as T;
}

/** The ticket tab's page: VS Code puts a webview in an iframe that holds the page's own iframe. */
export function ticketPage(wb: Workbench): FrameLocator {
  return wb.page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
}

/** Waits until the ticket's editor tab says whether the ticket has unsent work (a draft or staged changes): its
 * title starts with "● " then. The marker is the extension's: its coming or going means the draft was saved or removed. */
export async function tabMarker(wb: Workbench, ticketId: number, marked: boolean): Promise<void> {
  await wb.page.waitForFunction(
    ({ title, marked }) =>
      Array.from(document.querySelectorAll('.tabs-container .tab')).some((t) => {
        const text = (t.getAttribute('aria-label') ?? t.textContent ?? '').trim();
        return marked ? text.startsWith(`● ${title}`) : text.startsWith(title);
      }),
    { title: `#${ticketId} `, marked },
    { timeout: 30_000 },
  );
}

/** A workbench with the sandbox's confidential client as the one account, signed in through the command palette. */
export async function openSignedIn(
  sandbox: Sandbox,
  shots: string,
  settings: Record<string, unknown> = {},
): Promise<Workbench> {
  const wb = await Workbench.open({
    shots,
    settings: {
      'zendesk.accounts': [
        {
          subdomain: 'sandbox',
          clientId: FIXTURES.confidentialClient.identifier,
          clientKind: 'confidential',
          scopes: ['read', 'write'],
          baseUrl: sandbox.url,
        },
      ],
      ...settings,
    },
  });
  await wb.statusItem().waitFor({ timeout: 60_000 });
  await wb.runCommand('Zendesk: Sign In with Client Credentials');
  await wb.answerInput(FIXTURES.confidentialClient.secret);
  await wb.statusItem().filter({ hasText: '(sandbox)' }).waitFor({ timeout: 30_000 });
  return wb;
}

/** The first open ticket under "All unsolved tickets" in the Zendesk view, opened there: its id. */
export async function firstOpenTicket(wb: Workbench): Promise<number> {
  await wb.openViewContainer('Zendesk');
  await wb.expandTreeNode('All unsolved tickets');
  const first = wb.page.locator('.part.sidebar .monaco-list-row[aria-label*=", Open, from "]').first();
  await first.waitFor({ timeout: 30_000 });
  const id = Number(/Ticket (\d+)/.exec((await first.getAttribute('aria-label')) ?? '')?.[1]);
  assert.ok(id > 0, 'no open ticket in the tree');
  return id;
}
