// Sending request files: bodies read from files (inside the workspace only, links followed), `# @prompt`, the
// responses a request needs before it can go, and the account chosen from the URL once its variables are filled in.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadBodyFile } from '../../../src/requests/bodyFile';
import { parseRequestFile } from '../../../src/requests/parser';
import {
  checkRequest,
  looksSecret,
  prepareRequest,
  RequestProblem,
  responsesNeeded,
  type PrepareInput,
} from '../../../src/requests/prepare';
import { confirmationText } from '../../../src/requests/sender';
import { toCurl } from '../../../src/requests/curl';
import type { KeptResponse } from '../../../src/requests/variables';
import { HostNotAllowedError } from '../../../src/zendesk/errors';
import { ACME, BETA } from './accounts';

function prepare(text: string, o: Partial<Omit<PrepareInput, 'file' | 'request'>> & { index?: number } = {}) {
  const file = parseRequestFile(text);
  return prepareRequest({
    file,
    request: file.requests[o.index ?? 0],
    accounts: o.accounts ?? [ACME, BETA],
    inUse: 'inUse' in o ? o.inUse : ACME,
    responses: o.responses ?? new Map(),
    bodyFile: o.bodyFile,
    prompted: o.prompted,
  });
}

const problem = (re: RegExp) => (e: unknown) => e instanceof RequestProblem && re.test(e.message);

