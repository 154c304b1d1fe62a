// Attachments in the ticket composer, in a real VS Code against the sandbox: files picked in the dialog or dropped
// upload at once, go out with the reply, wait in the draft across a closed tab, and a failed upload loses nothing.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FileItem } from '../../src/tickets/detail/composerFiles';
import type { Ticket, TicketComment } from '../../src/zendesk/types';
import { getAs } from './apiHelpers';
import { ScriptedBrowser, testing, until, useSandbox } from './helpers';

describe('attachments in the ticket composer (extension host, against the sandbox)', () => {
  const env = useSandbox();
  const written: vscode.Uri[] = [];
  const used = new Set<number>();
  const accounts = new Set<string>();

  afterEach(async () => {
    const t = await testing();
    t.ui.showOpenDialog = undefined;
    t.tickets.details.closeAll();
    // Drafts live in globalState, shared with the other suites: none of this suite's files may reach their replies.
    for (const accountId of accounts) {
      for (const id of used) {
        await t.drafts.sent(accountId, id, t.drafts.get(accountId, id)?.attachments?.map((f) => f.token) ?? []);
      }
    }
    for (const uri of written.splice(0)) await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
  });

  async function signedIn() {
    const t = await testing();
    t.ui.openExternal = new ScriptedBrowser().open;
    const session = await t.provider.createSession(['read', 'write'], {});
    await until(() => t.accounts.all().length === 1);
    accounts.add(session.account.id);
    return { t, accountId: session.account.id };
  }

  /** A file in the workspace folder, as a user would have it. */
  async function workspaceFile(name: string, bytes: Uint8Array): Promise<vscode.Uri> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(folder, 'the test window has no workspace folder');
    const uri = vscode.Uri.joinPath(folder, name);
    await vscode.workspace.fs.writeFile(uri, bytes);
    written.push(uri);
    return uri;
  }

  /** The user's pick in "Attach Files…"; records what the dialog was asked. */
  async function pickInDialog(answer: vscode.Uri[] | undefined): Promise<vscode.OpenDialogOptions[]> {
    const t = await testing();
    const asked: vscode.OpenDialogOptions[] = [];
    t.ui.showOpenDialog = async (o) => {
      asked.push(o);
      return answer;
    };
    return asked;
  }

  /** The composer's files as the page lists them: name, size, state, the problem, whether Retry is offered. */
  function files(panel: { state: { files: FileItem[] } }): string[] {
    return panel.state.files.map((f) =>
      [f.name, f.size, f.state, f.problem, f.canRetry && f.state === 'failed' ? '(retry)' : '']
        .filter(Boolean)
        .join(' '),
    );
  }

  async function comments(id: number): Promise<TicketComment[]> {
    return (await getAs<{ comments: TicketComment[] }>(`/api/v2/tickets/${id}/comments.json`)).comments;
  }

  async function openTicket(): Promise<Ticket> {
    const { tickets } = await getAs<{ tickets: Ticket[] }>('/api/v2/tickets.json?per_page=50');
    // A ticket no other test of this suite used: drafts stay in globalState from one test to the next.
    const found = tickets.filter((x) => (x.status === 'open' || x.status === 'new') && !used.has(x.id));
    const pick = found[Math.floor(Math.random() * found.length)];
    assert.ok(pick, 'the sandbox has an open ticket');
    used.add(pick.id);
    return pick;
  }

  it('"Attach Files…" opens in the workspace, uploads the picked files; Submit sends them with a public reply', async () => {
    const { t, accountId } = await signedIn();
    const target = await openTicket();
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 0xff, 0xfe]);
    const uri = await workspaceFile('screenshot.png', bytes);
    const asked = await pickInDialog([uri]);
    const panel = await t.tickets.details.open(accountId, target.id);

    await panel.receive({ type: 'attachFiles' });
    assert.equal(asked.length, 1);
    assert.equal(asked[0].canSelectMany, true);
    assert.equal(asked[0].defaultUri?.toString(), vscode.workspace.workspaceFolders?.[0]?.uri.toString());
    assert.deepEqual(files(panel), ['screenshot.png 9 B uploaded']);
    assert.deepEqual(
      t.drafts.get(accountId, target.id)?.attachments?.map((a) => a.name),
      ['screenshot.png'],
    );

    await panel.receive({ type: 'submit', body: 'Here is the screenshot.', mode: 'public' });
    const last = (await comments(target.id)).at(-1);
    assert.equal(last?.body, 'Here is the screenshot.');
    assert.equal(last?.public, true);
    assert.deepEqual(
      last?.attachments?.map((a) => [a.file_name, a.size]),
      [['screenshot.png', 9]],
    );
    const served = await fetch(last?.attachments?.[0]?.content_url ?? '');
    assert.deepEqual(new Uint8Array(await served.arrayBuffer()), bytes, 'Zendesk has other bytes than the file');
    assert.equal(t.drafts.get(accountId, target.id), undefined, 'the draft outlived the send');
    // The conversation shows the new comment's file as a link; the composer is empty again.
    assert.deepEqual(
      panel.state.view?.comments.at(-1)?.attachments.map((a) => `${a.name} ${a.size}`),
      ['screenshot.png 9 B'],
    );
    assert.deepEqual(files(panel), []);
  });

  it('a file waiting in the composer survives closing the tab, and goes out when the reply is sent', async () => {
    const { t, accountId } = await signedIn();
    const target = await openTicket();
    const panel = await t.tickets.details.open(accountId, target.id);
    await panel.receive({
      type: 'attachBytes',
      name: 'dropped notes.txt',
      size: 5,
      bytes: new Uint8Array([104, 101, 108, 108, 111]),
      contentType: 'text/plain',
    });
    await panel.receive({ type: 'draft', body: 'Notes attached', mode: 'internal' });
    panel.dispose();

    const again = await t.tickets.details.open(accountId, target.id);
    assert.notEqual(again, panel);
    assert.deepEqual(files(again), ['dropped notes.txt 5 B uploaded']);
    assert.equal(again.state.composer.body, 'Notes attached');

    await again.receive({ type: 'submit', body: 'Notes attached', mode: 'internal' });
    const last = (await comments(target.id)).at(-1);
    assert.equal(last?.public, false);
    assert.deepEqual(
      last?.attachments?.map((a) => a.file_name),
      ['dropped notes.txt'],
    );
  });

  it('a failed upload says why next to the file with Retry, and keeps the text and the other files', async () => {
    const { t, accountId } = await signedIn();
    const target = await openTicket();
    const panel = await t.tickets.details.open(accountId, target.id);
    await panel.receive({ type: 'draft', body: 'Two logs attached', mode: 'public' });
    await panel.receive({ type: 'attachBytes', name: 'first.log', size: 1, bytes: new Uint8Array([1]) });
    env.sandbox.admin.failNext('POST /api/v2/uploads', 1, { status: 500 });
    await panel.receive({ type: 'attachBytes', name: 'second.log', size: 2, bytes: new Uint8Array([2, 2]) });

    assert.deepEqual(files(panel), [
      'first.log 1 B uploaded',
      'second.log 2 B failed Zendesk had a problem (HTTP 500). Try again shortly. (retry)',
    ]);
    const draft = t.drafts.get(accountId, target.id);
    assert.equal(draft?.body, 'Two logs attached');
    assert.deepEqual(
      draft?.attachments?.map((a) => a.name),
      ['first.log'],
    );

    // Submit is refused while a file failed: the reply would go without it.
    env.sandbox.admin.resetCounters();
    await panel.receive({ type: 'submit', body: 'Two logs attached', mode: 'public' });
    assert.equal(env.sandbox.admin.counters().requests['PUT /api/v2/tickets/{id}'], undefined);
    assert.equal(panel.state.notice?.text, 'second.log could not be attached: retry or remove it, then submit.');

    const id = panel.state.files.find((f) => f.state === 'failed')?.id;
    await panel.receive({ type: 'retryAttachment', id });
    assert.deepEqual(files(panel), ['first.log 1 B uploaded', 'second.log 2 B uploaded']);
    await panel.receive({ type: 'submit', body: 'Two logs attached', mode: 'public' });
    assert.deepEqual(
      (await comments(target.id)).at(-1)?.attachments?.map((a) => a.file_name),
      ['first.log', 'second.log'],
    );
  });

  it('a failed file is still there, with Retry, after the tab is closed and opened again', async () => {
    const { t, accountId } = await signedIn();
    const target = await openTicket();
    const panel = await t.tickets.details.open(accountId, target.id);
    env.sandbox.admin.failNext('POST /api/v2/uploads', 1, { status: 503 });
    await panel.receive({ type: 'attachBytes', name: 'kept.log', size: 3, bytes: new Uint8Array([7, 8, 9]) });
    assert.match(files(panel)[0], /^kept\.log 3 B failed .*\(retry\)$/);
    panel.dispose();

    const again = await t.tickets.details.open(accountId, target.id);
    assert.match(files(again)[0], /^kept\.log 3 B failed .*\(retry\)$/);
    await again.receive({ type: 'retryAttachment', id: again.state.files[0]?.id });
    assert.deepEqual(files(again), ['kept.log 3 B uploaded']);
    assert.deepEqual(
      t.drafts.get(accountId, target.id)?.attachments?.map((a) => a.name),
      ['kept.log'],
    );
  });

  it('nothing picked does nothing; a file over 50 MB is refused unread; files alone are not a reply', async () => {
    const { t, accountId } = await signedIn();
    const target = await openTicket();
    const panel = await t.tickets.details.open(accountId, target.id);
    env.sandbox.admin.resetCounters();
    await pickInDialog(undefined);
    await panel.receive({ type: 'attachFiles' });
    assert.deepEqual(files(panel), []);
    assert.equal(t.drafts.get(accountId, target.id), undefined);

    // A sparse file: 50 MB + 1 byte on paper, read by nobody.
    const big = await workspaceFile('too-big.iso', new Uint8Array(0));
    await fs.truncate(big.fsPath, 50 * 1024 * 1024 + 1);
    await pickInDialog([big]);
    await panel.receive({ type: 'attachFiles' });
    assert.match(files(panel).join('\n'), /too-big\.iso is larger than 50 MB, the most Zendesk accepts for one file/);
    assert.doesNotMatch(files(panel).join('\n'), /\(retry\)/);
    assert.equal(env.sandbox.admin.counters().requests['POST /api/v2/uploads'], undefined, 'the big file was sent');

    await panel.receive({ type: 'removeAttachment', id: panel.state.files[0]?.id });
    await panel.receive({ type: 'attachBytes', name: 'only.txt', size: 1, bytes: new Uint8Array([65]) });
    await panel.receive({ type: 'submit', body: '  ', mode: 'public' });
    assert.equal(env.sandbox.admin.counters().requests['PUT /api/v2/tickets/{id}'], undefined);
    assert.equal(
      panel.state.notice?.text,
      'Zendesk needs text with every comment, attachments too: write a reply, then submit.',
    );
    assert.deepEqual(
      t.drafts.get(accountId, target.id)?.attachments?.map((a) => a.name),
      ['only.txt'],
    );
  });

  it('files dragged from the Explorer are read only inside the workspace', async () => {
    const { t, accountId } = await signedIn();
    const target = await openTicket();
    const inside = await workspaceFile('inside.txt', new TextEncoder().encode('inside'));
    const panel = await t.tickets.details.open(accountId, target.id);
    env.sandbox.admin.resetCounters();
    // A private file outside the workspace, as ~/.ssh/id_rsa would be: a message naming it must not upload it.
    const secret = path.join(os.tmpdir(), `outside-${Date.now()}.key`);
    await fs.writeFile(secret, 'PRIVATE KEY');
    try {
      await panel.receive({ type: 'attachUris', uris: [vscode.Uri.file(secret).toString(), inside.toString()] });
    } finally {
      await fs.rm(secret, { force: true });
    }
    assert.equal(env.sandbox.admin.counters().requests['POST /api/v2/uploads'], 1);
    assert.deepEqual(files(panel), ['inside.txt 6 B uploaded']);
    assert.match(panel.state.notice?.text ?? '', /Only files of the open workspace can be dropped from VS Code/);
  });
  it('a link in the workspace to a file outside it is refused, from the dialog and from a drop; a backslash URI too', async () => {
    const { t, accountId } = await signedIn();
    const target = await openTicket();
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(folder, 'the test window has no workspace folder');
    // A cloned repository with `logs/repro.log -> ~/.ssh/id_rsa`: a real symlink to a private file outside.
    const secret = path.join(os.tmpdir(), `id_rsa-${Date.now()}`);
    await fs.writeFile(secret, 'PRIVATE KEY');
    const logs = vscode.Uri.joinPath(folder, `logs-${Date.now()}`);
    await fs.mkdir(logs.fsPath);
    const link = vscode.Uri.joinPath(logs, 'repro.log');
    await fs.symlink(secret, link.fsPath);
    // A link to a directory outside, and a file through it.
    const dirLink = vscode.Uri.joinPath(logs, 'ssh');
    await fs.symlink(os.tmpdir(), dirLink.fsPath);
    const throughDir = vscode.Uri.joinPath(dirLink, path.basename(secret));
    const inside = await workspaceFile('real-inside.txt', new TextEncoder().encode('inside'));
    // On Windows `..%5C` climbs out once the path is normalised; here it names a file, which must be refused all the same.
    const backslashed = await workspaceFile('..\\secret.txt', new TextEncoder().encode('secret'));
    try {
      const panel = await t.tickets.details.open(accountId, target.id);
      env.sandbox.admin.resetCounters();
      await pickInDialog([link, inside]);
      await panel.receive({ type: 'attachFiles' });
      assert.match(panel.state.notice?.text ?? '', /repro\.log: a link to a file outside the workspace, not attached/);
      await panel.receive({
        type: 'attachUris',
        uris: [
          link.toString(),
          throughDir.toString(),
          `${folder.toString()}/..%5C..%5Cetc%5Cpasswd`,
          backslashed.toString(),
          `${folder.toString()}/..\\secret.txt`,
        ],
      });
      // Only the real workspace file went to Zendesk, once; nothing of the key.
      assert.equal(env.sandbox.admin.counters().requests['POST /api/v2/uploads'], 1);
      assert.deepEqual(
        t.drafts.get(accountId, target.id)?.attachments?.map((a) => a.name),
        ['real-inside.txt'],
      );
      // Refused when dropped, not listed as a file that failed later: nothing of these reaches the composer.
      assert.doesNotMatch(files(panel).join('\n'), /repro\.log|id_rsa|secret|passwd/);
      assert.match(panel.state.notice?.text ?? '', /Only files of the open workspace can be dropped from VS Code/);
    } finally {
      await fs.rm(logs.fsPath, { recursive: true, force: true });
      await fs.rm(secret, { force: true });
    }
  });

  it('a link in the workspace to another workspace file is attached under its own name', async () => {
    const { t, accountId } = await signedIn();
    const target = await openTicket();
    const real = await workspaceFile('real-target.log', new TextEncoder().encode('log line'));
    const link = vscode.Uri.file(`${real.fsPath}.link`);
    await fs.symlink(real.fsPath, link.fsPath);
    try {
      const panel = await t.tickets.details.open(accountId, target.id);
      await panel.receive({ type: 'attachUris', uris: [link.toString()] });
      assert.deepEqual(
        t.drafts.get(accountId, target.id)?.attachments?.map((a) => [a.name, a.size]),
        [['real-target.log.link', 8]],
      );
    } finally {
      await fs.rm(link.fsPath, { force: true });
    }
  });
});
