// Tokens for what runs in VS Code's terminals (src/lend/): a process started with the environment the terminals get
// asks `zendesk-token` for a token; the user's answer decides; the token works at the sandbox and carries exactly the
// scopes asked; without the secret there is nothing.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { LEND_ENV } from '../../src/lend/protocol';
import { runCaptured, type Run } from '../support/run';
import { ScriptedBrowser, signIn, testing, until, useSandbox } from './helpers';

/** The variables a terminal of this window gets, read from the extension's environment collection. */
async function terminalEnv(): Promise<NodeJS.ProcessEnv> {
  const t = await testing();
  assert.ok(await t.lending, 'the channel did not start');
  const c = t.terminalEnvironment;
  const value = (name: string) => {
    const m = c.get(name);
    assert.ok(m, `${name} is not in the terminals' environment`);
    return m.value;
  };
  const pathPrefix = c.get('PATH');
  assert.equal(pathPrefix?.type, vscode.EnvironmentVariableMutatorType.Prepend);
  return {
    HOME: os.homedir(),
    PATH: `${pathPrefix?.value ?? ''}${process.env.PATH ?? ''}`,
    [LEND_ENV.handle]: value(LEND_ENV.handle),
    [LEND_ENV.secret]: value(LEND_ENV.secret),
    [LEND_ENV.node]: value(LEND_ENV.node),
  };
}

/** Runs a shell command line as a terminal would, with `env`. */
function sh(line: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return runCaptured('/bin/sh', ['-c', line], { env });
}

