// Attaching a file in the real workbench: a file dropped on the ticket's composer is read by the page, handed to
// the extension as bytes, uploaded, and goes out with the reply; the conversation then links to it.
import * as assert from 'node:assert/strict';
import type { Workbench } from '../harness/workbench';
import { startSandbox, type Sandbox } from '../sandbox';
import { clientToken, openSignedIn, sandboxGet, ticketPage as pageOf } from './ticketsWorkbench';

interface Comment {
  body: string;
  public: boolean;
  attachments: { file_name: string; size: number; content_url: string }[];
}

describe('attaching a file in the workbench', () => {
  let sandbox: Sandbox;
  let wb: Workbench;
  let token: string;

  const get = <T>(path: string): Promise<T> => sandboxGet<T>(sandbox, token, path);
  const ticketPage = () => pageOf(wb);

  before(async () => {
    sandbox = await startSandbox({ tickets: 40, seed: 12 });
    token = await clientToken(sandbox, 'read');
    wb = await openSignedIn(sandbox, 'tickets-attachments');
  });
  after(async () => {
    await wb?.close();
    await sandbox?.close();
  });

  it('a file dropped on the composer uploads, goes out with a public reply, and shows as a link in the conversation', async () => {
    await wb.openViewContainer('Zendesk');
    await wb.expandTreeNode('All unsolved tickets');
    const row = wb.page.locator('.part.sidebar .monaco-list-row[aria-label*=", Open, from "]').first();
    await row.waitFor({ timeout: 30_000 });
    const ticketId = Number(/Ticket (\d+)/.exec((await row.getAttribute('aria-label')) ?? '')?.[1]);
    assert.ok(ticketId > 0);
    await row.click();
    const page = ticketPage();
    await page
      .locator('h1')
      .filter({ hasText: `#${ticketId}` })
      .waitFor({ timeout: 30_000 });

    // What the OS hands a page on a drop: File objects in the DataTransfer. Bytes that are not text, so any
    // conversion on the way (to a string, to JSON numbers) would show. Only the drop itself is dispatched: a
    // synthetic dragover makes VS Code block the webview for a drag that never ends.
    await page.locator('section.composer').evaluate((composer) => {
      const dt = new DataTransfer();
      dt.items.add(
        new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0x10, 0x80])], 'error screen.png', {
          type: 'image/png',
        }),
      );
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
    await page.getByRole('button', { name: /^Send public reply to / }).click();
    await page.getByText('Public reply sent.').waitFor({ timeout: 30_000 });

    const last = (await get<{ comments: Comment[] }>(`/api/v2/tickets/${ticketId}/comments`)).comments.at(-1);
    assert.equal(last?.body, 'The screenshot you asked for is attached.');
    assert.deepEqual(
      last?.attachments.map((a) => [a.file_name, a.size]),
      [['error screen.png', 8]],
    );
    const bytes = new Uint8Array(await (await fetch(last?.attachments[0]?.content_url ?? '')).arrayBuffer());
    assert.deepEqual([...bytes], [0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0x10, 0x80]);

    const link = page.locator('li.comment').last().locator('.attachments a', { hasText: 'error screen.png' });
    await link.waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('#files li').count(), 0, 'the sent file is still in the composer');
    await link.scrollIntoViewIfNeeded();
    await wb.screenshot('reply-with-attachment');
  });
});
