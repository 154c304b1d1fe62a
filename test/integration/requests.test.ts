// Request files in the real extension host, against the sandbox: send from a document, Send All Pages with
// cancel, references to an earlier response, the confirmation of writes, the refusals, and no token anywhere.
//
// The clicks on a modal, a progress notification's Cancel or a quick pick are answers to the test build's `Ui`
// (`answering` in ./helpers), as every suite's dialogs are.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import * as vscode from 'vscode';
import type { SendOutcome } from '../../src/requests/commands';
import type { HistoryEntry } from '../../src/requests/history';
import { FIXTURES } from '../sandbox';
import type { Ui } from '../../src/ui/ui';
import { SEARCH_RESULT_CAP } from '../../src/requests/paging';
import type { Sandbox } from '../sandbox';
import {
  answering,
  confirming,
  publicAccount,
  registerLoopback,
  sandboxForVsCode,
  ScriptedBrowser,
  setSetting,
  testing,
  until,
  useSandbox,
} from './helpers';

const SEND = 'zendesk.requests.send';
const ALL_PAGES = 'zendesk.requests.sendAllPages';

describe('request files (extension host, against the sandbox)', () => {
  const env = useSandbox();
  let counter = 0;

  async function signIn(scopes = ['read', 'write']): Promise<void> {
    const t = await testing();
    t.ui.openExternal = new ScriptedBrowser().open;
    await t.provider.createSession(scopes, {});
    // Request files see the account once the account list has reloaded: wait until a hover shows the user's email.
    const probe = await vscode.workspace.openTextDocument({
      language: 'zendesk',
      content: 'GET /api/v2/users/{{me.email}}.json\n',
    });
    await until(async () => (await hoverText(probe, 0, 22)).includes(FIXTURES.users.agent));
  }

  async function open(text: string): Promise<vscode.TextDocument> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(folder, 'the test workspace has a folder');
    const uri = vscode.Uri.joinPath(folder, `test-${++counter}.zendesk`);
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    return doc;
  }

  /** Send Request on `line`; `answers.confirm` answers the write confirmation if it is asked. */
  const send = async (doc: vscode.TextDocument, line: number, answers?: { confirm: boolean }): Promise<SendOutcome> =>
    answering(answers ? confirming(answers.confirm) : {}, async () =>
      vscode.commands.executeCommand<SendOutcome>(SEND, doc.uri, line),
    );
  const history = (pick: (entries: readonly vscode.QuickPickItem[]) => vscode.QuickPickItem | undefined) =>
    answering({ showQuickPick: async (items) => pick(items) as (typeof items)[number] | undefined }, async () =>
      vscode.commands.executeCommand<{ entries: HistoryEntry[]; outcome?: SendOutcome }>('zendesk.requests.history'),
    );
  const asked = (route: string): number => env.sandbox.admin.counters().requests[route] ?? 0;
  const responseDocs = (): vscode.TextDocument[] =>
    vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'zendesk-response');
  const responseText = (outcome: SendOutcome): string => {
    const doc = responseDocs().find((d) => d.uri.toString() === outcome.responseUri);
    assert.ok(doc, `no response document ${outcome.responseUri}`);
    return doc.getText();
  };
  const responseTabs = (): vscode.Tab[] =>
    vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.scheme === 'zendesk-response');

  afterEach(async () => {
    const ui = (await testing()).ui;
    delete ui.confirmSendFirst;
    delete ui.showInputBox;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setSetting('requests.confirmWrites', undefined);
    await setSetting('requests.responseView', undefined);
  });

  it('opens .zendesk files as Zendesk requests, with a lens per request and diagnostics on mistakes', async () => {
    await signIn();
    const doc = await open('GET /api/v2/tickets.json\n\n###\nGET /api/v2/tickets/1.json\nAuthorization: Bearer abc\n');
    assert.equal(doc.languageId, 'zendesk');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    assert.deepEqual(
      lenses.map((l) => [l.range.start.line, l.command?.title]),
      [
        [0, 'Send Request'],
        [0, 'Send All Pages'],
        [3, 'Send Request (1 problem to fix)'],
      ],
    );
    await until(() => vscode.languages.getDiagnostics(doc.uri).length > 0);
    const [d] = vscode.languages.getDiagnostics(doc.uri);
    assert.deepEqual(
      [d.range.start.line, d.range.start.character, d.range.end.character, d.severity],
      [4, 0, 25, vscode.DiagnosticSeverity.Error],
    );
    assert.match(d.message, /Remove this Authorization header: the token is added from your signed-in Zendesk session/);
    // Each request folds from its ### line to its last line.
    const folds = await vscode.commands.executeCommand<vscode.FoldingRange[]>(
      'vscode.executeFoldingRangeProvider',
      doc.uri,
    );
    assert.deepEqual(
      folds.map((f) => [f.start, f.end]),
      [[2, 4]],
    );
  });

  it('sends a request from a document and shows the answer in one reused tab titled method, path, status and time', async () => {
    await signIn();
    const doc = await open('GET /api/v2/tickets/1.json\n\n###\nGET /api/v2/tickets/999999.json\n');
    const ok = await send(doc, 0);
    assert.equal(ok.status, 200, ok.error);
    assert.match(ok.title ?? '', /^GET \/api\/v2\/tickets\/1\.json · 200 · \d+ ms$/);
    const text = responseText(ok);
    assert.match(text, /^\/\/ GET \/api\/v2\/tickets\/1\.json · 200 OK · \d+ ms · [\d.]+ k?B\n/);
    assert.match(text, /\n\/\/ Rate limit: \d+ of 700 requests left this minute/);
    assert.match(text, /\n\/\/ x-rate-limit: 700\n/);
    assert.equal((JSON.parse(text.slice(text.indexOf('\n{') + 1)) as { ticket: { id: number } }).ticket.id, 1);
    assert.equal(responseTabs().length, 1);
    assert.equal(responseTabs()[0].label, ok.title?.replace(/\//g, '\u2215'));

    const missing = await send(doc, 3);
    assert.equal(missing.status, 404, 'a 404 is shown, not thrown');
    assert.match(responseText(missing), /"error": "RecordNotFound"/);
    assert.deepEqual(
      responseTabs().map((t) => t.label),
      [missing.title?.replace(/\//g, '\u2215')],
      'the tab was reused',
    );

    await setSetting('requests.responseView', 'newTab');
    await send(doc, 0);
    assert.equal(responseTabs().length, 2, 'newTab opens another');
  });

  it('Send All Pages gathers every page, and Cancel stops it with what it has', async () => {
    await signIn();
    const doc = await open('GET /api/v2/tickets.json?page[size]=10\n');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    const all = lenses.find((l) => l.command?.title === 'Send All Pages');
    assert.ok(all?.command);
    const before = asked('GET /api/v2/tickets');
    const done = (await vscode.commands.executeCommand<SendOutcome>(
      all.command.command,
      ...(all.command.arguments ?? []),
    )) as SendOutcome;
    assert.deepEqual({ pages: done.pages, stop: done.stop }, { pages: 5, stop: 'done' });
    const gathered = JSON.parse(responseText(done).replace(/^\/\/.*\n/gm, '')) as { tickets: { id: number }[] };
    assert.deepEqual(
      gathered.tickets.map((t) => t.id),
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    assert.equal(asked('GET /api/v2/tickets') - before, 5);

    const mid = asked('GET /api/v2/tickets');
    const cancelled = await answering({ withProgress: cancelAfterPages(2) }, async () =>
      vscode.commands.executeCommand<SendOutcome>(ALL_PAGES, doc.uri, 0),
    );
    assert.deepEqual({ pages: cancelled.pages, stop: cancelled.stop }, { pages: 2, stop: 'cancelled' });
    assert.equal(asked('GET /api/v2/tickets') - mid, 2, 'no page was asked after Cancel');
    assert.match(responseText(cancelled), /\n\/\/ Cancelled after 2 pages\.\n/);
  });

  it('fills in a reference to an earlier named response once that request was sent', async () => {
    await signIn();
    const doc = await open(
      [
        '# @name create',
        'POST /api/v2/tickets.json',
        'Content-Type: application/json',
        '',
        '{"ticket": {"subject": "Made by {{me.email}}", "comment": {"body": "From a request file"}}}',
        '',
        '###',
        'GET /api/v2/tickets/{{create.response.body.ticket.id}}.json',
        '',
      ].join('\n'),
    );
    // Not sent yet: it asks to send "create" first; No sends nothing.
    const questions: string[] = [];
    (await testing()).ui.confirmSendFirst = async (q) => (questions.push(q), false);
    const before = asked('POST /api/v2/tickets');
    const early = await send(doc, 7);
    assert.equal(early.sent, false);
    assert.deepEqual(questions, ['This request needs the response of "create" (line 2), not sent yet. Send it first?']);
    assert.equal(asked('POST /api/v2/tickets'), before, 'nothing was sent');

    const created = await send(doc, 1, { confirm: true });
    assert.equal(created.status, 201, created.error);
    const id = (JSON.parse(responseText(created).replace(/^\/\/.*\n/gm, '')) as { ticket: { id: number } }).ticket.id;
    const shown = await send(doc, 7);
    assert.equal(shown.status, 200, shown.error);
    assert.match(shown.title ?? '', new RegExp(`^GET /api/v2/tickets/${id}\\.json · 200`));
    assert.match(responseText(shown), /"subject": "Made by agent@sandbox\.test"/);
  });

  it('sends a chained create-then-get with the id in a file variable, sending the create first when asked', async () => {
    await signIn();
    await setSetting('requests.confirmWrites', false);
    const doc = await open(
      [
        '@id = {{create.response.body.$.ticket.id}}',
        '',
        '# @name create',
        'POST /api/v2/tickets.json',
        '',
        '{"ticket": {"subject": "Chained", "comment": {"body": "From a request file"}}}',
        '',
        '###',
        'GET /api/v2/tickets/{{id}}.json',
        '',
      ].join('\n'),
    );
    assert.deepEqual(vscode.languages.getDiagnostics(doc.uri), []);
    const questions: string[] = [];
    (await testing()).ui.confirmSendFirst = async (q) => (questions.push(q), true);
    const before = asked('POST /api/v2/tickets');
    const got = await send(doc, 8);
    assert.equal(got.status, 200, got.error);
    assert.equal(questions.length, 1, 'asked once to send "create" first');
    assert.equal(asked('POST /api/v2/tickets'), before + 1, 'the create was sent once');
    const ticket = (
      JSON.parse(responseText(got).replace(/^\/\/.*\n/gm, '')) as { ticket: { id: number; subject: string } }
    ).ticket;
    assert.equal(ticket.subject, 'Chained');
    assert.match(got.title ?? '', new RegExp(`^GET /api/v2/tickets/${ticket.id}\\.json · 200`));
    // Sent again, the kept response answers: nothing is asked and no second ticket is made.
    const again = await send(doc, 8);
    assert.equal(again.status, 200, again.error);
    assert.deepEqual([questions.length, asked('POST /api/v2/tickets')], [1, before + 1]);
  });

  it('uploads the bytes of "< ./file.png" byte for byte, and refuses a file outside the workspace', async () => {
    await signIn();
    await setSetting('requests.confirmWrites', false);
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(folder);
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 0x7f, 0x80, 0xfe, 0xff]);
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, 'shot.png'), bytes);
    const doc = await open(
      [
        'POST /api/v2/uploads.json?filename=shot.png',
        'Content-Type: image/png',
        '',
        '< ./shot.png',
        '',
        '###',
        'POST /api/v2/uploads.json?filename=secret.txt',
        '',
        '< ../outside-the-workspace.txt',
      ].join('\n'),
    );
    const sent = await send(doc, 0);
    assert.equal(sent.status, 201, sent.error);
    const upload = (
      JSON.parse(responseText(sent).replace(/^\/\/.*\n/gm, '')) as {
        upload: { attachment: { content_url: string; content_type: string; size: number } };
      }
    ).upload.attachment;
    assert.deepEqual([upload.content_type, upload.size], ['image/png', bytes.length]);
    const stored = await fetch(upload.content_url);
    assert.deepEqual(new Uint8Array(await stored.arrayBuffer()), bytes, 'the sandbox stored other bytes than the file');

    const outsidePath = path.join(path.dirname(folder.fsPath), 'outside-the-workspace.txt');
    fs.writeFileSync(outsidePath, 'not for Zendesk');
    try {
      const before = asked('POST /api/v2/uploads');
      const refused = await send(doc, 6);
      assert.equal(refused.sent, false);
      assert.match(
        refused.error ?? '',
        /Refusing to send "\.\.\/outside-the-workspace\.txt": it is outside the workspace/,
      );
      assert.equal(asked('POST /api/v2/uploads'), before, 'the sandbox got nothing');
    } finally {
      fs.rmSync(outsidePath, { force: true });
    }
  });

  it('fills {{$dotenv NAME}} from the nearest .env in the workspace, and says which name is missing', async () => {
    await signIn();
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(folder);
    const dir = vscode.Uri.joinPath(folder, 'dotenv-requests');
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(dir, '.env'), Buffer.from('# local values\nTICKET=1\n'));
    const uri = vscode.Uri.joinPath(dir, 'tickets', 'show.zendesk');
    const text = 'GET /api/v2/tickets/{{$dotenv TICKET}}.json\n\n###\nGET /api/v2/tickets/{{$dotenv OTHER}}.json\n';
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text));
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      const shown = await send(doc, 0);
      assert.equal(shown.status, 200, shown.error);
      assert.match(shown.title ?? '', /^GET \/api\/v2\/tickets\/1\.json · 200/);
      const before = asked('GET /api/v2/tickets/{id}');
      const missing = await send(doc, 3);
      assert.equal(missing.sent, false);
      assert.match(missing.error ?? '', /\{\{\$dotenv OTHER\}\}: \.\.\/\.env has no line "OTHER=\.\.\."/);
      assert.equal(asked('GET /api/v2/tickets/{id}'), before, 'nothing was sent');
    } finally {
      await vscode.workspace.fs.delete(dir, { recursive: true });
    }
  });

  it('Import cURL turns a pasted docs command into a request without its credential, which then sends', async () => {
    await signIn();
    type Imported = { text?: string; notes?: string[]; document?: string; error?: string };
    const importing = (pasted: string) =>
      answering({ showInputBox: async () => pasted }, async () =>
        vscode.commands.executeCommand<Imported>('zendesk.requests.importCurl'),
      );
    const secret = 'dGhpcyBpcyBhIHRva2Vu';
    const imported = await importing(
      `curl https://{subdomain}.zendesk.com/api/v2/tickets/1.json \\\n  -v -u agent@sandbox.test/token:${secret}`,
    );
    assert.deepEqual(imported.notes, ['The credential (-u) was dropped: your signed-in session supplies the token.']);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === imported.document);
    assert.ok(doc, 'the request opened in a new document');
    assert.equal(doc.languageId, 'zendesk');
    const text = doc.getText();
    assert.ok(!text.includes(secret), text);
    assert.match(text, /^# The credential \(-u\) was dropped: your signed-in session supplies the token\.$/m);
    const line = text.split('\n').indexOf('GET /api/v2/tickets/1.json');
    assert.ok(line >= 0, text);
    const before = asked('GET /api/v2/tickets/{id}');
    const sent = await send(doc, line);
    assert.equal(sent.status, 200, sent.error);
    assert.equal(asked('GET /api/v2/tickets/{id}'), before + 1);

    // Into the request file in the editor: a request of its own after "###", the one there kept.
    const file = await open('GET /api/v2/users/me.json\n');
    const added = await importing(
      'curl https://{subdomain}.zendesk.com/api/v2/groups.json -u {email_address}/token:{api_token}',
    );
    assert.equal(added.document, file.uri.toString());
    assert.ok(file.getText().startsWith('GET /api/v2/users/me.json\n\n###\n'), file.getText());
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', file.uri);
    const sendLines = lenses.filter((l) => l.command?.title === 'Send Request').map((l) => l.range.start.line);
    assert.deepEqual(
      sendLines.map((l) => file.lineAt(l).text),
      ['GET /api/v2/users/me.json', 'GET /api/v2/groups.json'],
    );
    assert.deepEqual(vscode.languages.getDiagnostics(file.uri), []);
  });

  it('asks for "# @prompt" values when sending (a secret-looking one hidden); Cancel sends nothing', async () => {
    await signIn();
    const asks: vscode.InputBoxOptions[] = [];
    const answers = ['1', 'unused'];
    (await testing()).ui.showInputBox = async (o) => (asks.push(o), answers.shift());
    const doc = await open(
      '# @prompt ticket_id The ticket to show\n# @prompt api_token\nGET /api/v2/tickets/{{ticket_id}}.json\n',
    );
    const before = asked('GET /api/v2/tickets/{id}');
    const shown = await send(doc, 2);
    assert.equal(shown.status, 200, shown.error);
    assert.match(shown.title ?? '', /^GET \/api\/v2\/tickets\/1\.json · 200/);
    assert.deepEqual(
      asks.map((o) => [o.prompt, o.password]),
      [
        ['The ticket to show', false],
        ['A value for {{api_token}}', true],
      ],
    );
    (await testing()).ui.showInputBox = async () => undefined;
    const cancelled = await send(doc, 2);
    assert.deepEqual([cancelled.sent, cancelled.status], [false, undefined]);
    assert.equal(asked('GET /api/v2/tickets/{id}'), before + 1, 'Cancel sent nothing');
  });

  it('asks before a write, naming method, path and account; "no" sends nothing; the setting turns it off', async () => {
    await signIn();
    const doc = await open('PUT /api/v2/tickets/2.json\n\n{"ticket": {"tags": ["from-a-file"]}}\n');
    const before = asked('PUT /api/v2/tickets/{id}');
    const declined = await send(doc, 0, { confirm: false });
    assert.equal(declined.sent, false);
    assert.match(declined.confirmation ?? '', /^Send PUT \/api\/v2\/tickets\/2\.json to .+ \(sandbox\)\?$/);
    assert.equal(asked('PUT /api/v2/tickets/{id}'), before, 'nothing was sent');

    const accepted = await send(doc, 0, { confirm: true });
    assert.equal(accepted.status, 200);
    assert.equal(asked('PUT /api/v2/tickets/{id}'), before + 1);

    await setSetting('requests.confirmWrites', false);
    const unasked = await send(doc, 0, { confirm: false });
    assert.equal(unasked.status, 200, 'with confirmWrites off the answer is never asked for');
    assert.equal(unasked.confirmation, undefined);

    const get = await send(await open('GET /api/v2/tickets/2.json\n'), 0, { confirm: false });
    assert.equal(get.status, 200, 'a GET is never confirmed');
    assert.equal(get.confirmation, undefined);
  });

  it('refuses another host and a written Authorization header before anything is sent', async () => {
    await signIn();
    const hits: string[] = [];
    const other = http.createServer((req, res) => {
      hits.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
      res.end('{}');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const port = (other.address() as AddressInfo).port;
      const sandboxPort = new URL(env.sandbox.url).port;
      const doc = await open(
        [
          `GET http://127.0.0.1:${port}/api/v2/tickets.json`,
          '',
          '###',
          `# @account sandbox`,
          `GET http://localhost:${sandboxPort}/api/v2/tickets.json`,
          '',
          '###',
          '@elsewhere = http://127.0.0.1:' + port,
          '# @account sandbox',
          'GET {{elsewhere}}/api/v2/tickets.json',
          '',
          '###',
          'GET /api/v2/tickets.json',
          'Authorization: Bearer written-in-the-file',
          '',
        ].join('\n'),
      );
      const before = asked('GET /api/v2/tickets');
      for (const line of [0, 4, 9]) {
        const r = await send(doc, line);
        assert.equal(r.sent, false, `line ${line}`);
        assert.match(r.error ?? '', /^HostNotAllowedError: Refusing to send/, `line ${line}`);
      }
      const written = await send(doc, 12);
      assert.equal(written.sent, false);
      assert.match(
        written.error ?? '',
        /Line 14: Remove this Authorization header: the token is added from your signed-in Zendesk session/,
      );
      assert.deepEqual(hits, [], 'the other server got nothing');
      assert.equal(asked('GET /api/v2/tickets'), before, 'the sandbox got nothing');
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });

  it('refuses headers that reroute a request or override its method: a diagnostic on the header, nothing sent', async () => {
    await signIn();
    const doc = await open(
      [
        'GET /api/v2/tickets.json',
        'Host: evil.example',
        '',
        '###',
        'POST /api/v2/tickets.json',
        'X-HTTP-Method-Override: DELETE',
        '',
        '{"ticket": {}}',
        '',
        '###',
        'GET /api/v2/tickets.json',
        'X-Forwarded-Host: evil.example',
        'Accept-Language: de',
        '',
      ].join('\n'),
    );
    await until(() => vscode.languages.getDiagnostics(doc.uri).length === 3);
    const diagnostics = vscode.languages.getDiagnostics(doc.uri);
    assert.deepEqual(
      diagnostics.map((d) => [d.range.start.line, d.range.start.character, d.range.end.character, d.severity]),
      [
        [1, 0, 18, vscode.DiagnosticSeverity.Error],
        [5, 0, 30, vscode.DiagnosticSeverity.Error],
        [11, 0, 30, vscode.DiagnosticSeverity.Error],
      ],
    );
    assert.match(
      diagnostics[0].message,
      /^Remove the Host header: the request goes to the address on the request line/,
    );
    assert.match(
      diagnostics[1].message,
      /^Remove the X-HTTP-Method-Override header: write the method you want at the start of the request line/,
    );
    const before = [asked('GET /api/v2/tickets'), asked('POST /api/v2/tickets')];
    for (const [line, reported] of [
      [0, 2],
      [4, 6],
      [10, 12],
    ]) {
      const r = await send(doc, line, { confirm: true });
      assert.equal(r.sent, false, `line ${line}`);
      assert.match(r.error ?? '', new RegExp(`Line ${reported}: Remove the `), `line ${line}`);
      assert.equal(r.confirmation, undefined, 'refused before the confirmation');
    }
    assert.deepEqual([asked('GET /api/v2/tickets'), asked('POST /api/v2/tickets')], before, 'the sandbox got nothing');
  });

  it('puts the cap on variables that grow exponentially; hover and Send finish and say so', async () => {
    await signIn();
    // Eleven variables, each using the next five times: 48 million characters if filled in.
    const vars = Array.from({ length: 11 }, (_, i) => `@v${i} = ${i === 10 ? 'xxxxx' : `{{v${i + 1}}}`.repeat(5)}`);
    const doc = await open([...vars, 'GET /api/v2/search.json?query={{v0}}', ''].join('\n'));
    await until(() => vscode.languages.getDiagnostics(doc.uri).length > 0);
    const capped = vscode.languages.getDiagnostics(doc.uri);
    assert.deepEqual(
      capped.map((d) => [d.range.start.line, d.range.start.character, d.range.end.character]),
      [
        [0, 1, 3],
        [1, 1, 3],
        [2, 1, 3],
      ],
    );
    assert.match(
      capped[0].message,
      /^@v0 fills in to more than 1000000 characters: its variables refer to each other too many times/,
    );
    assert.match(
      await hoverText(doc, 11, 32),
      /Filling in stops at \\{\\{v0\\}\\}\\?: the text grows past 1000000 characters/,
    );
    assert.match(await hoverText(doc, 3, 8), /x{500}/, 'a variable under the cap shows its value');
    const r = await send(doc, 11);
    assert.equal(r.sent, false);
    assert.match(r.error ?? '', /^RequestProblem: Line 1: @v0 fills in to more than 1000000 characters/);
  });

  it('shows the body it will send in the write confirmation', async () => {
    await signIn();
    const doc = await open(
      '@tag = from-a-file\nPUT /api/v2/tickets/2.json\n\n{\n  "ticket": {\n    "tags": ["{{tag}}"]\n  }\n}\n',
    );
    const declined = await send(doc, 1, { confirm: false });
    assert.equal(declined.sent, false);
    assert.match(declined.confirmationDetail ?? '', /^Body: \{"ticket":\{"tags":\["from-a-file"\]\}\}\n/);
  });

  it('sends from "Send API Request…": a GET at once, a POST through a prefilled request file', async () => {
    await signIn();
    const sendApiRequest = (method: string, path: string) =>
      answering(
        {
          showQuickPick: async (items) => items.find((i) => i.label === method),
          pickRequestPath: async () => path,
        },
        async () => vscode.commands.executeCommand<SendOutcome>('zendesk.requests.sendApiRequest'),
      );
    const me = await sendApiRequest('GET', '/api/v2/users/me.json');
    assert.equal(me.status, 200, me.error);
    assert.match(responseText(me), /"email": "agent@sandbox\.test"/);

    const draft = await sendApiRequest('POST', '/api/v2/tickets.json');
    assert.equal(draft.sent, false);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === draft.document);
    assert.ok(doc);
    assert.equal(doc.languageId, 'zendesk');
    assert.match(
      doc.getText(),
      /^# POST \/api\/v2\/tickets\.json\n# Write the JSON body below.*\n# @account sandbox\nPOST \/api\/v2\/tickets\.json\nContent-Type: application\/json\n\n\{\n {2}"ticket"/,
    );
    const created = await send(doc, 3, { confirm: true });
    assert.equal(created.status, 201, created.error);
    // The draft is an unsaved untitled document: close it without the "Save?" dialog.
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it("completes methods, endpoint paths and variables; hover shows a variable's value; the history sends again", async () => {
    await signIn();
    const doc = await open(
      '@ticket = 35\n# @name self\nGET /api/v2/users/me.json\n\n###\nGET /api/v2/tickets/{{ticket}}.json\nIdempotency-Key: {{me.email}}\n\n###\nGET \n',
    );
    const labels = async (line: number, character: number): Promise<string[]> => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        doc.uri,
        new vscode.Position(line, character),
      );
      return list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    };
    const paths = await labels(9, 4);
    assert.ok(
      paths.includes('/api/v2/tickets.json') && paths.includes('/api/v2/tickets/{ticket_id}.json'),
      paths.join(', '),
    );
    assert.ok(
      !paths.includes('/api/v2/tickets/{ticket_id}/comments/{comment_id}/make_private.json'),
      'only GET endpoints after GET',
    );
    const vars = await labels(6, 19);
    for (const v of ['subdomain', 'me.id', 'me.email', 'ticket', 'self.response.body.$']) {
      assert.ok(vars.includes(v), `${v} in ${vars.join(', ')}`);
    }
    assert.ok((await labels(2, 0)).includes('GET'));

    const hover = (line: number, character: number): Promise<string> => hoverText(doc, line, character);
    assert.match(await hover(5, 24), /35/);
    assert.match(await hover(6, 22), /agent@sandbox\.test/);
    assert.match(await hover(6, 22), /From the session of/);

    assert.equal((await send(doc, 2)).status, 200);
    const again = await history((entries) => entries[0]);
    assert.equal(again.entries[0].path, '/api/v2/users/me.json');
    assert.equal(again.outcome?.status, 200, again.outcome?.error);
    assert.match(again.outcome?.title ?? '', /^GET \/api\/v2\/users\/me\.json · 200/);
  });

  it('leaves no token anywhere: documents, response tabs, history, Copy as cURL, the log', async () => {
    await signIn();
    const t = await testing();
    const tokensOf = async (): Promise<string[]> =>
      (await t.store.list()).flatMap((s) => [s.accessToken, s.refreshToken]).filter((s): s is string => !!s);
    const first = await tokensOf();
    const doc = await open(
      '# @name self\nGET /api/v2/users/me.json\n\n###\nPUT /api/v2/tickets/3.json\n\n{"ticket": {"tags": ["x"]}}\n\n###\nGET /api/v2/tickets.json?page[size]=25\n',
    );
    assert.equal((await send(doc, 1)).status, 200);
    assert.equal((await send(doc, 5, { confirm: true })).status, 200);
    assert.equal(
      ((await vscode.commands.executeCommand<SendOutcome>(ALL_PAGES, doc.uri, 10)) as SendOutcome).stop,
      'done',
    );
    // An expired token forces a refresh mid-run, so two token pairs have existed.
    env.sandbox.admin.expireTokens('agent@sandbox.test');
    assert.equal((await send(doc, 1)).status, 200);

    const curlFromTab = await vscode.commands.executeCommand<string>(
      'zendesk.requests.copyAsCurl',
      vscode.Uri.parse(responseDocs()[0].uri.toString()),
    );
    const curlFromFile = await vscode.commands.executeCommand<string>('zendesk.requests.copyAsCurl', doc.uri, 5);
    assert.match(curlFromFile ?? '', /-H "Authorization: Bearer \$ZENDESK_TOKEN"/);
    const listed = await history(() => undefined);
    assert.deepEqual(
      listed.entries.slice(0, 4).map((e) => `${e.method} ${e.path} ${e.status}`),
      [
        'GET /api/v2/users/me.json 200',
        'GET /api/v2/tickets.json?page[size]=25 200',
        'PUT /api/v2/tickets/3.json 200',
        'GET /api/v2/users/me.json 200',
      ],
    );

    const secrets = [...new Set([...first, ...(await tokensOf())])];
    assert.equal(secrets.length, 4, 'the first pair and the refreshed pair');
    const logDir = t.logUri.fsPath;
    await until(() => readAll(logDir).includes('[requests] PUT /api/v2/tickets/3.json → 200'));
    const places: [string, string][] = [
      ...vscode.workspace.textDocuments.map((d): [string, string] => [d.uri.toString(), d.getText()]),
      ['history', JSON.stringify(listed)],
      ['curl', `${curlFromTab ?? ''}\n${curlFromFile ?? ''}`],
      ['clipboard', await vscode.env.clipboard.readText()],
      ['log', readAll(logDir)],
    ];
    assert.ok(
      places.some(([where]) => where.startsWith('zendesk-response:')),
      'response tabs were checked',
    );
    for (const [where, text] of places) {
      for (const s of secrets) assert.ok(!text.includes(s), `a token is in ${where}`);
      // What the extension wrote carries no bearer credential of any kind (the test files may, on purpose).
      if (!where.startsWith('file:')) {
        assert.ok(
          !/Bearer (?!\$ZENDESK_TOKEN|\*\*\*)[A-Za-z0-9._~+/=-]{8,}/.test(text),
          `a bearer credential is in ${where}`,
        );
      }
    }
  });

  it('"Clear Request History" asks first: Cancel keeps every entry, Clear empties it', async () => {
    await signIn();
    const doc = await open('GET /api/v2/users/me.json\n');
    assert.equal((await send(doc, 0)).status, 200);
    assert.equal((await send(doc, 0)).status, 200);
    const entries = async () => (await history(() => undefined)).entries;
    const before = (await entries()).length;
    assert.ok(before >= 2);
    type Cleared = { cleared: boolean; confirmation: string };
    const clear = (yes: boolean) =>
      answering(confirming(yes), async () => vscode.commands.executeCommand<Cleared>('zendesk.requests.clearHistory'));
    const kept = await clear(false);
    assert.equal(kept.confirmation, `Clear the Zendesk request history (${before} requests)?`);
    assert.equal(kept.cleared, false);
    assert.equal((await entries()).length, before, 'Cancel cleared the history');
    const cleared = await clear(true);
    assert.equal(cleared.cleared, true);
    assert.deepEqual(await entries(), []);
  });

  describe('Send All Pages on search, with more matches than search returns', () => {
    let big: Sandbox;
    const searches = (): number => big.admin.counters().requests['GET /api/v2/search'] ?? 0;
    before(async () => {
      big = (await sandboxForVsCode({ tickets: SEARCH_RESULT_CAP + 50, seed: 4 })).sandbox;
    });
    after(async () => big?.close());
    beforeEach(async () => {
      registerLoopback(big, env.loopbackUri);
      await setSetting('accounts', [publicAccount(big)]);
    });

    it("follows search's next_page, stops at Zendesk's 1,000-result cap and says so", async () => {
      await signIn();
      const doc = await open(
        'GET /api/v2/search.json?query=type:ticket\n\n###\nGET /api/v2/search.json\n    ?query=type:ticket%20status:new\n',
      );
      const before = searches();
      const capped = await vscode.commands.executeCommand<SendOutcome>(ALL_PAGES, doc.uri, 0);
      assert.deepEqual({ pages: capped.pages, stop: capped.stop }, { pages: 10, stop: 'result-cap' }, capped.error);
      assert.equal(searches() - before, 10, 'no eleventh page, which Zendesk refuses, was asked');
      const text = responseText(capped);
      assert.match(
        text,
        new RegExp(`Stopped at Zendesk's cap of 1000 search results \\(${SEARCH_RESULT_CAP + 50} match\\)`),
      );
      const ids = (JSON.parse(text.replace(/^\/\/.*\n/gm, '')) as { results: { id: number }[] }).results.map(
        (r) => r.id,
      );
      assert.deepEqual([ids.length, new Set(ids).size], [1000, 1000], 'each result once');

      // A narrower query ends where next_page is null, with every match.
      const mid = searches();
      const all = await vscode.commands.executeCommand<SendOutcome>(ALL_PAGES, doc.uri, 4);
      assert.equal(all.stop, 'done', all.error);
      const body = JSON.parse(responseText(all).replace(/^\/\/.*\n/gm, '')) as { results: unknown[]; count: number };
      assert.ok(body.results.length > 0 && body.results.length < 1000, `${body.results.length} new tickets`);
      assert.equal(searches() - mid, all.pages);
      assert.equal(all.pages, Math.ceil(body.results.length / 100));
    });
  });
});

