// What a step of the tour is, and how the tour runs them: in order, each with a time limit, one screenshot per
// step, a tick or the failure printed; after a failure the rest are skipped (they build on it).
import type { Page } from 'playwright-core';
import type { DemoEnvironment } from '../harness/demoEnvironment';
import type { Workbench } from '../harness/workbench';

export interface TourContext {
  wb: Workbench;
  demo: DemoEnvironment;
  /** What one step leaves for the next (the sign-in tab, a ticket id): keys are the steps' own. */
  shared: Map<string, unknown>;
}

export interface TourStep {
  /** The screenshot's name: NN-id.png. */
  id: string;
  /** What a user sees happen, printed with its tick. */
  title: string;
  /** Per step; default 60 s. */
  timeoutMs?: number;
  /** Does the step and checks it on screen; throws what was not seen. Returns the page to screenshot (default: the workbench). */
  run(ctx: TourContext): Promise<Page | void>;
}

export interface StepResult {
  step: TourStep;
  status: 'passed' | 'failed' | 'skipped';
  error?: string;
  screenshot?: string;
  ms: number;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not seen within ${ms / 1000} s: ${what}`)), ms);
  });
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}

function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return (
    text
      .split('\n')
      .find((l) => l.trim())
      ?.trim() ?? text
  );
}

export async function runTour(
  ctx: TourContext,
  steps: readonly TourStep[],
  print: (line: string) => void,
): Promise<StepResult[]> {
  const results: StepResult[] = [];
  let failed = false;
  for (const [i, step] of steps.entries()) {
    const n = `${String(i + 1).padStart(2)}.`;
    if (failed) {
      results.push({ step, status: 'skipped', ms: 0 });
      print(`  - ${n} ${step.title} (skipped: an earlier step failed)`);
      continue;
    }
    const started = Date.now();
    try {
      const page = await withTimeout(step.run(ctx), step.timeoutMs ?? 60_000, step.title);
      const screenshot = await ctx.wb.screenshot(step.id, page ?? ctx.wb.page);
      results.push({ step, status: 'passed', screenshot, ms: Date.now() - started });
      print(`  ✓ ${n} ${step.title}`);
    } catch (e) {
      failed = true;
      const screenshot = await ctx.wb.screenshot(`${step.id}-failed`).catch(() => undefined);
      results.push({ step, status: 'failed', error: firstLine(e), screenshot, ms: Date.now() - started });
      print(`  ✗ ${n} ${step.title}\n      ${firstLine(e)}${screenshot ? `\n      screenshot: ${screenshot}` : ''}`);
    }
  }
  return results;
}
