// Drives the real VS Code workbench (code-server in Chromium) the way a user does: palette, views, tree,
// status bar, dialogs, notifications; and takes screenshots. The extension runs installed, as a user has it
// (no smoke-test driver), so dialogs and notification toasts work.
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { launchChromium, newWorkspace, repoRoot, startCodeServer, workbenchUrl, type CodeServer } from './codeServer';

export const shotsDir = process.env.SHOTS_DIR || path.join(repoRoot, '.vscode-test', 'shots');

export interface WorkbenchOptions {
  settings?: Record<string, unknown>;
  machineSettings?: Record<string, unknown>;
  env?: Record<string, string>;
  /** Extension folders to install besides this one. */
  extraExtensions?: string[];
  /** A folder to install in place of this extension (a variant build of it); default the repository. */
  extension?: string;
  /** Subfolder of the screenshots folder for this suite. */
  shots: string;
}

export class Workbench {
  private shotCount = 0;
  private constructor(
    readonly server: CodeServer,
    readonly browser: BrowserContext,
    readonly page: Page,
    readonly shotFolder: string,
    private readonly ownsServer: boolean,
  ) {}

  static async open(o: WorkbenchOptions): Promise<Workbench> {
    const workspace = newWorkspace();
    const server = await startCodeServer({
      workspace,
      settings: o.settings,
      machineSettings: o.machineSettings,
      env: o.env,
      installExtensions: [o.extension ?? repoRoot, ...(o.extraExtensions ?? [])],
      verbose: process.env.VERBOSE === '1',
    });
    return Workbench.attach(server, workspace, { shotFolder: path.join(shotsDir, o.shots), ownsServer: true });
  }

  /**
   * Opens the workbench of a code-server started elsewhere (the demo) in headless Chromium. Screenshots go to
   * `shotFolder`, emptied first. `close()` stops the server too only when `ownsServer`.
   */
  static async attach(
    server: CodeServer,
    workspace: string,
    o: { shotFolder: string; ownsServer?: boolean },
  ): Promise<Workbench> {
    const browser = await launchChromium();
    const page = browser.pages()[0] ?? (await browser.newPage());
    if (process.env.VERBOSE === '1') page.on('console', (m) => console.log('[browser]', m.type(), m.text()));
    fs.rmSync(o.shotFolder, { recursive: true, force: true });
    fs.mkdirSync(o.shotFolder, { recursive: true });
    const wb = new Workbench(server, browser, page, o.shotFolder, o.ownsServer ?? false);
    await page.goto(workbenchUrl(server, { workspace }));
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    return wb;
  }

  get statusBar(): Locator {
    return this.page.locator('.part.statusbar');
  }

  /** The status bar entry of this extension (by its accessible name). */
  statusItem(): Locator {
    return this.page
      .locator('#zendesk-vscode\\.zendesk-vscode\\.zendesk\\.account, .statusbar-item[id$="zendesk.account"]')
      .first();
  }

  async statusItemText(): Promise<string> {
    return ((await this.statusItem().innerText()) || '').trim();
  }

  /** Runs a command by its title from the command palette (F1). */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill('>' + title);
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
    await this.page.keyboard.press('Enter');
  }

  /** The open quick input (multi-step input, quick pick, input box). */
  get quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  /** Types into the open input box or quick pick filter and accepts. */
  async answerInput(text: string, o: { waitForTitle?: string | RegExp } = {}): Promise<void> {
    if (o.waitForTitle) {
      await this.quickInput
        .locator('.quick-input-title, .quick-input-message, .quick-input-header')
        .filter({ hasText: o.waitForTitle })
        .first()
        .waitFor();
    }
    const input = this.quickInput.locator('input').first();
    await input.waitFor();
    await input.fill(text);
    await this.page.keyboard.press('Enter');
  }

  /** Picks the quick pick row whose label contains `label`. */
  async pick(label: string | RegExp): Promise<void> {
    const row = this.quickInput.locator('.quick-input-list .monaco-list-row').filter({ hasText: label }).first();
    await row.waitFor();
    await row.click();
  }

  /** Opens a view container from the activity bar by its title. */
  async openViewContainer(title: string): Promise<void> {
    const tab = this.page.locator(`.activitybar [aria-label^="${title}"]`).first();
    await tab.waitFor();
    const expanded = await tab.getAttribute('aria-expanded');
    // Near the top-left corner: a badge (a count) covers the icon's lower right and would take the click.
    if (expanded !== 'true') await tab.click({ position: { x: 4, y: 4 } });
    await this.page.locator('.part.sidebar .composite.title', { hasText: title }).first().waitFor();
  }

  /** The sidebar's welcome view button with this text. */
  welcomeButton(text: string): Locator {
    return this.page.locator('.part.sidebar .welcome-view-content').getByRole('button', { name: text });
  }

  treeItem(label: string | RegExp): Locator {
    return this.page.locator('.part.sidebar .monaco-list-row').filter({ hasText: label }).first();
  }

  /** Expands a collapsed tree node (no-op when it is already open). */
  async expandTreeNode(label: string | RegExp): Promise<void> {
    const row = this.treeItem(label);
    await row.waitFor();
    if ((await row.getAttribute('aria-expanded')) === 'false') await row.click();
    await this.page.waitForFunction((el) => el?.getAttribute('aria-expanded') !== 'false', await row.elementHandle());
  }

  /** Clicks a button of the modal dialog that VS Code shows (consent, confirmations). */
  async clickDialogButton(name: string): Promise<void> {
    const button = this.page.locator('.monaco-dialog-box').getByRole('button', { name, exact: true });
    await button.waitFor();
    await button.click();
  }

  notification(text: string | RegExp): Locator {
    return this.page.locator('.notifications-toasts .notification-toast').filter({ hasText: text }).first();
  }

  /** Clicks a button on the notification toast containing `text`. */
  async clickNotificationButton(text: string | RegExp, button: string): Promise<void> {
    const toast = this.notification(text);
    await toast.waitFor();
    await toast.getByRole('button', { name: button }).click();
  }

  /** Saves a screenshot of the workbench (or another page) as NN-name.png in this suite's folder. */
  async screenshot(name: string, page: Page = this.page): Promise<string> {
    const file = path.join(this.shotFolder, `${String(++this.shotCount).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file });
    return file;
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    if (this.ownsServer) await this.server.stop();
  }
}
