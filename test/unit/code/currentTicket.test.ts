// The current ticket is the branch's: set per branch, switched with the branch, forgotten by Stop Work, kept across
// reloads (the memento), and what Start Work offers to change on the ticket.
import * as assert from 'node:assert/strict';
import { CurrentTicketService, CURRENT_TICKETS_KEY, type WorkTicket } from '../../../src/code/currentTicket';
import { ticketUpdateChoices } from '../../../src/code/ticketUpdate';
import { Emitter } from '../../../src/events';
import { StatusVocabulary } from '../../../src/tickets/statuses';

class Memento {
  readonly data = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.data.set(key, JSON.parse(JSON.stringify(value)));
  }
}

class Branches {
  name: string | undefined = 'main';
  readonly changed = new Emitter<void>();
  readonly onDidChangeBranch = this.changed.event;
  branch(): string | undefined {
    return this.name;
  }
  switch(name: string | undefined): void {
    this.name = name;
    this.changed.fire();
  }
}

describe('current ticket per branch', () => {
  const printer: WorkTicket = { accountId: 'acme/1', ticketId: 1234, subject: 'Printer on fire' };

  it('follows the branch, fires on each change, stops, and reads back from the memento', async () => {
    const memento = new Memento();
    const branches = new Branches();
    const current = new CurrentTicketService(memento, branches);
    const seen: (number | undefined)[] = [];
    current.onDidChange((t) => seen.push(t?.ticketId));
    assert.equal(current.current(), undefined);
    branches.switch('zd-1234-printer-on-fire');
    await current.start(printer);
    assert.deepEqual(current.current(), printer);
    branches.switch('main');
    assert.equal(current.current(), undefined);
    branches.switch('zd-1234-printer-on-fire');
    assert.deepEqual(current.current(), printer);
    // A new window on the same workspace reads it back.
    assert.deepEqual(new CurrentTicketService(memento, branches).current(), printer);
    await current.stop();
    assert.equal(current.current(), undefined);
    assert.deepEqual(seen, [1234, undefined, 1234, undefined]);
    assert.deepEqual(memento.get(CURRENT_TICKETS_KEY), {});
  });

  it('keeps a ticket for "no branch" apart, and ignores what is not a ticket in the memento', async () => {
    const memento = new Memento();
    const branches = new Branches();
    branches.name = undefined;
    const current = new CurrentTicketService(memento, branches);
    await current.start(printer);
    assert.deepEqual(current.current(), printer);
    await memento.update(CURRENT_TICKETS_KEY, { '': { accountId: 'a', ticketId: -1, subject: 'x' } });
    assert.equal(current.current(), undefined);
  });

  it('offers to assign and set Open first, leaves out what changes nothing, and always offers to leave it', () => {
    const statuses = StatusVocabulary.system();
    const mine = ticketUpdateChoices({ assignee_id: 9, status: 'open', custom_status_id: undefined }, 9, statuses);
    assert.deepEqual(
      mine.map((c) => c.patch),
      [{ status: 'pending' }, { status: 'hold' }, {}],
    );
    const theirs = ticketUpdateChoices({ assignee_id: null, status: 'new', custom_status_id: undefined }, 9, statuses);
    assert.deepEqual(theirs[0].patch, { status: 'open', assignee_id: 9 });
    assert.ok(theirs.some((c) => JSON.stringify(c.patch) === JSON.stringify({ assignee_id: 9 })));
    assert.deepEqual(theirs.at(-1)?.patch, {});
    const openTheirs = ticketUpdateChoices(
      { assignee_id: 3, status: 'open', custom_status_id: undefined },
      9,
      statuses,
    );
    assert.deepEqual(openTheirs[0].patch, { assignee_id: 9 });
    const closed = ticketUpdateChoices({ assignee_id: 3, status: 'closed', custom_status_id: undefined }, 9, statuses);
    assert.deepEqual(
      closed.map((c) => c.patch),
      [{}],
    );
  });
});
