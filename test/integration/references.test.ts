// Ticket references in a real VS Code against the sandbox: the hover on ZD-<id> in a file, the link's target, a
// ticket link of the signed-in account, nothing asked while signed out or for another Zendesk, and completion in
// the commit message box (the workspace made a git repository for it, here and only for this suite).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import type { Ticket } from '../../src/zendesk/types';
import { getAs } from './apiHelpers';
import { answering, signedInAgent, testing, until, useSandbox } from './helpers';

/** Markdown source as it reads: backslash escapes removed. */
const shown = (md: string) => md.replace(/\\(.)/g, '$1');

function folder(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0]?.uri;
  assert.ok(f, 'the test window has no workspace folder');
  return f;
}

/** Our hovers at a position (other extensions' are left out: ours link to the ticket tab). */
async function hoversAt(uri: vscode.Uri, position: vscode.Position): Promise<vscode.MarkdownString[]> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return hovers
    .flatMap((h) => h.contents)
    .filter(
      (c): c is vscode.MarkdownString => c instanceof vscode.MarkdownString && c.value.includes('zendesk.openTicket'),
    );
}

describe('ticket references (extension host, against the sandbox)', () => {
  const env = useSandbox();
  const written: vscode.Uri[] = [];
  let files = 0;

  async function fileWith(text: string): Promise<vscode.TextDocument> {
    const uri = vscode.Uri.joinPath(folder(), `refs-${++files}.md`);
    written.push(uri);
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    return doc;
  }

  afterEach(async () => {
    (await testing()).tickets.details.closeAll();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const uri of written.splice(0)) await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
  });

  it('hovers ZD-<id> in a file with the ticket from Zendesk, in one request for two hovers', async () => {
    const { accountId } = await signedInAgent(['read']);
    const ticket = (await getAs<{ ticket: Ticket }>('/api/v2/tickets/3', accountId)).ticket;
    const doc = await fileWith('# Notes\n\nThe fix for ZD-3 is in.\n');
    env.sandbox.admin.resetCounters();
    const at = new vscode.Position(2, 13);
    const [first] = await hoversAt(doc.uri, at);
    assert.ok(first, 'no Zendesk hover on ZD-3');
    const text = shown(first.value);
    assert.ok(text.startsWith(`**#3** ${ticket.subject}`), text);
    assert.ok(text.includes('Status: '), text);
    assert.ok(text.includes('Requester: '), text);
    assert.ok(text.includes('Assignee: '), text);
    assert.ok(text.includes(`${env.sandbox.url}/agent/tickets/3`), text);
    // Trusted for the ticket tab's command alone; no HTML.
    assert.deepEqual(first.isTrusted, { enabledCommands: ['zendesk.openTicket'] });
    assert.equal(first.supportHtml, false);
    assert.equal((await hoversAt(doc.uri, new vscode.Position(2, 15))).length, 1);
    assert.equal(env.sandbox.admin.counters().requests['GET /api/v2/tickets/{id}'], 1);
    assert.deepEqual(await hoversAt(doc.uri, new vscode.Position(0, 2)), [], 'a hover off the reference');
  });

  it('links ZD-<id> to the ticket tab, and hovers a ticket link of the signed-in account as that account', async () => {
    const { t, accountId } = await signedInAgent(['read']);
    const doc = await fileWith(`See ZD-5 or ${env.sandbox.url}/agent/tickets/6, not XZD-7.\n`);
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', doc.uri);
    const ours = links.filter((l) => l.target?.scheme === 'command');
    assert.deepEqual(
      ours.map((l) => [doc.getText(l.range), l.target?.path, JSON.parse(decodeURIComponent(l.target?.query ?? ''))]),
      [['ZD-5', 'zendesk.openTicketByReference', ['#5']]],
    );
    // Following the link opens the ticket tab.
    const target = ours[0].target!;
    await vscode.commands.executeCommand(target.path, ...(JSON.parse(decodeURIComponent(target.query)) as unknown[]));
    await until(() => t.tickets.details.get(accountId, 5)?.state.view?.id === 5);
    const ticket6 = (await getAs<{ ticket: Ticket }>('/api/v2/tickets/6', accountId)).ticket;
    const [hover] = await hoversAt(doc.uri, new vscode.Position(0, doc.lineAt(0).text.indexOf('/agent/tickets/6')));
    assert.ok(hover && shown(hover.value).startsWith(`**#6** ${ticket6.subject}`), hover?.value);
  });

  it('asks nothing while signed out, nor for a ticket link of a Zendesk not signed in', async () => {
    const doc = await fileWith('ZD-3 and https://other.zendesk.com/agent/tickets/4\n');
    env.sandbox.admin.resetCounters();
    assert.deepEqual(await hoversAt(doc.uri, new vscode.Position(0, 1)), []);
    // Signed out the link is still there: following it says to sign in.
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', doc.uri);
    assert.equal(links.filter((l) => l.target?.scheme === 'command').length, 1);
    const apiRequests = () => Object.keys(env.sandbox.admin.counters().requests).filter((k) => k.includes('/api/v2/'));
    assert.deepEqual(apiRequests(), [], 'a request went out while signed out');
    const { t } = await signedInAgent(['read']);
    env.sandbox.admin.resetCounters();
    assert.deepEqual(await hoversAt(doc.uri, new vscode.Position(0, 20)), []);
    assert.deepEqual(apiRequests(), [], 'a request went out for another Zendesk');
    assert.equal((await hoversAt(doc.uri, new vscode.Position(0, 1))).length, 1);
    // Signed out again: what was read while signed in is not shown, and nothing is asked.
    for (const s of await t.store.list()) await t.store.remove(s.id);
    await until(() => t.accounts.all().length === 0);
    env.sandbox.admin.resetCounters();
    assert.deepEqual(await hoversAt(doc.uri, new vscode.Position(0, 1)), []);
    assert.deepEqual(apiRequests(), [], 'a request went out after signing out');
  });

  describe('in the commit message box', () => {
    let repo: GitRepo | undefined;

    before(async function () {
      this.timeout(60_000);
      const root = folder().fsPath;
      execFileSync('git', ['init', '-q'], { cwd: root });
      // Start Work branches from a commit: one, if this repository has none yet.
      try {
        execFileSync('git', ['rev-parse', '--verify', '-q', 'HEAD'], { cwd: root });
      } catch {
        const who = ['-c', 'user.email=dev@example.com', '-c', 'user.name=Dev'];
        execFileSync('git', [...who, 'commit', '-q', '--allow-empty', '-m', 'Start'], { cwd: root });
      }
      await vscode.workspace.getConfiguration('git').update('enabled', true, vscode.ConfigurationTarget.Global);
      const git = vscode.extensions.getExtension<{ enabled: boolean; getAPI(v: 1): GitApi }>('vscode.git');
      assert.ok(git, 'the built-in git extension is missing');
      const exports = await git.activate();
      // The harness starts with git off: it builds its model when the setting turns it on.
      await until(() => exports.enabled, 20_000, 'git did not turn on');
      const api = exports.getAPI(1);
      await until(() => api.state === 'initialized', 20_000, 'git did not initialise');
      repo = api.repositories[0] ?? (await api.openRepository(folder())) ?? undefined;
      await until(() => !!(repo ??= api.repositories[0]), 20_000, 'git found no repository');
      // The input box's text model exists once the Source Control view has drawn it.
      await vscode.commands.executeCommand('workbench.view.scm');
    });

    after(async () => {
      if (repo) repo.inputBox.value = '';
      await vscode.workspace.getConfiguration('git').update('enabled', undefined, vscode.ConfigurationTarget.Global);
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder(), '.git'), { recursive: true });
    });

    async function commitBoxWith(text: string): Promise<vscode.TextDocument> {
      repo!.inputBox.value = text;
      let doc: vscode.TextDocument | undefined;
      await until(
        () =>
          !!(doc = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'vscode-scm' && d.getText() === text)),
        10_000,
        'the commit message box is not a document here',
      );
      return doc!;
    }

    async function completions(doc: vscode.TextDocument, trigger: string): Promise<vscode.CompletionItem[]> {
      const end = doc.lineAt(doc.lineCount - 1).range.end;
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        doc.uri,
        end,
        trigger,
      );
      return list.items.filter((i) => i.kind === vscode.CompletionItemKind.Reference);
    }

    it('offers recently viewed tickets after ZD- and #, written as ZD-<id>', async () => {
      const { t, accountId } = await signedInAgent(['read']);
      for (const id of [4, 8]) {
        await vscode.commands.executeCommand('zendesk.openTicket', { accountId, ticketId: id });
        await until(() => t.tickets.details.get(accountId, id)?.state.view?.id === id);
      }
      const subject8 = (await getAs<{ ticket: Ticket }>('/api/v2/tickets/8', accountId)).ticket.subject;
      env.sandbox.admin.resetCounters();
      const afterPrefix = await completions(await commitBoxWith('Fix ZD-'), '-');
      assert.deepEqual(
        afterPrefix.map((i) => [i.insertText, (i.label as vscode.CompletionItemLabel).description]).slice(0, 1),
        [['ZD-8', subject8]],
      );
      assert.deepEqual(
        afterPrefix.map((i) => i.insertText),
        ['ZD-8', 'ZD-4'],
      );
      const afterHash = await completions(await commitBoxWith('Fix #'), '#');
      assert.deepEqual(
        afterHash.map((i) => [i.insertText, (i.range as vscode.Range).start.character]),
        [
          ['ZD-8', 4],
          ['ZD-4', 4],
        ],
      );
      assert.deepEqual(await completions(await commitBoxWith('Fix XZD-'), '-'), [], 'inside a word');
      assert.deepEqual(env.sandbox.admin.counters().requests, {}, 'completion asked Zendesk');
    });

    it('offers the current ticket first, then the recently viewed ones', async () => {
      const { t, accountId } = await signedInAgent(['read']);
      for (const id of [4, 8]) {
        await vscode.commands.executeCommand('zendesk.openTicket', { accountId, ticketId: id });
        await until(() => t.tickets.details.get(accountId, id)?.state.view?.id === id);
      }
      t.tickets.details.closeAll();
      const from = repo!.state.HEAD?.name;
      // Start Work on #6, the branch named as proposed and the ticket left as it is.
      await answering({ nameBranch: async (name) => name, pickTicketUpdate: async () => undefined }, () =>
        vscode.commands.executeCommand('zendesk.startWork', { accountId, ticketId: 6 }),
      );
      try {
        await until(() => !!repo!.state.HEAD?.name?.startsWith('zd-6-'));
        const subject6 = (await getAs<{ ticket: Ticket }>('/api/v2/tickets/6', accountId)).ticket.subject;
        env.sandbox.admin.resetCounters();
        const offered = await completions(await commitBoxWith('Fix ZD-'), '-');
        assert.deepEqual(
          offered.map((i) => [i.insertText, i.detail]),
          [
            ['ZD-6', 'Current ticket'],
            ['ZD-8', 'Recently viewed'],
            ['ZD-4', 'Recently viewed'],
          ],
        );
        assert.equal((offered[0].label as vscode.CompletionItemLabel).description, subject6);
        assert.equal(offered[0].preselect, true);
        assert.deepEqual(env.sandbox.admin.counters().requests, {}, 'completion asked Zendesk');
      } finally {
        await vscode.commands.executeCommand('zendesk.stopWork');
        if (from) execFileSync('git', ['checkout', '-q', from], { cwd: folder().fsPath });
      }
    });
  });
});

/** The part of the built-in git extension's API this suite uses (extensions/git/src/api/git.d.ts). */
interface GitApi {
  state: 'uninitialized' | 'initialized';
  repositories: GitRepo[];
  openRepository(root: vscode.Uri): Promise<GitRepo | null>;
}

interface GitRepo {
  inputBox: { value: string };
  state: { HEAD?: { name?: string } };
}
