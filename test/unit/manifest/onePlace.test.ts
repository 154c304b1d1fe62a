// Issue 23, "one place for each decision": each rule below names the one module that decides a thing, and fails
// when the same decision is written again somewhere else in src/ (a copy of the status list, a scope literal, a
// second way to tell a cancellation). docs/review-issue-23.md lists the rules with the rest of the review.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { findRoot } from '../../support/repoRoot';

const root = findRoot();

/** Every TypeScript file of src/, as a path from the repository root with forward slashes. */
function sources(): string[] {
  return fs
    .readdirSync(path.join(root, 'src'), { recursive: true })
    .map((f) => `src/${String(f).split(path.sep).join('/')}`)
    .filter((f) => f.endsWith('.ts'))
    .sort();
}

/** The code without its comments (block comments and whole-line `//` comments), so prose may name anything. */
function code(file: string): string {
  return fs
    .readFileSync(path.join(root, file), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');
}

interface Rule {
  decision: string;
  pattern: RegExp;
  /** The files allowed to hold it. */
  home: string[];
}

const RULES: Rule[] = [
  {
    decision: 'whether an error is a cancellation (isCancellation), by name too',
    pattern: /['"](?:AbortError|Canceled)['"]/,
    home: ['src/zendesk/errors.ts'],
  },
  {
    // `['read']` is the least-privilege default a sign-in or a read starts from, not a write's scope decision.
    decision: 'which scopes a change needs (tickets/actions.ts); scope sets themselves (zendesk/scopes.ts)',
    pattern: /\[\s*(?:['"]read['"]\s*,\s*)?['"]write['"]\s*\]/,
    // accountSetup.ts: the presets a user picks when adding an account are scope sets, not an action's needs.
    home: ['src/tickets/actions.ts', 'src/zendesk/scopes.ts', 'src/auth/accountSetup.ts'],
  },
  {
    decision: "Zendesk's ticket statuses, in its order",
    pattern: /['"]new['"]\s*,\s*['"]open['"]\s*,\s*['"]pending['"]/,
    home: ['src/zendesk/types.ts'],
  },
  {
    decision: "Zendesk's ticket priorities",
    pattern: /['"]low['"]\s*,\s*['"]normal['"]\s*,\s*['"]high['"]/,
    home: ['src/zendesk/types.ts'],
  },
  {
    decision: 'how text is escaped for HTML or Markdown',
    pattern: /(?:function\s+|const\s+)\w*(?:escape|Escape)(?:Html|HTML|Markdown|Md|Attr)\w*\s*[(=]/,
    home: ['src/escape.ts'],
  },
  {
    decision: 'a Markdown code fence longer than the backtick runs inside (codeFence)',
    pattern: /'`'\.repeat\(/,
    home: ['src/escape.ts'],
  },
  {
    decision: 'literal text in a regular expression (escapeRegExp)',
    pattern: /'\\\\\$&'/,
    home: ['src/escape.ts'],
  },
  {
    decision: "a ticket's agent URL",
    pattern: /\/agent\/tickets\//,
    home: ['src/zendesk/subdomain.ts'],
  },
  {
    decision: 'the logger interface',
    pattern: /\binterface\s+Logger\b/,
    home: ['src/zendesk/types.ts'],
  },
  {
    decision: 'acting as an account: access.withClient only, no client closure that bypasses it',
    pattern: /\breadClient\b/,
    home: [],
  },
  {
    decision: 'test seams: constructor-injected interfaces only, no compile-time flag or wide testing export',
    pattern: /__ZENDESK_TEST_SEAMS__|\bTestingExports\b/,
    home: [],
  },
  {
    // A command asks through the `Ui` it was given (main.ts passes it), so an integration test answers in place of
    // the person; only the real dialogs behind `Ui`'s members call VS Code's.
    decision: "a person's dialog (vscode.window.show…): through `Ui`, whose real members live here",
    pattern:
      /\bwindow\s*\.\s*show(?:QuickPick|InputBox|WarningMessage|InformationMessage|ErrorMessage|OpenDialog|SaveDialog)\b/,
    home: [
      'src/ui/ui.ts',
      'src/ui/messages.ts',
      'src/ui/moreAccess.ts',
      'src/code/codeUi.ts',
      'src/auth/redirectHost.ts',
      'src/lend/index.ts',
      'src/requests/pathPick.ts',
      'src/tickets/assignPicker.ts',
      'src/tickets/detail/followerPicker.ts',
      // Activation failed: there is no `Ui` yet to ask through.
      'src/extension.ts',
      // Not yet through `Ui` (issue 23): a multi-select scope pick, and the "session ended" notice, whose class the
      // status bar's integration test builds by hand.
      'src/auth/accountSetup.ts',
      'src/ui/accountIndicator.ts',
    ],
  },
];

describe('one place for each decision (issue 23)', () => {
  const files = sources();
  const texts = new Map(files.map((f) => [f, code(f)]));

  it('reads the sources it checks', () => {
    assert.ok(files.length > 50, `only ${files.length} files under src/`);
    for (const rule of RULES) {
      for (const home of rule.home) assert.ok(texts.has(home), `${home} (home of ${rule.decision}) is gone`);
    }
  });

  for (const rule of RULES) {
    it(`${rule.decision}: ${rule.home.length ? `only in ${rule.home.join(', ')}` : 'nowhere'}`, () => {
      const found = files.filter((f) => !rule.home.includes(f) && rule.pattern.test(texts.get(f) ?? ''));
      assert.deepEqual(found, [], `written again outside ${rule.home.join(', ') || 'src/'}`);
    });
  }
});
