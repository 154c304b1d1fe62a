import * as assert from 'node:assert/strict';
import { DraftStore } from '../../../src/tickets/drafts';
import { JsonMemento } from '../fakes/memento';

describe('drafts', () => {
  it('keeps a draft per account and ticket, across a new store over the same memento (a window reload)', async () => {
    const memento = new JsonMemento();
    await new DraftStore(memento, () => 5).save('acme/1', 12, { body: 'Hello', mode: 'internal', status: 'pending' });
    const after = new DraftStore(memento);
    assert.deepEqual(after.get('acme/1', 12), { body: 'Hello', mode: 'internal', status: 'pending', savedAt: 5 });
    assert.equal(after.get('acme/1', 13), undefined);
    assert.equal(after.get('other/1', 12), undefined);
  });

  it('is removed when the user empties it or Zendesk accepted it, and only then', async () => {
    const store = new DraftStore(new JsonMemento());
    await store.save('a', 1, { body: 'x', mode: 'public' });
    await store.save('a', 1, { body: '  ' });
    assert.equal(store.get('a', 1), undefined);
    await store.save('a', 1, { body: '', status: 'open' });
    assert.equal(store.get('a', 1), undefined, 'a bare "Submit as" status was kept as a draft');
    await store.save('a', 1, { body: 'y', mode: 'public' });
    await store.sent('a', 1);
    assert.equal(store.get('a', 1), undefined);
  });

  it('ignores a malformed stored value instead of failing', () => {
    const memento = new JsonMemento();
    memento.values.set('zendesk.draft/a/1', JSON.stringify({ body: 3 }));
    assert.equal(new DraftStore(memento).get('a', 1), undefined);
  });
});