describe('bodies read from files', () => {
  let root: string;
  let workspace: string;
  let outside: string;
  const requestFile = (): string => path.join(workspace, 'requests', 'upload.zendesk');
  const load = (line: string) => {
    const file = parseRequestFile(`POST /api/v2/uploads.json?filename=shot.png\n\n${line}\n`);
    assert.deepEqual(file.diagnostics, []);
    const bf = file.requests[0].bodyFile;
    assert.ok(bf);
    return loadBodyFile(bf, requestFile(), [workspace]);
  };

  before(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'zd-bodyfile-')));
    workspace = path.join(root, 'workspace');
    outside = path.join(root, 'outside');
    fs.mkdirSync(path.join(workspace, 'requests'), { recursive: true });
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(workspace, 'requests', 'shot.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0xff]));
    fs.writeFileSync(
      path.join(workspace, 'ticket.json'),
      '{"ticket": {"subject": "{{subject}}", "assignee_id": {{me.id}}}}',
    );
    fs.writeFileSync(path.join(outside, 'id_rsa'), 'PRIVATE KEY');
    fs.symlinkSync(path.join(outside, 'id_rsa'), path.join(workspace, 'requests', 'repro.log'));
    fs.mkdirSync(path.join(workspace, 'requests', 'folder'));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('reads "< ./file" and "<@ ./file" as a body file with its span, not as a JSON body', () => {
    const file = parseRequestFile('POST /api/v2/tickets.json\n\n<@ ./ticket.json\n\n###\nPUT /x\n\n<   a b.png  \n');
    assert.deepEqual(file.diagnostics, []);
    assert.deepEqual(file.requests[0].bodyFile, {
      path: './ticket.json',
      substitute: true,
      span: { line: 2, start: 0, end: 16 },
    });
    assert.equal(file.requests[0].body, undefined);
    assert.deepEqual(file.requests[1].bodyFile, {
      path: 'a b.png',
      substitute: false,
      span: { line: 7, start: 0, end: 11 },
    });
  });

  it('refuses a file body on a GET, one with text under it, and one with no file named', () => {
    const cases: [string, number, RegExp][] = [
      ['GET /x\n\n< ./a.json\n', 2, /A GET request sends no body/],
      ['POST /x\n\n< ./a.json\n{"a": 1}\n', 3, /A body read from a file is one line/],
      ['POST /x\n\n<@\n', 2, /Name the file to send, such as "< \.\/ticket\.json"/],
    ];
    for (const [text, line, message] of cases) {
      const [d, ...more] = parseRequestFile(text).diagnostics;
      assert.deepEqual(more, [], text);
      assert.equal(d.line, line, text);
      assert.match(d.message, message);
    }
  });

  it('reads the bytes of a file next to the request file, byte for byte', async () => {
    const loaded = await load('< ./shot.png');
    assert.deepEqual([...loaded.bytes], [0x89, 0x50, 0x4e, 0x47, 0, 0xff]);
    assert.equal(loaded.contentType, 'image/png');
    assert.equal(loaded.written, './shot.png');
  });

  it('refuses a file outside the workspace, also through a link inside it, and reads nothing of it', async () => {
    await assert.rejects(
      load('< ../../outside/id_rsa'),
      problem(/^Line 3: Refusing to send "\.\.\/\.\.\/outside\/id_rsa": it is outside the workspace/),
    );
    await assert.rejects(
      load('< ./repro.log'),
      problem(/Refusing to send "\.\/repro\.log": it is outside the workspace \(links followed\)/),
    );
    await assert.rejects(load(`< ${path.join(outside, 'id_rsa')}`), problem(/outside the workspace/));
  });

  it('says what to do for a missing file, a folder and an unsaved request file', async () => {
    await assert.rejects(
      load('< ./nope.png'),
      problem(/^Line 3: There is no file "\.\/nope\.png" next to this request file/),
    );
    await assert.rejects(load('< ./folder'), problem(/"\.\/folder" is not a file/));
    const bf = parseRequestFile('POST /x\n\n< ./a.png\n').requests[0].bodyFile;
    assert.ok(bf);
    await assert.rejects(loadBodyFile(bf, undefined, [workspace]), problem(/Save the request file first/));
  });

  it('sends the bytes as they are, typed by the file extension unless the request says otherwise', async () => {
    const bodyFile = await load('< ./shot.png');
    const p = prepare('POST /api/v2/uploads.json?filename=shot.png\n\n< ./shot.png\n', { bodyFile });
    assert.ok(p.body instanceof Uint8Array);
    assert.deepEqual([...p.body], [0x89, 0x50, 0x4e, 0x47, 0, 0xff]);
    assert.deepEqual(p.headers, { 'Content-Type': 'image/png' });
    const typed = prepare('POST /api/v2/uploads.json?filename=x\nContent-Type: application/binary\n\n< ./shot.png\n', {
      bodyFile,
    });
    assert.deepEqual(typed.headers, { 'Content-Type': 'application/binary' });
    // The confirmation and Copy as cURL name the file, never dump its bytes.
    assert.match(confirmationText(p).detail, /^Body: the 6 bytes of \.\/shot\.png/);
    assert.match(toCurl({ ...p, body: p.body, bodyFile: p.bodyFile }), / --data-binary '@\.\/shot\.png'$/);
  });

  it('fills in the variables of a "<@" file and checks the result as JSON', () => {
    const text = '@subject = Printer on fire\nPOST /api/v2/tickets.json\n\n<@ ./ticket.json\n';
    const bytes = new TextEncoder().encode('{"ticket": {"subject": "{{subject}}", "assignee_id": {{me.id}}}}');
    const p = prepare(text, { bodyFile: { bytes, written: './ticket.json', contentType: 'application/json' } });
    assert.deepEqual(JSON.parse(p.body as string), { ticket: { subject: 'Printer on fire', assignee_id: 7 } });
    const broken = new TextEncoder().encode('{"ticket": {{subject}}}');
    assert.throws(
      () => prepare(text, { bodyFile: { bytes: broken, written: './ticket.json', contentType: 'application/json' } }),
      problem(/^Line 4: with its variables filled in, "\.\/ticket\.json" is not valid JSON/),
    );
    // `<` sends the text as written: no variables filled in.
    const raw = prepare('POST /api/v2/tickets.json\n\n< ./ticket.json\n', {
      bodyFile: { bytes, written: './ticket.json', contentType: 'application/json' },
    });
    assert.equal(new TextDecoder().decode(raw.body as Uint8Array), new TextDecoder().decode(bytes));
  });
});

describe('# @prompt', () => {
  it('reads the name and description, and counts the name as defined for its own request only', () => {
    const file = parseRequestFile(
      '# @prompt ticket_id The ticket to update\n# @prompt password\nGET /api/v2/tickets/{{ticket_id}}.json?x={{password}}\n\n###\nGET /api/v2/tickets/{{ticket_id}}.json\n',
    );
    assert.deepEqual(
      file.requests[0].prompts.map((p) => [p.name, p.description, p.span.line]),
      [
        ['ticket_id', 'The ticket to update', 0],
        ['password', undefined, 1],
      ],
    );
    assert.deepEqual(
      file.diagnostics.map((d) => [d.line, d.message.slice(0, 30)]),
      [[5, '{{ticket_id}} is not defined. ']],
    );
  });

  it('refuses a prompt without a name or with a name the session gives', () => {
    for (const [text, message] of [
      ['# @prompt\nGET /x\n', /@prompt needs a name/],
      ['# @prompt me\nGET /x\n', /"me" cannot be a prompt/],
      ['# @prompt a\n# @prompt a\nGET /x\n', /already asks for "a"/],
    ] as const) {
      const [d] = parseRequestFile(text).diagnostics;
      assert.match(d?.message ?? '', message, text);
    }
  });

  it('fills in the answers, taken as typed; braces in an answer are refused, not read as a variable', () => {
    const text = '# @prompt ticket_id\nGET /api/v2/tickets/{{ticket_id}}.json\n';
    assert.equal(prepare(text, { prompted: new Map([['ticket_id', '35']]) }).target, '/api/v2/tickets/35.json');
    assert.throws(
      () => prepare(text, { prompted: new Map([['ticket_id', '{{me.email}}']]) }),
      problem(/The value for "ticket_id" cannot contain "\{\{"/),
    );
  });

  it('hides the answer as it is typed when the name looks secret', () => {
    assert.deepEqual(
      ['password', 'api_key', 'clientSecret', 'TOKEN', 'ticket_id', 'subject', 'pin', 'spinner'].map(looksSecret),
      [true, true, true, true, false, false, true, false],
    );
  });
});

