import * as assert from 'node:assert/strict';
import type { DemoEnvironment } from '../../harness/demoEnvironment';
import type { Workbench } from '../../harness/workbench';
import { runTour, type TourContext, type TourStep } from '../../tour/tourStep';

/** A workbench that only records the screenshots asked for. */
function context(): { ctx: TourContext; shots: string[] } {
  const shots: string[] = [];
  const wb = {
    page: {},
    screenshot: async (name: string) => {
      shots.push(name);
      return `/shots/${name}.png`;
    },
  };
  return { ctx: { wb: wb as unknown as Workbench, demo: {} as DemoEnvironment, shared: new Map() }, shots };
}

const step = (id: string, run: TourStep['run'], timeoutMs?: number): TourStep => ({
  id,
  title: `the ${id} step`,
  run,
  timeoutMs,
});

describe('the tour runner (npm run demo -- --tour)', () => {
  it('runs the steps in order, sharing what one leaves for the next, a screenshot each, a tick per step', async () => {
    const { ctx, shots } = context();
    const lines: string[] = [];
    const order: string[] = [];
    const results = await runTour(
      ctx,
      [
        step('a', async (c) => {
          order.push('a');
          c.shared.set('left', 'by a');
        }),
        step('b', async (c) => {
          order.push(`b sees ${String(c.shared.get('left'))}`);
        }),
      ],
      (l) => lines.push(l),
    );
    assert.deepEqual(order, ['a', 'b sees by a']);
    assert.deepEqual(
      results.map((r) => r.status),
      ['passed', 'passed'],
    );
    assert.deepEqual(shots, ['a', 'b']);
    assert.deepEqual(lines, ['  ✓  1. the a step', '  ✓  2. the b step']);
  });

  it('a step that fails is printed with what was not seen and a screenshot; the steps after it are skipped, not run', async () => {
    const { ctx, shots } = context();
    const lines: string[] = [];
    let ranAfter = false;
    const results = await runTour(
      ctx,
      [
        step('a', async () => undefined),
        step('b', async () => {
          throw new Error('the status bar does not show the account\n    at stack');
        }),
        step('c', async () => {
          ranAfter = true;
        }),
      ],
      (l) => lines.push(l),
    );
    assert.deepEqual(
      results.map((r) => r.status),
      ['passed', 'failed', 'skipped'],
    );
    assert.equal(results[1].error, 'the status bar does not show the account');
    assert.equal(ranAfter, false);
    assert.deepEqual(shots, ['a', 'b-failed']);
    assert.match(
      lines[1],
      /^ {2}✗ {2}2\. the b step\n {6}the status bar does not show the account\n {6}screenshot: \/shots\/b-failed\.png$/,
    );
    assert.equal(lines[2], '  -  3. the c step (skipped: an earlier step failed)');
  });

  it('a step that never finishes fails at its time limit', async () => {
    const { ctx } = context();
    const results = await runTour(ctx, [step('stuck', () => new Promise<void>(() => undefined), 50)], () => undefined);
    assert.equal(results[0].status, 'failed');
    assert.equal(results[0].error, 'not seen within 0.05 s: the stuck step');
  });
});
