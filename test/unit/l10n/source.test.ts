// Issue 12: every string a person reads goes through `vscode.l10n.t` (extension host) or `l10n.t` from
// `@vscode/l10n` (plain-Node modules), with a key that can be extracted and placeholders that match.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { type Finding, findBadCalls, findUnwrapped } from './scan';
import { findRoot } from '../../support/repoRoot';


const root = findRoot();

/**
 * Whole files whose text is read by the language model, not by a person: kept in English like the tools'
 * `modelDescription` and input schemas in package.json (as GitHub Pull Requests does). What the user reads of a
 * tool (its progress line, its confirmation, the access it asks for) is localized in tools.ts, format.ts and
 * operations.ts's purposes.
 */
const MODEL_FACING: Record<string, string> = {
  'src/chat/schemas.ts': 'the tools\' input schemas',
  'src/chat/validate.ts': 'input problems returned to the model',
  'src/chat/toolErrors.ts': 'failures returned to the model',
  'src/chat/conversation.ts': 'the trimmed conversation handed to the model',
  'src/chat/operations.ts': 'tool results and refusals returned to the model',
};

function sources(): { file: string; text: string }[] {
  const list = (dir: string, suffix: string) => fs.readdirSync(path.join(root, dir), { recursive: true }).map(String)
    .filter((f) => f.endsWith(suffix) && !f.endsWith('.d.ts')).map((f) => path.join(dir, f));
  return [...list('src', '.ts'), ...list('media', '.js')].filter((f) => !(f.split(path.sep).join('/') in MODEL_FACING)).sort()
    .map((file) => ({ file, text: fs.readFileSync(path.join(root, file), 'utf8') }));
}

function report(findings: Finding[], todo: string): string {
  return `${findings.length} finding(s). ${todo}\n` + findings.map((f) => `  ${f.file}:${f.line}  ${JSON.stringify(f.text)}  (${f.why})`).join('\n');
}

describe('localizable strings in the source', () => {
  const files = sources();

  it('reads the extension\'s sources and the webview scripts, leaving out only the files the model reads', () => {
    for (const f of Object.keys(MODEL_FACING)) assert.ok(fs.existsSync(path.join(root, f)), `${f} is listed as model-facing but does not exist`);
    assert.ok(files.some((f) => f.file === path.join('src', 'extension.ts')), 'src/extension.ts was not read');
    assert.ok(files.some((f) => f.file.startsWith('media')), 'no media script was read');
  });

  it('sends every user-facing string through vscode.l10n.t or l10n.t', () => {
    const findings = files.flatMap((f) => findUnwrapped(f.file, f.text));
    assert.deepEqual(findings, [], report(findings,
      'Wrap each in vscode.l10n.t(\'English {0}\', value) (files that import vscode) or l10n.t from \'@vscode/l10n\' ' +
      '(plain-Node modules); in media/ scripts, render the text from the extension. If a string is not for a person ' +
      '(a log line, an id, markup), put "// l10n: not user-facing (<reason>)" on its line or the line above.'));
  });

  it('gives every l10n.t call an extractable message and placeholders that match its values', () => {
    const findings = files.flatMap((f) => findBadCalls(f.file, f.text));
    assert.deepEqual(findings, [], report(findings, 'Use one string literal with {0}, {1}… (or {name} and one object) for the values.'));
  });
});
