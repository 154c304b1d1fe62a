// The Tickets view: the agent's views, a view's tickets, and "Load more…".
import type { TourStep } from '../tourStep';

export const ticketSteps: TourStep[] = [
  {
    id: 'tickets-view',
    title: "The Tickets view lists the agent's Zendesk views",
    async run({ wb }) {
      await wb.openViewContainer('Zendesk');
      await wb.treeItem('Your unsolved tickets').waitFor({ timeout: 30_000 });
      await wb.treeItem('Recently solved tickets').waitFor();
    },
  },
  {
    id: 'view-tickets',
    title: 'A view opens to its tickets, with "Load more…"',
    async run({ wb }) {
      await wb.expandTreeNode('All unsolved tickets');
      await wb.page
        .locator('.part.sidebar .monaco-list-row')
        .filter({ hasText: /^#\d+ / })
        .first()
        .waitFor({ timeout: 30_000 });
      await wb.treeItem('Load more…').waitFor();
    },
  },
  {
    id: 'load-more',
    title: '"Load more…" adds the next page of tickets',
    async run({ wb }) {
      // The list is virtual (only visible rows exist); the rows' aria-setsize counts the view's children.
      const size = async () => Number(await wb.treeItem('Load more…').getAttribute('aria-setsize'));
      const before = await size();
      await wb.treeItem('Load more…').click();
      await wb.page.waitForFunction(
        (n) =>
          Array.from(document.querySelectorAll('.part.sidebar .monaco-list-row')).some(
            (r) => /^#\d+ /.test((r as HTMLElement).innerText) && Number(r.getAttribute('aria-setsize')) > n,
          ),
        before,
        { timeout: 30_000 },
      );
    },
  },
];
