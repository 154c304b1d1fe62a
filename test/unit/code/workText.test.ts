// The words of working on a ticket: the status bar's label (a subject never becomes an icon), the commit message's
// reference, the tickets a commit names, the note a commit becomes and the code block a selection becomes.
import * as assert from 'node:assert/strict';
import { codeBlock, fenced } from '../../../src/code/codeBlock';
import { commitNoteBody, mentionsTicket, statusLabel, ticketIdsIn, withTicketPrefix } from '../../../src/code/workText';

describe('work text: status bar, commit messages, notes and code blocks', () => {
  it('shows the current ticket as #id and its subject, cut, with no icon a subject could smuggle in', () => {
    assert.equal(statusLabel({ accountId: 'a', ticketId: 1234, subject: 'Printer on fire' }), '#1234 Printer on fire');
    const hostile = statusLabel({ accountId: 'a', ticketId: 7, subject: '$(check) Paid $(sync~spin)\nnow' });
    assert.equal(hostile, '#7 \\$(check) Paid \\$(sync~spin) now');
    assert.ok(!/(^|[^\\])\$\(/.test(hostile), hostile);
    const long = statusLabel({ accountId: 'a', ticketId: 1, subject: 'x'.repeat(100) });
    assert.ok(long.length <= '#1 '.length + 40 && long.endsWith('…'), long);
    assert.equal(statusLabel({ accountId: 'a', ticketId: 5, subject: '  ' }), '#5');
  });

  it('prefixes a commit message with ZD-id once, replacing another ticket’s prefix', () => {
    assert.equal(withTicketPrefix('', 1234), 'ZD-1234: ');
    assert.equal(withTicketPrefix('Fix the printer', 1234), 'ZD-1234: Fix the printer');
    assert.equal(withTicketPrefix('Fix the printer (ZD-1234)', 1234), 'Fix the printer (ZD-1234)');
    assert.equal(withTicketPrefix('ZD-99: Fix the printer', 1234), 'ZD-1234: Fix the printer');
    assert.equal(withTicketPrefix('ZD-12345: other', 1234), 'ZD-1234: other');
    assert.ok(!mentionsTicket('ZD-12345', 1234));
    assert.ok(!mentionsTicket('XZD-1234', 1234));
    assert.ok(mentionsTicket('fixes zd-1234.', 1234));
  });

  it('finds the tickets a commit message names, each once, and not inside other words', () => {
    assert.deepEqual(ticketIdsIn('ZD-12: fix\n\nSee ZD-7 and ZD-12, not XZD-5 or ZD-0 or AZD-9'), [12, 7]);
    assert.deepEqual(ticketIdsIn('no ticket here'), []);
  });

  it('makes a commit an internal note: the commit linked, the branch, the message fenced as written', () => {
    const body = commitNoteBody({
      sha: '0123456789abcdef',
      message: 'ZD-12: fix\n\n```\ncode\n```\n',
      branch: 'zd-12-fix',
      url: 'https://github.com/acme/portal/commit/0123456789abcdef',
    });
    assert.equal(
      body,
      'Commit [`01234567`](https://github.com/acme/portal/commit/0123456789abcdef) on `zd-12-fix`:\n\n' +
        '````\nZD-12: fix\n\n```\ncode\n```\n````\n',
    );
    assert.equal(commitNoteBody({ sha: 'abcdef0123', message: 'x' }), 'Commit `abcdef01`:\n\n```\nx\n```\n');
  });

  it('makes a selection a block: the place, linked to the permalink when there is one, and the code fenced', () => {
    const s = { text: 'const a = 1;\n', languageId: 'typescript', path: 'src/app.ts', startLine: 12, endLine: 20 };
    assert.equal(codeBlock(s), '`src/app.ts`, lines 12–20\n\n```typescript\nconst a = 1;\n```\n');
    assert.equal(
      codeBlock({ ...s, endLine: 12 }, 'https://github.com/a/b/blob/c/src/app.ts#L12'),
      '[`src/app.ts`, line 12](https://github.com/a/b/blob/c/src/app.ts#L12)\n\n```typescript\nconst a = 1;\n```\n',
    );
    assert.equal(fenced('a ``` b', 'plaintext'), '````\na ``` b\n````\n');
    assert.equal(fenced('x', 'c++'), '```c++\nx\n```\n');
  });
});
