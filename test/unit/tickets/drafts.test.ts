import * as assert from 'node:assert/strict';
import { DraftStore, type MementoLike } from '../../../src/tickets/drafts';

/** globalState as VS Code keeps it: a map of JSON values, shared by every DraftStore made over it. */
class FakeMemento implements MementoLike {
  readonly values = new Map<string, string>();
  get<T>(key: string): T | undefined {
    const v = this.values.get(key);
    return v === undefined ? undefined : (JSON.parse(v) as T);
  }
  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, JSON.stringify(value));
  }
}

describe('drafts', () => {
  it('keeps a draft per account and ticket, across a new store over the same memento (a window reload)', async () => {
    const memento = new FakeMemento();
    await new DraftStore(memento, () => 5).save('acme/1', 12, { body: 'Hello', mode: 'internal', status: 'pending' });
    const after = new DraftStore(memento);
    assert.deepEqual(after.get('acme/1', 12), { body: 'Hello', mode: 'internal', status: 'pending', savedAt: 5 });
    assert.equal(after.get('acme/1', 13), undefined);
    assert.equal(after.get('other/1', 12), undefined);
  });

  it('is removed when the user empties it or Zendesk accepted it, and only then', async () => {
    const store = new DraftStore(new FakeMemento());
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
    const memento = new FakeMemento();
    memento.values.set('zendesk.draft/a/1', JSON.stringify({ body: 3 }));
    assert.equal(new DraftStore(memento).get('a', 1), undefined);
  });
});
