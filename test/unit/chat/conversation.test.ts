// Long conversations trimmed to fit a model, and the trimming said.
import assert from 'node:assert/strict';
import {
  DEFAULT_LIMITS,
  limitsForBudget,
  trimConversation,
  trimmingNote,
  type ConversationEntry,
} from '../../../src/chat/conversation';

function entries(n: number, textLength = 100): ConversationEntry[] {
  return Array.from({ length: n }, (_, i) => ({
    index: i + 1,
    header: `--- #${i + 1}`,
    text: `c${i + 1} `.padEnd(textLength, 'x'),
  }));
}

describe('chat: conversation trimming', () => {
  it('keeps a short conversation whole and says nothing', () => {
    const t = trimConversation(entries(5), { totalChars: 10_000, commentChars: 1_000 });
    assert.equal(t.blocks.length, 5);
    assert.deepEqual(t.omitted, []);
    assert.equal(trimmingNote(t, 5), undefined);
  });

  it('keeps the first and the latest comments, leaves out the middle, and says which', () => {
    const all = entries(50, 200);
    const t = trimConversation(all, { totalChars: 2_000, commentChars: 1_000 });
    const text = t.blocks.join('\n\n');
    assert.ok(text.length <= 2_000, `${text.length} characters`);
    assert.ok(t.blocks[0]?.startsWith('--- #1\nc1 '), 'the first comment (the request) is kept');
    assert.ok(t.blocks[t.blocks.length - 1]?.startsWith('--- #50\n'), 'the latest comment is kept');
    assert.equal(t.omitted[0], 2);
    const lastOmitted = t.omitted[t.omitted.length - 1] as number;
    assert.ok(
      t.blocks[2]?.startsWith(`--- #${lastOmitted + 1}\n`),
      'the kept tail starts right after the omitted range',
    );
    assert.match(t.blocks[1] ?? '', new RegExp(`comments #2–#${lastOmitted} \\(${t.omitted.length} of 50\\) left out`));
    assert.equal(
      trimmingNote(t, 50),
      `Trimmed to fit: ${t.omitted.length} of 50 comments left out. The full conversation is in Zendesk.`,
    );
  });

  it('shortens one very long comment and says by how much', () => {
    const all = [{ index: 1, header: '--- #1', text: 'a'.repeat(5_000) }];
    const t = trimConversation(all, { totalChars: 100_000, commentChars: 1_000 });
    assert.equal(t.blocks[0], `--- #1\n${'a'.repeat(1_000)}\n[… 4000 more characters of this comment cut]`);
    assert.deepEqual(t.shortened, [1]);
    assert.match(trimmingNote(t, 1) ?? '', /1 long comment shortened \(#1\)/);
  });

  it('shows the latest comment even when it alone is over the budget', () => {
    const t = trimConversation(entries(3, 3_000), { totalChars: 4_000, commentChars: 3_500 });
    assert.ok(t.blocks[0]?.startsWith('--- #1\n'));
    assert.ok(t.blocks[t.blocks.length - 1]?.startsWith('--- #3\n'));
    assert.deepEqual(t.omitted, [2]);
    assert.match(t.blocks[1] ?? '', /comment #2 \(1 of 3\) left out/);
  });

  it("fits the caller's token budget when it gives one, within bounds", () => {
    assert.deepEqual(limitsForBudget(undefined), DEFAULT_LIMITS);
    assert.deepEqual(limitsForBudget(0), DEFAULT_LIMITS);
    assert.deepEqual(limitsForBudget(2_000), { totalChars: 4_500, commentChars: 2_250 });
    assert.deepEqual(limitsForBudget(100), { totalChars: 2_000, commentChars: 1_000 }, 'never below 2,000 characters');
    assert.deepEqual(limitsForBudget(1_000_000), DEFAULT_LIMITS, 'never above the default');
  });
});