/** The text of the hovers at a position. */
async function hoverText(doc: vscode.TextDocument, line: number, character: number): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
    'vscode.executeHoverProvider',
    doc.uri,
    new vscode.Position(line, character),
  );
  return hovers
    .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')))
    .join('\n');
}

/** Every file under a folder, concatenated (the extension's log folder). */
function readAll(dir: string): string {
  if (!fs.existsSync(dir)) return '';
  return fs
    .readdirSync(dir, { recursive: true })
    .map((f) => path.join(dir, String(f)))
    .filter((f) => fs.statSync(f).isFile())
    .map((f) => fs.readFileSync(f, 'utf8'))
    .join('\n');
}

/** Presses the progress notification's Cancel once `pages` pages are in (its message then reads "page N, …"). */
function cancelAfterPages(pages: number): Ui['withProgress'] {
  return <R>(
    _options: vscode.ProgressOptions,
    task: (progress: vscode.Progress<{ message?: string }>, token: vscode.CancellationToken) => Thenable<R>,
  ): Thenable<R> => {
    const cancel = new vscode.CancellationTokenSource();
    const report = ({ message }: { message?: string }) => {
      const page = /^page (\d+),/.exec(message ?? '');
      if (page && Number(page[1]) >= pages) cancel.cancel();
    };
    return task({ report }, cancel.token);
  };
}
