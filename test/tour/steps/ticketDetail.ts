// A ticket's tab: the conversation, an internal note submitted as Pending, a public reply, a reply with a file.
import type { FrameLocator } from 'playwright-core';
import type { Workbench } from '../../harness/workbench';
import type { TourStep } from '../tourStep';

/** The ticket tab's page: VS Code puts a webview in an iframe that holds the page's own iframe. */
const ticketPage = (wb: Workbench): FrameLocator =>
  wb.page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');

export const ticketDetailSteps: TourStep[] = [
  {
    id: 'ticket-detail',
    title: 'A ticket opens in a tab with its properties and conversation',
    async run({ wb, shared }) {
      const row = wb.page.locator('.part.sidebar .monaco-list-row[aria-label*=", Open, from "]').first();
      const id = Number(/Ticket (\d+)/.exec((await row.getAttribute('aria-label')) ?? '')?.[1]);
      if (!(id > 0)) throw new Error('no open ticket in the view');
      shared.set('ticketId', id);
      await row.click();
      const page = ticketPage(wb);
      await page
        .locator('h1')
        .filter({ hasText: `#${id}` })
        .waitFor({ timeout: 30_000 });
      await page.locator('li.comment').first().waitFor();
    },
  },
  {
    id: 'internal-note',
    title: 'An internal note, submitted as Pending: the note shows as internal and the status is pending',
    async run({ wb }) {
      const page = ticketPage(wb);
      await page.getByRole('radio', { name: /Internal note/ }).check();
      await page
        .getByLabel('Internal note (Markdown)')
        .fill('Checked the logs: a **billing** bug. Waiting on the customer.');
      // The status is staged, not saved: one submit sends the note and the status together.
      await page.getByLabel('Status', { exact: true }).selectOption('pending');
      await page.getByRole('button', { name: 'Add internal note, submit as Pending' }).click();
      await page.getByText('Internal note added.').waitFor({ timeout: 30_000 });
      await page.locator('li.comment.internal').last().waitFor();
      const status = await page.getByLabel('Status', { exact: true }).inputValue();
      if (status !== 'pending') throw new Error(`the status reads ${status}, not pending`);
    },
  },
  {
    id: 'public-reply',
    title: 'A public reply to the requester',
    async run({ wb }) {
      const page = ticketPage(wb);
      await page.getByRole('radio', { name: /Public reply/ }).check();
      await page.getByLabel('Public reply (Markdown)').fill('Thanks for the details, we are on it.');
      await page.getByRole('button', { name: /^Send public reply to / }).click();
      await page.getByText('Public reply sent.').waitFor({ timeout: 30_000 });
    },
  },
  {
    id: 'reply-with-attachment',
    title: 'A file dropped on the reply uploads at once and goes out with it, linked in the conversation',
    async run({ wb }) {
      const page = ticketPage(wb);
      // The drop as the system hands it to the page: File objects. Only the drop is dispatched; a synthetic
      // dragover would leave VS Code waiting for the end of a drag that never ends.
      await page.locator('section.composer').evaluate((composer) => {
        const dt = new DataTransfer();
        dt.items.add(
          new File(['12:00:01 ERROR billing: invoice 4711 failed\n'], 'billing-error.log', { type: 'text/plain' }),
        );
        composer.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      });
      await page
        .locator('#files li.file.uploaded')
        .filter({ hasText: 'billing-error.log' })
        .waitFor({ timeout: 30_000 });
      await page.getByRole('radio', { name: /Public reply/ }).check();
      await page.getByLabel('Public reply (Markdown)').fill('Here is the log from our side.');
      await page.getByRole('button', { name: /^Send public reply to / }).click();
      await page.getByText('Public reply sent.').waitFor({ timeout: 30_000 });
      await page
        .locator('li.comment')
        .last()
        .locator('.attachments a', { hasText: 'billing-error.log' })
        .waitFor({ timeout: 30_000 });
    },
  },
];
