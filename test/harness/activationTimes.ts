// Reads VS Code's own activation figures for the extensions of a running workbench. "Developer: Startup
// Performance" (perfview.show) prints, from the same extension-service status that the Running Extensions editor
// shows, one row per activated extension: eager or not, Load Code, Call Activate, Finish Activate (ms), the
// activation event and who triggered it. Running Extensions shows only Load Code + Call Activate as one number.
import type { Page } from 'playwright-core';

export interface ActivationTimes {
  id: string;
  /** Activated during startup (`*`, workspaceContains): VS Code's "Startup Activation". */
  eager: boolean;
  /** Loading and evaluating the extension's main module. */
  loadCodeMs: number;
  /** The synchronous part of `activate()`. */
  callActivateMs: number;
  /** Until the promise `activate()` returned settled. */
  finishActivateMs: number;
  event: string;
  /** The extension whose request or activation event woke this one (itself when it was the workbench). */
  by: string;
  /** What Running Extensions shows: Load Code + Call Activate. */
  runningExtensionsMs: number;
}

/** Parses the "Extension Activation Stats" table of the Startup Performance document. */
export function parseActivationStats(text: string): ActivationTimes[] {
  const start = text.indexOf('Extension Activation Stats');
  if (start < 0) return [];
  const out: ActivationTimes[] = [];
  for (const line of text.slice(start).split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    // | id | eager | load | call | finish | event | by |
    if (cells.length < 8 || !/^\d+$/.test(cells[3] ?? '')) continue;
    const [, id, eager, load, call, finish, event, by] = cells;
    const loadCodeMs = Number(load);
    const callActivateMs = Number(call);
    out.push({
      id,
      eager: eager === 'true',
      loadCodeMs,
      callActivateMs,
      finishActivateMs: Number(finish),
      event,
      by,
      runningExtensionsMs: loadCodeMs + callActivateMs,
    });
  }
  return out;
}

/**
 * Opens Startup Performance in the workbench and reads its text through the clipboard (the editor renders only
 * the visible lines). Needs clipboard permissions on the page's context. Retries until every id in `wanted`
 * has activated, or `timeoutMs` passes.
 */
export async function readActivationTimes(
  page: Page,
  wanted: string[],
  o: { timeoutMs?: number; runCommand: (title: string) => Promise<void> },
): Promise<ActivationTimes[]> {
  const deadline = Date.now() + (o.timeoutMs ?? 60_000);
  let last: ActivationTimes[] = [];
  for (;;) {
    await o.runCommand('Developer: Startup Performance');
    const editor = page.locator('.editor-instance .monaco-editor .view-lines').first();
    await editor.waitFor();
    // The editor renders spaces as U+00A0.
    await page.waitForFunction(
      () =>
        document
          .querySelector('.editor-instance .view-lines')
          ?.textContent?.replace(/\u00a0/g, ' ')
          .includes('System Info'),
      undefined,
      { timeout: 30_000 },
    );
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Control+C');
    const text = await page.evaluate(() => navigator.clipboard.readText());
    last = parseActivationStats(text);
    // Close it, so that the next look computes the document afresh.
    await page.keyboard.press('Control+W');
    if (wanted.every((id) => last.some((a) => a.id.toLowerCase() === id.toLowerCase()))) return last;
    if (Date.now() > deadline) {
      throw new Error(
        `not activated within the time: ${wanted.filter((id) => !last.some((a) => a.id.toLowerCase() === id.toLowerCase())).join(', ')}; activated: ${last.map((a) => a.id).join(', ')}`,
      );
    }
    await new Promise((r) => setTimeout(r, 2000));
  }
}
