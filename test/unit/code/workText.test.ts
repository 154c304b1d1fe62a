// The words of working on a ticket: the status bar's label (a subject never becomes an icon), the commit message's
// reference, the tickets a commit names, the note a commit becomes and the code block a selection becomes.
import * as assert from 'node:assert/strict';
import { codeBlock, fenced } from '../../../src/code/codeBlock';
import { compilePatterns } from '../../../src/code/references/referencePatterns';
import {
  commitNoteBody,
  mentionsTicket,
  statusLabel,
  commitTicket,
  ticketsNamedIn,
  ticketKey,
  ticketPrefix,
  withTicketPrefix,
} from '../../../src/code/workText';

/** The patterns as configured: the defaults unless a test says otherwise. */
const patterns = (configured: unknown = ['ZD-{id}', 'zendesk#{id}']) => compilePatterns(configured).patterns;
const defaults = patterns();
/** The numbers of the tickets a message names in the patterns. */
const ids = (message: string, ps: ReturnType<typeof patterns>) => ticketsNamedIn(message, ps).map((t) => t.ticketId);

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
    assert.equal(withTicketPrefix('', 1234, defaults), 'ZD-1234: ');
    assert.equal(withTicketPrefix('Fix the printer', 1234, defaults), 'ZD-1234: Fix the printer');
    assert.equal(withTicketPrefix('Fix the printer (ZD-1234)', 1234, defaults), 'Fix the printer (ZD-1234)');
    assert.equal(withTicketPrefix('Fix it (zendesk#1234)', 1234, defaults), 'Fix it (zendesk#1234)');
    assert.equal(withTicketPrefix('ZD-99: Fix the printer', 1234, defaults), 'ZD-1234: Fix the printer');
    assert.equal(withTicketPrefix('zendesk#99:  Fix it', 1234, defaults), 'ZD-1234: Fix it');
    assert.equal(withTicketPrefix('ZD-12345: other', 1234, defaults), 'ZD-1234: other');
    assert.equal(withTicketPrefix('ZD-99 is not a prefix', 1234, defaults), 'ZD-1234: ZD-99 is not a prefix');
    assert.ok(!mentionsTicket('ZD-12345', 1234, defaults));
    assert.ok(!mentionsTicket('XZD-1234', 1234, defaults));
    assert.ok(!mentionsTicket('ZD-1234a', 1234, defaults));
    assert.ok(mentionsTicket('fixes ZD-1234.', 1234, defaults));
  });

  it('finds the tickets a commit message names, each once, and not inside other words or links', () => {
    assert.deepEqual(
      ids('ZD-12: fix\n\nSee ZD-7, zendesk#9 and ZD-12, not XZD-5 or ZD-0 or AZD-9 or ZD-3b', defaults),
      [12, 7, 9],
    );
    assert.deepEqual(ids('see https://jira.example/browse/ZD-4', defaults), []);
    assert.deepEqual(ids('no ticket here', defaults), []);
  });

  it('offers a commit to the ticket it names: a link as its account, the current ticket first', () => {
    const acme = { accountId: 'acme/1', baseUrl: 'https://acme.zendesk.com' };
    const beta = { accountId: 'beta/2', baseUrl: 'https://beta.zendesk.com' };
    const message =
      'ZD-12: fix\n\nAlso https://beta.zendesk.com/agent/tickets/7 and https://gamma.zendesk.com/agent/tickets/8';
    const named = ticketsNamedIn(message, defaults, [acme, beta], 'acme/1');
    assert.deepEqual(named, [{ ticketId: 12 }, { ticketId: 7, accountId: 'beta/2' }]);
    assert.deepEqual(commitTicket(named, 'acme/1'), { accountId: 'acme/1', ticketId: 12 });
    assert.deepEqual(commitTicket(named, 'acme/1', { accountId: 'beta/2', ticketId: 7 }), {
      accountId: 'beta/2',
      ticketId: 7,
    });
    // The current ticket's number written as a pattern: the current ticket, whichever account is in use.
    assert.deepEqual(commitTicket(named, 'acme/1', { accountId: 'beta/2', ticketId: 12 }), {
      accountId: 'beta/2',
      ticketId: 12,
    });
    // A link to a ticket of the same number on another account is not the current ticket.
    assert.deepEqual(
      commitTicket([{ ticketId: 12, accountId: 'beta/2' }], 'acme/1', { accountId: 'acme/1', ticketId: 12 }),
      {
        accountId: 'beta/2',
        ticketId: 12,
      },
    );
    // Signed out: a pattern names no account's ticket.
    assert.equal(commitTicket([{ ticketId: 12 }], undefined), undefined);
    assert.equal(commitTicket([], 'acme/1'), undefined);
  });

  it('reads and writes commit references in the user’s own patterns, the first one written', () => {
    const custom = patterns(['SUP-{id}', 'ZD-{id}']);
    assert.equal(ticketKey(42, custom), 'SUP-42');
    assert.deepEqual(ids('SUP-42: fix, see ZD-7 and zendesk#9', custom), [42, 7]);
    assert.ok(mentionsTicket('Fix (SUP-42)', 42, custom));
    assert.equal(withTicketPrefix('Fix the printer', 42, custom), 'SUP-42: Fix the printer');
    assert.equal(withTicketPrefix('ZD-7: Fix the printer', 42, custom), 'SUP-42: Fix the printer');
    assert.deepEqual(ticketPrefix('  SUP-42: x', custom), { ticketId: 42, rest: 10 });
    // A pattern the user removed is no longer a reference.
    assert.deepEqual(ids('ZD-7: fix', patterns(['SUP-{id}'])), []);
    assert.equal(withTicketPrefix('ZD-7: fix', 42, patterns(['SUP-{id}'])), 'SUP-42: ZD-7: fix');
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
