// How the ticket tab shows text, in the real workbench: the composer's Markdown preview, long unbroken text that
// wraps instead of widening the page, an account image that fails to load shown as a link, and a mailto: link that
// reaches the browser as written.
import * as assert from 'node:assert/strict';
import type { CDPSession } from 'playwright-core';
import type { Workbench } from '../harness/workbench';
import { startSandbox, type Sandbox } from '../sandbox';
import { firstOpenTicketWith, openSignedIn, ticketPage as pageOf, ticketRow } from './ticketsWorkbench';

const LONG_URL = `https://status.example/incidents/${'a1b2c3d4e5'.repeat(30)}`;
const LONG_NAME = `Worldwide${'Logistics'.repeat(25)}GmbH`;
const LONG_CODE = `curl -H 'X-Trace: ${'f'.repeat(300)}' https://api.example/v1`;
const MAILTO = 'mailto:billing@example.com?subject=Order%2042&cc=lead@example.com';

describe('text in the ticket tab', () => {
  let sandbox: Sandbox;
  let wb: Workbench;
  const ticketPage = () => pageOf(wb);

  before(async () => {
    sandbox = await startSandbox({ tickets: 20, seed: 5 });
    wb = await openSignedIn(sandbox, 'tickets-render');
    const html =
      `<p>Status page: ${LONG_URL}</p><p>Customer: <b>${LONG_NAME}</b></p><pre><code>${LONG_CODE}</code></pre>` +
      `<p><img src="${sandbox.url}/attachments/token/gone/?name=screenshot.png" alt="gone screenshot"></p>` +
      `<p><a href="${MAILTO.replace(/&/g, '&amp;')}">mail billing</a></p>`;
    const ticketId = await firstOpenTicketWith(wb, sandbox, {
      subject: `Refund for ${LONG_NAME}`,
      comment: { html_body: html, public: true },
    });
    await ticketRow(wb, ticketId).click();
    await ticketPage().getByText('Status page:').waitFor({ timeout: 30_000 });
  });
  after(async () => {
    await wb?.close();
    await sandbox?.close();
  });

  it('wraps a long URL and a long name instead of widening the page; a long code line scrolls in its box', async () => {
    const page = ticketPage();
    const sizes = await page.locator('html').evaluate((root) => {
      const pre = root.querySelector('.comment-body pre') as HTMLElement;
      return {
        scrollWidth: root.scrollWidth,
        clientWidth: root.clientWidth,
        preScrolls: pre.scrollWidth > pre.clientWidth,
        preFits: pre.getBoundingClientRect().right <= root.clientWidth,
      };
    });
    assert.ok(
      sizes.scrollWidth <= sizes.clientWidth,
      `the page is ${sizes.scrollWidth}px wide in ${sizes.clientWidth}px`,
    );
    assert.ok(sizes.preScrolls && sizes.preFits, 'the code block does not scroll inside its box');
    await page.getByText('Status page:').scrollIntoViewIfNeeded();
    await wb.screenshot('long-text-wraps');
  });

  it('shows an image of the account that fails to load as a link to it, not a broken icon', async () => {
    const body = ticketPage().locator('.comment-body').filter({ hasText: 'Status page:' });
    const link = body.locator('a', { hasText: '[gone screenshot]' });
    await link.waitFor({ timeout: 15_000 });
    assert.equal(await link.getAttribute('href'), `${sandbox.url}/attachments/token/gone/?name=screenshot.png`);
    assert.equal(await body.locator('img').count(), 0, 'the broken image is still there');
  });

  it('previews a typed Markdown reply as the requester will see it', async () => {
    const page = ticketPage();
    await page.getByRole('radio', { name: /Public reply/ }).check();
    await page
      .getByLabel('Public reply (Markdown)')
      .fill(
        '## Steps\n\n1. Restart the app\n2. Run `npm ci`\n\nSee https://status.example and **thanks**!\n<b>raw</b>',
      );
    await page.getByRole('tab', { name: 'Preview' }).click();
    const preview = page.locator('#preview');
    await preview.locator('h2', { hasText: 'Steps' }).waitFor({ timeout: 15_000 });
    assert.deepEqual(await preview.locator('ol > li').allInnerTexts(), ['Restart the app', 'Run npm ci']);
    assert.equal(await preview.locator('li code').innerText(), 'npm ci');
    assert.equal(await preview.locator('strong').innerText(), 'thanks');
    assert.equal(await preview.locator('a').getAttribute('href'), 'https://status.example/');
    assert.equal(await preview.locator('b').count(), 0, 'raw HTML became markup');
    assert.ok((await preview.innerText()).includes('<b>raw</b>'), 'raw HTML is not shown as typed');
    assert.equal(await page.locator('#body').isHidden(), true, 'the text box still shows');
    await preview.scrollIntoViewIfNeeded();
    await wb.screenshot('composer-preview');
    await page.getByRole('tab', { name: 'Write' }).click();
    await page.locator('#body').waitFor({ state: 'visible' });
    assert.match(await page.locator('#body').inputValue(), /^## Steps/);
  });

  it('hands a mailto: link to the browser as written, subject and cc included', async () => {
    const cdp: CDPSession = await wb.page.context().newCDPSession(wb.page);
    const requested: string[] = [];
    await cdp.send('Page.enable');
    const seen = new Promise<void>((resolve) => {
      cdp.on('Page.frameRequestedNavigation', (e: { url: string }) => {
        requested.push(e.url);
        if (e.url.startsWith('mailto:')) resolve();
      });
    });
    const link = ticketPage().locator('.comment-body a', { hasText: 'mail billing' });
    await link.scrollIntoViewIfNeeded();
    await link.click();
    // VS Code opens it from the workbench's own window (a mail app, or the browser's mail handler): a navigation.
    await Promise.race([seen, new Promise((r) => setTimeout(r, 20_000))]);
    assert.deepEqual(
      requested.filter((u) => u.startsWith('mailto:')),
      [MAILTO],
    );
    await cdp.detach();
  });
});
