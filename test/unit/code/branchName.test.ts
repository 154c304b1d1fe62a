// Branch names from the template: slugs, the length cap, what git refuses, and finding a ticket's existing branches.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import {
  branchIsForTicket,
  branchNameProblem,
  DEFAULT_BRANCH_TEMPLATE,
  fillTemplate,
  MAX_BRANCH_LENGTH,
  sanitizeBranchName,
  slugify,
  templateProblem,
} from '../../../src/code/branchName';

/** What git itself says of a name, when git is installed (the test's cross-check; the extension never runs git). */
function gitTakes(name: string): boolean | undefined {
  try {
    execFileSync('git', ['check-ref-format', '--branch', name], { stdio: 'ignore' });
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : false;
  }
}

describe('branch names for Start Work', () => {
  it('slugs a subject to lowercase ASCII words joined by hyphens', () => {
    assert.equal(slugify('Printer on fire (2nd floor) — ASAP!'), 'printer-on-fire-2nd-floor-asap');
    assert.equal(slugify('Café crème: naïve façade'), 'cafe-creme-naive-facade');
    assert.equal(slugify('   --Hello__World--  '), 'hello-world');
    assert.equal(slugify('打印机着火了'), '');
  });

  it('fills the default template with the id and the slug', () => {
    assert.equal(
      fillTemplate(DEFAULT_BRANCH_TEMPLATE, { id: 1234, subject: 'Printer on fire' }),
      'zd-1234-printer-on-fire',
    );
    assert.equal(
      fillTemplate('{subdomain}/zd-{id}-{slug}', { id: 7, subject: 'Login fails', subdomain: 'Acme' }),
      'acme/zd-7-login-fails',
    );
  });

  it('drops the separator when the subject leaves no slug', () => {
    assert.equal(fillTemplate(DEFAULT_BRANCH_TEMPLATE, { id: 1234, subject: '!!!' }), 'zd-1234');
    assert.equal(fillTemplate('feature/{slug}-zd-{id}', { id: 5, subject: '???' }), 'feature/zd-5');
  });

  it('cuts a long subject at a word, keeping the whole id, within the maximum length', () => {
    const subject = 'The customer portal shows a blank page after login when the session cookie has expired overnight';
    const name = fillTemplate(DEFAULT_BRANCH_TEMPLATE, { id: 987654, subject });
    assert.ok(name.length <= MAX_BRANCH_LENGTH, name);
    assert.ok(name.startsWith('zd-987654-the-customer-portal'), name);
    assert.ok(!name.endsWith('-'), name);
    assert.ok(subject.toLowerCase().replace(/ /g, '-').startsWith(name.slice('zd-987654-'.length)), name);
    // One endless word is cut where the room ends.
    const word = fillTemplate(DEFAULT_BRANCH_TEMPLATE, { id: 1, subject: 'x'.repeat(200) });
    assert.equal(word.length, MAX_BRANCH_LENGTH);
    // The id survives even when the template alone is longer than the cap.
    assert.ok(fillTemplate(`${'p'.repeat(70)}-{id}-{slug}`, { id: 42, subject: 'a b' }).endsWith('-42'));
  });

  it('names every rule of git check-ref-format it refuses', () => {
    for (const bad of [
      '',
      '@',
      'a b',
      'a~1',
      'a^',
      'a:b',
      'a?',
      'a*',
      'a[b',
      'a\\b',
      'a..b',
      'a@{b',
      '-a',
      '/a',
      'a/',
      'a//b',
      'a.',
      '.a',
      'a/.b',
      'a.lock',
      'a/b.lock/c',
      'a\u0007b',
      'a\u007fb',
    ]) {
      assert.ok(branchNameProblem(bad), `git refuses ${JSON.stringify(bad)}`);
      // `@` alone: check-ref-format --branch reads it as HEAD's branch; `git branch @` refuses it.
      if (bad !== '@') assert.notEqual(gitTakes(bad), true, `git itself refuses ${JSON.stringify(bad)}`);
    }
    for (const good of ['zd-1234-printer', 'ada/zd-1/x', 'a.b', 'a@b', 'UPPER_case-1']) {
      assert.equal(branchNameProblem(good), undefined, good);
      assert.notEqual(gitTakes(good), false, `git itself takes ${good}`);
    }
  });

  it('makes names git takes from templates and subjects full of what git refuses', () => {
    const templates = [DEFAULT_BRANCH_TEMPLATE, 'fix/{id} {slug}', '..{id}~{slug}.lock', 'a//b/{id}:{slug}/', '.{id}'];
    const subjects = ['..', 'a b ~ c', '@{x}', '.lock', '', '中文'];
    for (const t of templates) {
      for (const s of subjects) {
        const name = fillTemplate(t, { id: 12, subject: s });
        assert.equal(branchNameProblem(name), undefined, `${t} + ${JSON.stringify(s)} → ${JSON.stringify(name)}`);
        assert.ok(name.includes('12'), name);
        assert.notEqual(gitTakes(name), false, `git itself takes ${name}`);
      }
    }
    assert.equal(sanitizeBranchName('a b..c@{d}/.e.lock'), 'a-b.c@d}/e-lock');
    // What one repair leaves for the next: `@{{` is `@{` once `@{` goes, `x.lock.` ends in `.lock` once `.` goes.
    assert.equal(sanitizeBranchName('a@{{b'), 'a@b');
    assert.equal(sanitizeBranchName('a.lock.'), 'a-lock');
    assert.equal(sanitizeBranchName('a/.lock/-b'), 'a/lock/-b');
  });

  it('makes a name git takes from any template with {id} and any subject, the id in it', () => {
    // Text as people type it into settings and subjects: git's special characters and sequences, dense.
    const piece = fc.constantFrom('.', '..', '/', '//', '@', '@{', '{', '}', '~', '^', ':', '?', '*', '[', '\\', ' ');
    const text = fc
      .array(fc.oneof(piece, fc.constantFrom('.lock', '-', 'a', 'Zd', 'é', '\t', '\u007f'), fc.string()), {
        maxLength: 8,
      })
      .map((parts) => parts.join(''));
    const names: string[] = [];
    fc.assert(
      fc.property(text, text, text, fc.integer({ min: 1, max: 2 ** 40 }), (before, after, subject, id) => {
        const name = fillTemplate(`${before}{id}${after}`, { id, subject });
        assert.equal(branchNameProblem(name), undefined, JSON.stringify(name));
        assert.ok(name.includes(String(id)), name);
        if (names.length < 40) names.push(name);
      }),
      { numRuns: 2000 },
    );
    for (const name of names) assert.notEqual(gitTakes(name), false, `git itself takes ${JSON.stringify(name)}`);
  });

  it('refuses a template without {id}, or one that makes names git refuses', () => {
    assert.ok(templateProblem('feature/{slug}')?.includes('{id}'));
    assert.equal(templateProblem(DEFAULT_BRANCH_TEMPLATE), undefined);
    assert.equal(templateProblem('{subdomain}/{id}-{slug}'), undefined);
  });

  it('finds the branches of a ticket, local or remote, whatever their slug, and no other ticket’s', () => {
    const t = DEFAULT_BRANCH_TEMPLATE;
    assert.ok(branchIsForTicket('zd-1234-printer-on-fire', 1234, t));
    assert.ok(branchIsForTicket('zd-1234-old-subject', 1234, t));
    assert.ok(branchIsForTicket('zd-1234', 1234, t));
    assert.ok(branchIsForTicket('origin/zd-1234-printer', 1234, t, 'origin'));
    assert.ok(branchIsForTicket('ada/zd-1234-printer', 1234, t));
    assert.ok(branchIsForTicket('ZD-1234-Printer', 1234, t));
    assert.ok(!branchIsForTicket('zd-12345-printer', 1234, t));
    assert.ok(!branchIsForTicket('zd-123-printer', 1234, t));
    assert.ok(!branchIsForTicket('xzd-1234-printer', 1234, t));
    assert.ok(!branchIsForTicket('main', 1234, t));
    // A template of the user's own: its shape with the id, and the default shape still.
    const own = 'fix/{id}-{slug}';
    assert.ok(branchIsForTicket('fix/77-login', 77, own));
    assert.ok(branchIsForTicket('origin/fix/77-login', 77, own, 'origin'));
    assert.ok(!branchIsForTicket('fix/770-login', 77, own));
    assert.ok(branchIsForTicket('zd-77-made-before', 77, own));
  });
});
