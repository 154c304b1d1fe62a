import * as assert from 'node:assert/strict';
import { ContextKeys, MementoKeys } from '../../../src/constants';
import { Emitter } from '../../../src/events';
import { WalkthroughProgress } from '../../../src/ui/walkthroughProgress';
import { NO_LOG } from '../../../src/zendesk/types';

/** What the walkthrough would read: the context keys as last set, and the memento. */
function setUp(o: { seen?: boolean; visible?: boolean; requestSent?: boolean } = {}) {
  const keys = new Map<string, boolean>();
  const stored = new Map<string, unknown>(o.seen ? [[MementoKeys.ticketsViewSeen, true]] : []);
  const visibility = new Emitter<{ visible: boolean }>();
  const view = { visible: !!o.visible, onDidChangeVisibility: visibility.event };
  const progress = new WalkthroughProgress({
    setContext: async (key, value) => {
      keys.set(key, value);
    },
    ticketsView: view,
    memento: {
      get: <T>(k: string) => stored.get(k) as T | undefined,
      update: async (k, v) => {
        stored.set(k, v);
      },
    },
    requestSent: () => !!o.requestSent,
    log: NO_LOG,
  });
  return { keys, stored, visibility, view, progress };
}

describe("ui: the walkthrough's steps already done", () => {
  it('a new user: neither the Tickets view nor a request counts as done', () => {
    const { keys } = setUp();
    assert.equal(keys.get(ContextKeys.ticketsViewSeen), false);
    assert.equal(keys.get(ContextKeys.requestSent), false);
  });

  it('a user who opened the view and sent a request before: both are done at activation', () => {
    const { keys } = setUp({ seen: true, requestSent: true });
    assert.equal(keys.get(ContextKeys.ticketsViewSeen), true);
    assert.equal(keys.get(ContextKeys.requestSent), true);
  });

  it('the view shown now, or at activation, is done and remembered for the next window', async () => {
    const later = setUp();
    later.visibility.fire({ visible: true });
    assert.equal(later.keys.get(ContextKeys.ticketsViewSeen), true);
    await Promise.resolve();
    assert.equal(later.stored.get(MementoKeys.ticketsViewSeen), true);
    const atStart = setUp({ visible: true });
    assert.equal(atStart.keys.get(ContextKeys.ticketsViewSeen), true);
    later.progress.dispose();
  });
});