describe('responses a request needs', () => {
  const kept = (body: unknown): KeptResponse => ({ status: 201, headers: {}, body });
  const text = [
    '@id = {{create.response.body.$.ticket.id}}',
    '# @name create',
    'POST /api/v2/tickets.json',
    '',
    '{"ticket": {"comment": {"body": "hi"}}}',
    '',
    '###',
    '# @name get',
    'GET /api/v2/tickets/{{id}}.json',
    '',
    '###',
    '# @ref create',
    'GET /api/v2/tickets.json',
    '',
    '###',
    '# @ref nowhere',
    'GET /api/v2/tickets.json',
  ].join('\n');

  it('finds a response used through a file variable and through # @ref, and none once it has answered', () => {
    const file = parseRequestFile(text);
    assert.deepEqual(
      file.diagnostics.map((d) => [d.line, d.message]),
      [[15, 'No request above is named "nowhere". Add "# @name nowhere" to the request it should send first.']],
    );
    const none = new Map<string, KeptResponse>();
    assert.deepEqual(
      responsesNeeded(file, file.requests[1], none).map((r) => r.name),
      ['create'],
    );
    assert.deepEqual(
      responsesNeeded(file, file.requests[2], none).map((r) => r.name),
      ['create'],
    );
    assert.deepEqual(responsesNeeded(file, file.requests[1], new Map([['create', kept({})]])), []);
    assert.deepEqual(responsesNeeded(file, file.requests[0], none), []);
  });

  it('fills in the id from the kept response when the request that uses it is sent', () => {
    const p = prepare(text, { index: 1, responses: new Map([['create', kept({ ticket: { id: 42 } })]]) });
    assert.equal(p.target, '/api/v2/tickets/42.json');
  });

  it('says which request to send first when its response is missing', () => {
    const file = parseRequestFile(text);
    assert.throws(
      () => prepare(text, { index: 1 }),
      problem(/needs the response of "create": send that request first/),
    );
    assert.doesNotThrow(() => checkRequest(file, file.requests[1]));
  });
});

describe('the account from the URL, variables filled in', () => {
  it('chooses the account whose host the filled-in URL names, even when another is in use', () => {
    const p = prepare('@base = https://beta.zendesk.com\nGET {{base}}/api/v2/users/{{me.id}}.json\n', { inUse: ACME });
    assert.equal(p.account.accountId, 'beta/9');
    assert.equal(p.url, 'https://beta.zendesk.com/api/v2/users/9.json', "the session's variables are beta's");
  });

  it('refuses a filled-in URL of a host that is no signed-in account, before anything is sent', () => {
    assert.throws(
      () => prepare('@base = https://evil.example\nGET {{base}}/api/v2/tickets.json\n'),
      (e: unknown) =>
        e instanceof HostNotAllowedError &&
        /Refusing to send: https:\/\/evil\.example is not the address of a signed-in Zendesk account/.test(e.message),
    );
    assert.throws(
      () => prepare('@base = https://gamma.zendesk.com\nGET {{base}}/api/v2/tickets.json\n'),
      (e: unknown) => e instanceof HostNotAllowedError,
    );
  });

  it('keeps the account in use for a relative path and {{subdomain}} URLs', () => {
    assert.equal(prepare('@t = 1\nGET /api/v2/tickets/{{t}}.json\n', { inUse: BETA }).account.accountId, 'beta/9');
    const p = prepare('GET https://{{subdomain}}.zendesk.com/api/v2/tickets.json\n', { inUse: BETA });
    assert.deepEqual([p.account.accountId, p.url], ['beta/9', 'https://beta.zendesk.com/api/v2/tickets.json']);
  });
});
