// Links in a ticket, clicked in the real ticket tab: one click opens a link at most once, and VS Code's "open
// external website?" prompt is final (Cancel opens nothing), whatever tricks the comment's markup tries.
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { Workbench } from '../harness/workbench';
import { startSandbox, type Sandbox } from '../sandbox';
import { clientToken, openSignedIn, ticketPage as pageOf } from './ticketsWorkbench';

describe('links in the ticket tab', () => {
  let sandbox: Sandbox;
  let wb: Workbench;
  let ticketId = 0;
  /** Every browser tab opened since the suite started (what "opens a link" means in VS Code in a browser). */
  const opened: Page[] = [];
  /** Waits on `opened` reaching a length, resolved by the 'page' listener. */
  const waiting: { n: number; resolve: () => void }[] = [];

  const ticketPage = () => pageOf(wb);

  before(async () => {
    sandbox = await startSandbox({ tickets: 20, seed: 3 });
    wb = await openSignedIn(sandbox, 'tickets-links');
    wb.page.context().on('page', (p) => {
      opened.push(p);
      for (const w of waiting.splice(0)) {
        if (opened.length >= w.n) w.resolve();
        else waiting.push(w);
      }
    });
    const writer = await clientToken(sandbox, 'read write');
    const up = await fetch(`${sandbox.url}/api/v2/uploads?filename=trace.txt`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${writer}`, 'content-type': 'text/plain' },
      body: 'trace',
    });
    assert.equal(up.status, 201);
    const upload = ((await up.json()) as { upload: { token: string } }).upload.token;
    await wb.openViewContainer('Zendesk');
    await wb.expandTreeNode('All unsolved tickets');
    const row = wb.page.locator('.part.sidebar .monaco-list-row[aria-label*=", Open, from "]').first();
    await row.waitFor({ timeout: 30_000 });
    ticketId = Number(/Ticket (\d+)/.exec((await row.getAttribute('aria-label')) ?? '')?.[1]);
    // The payloads that opened a tab after Cancel, or twice: a handler attribute, a protocol-relative address, a
    // target that leaves the frame, an image from a foreign host (shown as a link), a link on 127.0.0.1, a file.
    const hostile =
      '<p><a href="https://evil.example/onclick" onclick="window.open(this.href)">with handler</a></p>' +
      '<p><a href="//evil.example/relative">protocol relative</a></p>' +
      '<p><a href="https://evil.example/top" target="_top">to the top</a></p>' +
      '<p><img src="https://evil.example/pixel.png" alt="foreign image"></p>' +
      `<p><a href="${sandbox.url}/local-page">on this machine</a></p>`;
    const put = await fetch(`${sandbox.url}/api/v2/tickets/${ticketId}`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${writer}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ticket: { comment: { html_body: hostile, public: true, uploads: [upload] } } }),
    });
    assert.equal(put.status, 200);
    await row.click();
    await ticketPage().getByText('with handler').waitFor({ timeout: 30_000 });
  });
  after(async () => {
    await wb?.close();
    await sandbox?.close();
  });

  /** Clicks a link of the comment as a user does (a real, trusted click in the webview). */
  async function click(text: string): Promise<void> {
    const link = ticketPage().locator('.comment-body a, .attachments a').filter({ hasText: text }).first();
    await link.scrollIntoViewIfNeeded();
    await link.click();
  }

  /** Resolves once at least `n` tabs have opened since the suite started (on the browser's own 'page' events). */
  function tabsOpened(n: number): Promise<void> {
    if (opened.length >= n) return Promise.resolve();
    return new Promise((resolve) => waiting.push({ n, resolve }));
  }

  /** Waits until `count` tabs more than `before` are open, then clicks the 127.0.0.1 link, which VS Code trusts and
   * opens without a prompt, and waits for its tab: a second open of the earlier click, by another route, would have
   * landed before it. Returns the tabs opened since `before`, that last one not counted. */
  async function openedSince(before: number, count: number): Promise<number> {
    await tabsOpened(before + count);
    await click('on this machine');
    await tabsOpened(opened.length + 1);
    return opened.length - before - 1;
  }

  /** After a click that must open nothing: the tabs opened since `before`, by the same barrier. */
  async function settle(before: number): Promise<number> {
    return openedSince(before, 0);
  }

  it('a link on 127.0.0.1 opens once per click', async () => {
    const before = opened.length;
    await click('on this machine');
    assert.equal(await openedSince(before, 1), 1);
  });

  it('an attachment opens once per click', async () => {
    const before = opened.length;
    await click('trace.txt');
    assert.equal(await openedSince(before, 1), 1);
  });

  for (const text of ['with handler', 'protocol relative', 'to the top', '[foreign image]']) {
    it(`"${text}": Cancel in VS Code's prompt opens nothing; Open opens it once`, async () => {
      let before = opened.length;
      await click(text);
      await wb.page.locator('.monaco-dialog-box').waitFor({ timeout: 15_000 });
      await wb.clickDialogButton('Cancel');
      await wb.page.locator('.monaco-dialog-box').waitFor({ state: 'detached' });
      assert.equal(await settle(before), 0, 'Cancel was not final');

      before = opened.length;
      await click(text);
      await wb.page.locator('.monaco-dialog-box').waitFor({ timeout: 15_000 });
      await wb.screenshot(`link-prompt-${text.replace(/\W+/g, '-')}`);
      await wb.clickDialogButton('Open');
      assert.equal(await openedSince(before, 1), 1, 'Open did not open the link exactly once');
    });
  }
});
