// Working the queue through the real workbench: the view with its counts and "Load more…", a ticket's tab, an
// internal note with Pending staged and both sent by one submit, a public reply with Assign to Me staged, a draft that
// survives closing the tab, the badge.
import * as assert from 'node:assert/strict';
import type { Workbench } from '../harness/workbench';
import { FIXTURES, startSandbox, type Sandbox } from '../sandbox';
import {
  clientToken,
  openSignedIn,
  sandboxGet,
  tabMarker,
  ticketPage as pageOf,
  updateInZendesk,
} from './ticketsWorkbench';

interface Comment {
  body: string;
  public: boolean;
}

describe('working the queue through the workbench', () => {
  let sandbox: Sandbox;
  let wb: Workbench;
  let token: string;
  let ticketId = 0;

  const get = <T>(path: string): Promise<T> => sandboxGet<T>(sandbox, token, path);
  const ticketPage = () => pageOf(wb);
  const waitForMarker = (marked: boolean) => tabMarker(wb, ticketId, marked);

  before(async () => {
    sandbox = await startSandbox({ tickets: 80, seed: 7 });
    token = await clientToken(sandbox, 'read');
    wb = await openSignedIn(sandbox, 'tickets-queue', {
      'zendesk.tickets.badge': 'view:All unsolved tickets',
      'zendesk.tickets.queries': [{ label: 'Urgent', query: 'priority:urgent status<solved' }],
    });
  });
  after(async () => {
    await wb?.close();
    await sandbox?.close();
  });

  it('shows the views with their counts, a view\'s tickets, "Load more…", and the badge', async () => {
    await wb.openViewContainer('Zendesk');
    const views = (await get<{ views: { id: number; title: string }[] }>('/api/v2/views/active')).views;
    const all = views.find((v) => v.title === 'All unsolved tickets');
    const count = (await get<{ view_count: { value: number } }>(`/api/v2/views/${all?.id}/count`)).view_count.value;
    await wb.treeItem(new RegExp(`All unsolved tickets\\s*${count}`)).waitFor({ timeout: 30_000 });
    await wb.treeItem('Urgent').waitFor();
    await wb.expandTreeNode('All unsolved tickets');
    await wb.treeItem('Load more…').waitFor({ timeout: 30_000 });
    const rows = wb.page.locator('.part.sidebar .monaco-list-row').filter({ hasText: /^#\d+ / });
    assert.equal(await rows.count(), 25);
    await wb.screenshot('view-with-counts');
    await wb.treeItem('Load more…').click();
    await wb.page.waitForFunction(() => document.querySelectorAll('.part.sidebar .monaco-list-row').length > 30);
    await wb.screenshot('load-more');
    // The badge on the Zendesk activity bar icon counts the chosen view.
    const badge = wb.page.locator('.activitybar [aria-label^="Zendesk"]').locator('.badge-content').first();
    await badge.waitFor({ timeout: 30_000 });
    assert.equal((await badge.innerText()).trim(), String(count));
  });

  it('opens a ticket in a tab with its properties and conversation', async () => {
    await wb.page.locator('.part.sidebar').getByText('All unsolved tickets').first().click(); // collapse again
    await wb.expandTreeNode('All unsolved tickets');
    // An open ticket, so that "Submit as Pending" below really changes its status.
    const first = wb.page.locator('.part.sidebar .monaco-list-row[aria-label*=", Open, from "]').first();
    const label = await first.getAttribute('aria-label');
    ticketId = Number(/Ticket (\d+)/.exec(label ?? '')?.[1]);
    assert.ok(ticketId > 0, `no ticket id in ${label}`);
    await first.click();
    const page = ticketPage();
    await page
      .locator('h1')
      .filter({ hasText: `#${ticketId}` })
      .waitFor({ timeout: 30_000 });
    const comments = (await get<{ comments: Comment[] }>(`/api/v2/tickets/${ticketId}/comments`)).comments;
    assert.equal(await page.locator('li.comment').count(), comments.length);
    // The first time on a ticket the composer is an internal note: the harmless mistake.
    assert.equal(await page.getByRole('radio', { name: /Public reply/ }).isChecked(), false);
    assert.equal(await page.getByRole('radio', { name: /Internal note/ }).isChecked(), true);
    await wb.screenshot('ticket-detail');
  });

  it('adds an internal note with Pending staged, both sent by one submit', async () => {
    const page = ticketPage();
    await page
      .getByLabel('Internal note (Markdown)')
      .fill('Checked the logs: **billing** bug, waiting on the customer.');
    await page.getByLabel('Status', { exact: true }).selectOption('pending');
    // Staged, not saved: the field says so and the submit button says what will happen.
    await page.getByRole('button', { name: 'Add internal note, submit as Pending' }).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Undo the change to Status' }).waitFor();
    assert.equal((await get<{ ticket: { status: string } }>(`/api/v2/tickets/${ticketId}`)).ticket.status, 'open');
    await wb.screenshot('internal-note-composed');
    await page.getByRole('button', { name: 'Add internal note, submit as Pending' }).click();
    await page.getByText('Internal note added.').waitFor({ timeout: 30_000 });
    const comments = (await get<{ comments: Comment[] }>(`/api/v2/tickets/${ticketId}/comments`)).comments;
    assert.deepEqual(comments.at(-1), {
      ...comments.at(-1),
      body: 'Checked the logs: **billing** bug, waiting on the customer.',
      public: false,
    });
    assert.equal((await get<{ ticket: { status: string } }>(`/api/v2/tickets/${ticketId}`)).ticket.status, 'pending');
    assert.equal(await page.locator('li.comment.internal').last().locator('.kind').innerText(), 'Internal note');
    assert.equal(await page.getByLabel('Status', { exact: true }).inputValue(), 'pending');
    assert.equal(await page.getByRole('button', { name: 'Undo the change to Status' }).count(), 0, 'still staged');
    await waitForMarker(false);
    await wb.screenshot('internal-note-sent');
  });

  it('shows a note written in Markdown formatted in the tab once sent: emphasis, line breaks, a list, code', async () => {
    const page = ticketPage();
    const note = 'Refund **approved** by _billing_\nsee the ledger\n\n- invoice `INV-2231`\n- call the customer back';
    // The composer stayed an internal note: it starts in the mode last used on the ticket.
    assert.equal(await page.getByRole('radio', { name: /Internal note/ }).isChecked(), true);
    await page.getByLabel('Internal note (Markdown)').fill(note);
    const shown = await page.locator('li.comment').count();
    await page.getByRole('button', { name: 'Add internal note' }).click();
    // The note in the conversation (the notice may still be the one the send before left).
    await page.locator('li.comment').nth(shown).waitFor({ timeout: 30_000 });
    assert.equal(
      (await get<{ comments: Comment[] }>(`/api/v2/tickets/${ticketId}/comments`)).comments.at(-1)?.body,
      note,
      'the note went out as written',
    );
    // The conversation as the page's elements: Zendesk's html_body of the note, sanitised, not the raw text.
    const body = page.locator('li.comment.internal').last().locator('.comment-body');
    await body.locator('strong', { hasText: 'approved' }).waitFor({ timeout: 30_000 });
    assert.equal(await body.locator('em').innerText(), 'billing');
    assert.equal(await body.locator('p br').count(), 1, 'the line break was lost');
    assert.deepEqual(await body.locator('ul > li').allInnerTexts(), ['invoice INV-2231', 'call the customer back']);
    assert.equal(await body.locator('ul > li code').innerText(), 'INV-2231');
    assert.equal(await body.getByText('**', { exact: false }).count(), 0, 'Markdown shown literally');
    await body.scrollIntoViewIfNeeded();
    await wb.screenshot('markdown-note');
  });

  it('sends a public reply with Assign to Me staged, in one update', async () => {
    const page = ticketPage();
    const me = sandbox.admin.userId(FIXTURES.users.admin);
    const { ticket } = await get<{ ticket: { assignee_id: number | null; requester_id: number } }>(
      `/api/v2/tickets/${ticketId}`,
    );
    const requester = (await get<{ user: { name: string } }>(`/api/v2/users/${ticket.requester_id}`)).user.name;
    // Alt+M switches the composer to a public reply, from anywhere on the page.
    await page.getByLabel('Internal note (Markdown)').press('Alt+m');
    await page.getByLabel('Public reply (Markdown)').waitFor();
    assert.equal(await page.getByRole('radio', { name: /Public reply/ }).isChecked(), true);
    await page.getByLabel('Public reply (Markdown)').fill('Thanks for the details, we are on it.');
    if (ticket.assignee_id !== me) {
      await page.getByRole('button', { name: 'Assign to Me' }).click();
      await page.getByRole('button', { name: 'Undo the change to Assignee' }).waitFor({ timeout: 30_000 });
      assert.equal(
        (await get<{ ticket: { assignee_id: number } }>(`/api/v2/tickets/${ticketId}`)).ticket.assignee_id,
        ticket.assignee_id,
        'Assign to Me saved at once',
      );
    }
    sandbox.admin.resetCounters();
    await page.getByRole('button', { name: `Send public reply to ${requester}` }).click();
    await page.getByText('Public reply sent.').waitFor({ timeout: 30_000 });
    assert.equal(sandbox.admin.counters().requests['PUT /api/v2/tickets/{id}'], 1, 'not ONE update');
    const comments = (await get<{ comments: Comment[] }>(`/api/v2/tickets/${ticketId}/comments`)).comments;
    assert.equal(comments.at(-1)?.public, true);
    assert.equal(comments.at(-1)?.body, 'Thanks for the details, we are on it.');
    const t = (await get<{ ticket: { assignee_id: number } }>(`/api/v2/tickets/${ticketId}`)).ticket;
    assert.equal(t.assignee_id, me);
    await page.getByRole('button', { name: 'Assign to Me' }).waitFor({ state: 'detached', timeout: 30_000 });
    await wb.screenshot('public-reply-and-assigned');
  });

  it('"Assign…" lists the agents of the ticket\'s group in a quick pick; the one picked is staged, then saved', async () => {
    const page = ticketPage();
    await page.getByRole('button', { name: 'Assign…' }).click();
    await wb.quickInput.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: 30_000 });
    await wb.page.waitForTimeout(400); // the quick pick fades in
    await wb.screenshot('assign-quick-pick');
    const { ticket } = await get<{ ticket: { group_id: number } }>(`/api/v2/tickets/${ticketId}`);
    const agents = (await get<{ users: { id: number; name: string }[] }>(`/api/v2/groups/${ticket.group_id}/users`))
      .users;
    const other = agents.find((u) => u.id !== sandbox.admin.userId(FIXTURES.users.admin));
    assert.ok(other);
    await wb.pick(other.name);
    await page.locator('#assignee').getByText(other.name).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Undo the change to Assignee' }).waitFor();
    assert.equal(
      (await get<{ ticket: { assignee_id: number } }>(`/api/v2/tickets/${ticketId}`)).ticket.assignee_id,
      sandbox.admin.userId(FIXTURES.users.admin),
      'the pick was saved before Submit',
    );
    // No text: the button submits the staged field with the ticket's status.
    await page.getByRole('button', { name: /^Submit as / }).click();
    await page.getByText('Saved.').waitFor({ timeout: 30_000 });
    assert.equal(
      (await get<{ ticket: { assignee_id: number } }>(`/api/v2/tickets/${ticketId}`)).ticket.assignee_id,
      other.id,
    );
  });

  it('keeps a draft after the tab is closed and reopened', async () => {
    let page = ticketPage();
    await page.getByRole('radio', { name: /Internal note/ }).check();
    await page.getByLabel('Internal note (Markdown)').fill('A draft I have not sent yet');
    await waitForMarker(true); // the extension holds the draft: the tab's title says so
    await wb.screenshot('draft-typed');
    await wb.runCommand('View: Close Editor');
    await page.locator('h1').waitFor({ state: 'detached', timeout: 15_000 });
    await wb.page
      .locator('.part.sidebar .monaco-list-row')
      .filter({ hasText: `#${ticketId} ` })
      .first()
      .click();
    page = ticketPage();
    await page
      .locator('h1')
      .filter({ hasText: `#${ticketId}` })
      .waitFor({ timeout: 30_000 });
    assert.equal(await page.getByLabel('Internal note (Markdown)').inputValue(), 'A draft I have not sent yet');
    assert.equal(await page.getByRole('radio', { name: /Internal note/ }).isChecked(), true);
    await page.getByLabel('Internal note (Markdown)').scrollIntoViewIfNeeded();
    await wb.screenshot('draft-restored');
  });

  it('keeps what was typed when the tab is hidden behind another ticket and shown again', async () => {
    let page = ticketPage();
    // Emptied first (no draft, no marker), so that the marker coming back says the new text is kept.
    await page.getByLabel('Internal note (Markdown)').fill('');
    await waitForMarker(false);
    await page.getByLabel('Internal note (Markdown)').fill('Typed, then looked elsewhere');
    await waitForMarker(true);
    // Look at another ticket (its tab takes the place of this one), then come back.
    const other = wb.page
      .locator('.part.sidebar .monaco-list-row')
      .filter({ hasText: /^#\d+ / })
      .filter({ hasNotText: `#${ticketId} ` })
      .first();
    const otherId = Number(/Ticket (\d+)/.exec((await other.getAttribute('aria-label')) ?? '')?.[1]);
    await other.click();
    await ticketPage()
      .locator('h1')
      .filter({ hasText: `#${otherId}` })
      .waitFor({ timeout: 30_000 });
    await wb.page
      .locator('.tabs-container .tab')
      .filter({ hasText: `#${ticketId} ` })
      .first()
      .click();
    page = ticketPage();
    await page
      .locator('h1')
      .filter({ hasText: `#${ticketId}` })
      .waitFor({ timeout: 30_000 });
    assert.equal(await page.getByLabel('Internal note (Markdown)').inputValue(), 'Typed, then looked elsewhere');
  });

  it('brings the tab back with its draft after the window reloads', async () => {
    let page = ticketPage();
    await page.getByLabel('Internal note (Markdown)').fill('');
    await waitForMarker(false);
    await page.getByLabel('Internal note (Markdown)').fill('Still a draft after a reload');
    await waitForMarker(true);
    // A mark on the window that the reload takes away: waiting for it to go is waiting for the new workbench.
    await wb.page.evaluate(() => ((window as unknown as { beforeReload?: boolean }).beforeReload = true));
    await wb.runCommand('Developer: Reload Window');
    await wb.page.waitForFunction(() => !(window as unknown as { beforeReload?: boolean }).beforeReload, undefined, {
      timeout: 60_000,
    });
    await wb.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    page = ticketPage();
    await page
      .locator('h1')
      .filter({ hasText: `#${ticketId}` })
      .waitFor({ timeout: 60_000 });
    assert.equal(await page.getByLabel('Internal note (Markdown)').inputValue(), 'Still a draft after a reload');
    await waitForMarker(true);
    await page.getByLabel('Internal note (Markdown)').scrollIntoViewIfNeeded();
    await wb.screenshot('draft-after-reload');
  });

  it('shows a hostile comment as inert content: no script runs, no handler, no javascript: link', async () => {
    const hostile =
      '<p>Please see <a href="javascript:document.body.dataset.pwned=1">my file</a></p>' +
      '<script>document.body.dataset.pwned = "script"</script><img src="x" onerror="document.body.dataset.pwned=\'img\'">' +
      '<svg onload="document.body.dataset.pwned=\'svg\'"></svg><iframe src="https://evil.example"></iframe><p style="color:red" onclick="x()">styled</p>';
    await updateInZendesk(sandbox, ticketId, { comment: { html_body: hostile, public: true } });
    const page = ticketPage();
    await page.getByRole('button', { name: 'Refresh', exact: true }).click();
    await page.getByText('my file').waitFor({ timeout: 30_000 });
    // Every image has loaded or failed: an `onerror` left in would have run by then (it is the first listener).
    await page.locator('body').evaluate(() =>
      Promise.all(
        Array.from(document.images).map((img) =>
          img.complete
            ? Promise.resolve()
            : new Promise((settled) => {
                img.addEventListener('load', settled, { once: true });
                img.addEventListener('error', settled, { once: true });
              }),
        ),
      ),
    );
    const found = await page.locator('body').evaluate((body) => ({
      pwned: body.dataset.pwned ?? null,
      handlers: Array.from(body.querySelectorAll('*')).flatMap((e) =>
        Array.from(e.attributes)
          .filter((a) => /^on/i.test(a.name))
          .map((a) => a.name),
      ),
      inlineScripts: body.querySelectorAll('script:not([src])').length,
      frames: body.querySelectorAll('iframe, object, embed, svg').length,
      badLinks: Array.from(body.querySelectorAll('a[href]'))
        .map((a) => a.getAttribute('href') ?? '')
        .filter((h) => !/^(https?:|mailto:)/.test(h)),
      styled: body.querySelectorAll('.comment-body [style]').length,
    }));
    assert.deepEqual(found, { pwned: null, handlers: [], inlineScripts: 0, frames: 0, badLinks: [], styled: 0 });
    // The click's end, as the page sees it: a listener of the test's (last on the window, so after the page's own)
    // settles once the click's task, its default action and the tasks queued before it have run.
    await page.locator('body').evaluate(() => {
      const w = window as unknown as { clickSettled?: Promise<void> };
      w.clickSettled = new Promise((resolve) =>
        window.addEventListener('click', () => setTimeout(() => resolve(), 0), { once: true }),
      );
    });
    await page.getByText('my file').click();
    await page.locator('body').evaluate(() => (window as unknown as { clickSettled?: Promise<void> }).clickSettled);
    assert.equal(await page.locator('body').evaluate((b) => b.dataset.pwned ?? null), null);
    await page.getByText('my file').scrollIntoViewIfNeeded();
    await wb.screenshot('hostile-comment-inert');
  });

  it('when Zendesk asks to wait, the tab says for how long beside Cancel; Cancel sends nothing and keeps the text', async () => {
    // Use up the user's 30 updates per 10 minutes on this ticket, as a busy afternoon would.
    const writer = await clientToken(sandbox, 'read write');
    for (let i = 0; i < 40; i++) {
      const put = await fetch(`${sandbox.url}/api/v2/tickets/${ticketId}`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${writer}`, 'content-type': 'application/json' },
        body: JSON.stringify({ ticket: { tags: ['busy', `n${i}`] } }),
      });
      if (put.status === 429) break;
      assert.equal(put.status, 200);
    }
    const page = ticketPage();
    await page.getByRole('button', { name: 'Refresh', exact: true }).click();
    // The reloaded ticket's tags (edited in the Fields region once the account's fields are loaded).
    await page.locator('#tags-input[value~="busy"]').waitFor({ timeout: 30_000 });
    await page.getByRole('radio', { name: /Internal note/ }).check();
    await page.getByLabel('Internal note (Markdown)').fill('This one has to wait');
    await page.getByRole('button', { name: /^Add internal note/ }).click();
    // The client's one retry policy waits out Zendesk's Retry-After; the tab says how long, with Cancel.
    const progress = page.getByRole('status').filter({ hasText: /retrying in \d+ s/ });
    await progress.waitFor({ timeout: 30_000 });
    const wait = Number(/retrying in (\d+) s/.exec(await progress.innerText())?.[1]);
    assert.ok(wait > 500 && wait <= 600, `told to wait ${wait} s`);
    assert.equal(
      await page.getByLabel('Internal note (Markdown)').isEditable(),
      false,
      'the text being sent can still be edited',
    );
    await wb.screenshot('rate-limit-waiting');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByText('Not sent. Your text and changes are kept.').waitFor({ timeout: 15_000 });
    assert.equal(await page.getByLabel('Internal note (Markdown)').inputValue(), 'This one has to wait');
    assert.equal(await page.getByLabel('Internal note (Markdown)').isEditable(), true);
    await tabMarker(wb, ticketId, true);
    const comments = (await get<{ comments: Comment[] }>(`/api/v2/tickets/${ticketId}/comments`)).comments;
    assert.notEqual(comments.at(-1)?.body, 'This one has to wait');
    await wb.screenshot('rate-limit-cancelled');
  });

  it('"Search Tickets…" from the view\'s title bar shows a temporary root with what it found', async () => {
    await wb.page
      .locator('.part.sidebar .title-actions, .part.sidebar .actions-container')
      .getByRole('button', { name: 'Search Tickets…' })
      .first()
      .click();
    await wb.answerInput('status:pending', { waitForTitle: 'Search Zendesk Tickets' });
    const count = (
      await get<{ count: number }>(`/api/v2/search/count?query=${encodeURIComponent('type:ticket status:pending')}`)
    ).count;
    const root = wb.treeItem('Search: status:pending');
    await root.waitFor({ timeout: 30_000 });
    await wb.treeItem(new RegExp(`Search: status:pending\\s*${count}`)).waitFor({ timeout: 30_000 });
    const rows = wb.page.locator('.part.sidebar .monaco-list-row[aria-label*=", Pending, from "]');
    await rows.first().waitFor({ timeout: 30_000 });
    await wb.screenshot('search-tickets');
  });
});
