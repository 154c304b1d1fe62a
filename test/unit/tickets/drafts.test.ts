import * as assert from 'node:assert/strict';
import { DraftStore } from '../../../src/tickets/drafts';
import { JsonMemento } from '../fakes/memento';

describe('drafts', () => {
  it('keeps a draft per account and ticket, across a new store over the same memento (a window reload)', async () => {
    const memento = new JsonMemento();
    const base = { updatedAt: '2024-01-01T00:00:00Z', values: { status: 'open', priority: '' } };
    await new DraftStore(memento, () => 5).save('acme/1', 12, {
      body: 'Hello',
      mode: 'internal',
      staged: { status: 'pending' },
      base,
    });
    const after = new DraftStore(memento);
    assert.deepEqual(after.get('acme/1', 12), {
      body: 'Hello',
      mode: 'internal',
      staged: { status: 'pending' },
      base,
      savedAt: 5,
    });
    assert.equal(after.get('acme/1', 13), undefined);
    assert.equal(after.get('other/1', 12), undefined);
  });

  it('is removed when the user empties it or Zendesk accepted it, and only then', async () => {
    const store = new DraftStore(new JsonMemento());
    await store.save('a', 1, { body: 'x', mode: 'public' });
    await store.save('a', 1, { body: '  ' });
    assert.equal(store.get('a', 1), undefined);
    await store.save('a', 1, { body: '', mode: 'public' });
    assert.equal(store.get('a', 1), undefined, 'a bare mode was kept as a draft');
    await store.save('a', 1, { body: '', staged: { priority: 'urgent' } });
    assert.deepEqual(store.get('a', 1)?.staged, { priority: 'urgent' }, 'staged changes alone are a draft');
    await store.save('a', 1, { staged: {} });
    assert.equal(store.get('a', 1), undefined);
    await store.save('a', 1, { body: 'y', mode: 'public' });
    await store.sent('a', 1);
    assert.equal(store.get('a', 1), undefined);
  });

  it('remembers the mode last used on a ticket after the draft is sent; internal note the first time', async () => {
    const memento = new JsonMemento();
    const store = new DraftStore(memento);
    assert.equal(store.mode('a', 1), 'internal');
    await store.save('a', 1, { body: 'Hi', mode: 'public' });
    await store.sent('a', 1);
    assert.equal(store.get('a', 1), undefined);
    assert.equal(new DraftStore(memento).mode('a', 1), 'public');
    assert.equal(store.mode('a', 2), 'internal');
  });

  it('tells listeners when a ticket gains or loses unsent work, not on every keystroke', async () => {
    const store = new DraftStore(new JsonMemento());
    const seen: string[] = [];
    store.onDidChangeWork((a, t) => seen.push(`${a}#${t}`));
    await store.save('a', 1, { body: 'H' });
    await store.save('a', 1, { body: 'He' });
    await store.save('a', 1, { body: 'Hey', staged: { priority: 'low' } });
    await store.sent('a', 1);
    assert.deepEqual(seen, ['a#1', 'a#1']);
  });

  it('loses no staged change to the text saved at the same moment (the page sends its text before each stage)', async () => {
    const store = new DraftStore(new JsonMemento());
    await store.save('a', 1, { staged: { status: 'pending' } });
    // The tab handles the page's messages as they come, without waiting for the one before.
    await Promise.all([
      store.save('a', 1, { body: '', mode: 'internal' }),
      store.save('a', 1, { staged: { status: 'pending', priority: 'urgent' } }),
    ]);
    assert.deepEqual(store.get('a', 1)?.staged, { status: 'pending', priority: 'urgent' });
  });

  it('ignores a malformed stored value instead of failing', () => {
    const memento = new JsonMemento();
    memento.values.set('zendesk.draft/a/1', JSON.stringify({ body: 3 }));
    assert.equal(new DraftStore(memento).get('a', 1), undefined);
  });
});
