// Attaching a file in the real workbench: a file dropped on the ticket's composer is read by the page, handed to
// the extension as bytes, uploaded, and goes out with the reply; the conversation then links to it.
import * as assert from 'node:assert/strict';
import type { FrameLocator } from 'playwright-core';
import { Workbench } from '../harness/workbench';
import { FIXTURES, startSandbox, type Sandbox } from '../sandbox';

interface Comment { body: string; public: boolean; attachments: { file_name: string; size: number; content_url: string }[] }

describe('attaching a file in the workbench', () => {
  let sandbox: Sandbox;
  let wb: Workbench;
  let token: string;

  const get = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${sandbox.url}${path}`, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } });
    assert.equal(res.status, 200, path);
    return (await res.json()) as T;
  };
  /** The ticket tab's page: VS Code puts a webview in an iframe that holds the page's own iframe. */
  const ticketPage = (): FrameLocator => wb.page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');

  before(async () => {
    sandbox = await startSandbox({ tickets: 40, seed: 12 });
    const res = await fetch(`${sandbox.url}/oauth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', client_id: FIXTURES.confidentialClient.identifier, client_secret: FIXTURES.confidentialClient.secret, scope: 'read' }),
    });
    token = ((await res.json()) as { access_token: string }).access_token;
    wb = await Workbench.open({
      shots: 'tickets-attachments',
      settings: { 'zendesk.accounts': [{ subdomain: 'sandbox', clientId: FIXTURES.confidentialClient.identifier, clientKind: 'confidential', scopes: ['read', 'write'], baseUrl: sandbox.url }] },
    });
    await wb.statusItem().waitFor({ timeout: 60_000 });
    await wb.runCommand('Zendesk: Sign In with Client Credentials');
    await wb.answerInput(FIXTURES.confidentialClient.secret);
    await wb.statusItem().filter({ hasText: '(sandbox)' }).waitFor({ timeout: 30_000 });
  });
  after(async () => { await wb?.close(); await sandbox?.close(); });

  it('a file dropped on the composer uploads, goes out with a public reply, and shows as a link in the conversation', async () => {
    await wb.openViewContainer('Zendesk');
    await wb.expandTreeNode('All unsolved tickets');
    const row = wb.page.locator('.part.sidebar .monaco-list-row[aria-label*=", Open, from "]').first();
    await row.waitFor({ timeout: 30_000 });
    const ticketId = Number(/Ticket (\d+)/.exec((await row.getAttribute('aria-label')) ?? '')?.[1]);
    assert.ok(ticketId > 0);
    await row.click();
    const page = ticketPage();
    await page.locator('h1').filter({ hasText: `#${ticketId}` }).waitFor({ timeout: 30_000 });

    // What the OS hands a page on a drop: File objects in the DataTransfer. Bytes that are not text, so any
    // conversion on the way (to a string, to JSON numbers) would show. Only the drop itself is dispatched: a
    // synthetic dragover makes VS Code block the webview for a drag that never ends.
    await page.locator('section.composer').evaluate((composer) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0x10, 0x80])], 'error screen.png', { type: 'image/png' }));
      composer.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    const item = page.locator('#files li.file.uploaded').filter({ hasText: 'error screen.png' });
    await item.waitFor({ timeout: 30_000 });
    assert.match(await item.innerText(), /error screen\.png\s+8 B\s+Attached/);
    await page.getByRole('button', { name: 'Remove error screen.png' }).waitFor();

    await page.getByRole('radio', { name: /Public reply/ }).check();
    await page.getByLabel('Public reply (Markdown)').fill('The screenshot you asked for is attached.');
    await page.locator('#files').scrollIntoViewIfNeeded();
    await wb.screenshot('file-attached');
    await page.getByRole('button', { name: /^Submit as / }).click();
    await page.getByText('Public reply sent.').waitFor({ timeout: 30_000 });

    const last = (await get<{ comments: Comment[] }>(`/api/v2/tickets/${ticketId}/comments`)).comments.at(-1);
    assert.equal(last?.body, 'The screenshot you asked for is attached.');
    assert.deepEqual(last?.attachments.map((a) => [a.file_name, a.size]), [['error screen.png', 8]]);
    const bytes = new Uint8Array(await (await fetch(last?.attachments[0]?.content_url ?? '')).arrayBuffer());
    assert.deepEqual([...bytes], [0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0x10, 0x80]);

    const link = page.locator('li.comment').last().locator('.attachments a', { hasText: 'error screen.png' });
    await link.waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('#files li').count(), 0, 'the sent file is still in the composer');
    await link.scrollIntoViewIfNeeded();
    await wb.screenshot('reply-with-attachment');
  });
});
