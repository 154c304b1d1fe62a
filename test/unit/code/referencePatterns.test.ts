// Ticket references in text (src/code/references/referencePatterns.ts): the configured patterns, ticket links of
// signed-in accounts only, nothing inside other words, and patterns that cannot make matching slow.
import assert from 'node:assert/strict';
import {
  compilePattern,
  compilePatterns,
  completionTarget,
  DEFAULT_PATTERNS,
  findReferences,
  referenceAt,
  referenceText,
  triggerCharacters,
  type ReferencePattern,
} from '../../../src/code/references/referencePatterns';

const ACME = { accountId: 'acme/1', baseUrl: 'https://acme.zendesk.com' };
const ACME_OTHER_USER = { accountId: 'acme/2', baseUrl: 'https://acme.zendesk.com' };
const BETA = { accountId: 'beta/9', baseUrl: 'https://beta.zendesk.com' };
const { patterns: DEFAULTS } = compilePatterns(DEFAULT_PATTERNS);

/** Each reference as `text → what it names`. */
function refs(text: string, patterns: readonly ReferencePattern[] = DEFAULTS, accounts = [ACME], inUse?: string) {
  return findReferences(text, patterns, accounts, inUse).map((r) =>
    r.kind === 'link'
      ? `${text.slice(r.start, r.end)} → ${r.accountId} #${r.ticketId}`
      : `${text.slice(r.start, r.end)} → #${r.ticketId} (${r.pattern.template})`,
  );
}

function pattern(template: string): ReferencePattern {
  const p = compilePattern(template);
  assert.ok(!('problem' in p), `${template}: ${'problem' in p ? p.problem : ''}`);
  return p;
}

