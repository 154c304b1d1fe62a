// What the e2e suites share: the sandbox's confidential client as a second party (to read what Zendesk has, or to
// change a ticket behind the user's back), a workbench signed in with that client, the tree's rows and the ticket tab.
import * as assert from 'node:assert/strict';
import type { FrameLocator, Locator } from 'playwright-core';
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

/** The sandbox's confidential client as the one configured account (`zendesk.accounts`). */
function confidentialAccount(sandbox: Sandbox, scopes: readonly string[]) {
  return [
    {
      subdomain: 'sandbox',
      clientId: FIXTURES.confidentialClient.identifier,
      clientKind: 'confidential',
      scopes,
      baseUrl: sandbox.url,
    },
  ];
}

/** A workbench with the sandbox's confidential client as the one account, not signed in yet. */
export async function openWithClient(
  sandbox: Sandbox,
  shots: string,
  settings: Record<string, unknown> = {},
  scopes: readonly string[] = ['read', 'write'],
): Promise<Workbench> {
  const wb = await Workbench.open({
    shots,
    settings: { 'zendesk.accounts': confidentialAccount(sandbox, scopes), ...settings },
  });
  await wb.statusItem().waitFor({ timeout: 60_000 });
  return wb;
}

/** Signs in with the configured client through the command palette, the secret typed: until the status bar says so. */
export async function signInWithClientCredentials(wb: Workbench): Promise<void> {
  await wb.runCommand('Zendesk: Sign In with Client Credentials');
  await wb.answerInput(FIXTURES.confidentialClient.secret);
  await wb.statusItem().filter({ hasText: '(sandbox)' }).waitFor({ timeout: 30_000 });
}

/** A workbench with the sandbox's confidential client as the one account, signed in through the command palette. */
export async function openSignedIn(
  sandbox: Sandbox,
  shots: string,
  settings: Record<string, unknown> = {},
  scopes: readonly string[] = ['read', 'write'],
): Promise<Workbench> {
  const wb = await openWithClient(sandbox, shots, settings, scopes);
  await signInWithClientCredentials(wb);
  return wb;
}

/** The ticket's row in the Zendesk view's tree. */
export function ticketRow(wb: Workbench, ticketId: number): Locator {
  return wb.page.locator(`.part.sidebar .monaco-list-row[aria-label^="Ticket ${ticketId}:"]`).first();
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

/** A change made on Zendesk's side (as another agent or a trigger would), with the confidential client: `PUT`. */
export async function updateInZendesk(sandbox: Sandbox, ticketId: number, ticket: Record<string, unknown>) {
  const writer = await clientToken(sandbox, 'read write');
  const put = await fetch(`${sandbox.url}/api/v2/tickets/${ticketId}`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${writer}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ticket }),
  });
  assert.equal(put.status, 200, `PUT /api/v2/tickets/${ticketId}: ${await put.text()}`);
}

/** The first open ticket in the tree, made `ticket` in Zendesk first, so a test starts from fields it knows: its id. */
export async function firstOpenTicketWith(
  wb: Workbench,
  sandbox: Sandbox,
  ticket: Record<string, unknown>,
): Promise<number> {
  const id = await firstOpenTicket(wb);
  await updateInZendesk(sandbox, id, ticket);
  return id;
}
