// The rules the source check applies, on small samples: what it must flag and what it must leave alone.
import * as assert from 'node:assert/strict';
import { findBadCalls, findUnwrapped } from './scan';

const HOST = "import * as vscode from 'vscode';\n";
const flagged = (code: string, file = 'src/sample.ts') => findUnwrapped(file, code).map((f) => f.text);
const bad = (code: string) => findBadCalls('src/sample.ts', code).map((f) => f.why);

describe('the l10n source check', () => {
  it('flags messages, titles, prompts and errors written as plain strings or templates', () => {
    assert.deepEqual(flagged(HOST + "void vscode.window.showInformationMessage('Signed out of Zendesk.');"), ['Signed out of Zendesk.']);
    assert.deepEqual(flagged(HOST + 'throw new Error(`Not signed in to ${id}.`);'), ['Not signed in to ${…}.']);
    assert.deepEqual(flagged(HOST + "const o = { title: 'Zendesk Accounts', placeHolder: 'Pick one' };"), ['Zendesk Accounts', 'Pick one']);
    assert.deepEqual(flagged("const s = 'Cancelled.';"), ['Cancelled.']);
    assert.deepEqual(flagged("const s = 'Loading…';"), ['Loading…']);
    assert.deepEqual(flagged('const a = `Ticket ${t.id}: ${t.subject}, from ${who}`;'), ['Ticket ${…}: ${…}, from ${…}'], 'words kept apart by values');
    assert.deepEqual(flagged('const a = `Copied ${url}`; const b = `Opening #${id}`;'), ['Copied ${…}', 'Opening #${…}'], 'a word that introduces a value');
  });

  it('flags one-word buttons: given to a message, compared with the answer, or kept in a constant first', () => {
    assert.deepEqual(flagged(HOST + "void vscode.window.showWarningMessage(vscode.l10n.t('Sign in again?'), 'Retry');"), ['Retry']);
    assert.deepEqual(flagged(HOST + "if (choice === 'Retry') retry();"), ['Retry']);
    assert.deepEqual(flagged(HOST + "const allow = 'Allow';\nvoid vscode.window.showWarningMessage(vscode.l10n.t('More access?'), allow);"), ['Allow']);
  });

  it('flags the words of a page, not its markup or its style sheet', () => {
    assert.deepEqual(flagged('const p = `<button id="refresh">Refresh</button>`;'), ['<button id="refresh">Refresh</button>']);
    assert.deepEqual(flagged('const p = `<style>body { font-family: system-ui, sans-serif; }</style><p>${x}</p>`;'), []);
  });

  it('leaves alone what is not for a person: logs, imports, ids, URLs, MIME types, CSP, types and keys', () => {
    const code = [
      HOST,
      "import { x } from './some module';",
      "log.info('signed in with the loopback strategy');",
      'this.deps.log?.warn(`refresh failed for ${id}`);',
      "channel.appendLine('a developer line here');",
      "const id = 'zendesk.signIn';",
      "const url = 'https://acme.zendesk.com/agent/tickets';",
      "const mime = 'text/plain; charset=utf-8';",
      "const csp = \"default-src 'none'\";",
      "const policy = \"default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\";",
      'const auth = `Bearer ${token}`;',
      "type Kind = 'public reply' | 'internal note';",
      "const headers = { 'Content Type': 'x' };",
      'const name = `${a} ${b}`;',
      "if (e.name === 'AbortError') stop();",
    ].join('\n');
    assert.deepEqual(flagged(code), []);
  });

  it('compares one-word strings only in the extension host, where buttons are', () => {
    assert.deepEqual(flagged("if (e.key === 'Enter') submit();", 'media/page.js'), []);
  });

  it('leaves a string marked not user-facing with a reason, on its line or the line above', () => {
    assert.deepEqual(flagged("const q = 'assignee:me status<solved'; // l10n: not user-facing (a search query)"), []);
    assert.deepEqual(flagged("// l10n: not user-facing (a tool result)\nfunction f() { return `Tickets of ${v}: none`; }"), []);
    assert.deepEqual(flagged("// l10n: not user-facing\nconst s = 'Tickets of the view';"), ['Tickets of the view'], 'a mark without a reason counts for nothing');
  });

  it('leaves the message of l10n.t alone, not the English passed to it as a value', () => {
    assert.deepEqual(flagged(HOST + "vscode.l10n.t('Signed in as {0}.', name);"), []);
    assert.deepEqual(flagged("l10n.t('Stopped after {0}.', 'a few pages');"), ['a few pages']);
  });

  it('wants one string literal as the message, so the key can be extracted', () => {
    assert.deepEqual(bad("l10n.t('Signed in as {0}.', name);"), []);
    assert.match(bad('l10n.t(`Signed in as ${name}.`);')[0] ?? '', /one string literal/);
    assert.match(bad("vscode.l10n.t('Signed in ' + 'as {0}.', name);")[0] ?? '', /one string literal/);
    assert.match(bad('vscode.l10n.t(message);')[0] ?? '', /one string literal/);
  });

  it('wants the placeholders and the values to match', () => {
    assert.deepEqual(bad("l10n.t('{0} of {1}', a, b);"), []);
    assert.deepEqual(bad("l10n.t('{who} signed in', { who });"), []);
    assert.match(bad("l10n.t('{0} of {1}', a);")[0] ?? '', /2 placeholder\(s\) but 1 value/);
    assert.match(bad("l10n.t('Signed in.', a);")[0] ?? '', /0 placeholder\(s\) but 1 value/);
    assert.match(bad("l10n.t('{1} only', a, b);")[0] ?? '', /\{0\} is skipped/);
    assert.match(bad("l10n.t('{who} signed in', { user });")[0] ?? '', /missing who, unused user/);
  });
});
