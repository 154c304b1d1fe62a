// Tickets meet code through the real workbench, with VS Code's git extension on a repository workspace: "Start Work
// on Ticket" from a ticket's context menu in the tree creates and checks out the ticket's branch, the status bar shows
// the current ticket, and "Add Selection to Ticket…" from the editor's context menu stages the code in the ticket's
// tab as an internal note (nothing sent). Screenshots of each.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Workbench } from '../harness/workbench';
import { startSandbox, type Sandbox } from '../sandbox';
import { clientToken, openSignedIn, sandboxGet, ticketPage } from './ticketsWorkbench';

describe('tickets meet code through the workbench (git, the tree, the status bar, the editor)', () => {
  let sandbox: Sandbox;
  let wb: Workbench;
  let token: string;
  let workspace = '';
  const git = (...args: string[]) => execFileSync('git', args, { cwd: workspace, encoding: 'utf8' }).trim();

  before(async () => {
    sandbox = await startSandbox({ tickets: 30, seed: 5 });
    token = await clientToken(sandbox, 'read');
    // The harness turns git off for the other suites; these need it.
    wb = await openSignedIn(sandbox, 'code-work', { 'git.enabled': true });
    workspace = new URL(wb.page.url()).searchParams.get('folder') ?? '';
    assert.ok(fs.existsSync(workspace), `the workbench's folder ${workspace}`);
    fs.mkdirSync(path.join(workspace, 'src'), { recursive: true });
    fs.writeFileSync(
      path.join(workspace, 'src', 'printer.ts'),
      'export function print(doc: string) {\n  if (onFire()) throw new Error(`fire: ${doc}`);\n  send(doc);\n}\n',
    );
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 'dev@example.com');
    git('config', 'user.name', 'Dev');
    git('remote', 'add', 'origin', 'git@github.com:acme/portal.git');
    git('add', '-A');
    git('commit', '-q', '-m', 'The printer');
    git('update-ref', 'refs/remotes/origin/main', 'HEAD');
  });
  after(async () => {
    await wb?.close();
    await sandbox?.close();
  });

  let ticketId = 0;

  it('starts work from the tree: the branch is created and checked out, the status bar shows the ticket', async () => {
    await wb.openViewContainer('Zendesk');
    await wb.expandTreeNode('All unsolved tickets');
    const row = wb.page.locator('.part.sidebar .monaco-list-row[aria-label^="Ticket "]').first();
    await row.waitFor({ timeout: 30_000 });
    ticketId = Number(/Ticket (\d+)/.exec((await row.getAttribute('aria-label')) ?? '')?.[1]);
    const subject = (await sandboxGet<{ ticket: { subject: string } }>(sandbox, token, `/api/v2/tickets/${ticketId}`))
      .ticket.subject;
    await row.click({ button: 'right' });
    await wb.page.locator('.context-view .action-label', { hasText: 'Start Work on Ticket' }).first().click();
    // The proposed name, accepted as is.
    const input = wb.quickInput.locator('input').first();
    await wb.quickInput.filter({ hasText: 'New Branch' }).waitFor({ timeout: 30_000 });
    const proposed = await input.inputValue();
    assert.ok(proposed.startsWith(`zd-${ticketId}-`), proposed);
    await wb.screenshot('start-work-branch-name');
    await wb.page.keyboard.press('Enter');
    // Leave the ticket as it is: the branch and the current ticket only.
    await wb.pick('Leave the ticket as it is');
    const item = wb.page.locator('.statusbar-item[id$="zendesk.currentTicket"]');
    await item.filter({ hasText: `#${ticketId}` }).waitFor({ timeout: 30_000 });
    assert.ok((await item.innerText()).includes(`#${ticketId} ${subject.slice(0, 20)}`), await item.innerText());
    assert.equal(git('rev-parse', '--abbrev-ref', 'HEAD'), proposed);
    await wb.screenshot('status-bar-current-ticket');
  });

  it('sends a selection to the current ticket: staged in its tab as an internal note with path, lines and permalink', async () => {
    await wb.runCommand('Go to File');
    await wb.quickInput.locator('input').first().fill('printer.ts');
    await wb.quickInput.locator('.monaco-list-row', { hasText: 'printer.ts' }).first().waitFor({ timeout: 30_000 });
    await wb.page.keyboard.press('Enter');
    const line = wb.page.locator('.monaco-editor .view-line', { hasText: 'onFire' }).first();
    await line.waitFor({ timeout: 30_000 });
    await line.click();
    // Home twice: to the indentation, then to the line's start.
    await wb.page.keyboard.press('Home');
    await wb.page.keyboard.press('Home');
    await wb.page.keyboard.press('Shift+ArrowDown');
    await wb.page.keyboard.press('Shift+ArrowDown');
    await line.click({ button: 'right' });
    await wb.page.locator('.context-view .action-label', { hasText: 'Add Selection to Ticket…' }).first().click();
    await wb.pick(`#${ticketId}`);
    const page = ticketPage(wb);
    const composer = page.locator('textarea').first();
    await composer.waitFor({ timeout: 30_000 });
    const sha = git('rev-parse', 'HEAD');
    const body = await composer.inputValue();
    assert.ok(
      body.includes(`[\`src/printer.ts\`, lines 2–3](https://github.com/acme/portal/blob/${sha}/src/printer.ts#L2-L3)`),
      body,
    );
    assert.ok(body.includes('```typescript\n  if (onFire())'), body);
    await wb.screenshot('selection-staged-as-note');
  });
});