describe('ticket references: parsing', () => {
  it('finds ZD-1234 and zendesk#1234 in prose, code and punctuation, with their offsets', () => {
    assert.deepEqual(refs('Fixes ZD-1234 and zendesk#77.'), [
      'ZD-1234 → #1234 (ZD-{id})',
      'zendesk#77 → #77 (zendesk#{id})',
    ]);
    assert.deepEqual(refs('ZD-1'), ['ZD-1 → #1 (ZD-{id})'], 'at the start and the end of the text');
    assert.deepEqual(refs('// see (ZD-12), [ZD-13]: "ZD-14"; ZD-15!'), [
      'ZD-12 → #12 (ZD-{id})',
      'ZD-13 → #13 (ZD-{id})',
      'ZD-14 → #14 (ZD-{id})',
      'ZD-15 → #15 (ZD-{id})',
    ]);
    const [r] = findReferences('a\nb ZD-42 c', DEFAULTS, []);
    assert.deepEqual([r.start, r.end, r.ticketId], [4, 9, 42]);
  });

  it('finds nothing inside other words, nor numbers Zendesk never gives', () => {
    for (const text of [
      'XZD-12',
      'ZD-12a',
      'ZD-12_x',
      '_ZD-12',
      '9ZD-12',
      'éZD-12',
      'ZD-12é',
      'ZD-1٣', // an Arabic-Indic digit continues the number
      'xzendesk#12',
      'zendesk#12b',
      'ZD-0',
      'ZD-007',
      'ZD-',
      'zd-12', // case as configured
      'ZD-1234567890123456', // past 2^53: not an id
    ]) {
      assert.deepEqual(refs(text), [], text);
    }
  });

  it('reads a ticket link only of a signed-in account, as that account, whatever the pattern', () => {
    assert.deepEqual(refs('see https://acme.zendesk.com/agent/tickets/1234.'), [
      'https://acme.zendesk.com/agent/tickets/1234 → acme/1 #1234',
    ]);
    assert.deepEqual(refs('[x](https://beta.zendesk.com/agent/tickets/5)', DEFAULTS, [ACME, BETA]), [
      'https://beta.zendesk.com/agent/tickets/5 → beta/9 #5',
    ]);
    assert.deepEqual(refs('https://acme.zendesk.com/api/v2/tickets/6.json'), [
      'https://acme.zendesk.com/api/v2/tickets/6.json → acme/1 #6',
    ]);
    // Two users of one Zendesk: the one in use.
    assert.deepEqual(refs('https://acme.zendesk.com/agent/tickets/7', DEFAULTS, [ACME, ACME_OTHER_USER], 'acme/2'), [
      'https://acme.zendesk.com/agent/tickets/7 → acme/2 #7',
    ]);
    for (const text of [
      'https://beta.zendesk.com/agent/tickets/5', // not signed in there
      'https://acme.zendesk.com@evil.example/agent/tickets/5', // reads as evil.example
      'https://acme.zendesk.com.evil.example/agent/tickets/5',
      'http://acme.zendesk.com/agent/tickets/5', // another origin
      'https://acme.zendesk.com/agent/tickets/5x',
      'https://acme.zendesk.com/agent/users/5',
    ]) {
      assert.deepEqual(refs(text), [], text);
    }
    assert.deepEqual(refs('https://acme.zendesk.com/agent/tickets/5', DEFAULTS, []), [], 'signed out: no link is one');
  });

  it('takes a pattern inside any link as part of the link, not as a reference', () => {
    assert.deepEqual(refs('https://jira.example/browse/ZD-12 and ZD-13'), ['ZD-13 → #13 (ZD-{id})']);
    assert.deepEqual(refs('https://jira.example/browse/ZD-12', DEFAULTS, []), []);
  });

  it('uses the configured patterns as literal text, special characters included', () => {
    const ps = [pattern('Ticket:{id}'), pattern('(ZD)+{id}'), pattern('#{id}')];
    assert.deepEqual(refs('Ticket:5 (ZD)+6 ZDZD7 #8 a#9', ps), [
      'Ticket:5 → #5 (Ticket:{id})',
      '(ZD)+6 → #6 ((ZD)+{id})',
      '#8 → #8 (#{id})',
    ]);
    // Overlapping patterns: each text once.
    assert.deepEqual(refs('zendesk#3', [pattern('#{id}'), pattern('zendesk#{id}')]), ['zendesk#3 → #3 (zendesk#{id})']);
    assert.equal(referenceText(ps[0], 42), 'Ticket:42');
  });

  it('refuses a pattern it cannot use with words that say how to fix it, and keeps the others', () => {
    const cases: [unknown, RegExp][] = [
      ['ZD-', /needs text and then \{id\} at the end/],
      ['{id}', /needs text and then \{id\} at the end/],
      ['ZD-{id}-x', /needs text and then \{id\} at the end/],
      ['ZD-{id}{id}', /needs text and then \{id\} at the end/],
      ['Z D-{id}', /space or line break/],
      ['ZD1{id}', /ends in a digit/],
      [`${'x'.repeat(31)}{id}`, /too long: keep the text before \{id\} to 30 characters/],
      [42, /must be text with \{id\} at the end/],
    ];
    for (const [template, problem] of cases) {
      const p = compilePattern(template);
      assert.ok('problem' in p, String(template));
      assert.match(p.problem, problem);
    }
    const mixed = compilePatterns(['ZD-{id}', 'oops', 'ZD-{id}', 'T#{id}']);
    assert.deepEqual(
      mixed.patterns.map((p) => p.template),
      ['ZD-{id}', 'T#{id}'],
    );
    assert.equal(mixed.problems.length, 1);
    // None usable, or not a list: the defaults, and the problem said (never references silently off).
    for (const bad of [['oops'], 'ZD-{id}']) {
      const r = compilePatterns(bad);
      assert.deepEqual(
        r.patterns.map((p) => p.template),
        [...DEFAULT_PATTERNS],
      );
      assert.ok(r.problems.length >= 1);
    }
  });

  it('stays linear on hostile text, whatever the pattern (templates are literal text, never a regex)', () => {
    // `(a+)+{id}` as a regex would backtrack exponentially on "aaaa…!"; as a template it is the text "(a+)+".
    const ps = [pattern('(a+)+{id}'), ...DEFAULTS];
    const hostile = [
      'a'.repeat(200_000) + '!',
      'ZD-'.repeat(100_000),
      'ZD-1'.repeat(50_000) + 'x',
      'https://'.repeat(50_000),
    ];
    const started = process.hrtime.bigint();
    for (const text of hostile) findReferences(text, ps, [ACME]);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    assert.ok(ms < 2000, `${ms} ms for ${hostile.reduce((n, t) => n + t.length, 0)} characters`);
  });

  it('finds the reference under a position', () => {
    const line = 'Fix ZD-12 and ZD-13';
    assert.equal(referenceAt(line, 4, DEFAULTS, [])?.ticketId, 12);
    assert.equal(referenceAt(line, 8, DEFAULTS, [])?.ticketId, 12);
    assert.equal(referenceAt(line, 9, DEFAULTS, []), undefined);
    assert.equal(referenceAt(line, 18, DEFAULTS, [])?.ticketId, 13);
  });

  it('completes after a pattern’s text or a bare #, never after a word', () => {
    const at = (before: string) => {
      const t = completionTarget(before, DEFAULTS);
      return t && `${before.slice(t.start)} as ${t.pattern.template}`;
    };
    assert.equal(at('Fix ZD-'), 'ZD- as ZD-{id}');
    assert.equal(at('Fix ZD-12'), 'ZD-12 as ZD-{id}');
    assert.equal(at('#'), '# as ZD-{id}');
    assert.equal(at('Fix (#1'), '#1 as ZD-{id}');
    assert.equal(at('see zendesk#'), 'zendesk# as zendesk#{id}');
    for (const before of ['XZD-', 'a#', 'Fix ZD', 'Fix ZD-12 ', 'ZD-12a']) assert.equal(at(before), undefined, before);
    assert.deepEqual(triggerCharacters(DEFAULTS), ['#', '-']);
  });
});