describe('lend: tokens for the terminals (zendesk-token)', function () {
  if (process.platform === 'win32') return;
  const env = useSandbox();
  const questions: { message: string; choices: readonly string[] }[] = [];
  let answer: (choices: readonly string[]) => string | undefined = () => undefined;

  beforeEach(async () => {
    questions.length = 0;
    const t = await testing();
    t.ui.askToLend = (message, _detail, choices) => {
      questions.push({ message, choices });
      return Promise.resolve(answer(choices));
    };
  });
  afterEach(async () => {
    delete (await testing()).ui.askToLend;
  });

  /** What the sandbox says of a token: its scopes, and whose it is. */
  async function atSandbox(token: string): Promise<{ scopes: string[]; userId: number }> {
    const res = await fetch(`${env.sandbox.url}/api/v2/oauth/tokens/current.json`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { token: { scopes: string[]; user_id: number } };
    return { scopes: body.token.scopes, userId: body.token.user_id };
  }

  it('gives a token after Allow that works at the sandbox, with exactly the scopes asked', async () => {
    const { session } = await signIn(['read']);
    const e = await terminalEnv();
    answer = (choices) => choices[0];
    const r = await sh('zendesk-token', e);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.err, '');
    const token = r.out.trimEnd();
    assert.equal(r.out, `${token}\n`, 'nothing but the token on stdout');
    assert.equal(questions.length, 1);
    assert.match(questions[0]?.message ?? '', /asks for a Zendesk token for sandbox with read/);
    const me = await fetch(`${env.sandbox.url}/api/v2/users/me.json`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    assert.equal(((await me.json()) as { user: { email: string } }).user.email, 'agent@sandbox.test');
    assert.deepEqual((await atSandbox(token)).scopes, ['read']);
    assert.equal(token, session.accessToken, "the read session's own token");

    // Narrower than the signed-in session: a session signed in for exactly that set, not the broader one.
    (await testing()).ui.openExternal = new ScriptedBrowser().open;
    const narrow = await sh('zendesk-token --scopes tickets:read', e);
    assert.equal(narrow.code, 0, narrow.err);
    const narrowToken = narrow.out.trim();
    assert.notEqual(narrowToken, token);
    assert.deepEqual((await atSandbox(narrowToken)).scopes, ['tickets:read']);
  });

  it('gives nothing after Deny: no token, a message on stderr, a non-zero status', async () => {
    await signIn(['read']);
    answer = () => undefined;
    const r = await sh('zendesk-token', await terminalEnv());
    assert.deepEqual({ code: r.code, out: r.out }, { code: 1, out: '' });
    assert.equal(r.err, 'zendesk-token: Denied in VS Code.\n');
    assert.equal(questions.length, 1);
  });

  it('gives nothing to a process without the secret, and asks the user nothing', async () => {
    await signIn(['read']);
    answer = (choices) => choices[0];
    const e = await terminalEnv();
    for (const secret of [undefined, 'not-the-secret', `${e[LEND_ENV.secret] ?? ''}x`]) {
      const r = await sh('zendesk-token', { ...e, [LEND_ENV.secret]: secret });
      assert.equal(r.code, 1, String(secret));
      assert.equal(r.out, '');
      assert.match(r.err, /terminal/);
    }
    assert.equal(questions.length, 0);
  });

  it('exec gives the command ZENDESK_SUBDOMAIN and ZENDESK_OAUTH_TOKEN, for that command only', async () => {
    await signIn(['read']);
    answer = (choices) => choices[0];
    const r = await sh(
      'zendesk-token exec -- sh -c \'echo "$ZENDESK_SUBDOMAIN"; curl -s -H "Authorization: Bearer $ZENDESK_OAUTH_TOKEN" "$0/api/v2/users/me.json"; echo\' ' +
        `${env.sandbox.url}; echo "after:$ZENDESK_OAUTH_TOKEN"`,
      await terminalEnv(),
    );
    assert.equal(r.code, 0, r.err);
    const [subdomain, body, after] = r.out.split('\n');
    assert.equal(subdomain, 'sandbox');
    assert.equal((JSON.parse(body ?? '') as { user: { email: string } }).user.email, 'agent@sandbox.test');
    assert.equal(after, 'after:', 'the shell itself never had the token');
  });

  it("recognises the terminal a request comes from: asked once for it, by the terminal's name", async function () {
    await signIn(['read']);
    await terminalEnv();
    answer = (choices) => choices.find((c) => c === 'Allow for This Terminal');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lend-terminal-'));
    const terminal = vscode.window.createTerminal({
      name: 'lend-test',
      shellPath: '/bin/sh',
      shellArgs: ['-c', `zendesk-token > "${dir}/a"; zendesk-token > "${dir}/b"; echo $? > "${dir}/rc"; sleep 30`],
    });
    try {
      // The shell creates `rc` before `echo` writes to it: the status is there once its line is.
      const rc = path.join(dir, 'rc');
      const written = () => fs.existsSync(rc) && fs.readFileSync(rc, 'utf8').endsWith('\n');
      await until(written, 30_000, 'the terminal never ran zendesk-token');
      assert.equal(fs.readFileSync(rc, 'utf8').trim(), '0');
      const a = fs.readFileSync(path.join(dir, 'a'), 'utf8').trim();
      assert.ok(a.length > 10);
      assert.equal(fs.readFileSync(path.join(dir, 'b'), 'utf8').trim(), a);
      assert.deepEqual(questions, [
        {
          message:
            "A process in terminal 'lend-test' asks for a Zendesk token for sandbox with read. Allow for this terminal?",
          choices: ['Allow for This Terminal'],
        },
      ]);
    } finally {
      terminal.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('logs who asked for what, never the token', async () => {
    const { t } = await signIn(['read']);
    answer = (choices) => choices[0];
    const r = await sh('zendesk-token', await terminalEnv());
    const token = r.out.trim();
    assert.ok(token.length > 10);
    const file = path.join(t.logUri.fsPath, 'Zendesk.log');
    let text = '';
    await until(
      () => {
        text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
        return /\[lend\] a process in no known terminal \(pid \d+\) asked for a token for sandbox\/\d+ with read: given/.test(
          text,
        );
      },
      10_000,
      'the request was not logged',
    );
    assert.ok(!text.includes(token), 'the token is in the log');
  });
});

describe('lend: the MCP server (zendesk-token mcp)', function () {
  if (process.platform === 'win32') return;
  this.timeout(60_000);
  const env = useSandbox();
  const questions: { message: string; detail: string; choices: readonly string[] }[] = [];
  /** The user's answer to a write's confirmation ("Allow"), or undefined for Cancel. Token requests are allowed. */
  let confirm: 'Allow' | undefined;
  let client: Client | undefined;

  beforeEach(async () => {
    questions.length = 0;
    confirm = undefined;
    const t = await testing();
    t.ui.askToLend = (message, detail, choices) => {
      questions.push({ message, detail, choices });
      return Promise.resolve(choices.includes('Allow') ? confirm : choices[0]);
    };
  });
  afterEach(async () => {
    await client?.close();
    client = undefined;
    delete (await testing()).ui.askToLend;
  });

  /** An agent's MCP client, starting the server as a terminal would run `zendesk-token mcp`. */
  async function connect(): Promise<Client> {
    const e = await terminalEnv();
    const c = new Client({ name: 'integration-test', version: '1' });
    await c.connect(
      new StdioClientTransport({
        command: 'zendesk-token',
        args: ['mcp'],
        env: Object.fromEntries(Object.entries(e).filter((kv): kv is [string, string] => kv[1] !== undefined)),
        stderr: 'pipe',
      }),
    );
    client = c;
    return c;
  }

  function textOf(r: Awaited<ReturnType<Client['callTool']>>): string {
    const [part] = r.content as { type: string; text?: string }[];
    assert.equal(part?.type, 'text');
    return part.text ?? '';
  }

  /** The sandbox's own answer, read with the signed-in session's token. */
  async function sandboxGet<T>(token: string, p: string): Promise<T> {
    const res = await fetch(`${env.sandbox.url}${p}`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200, p);
    return (await res.json()) as T;
  }

  it('lists its tools and answers search and get ticket from the sandbox, with a read token', async () => {
    const { session } = await signIn(['read']);
    const c = await connect();
    const { tools } = await c.listTools();
    assert.deepEqual(
      tools.map((t) => t.name),
      [
        'zendesk_searchTickets',
        'zendesk_getTicket',
        'zendesk_listViewTickets',
        'zendesk_addComment',
        'zendesk_updateTicket',
      ],
    );

    const found = await c.callTool({ name: 'zendesk_searchTickets', arguments: { query: 'status:open', limit: 2 } });
    assert.equal(found.isError, false, textOf(found));
    const { results } = await sandboxGet<{ results: { id: number; subject: string }[] }>(
      session.accessToken,
      '/api/v2/search.json?query=type%3Aticket%20status%3Aopen&per_page=2',
    );
    const [first] = results;
    assert.ok(first, 'the sandbox has open tickets');
    assert.match(textOf(found), new RegExp(`^- #${first.id} <<<ticket-text [0-9a-f]{12}>>>`, 'm'));

    const ticket = await c.callTool({ name: 'zendesk_getTicket', arguments: { ticketId: first.id } });
    assert.equal(ticket.isError, false, textOf(ticket));
    const marker = /<<<ticket-text ([0-9a-f]{12})>>>/.exec(textOf(ticket))?.[1] ?? '';
    assert.ok(
      textOf(ticket).includes(
        `Ticket #${first.id} on sandbox: <<<ticket-text ${marker}>>>${first.subject}<<<end ${marker}>>>`,
      ),
      textOf(ticket),
    );
    // Asked once (a process in no terminal is asked each time it asks VS Code; the server keeps its token).
    assert.deepEqual(
      questions.map((q) => q.message),
      ['A process outside the known terminals asks for a Zendesk token for sandbox with read. Allow it?'],
    );
  });

  it('sends a write only after the user allows it in VS Code: Deny sends nothing, Allow sends one update', async () => {
    const { session, t } = await signIn(['read']);
    t.ui.openExternal = new ScriptedBrowser().open; // the read and write session is signed in for on first use
    const c = await connect();
    const { results } = await sandboxGet<{ results: { id: number }[] }>(
      session.accessToken,
      '/api/v2/search.json?query=type%3Aticket%20status%3Aopen&per_page=1',
    );
    const id = results[0]?.id ?? 0;
    const comments = async () =>
      (await sandboxGet<{ comments: unknown[] }>(session.accessToken, `/api/v2/tickets/${id}/comments.json`)).comments
        .length;
    const before = await comments();
    env.sandbox.admin.resetCounters();

    const denied = await c.callTool({ name: 'zendesk_addComment', arguments: { ticketId: id, body: 'Refund sent.' } });
    assert.equal(denied.isError, true);
    assert.match(textOf(denied), /did not allow .* Nothing was changed/);
    const asked = questions.find((q) => q.choices.includes('Allow'));
    assert.equal(asked?.message, `A process started by VS Code asks: Add an internal note to ticket #${id}?`);
    assert.ok(asked?.detail.includes('\nRefund sent.\n'), asked?.detail);
    assert.equal(
      env.sandbox.admin.counters().requests['PUT /api/v2/tickets/{id}'],
      undefined,
      'a write reached Zendesk',
    );
    assert.equal(await comments(), before);

    confirm = 'Allow';
    const allowed = await c.callTool({ name: 'zendesk_addComment', arguments: { ticketId: id, body: 'Refund sent.' } });
    assert.equal(allowed.isError, false, textOf(allowed));
    assert.equal(env.sandbox.admin.counters().requests['PUT /api/v2/tickets/{id}'], 1);
    assert.equal(await comments(), before + 1);
  });
});
