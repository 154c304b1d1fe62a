// Tickets meet code in a real VS Code with its built-in git extension, the harness's workspace made a git repository:
// Start Work creates and checks out the ticket's branch, makes the ticket the branch's current one and sends the one
// update the agent confirmed; starting again finds the branch instead of making another; a selection is staged in the
// ticket's tab as an internal note with its path, lines, permalink and code, and nothing is sent.
import type { Ui } from '../../src/ui/ui';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import { slugify } from '../../src/code/branchName';
import { CURRENT_TICKETS_KEY } from '../../src/code/currentTicket';
import type { GitExtension } from '../../src/code/git';
import type { Ticket } from '../../src/zendesk/types';
import { getAs } from './apiHelpers';
import { setSetting, signedInAgent, testing, until, useSandbox } from './helpers';

const REMOTE = 'https://github.com/acme/portal.git';

function folder(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0]?.uri;
  assert.ok(f, 'the test window has no workspace folder');
  return f;
}

/** git in the workspace, as the person at the terminal would run it (the extension itself never runs git). */
function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: folder().fsPath, encoding: 'utf8' }).trim();
}

function gitApi() {
  const ext = vscode.extensions.getExtension<GitExtension>('vscode.git');
  assert.ok(ext, 'VS Code has no built-in git extension here');
  return ext.exports.getAPI(1);
}

describe('tickets meet code: start work and code to a ticket (extension host, git, the sandbox)', () => {
  const env = useSandbox();

  before(async () => {
    // The built-in git extension needs `git` on PATH; say so plainly when the machine has none.
    try {
      execFileSync('git', ['--version']);
    } catch {
      assert.fail('git is not on PATH: the built-in git extension cannot run (apt-get install git)');
    }
    const ext = vscode.extensions.getExtension<GitExtension>('vscode.git');
    assert.ok(ext, 'the built-in git extension (vscode.git) is not in this VS Code');
    const exports = ext.isActive ? ext.exports : await ext.activate();
    // The harness starts VS Code with git.enabled false (quiet for the suites that do not need it): on for these.
    await vscode.workspace.getConfiguration('git').update('enabled', true, vscode.ConfigurationTarget.Global);
    await until(() => exports.enabled);
  });

  after(async () => {
    await vscode.workspace.getConfiguration('git').update('enabled', undefined, vscode.ConfigurationTarget.Global);
  });

  before(async () => {
    let inside = false;
    try {
      inside = git('rev-parse', '--show-toplevel') === folder().fsPath;
    } catch {
      /* not a repository yet */
    }
    if (!inside) {
      git('init', '-q', '-b', 'main');
      git('config', 'user.email', 'dev@example.com');
      git('config', 'user.name', 'Dev');
      git('remote', 'add', 'origin', REMOTE);
    }
    await vscode.workspace.fs.writeFile(
      vscode.Uri.joinPath(folder(), 'src', 'printer.ts'),
      Buffer.from(
        'export function print(doc: string) {\n  if (onFire()) throw new Error(`fire: ${doc}`);\n  send(doc);\n}\n',
      ),
    );
    git('add', '-A');
    git('commit', '-q', '-m', 'The printer');
    // "Pushed": origin has this commit (a remote-tracking ref, as a fetch leaves it; no network here).
    git('update-ref', 'refs/remotes/origin/main', 'HEAD');
    const api = gitApi();
    await vscode.commands.executeCommand('git.openRepository', folder().fsPath);
    await until(() => api.repositories.some((r) => r.rootUri.fsPath === folder().fsPath));
  });

  const repo = () => gitApi().repositories.find((r) => r.rootUri.fsPath === folder().fsPath)!;

  afterEach(async () => {
    const t = await testing();
    for (const answer of Object.keys(t.ui) as (keyof typeof t.ui)[]) delete t.ui[answer];
    t.tickets.details.closeAll();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await repo().checkout('main');
  });

  it('creates and checks out the ticket’s branch, makes it the current ticket, and sends the one confirmed update', async () => {
    const { t, accountId } = await signedInAgent(['read', 'write']);
    const before = (await getAs<{ ticket: Ticket }>('/api/v2/tickets/3', accountId)).ticket;
    const proposed: string[] = [];
    const confirmations: string[] = [];
    Object.assign(t.ui, {
      nameBranch: async (name, from) => {
        proposed.push(`${name} from ${from}`);
        return name;
      },
      pickTicketUpdate: async (_id, choices) => choices[0],
      confirm: async (message) => {
        confirmations.push(message);
        return true;
      },
    } satisfies Partial<Ui>);
    const me = t.access.accounts().find((a) => a.accountId === accountId)!.user.id;
    await vscode.commands.executeCommand('zendesk.startWork', { accountId, ticketId: 3 });

    const branch = `zd-3-${slugify(before.subject)}`.slice(0, 60).replace(/-+$/, '');
    assert.deepEqual(proposed, [`${branch} from main`]);
    await until(() => repo().state.HEAD?.name === branch);
    assert.equal(git('rev-parse', '--abbrev-ref', 'HEAD'), branch, 'git itself is on the new branch');
    // The branch's current ticket: kept in workspaceState, and what the chat tool reads.
    assert.deepEqual(t.workspaceState.get(CURRENT_TICKETS_KEY), {
      [branch]: { accountId, ticketId: 3, subject: before.subject },
    });
    const toolText = await t.chatTools.currentTicket.invoke(
      { input: {}, toolInvocationToken: undefined },
      new vscode.CancellationTokenSource().token,
    );
    const text = (toolText.content[0] as vscode.LanguageModelTextPart).value;
    assert.ok(text.startsWith(`The current ticket of this workspace (its branch's) is #3 on ${accountId}.`), text);
    // One update, after one confirmation: assigned to the agent, Open.
    assert.equal(confirmations.length, 1);
    const after = (await getAs<{ ticket: Ticket }>('/api/v2/tickets/3', accountId)).ticket;
    assert.equal(after.assignee_id, me);
    assert.equal(after.status, 'open');
    assert.notEqual(after.updated_at, before.updated_at);
  });

  it('finds the ticket’s branch when work starts again, and Stop Work forgets the ticket, not the branch', async () => {
    const { t, accountId } = await signedInAgent(['read', 'write']);
    const named: string[] = [];
    Object.assign(t.ui, {
      nameBranch: async (name) => {
        named.push(name);
        return name;
      },
      pickTicketUpdate: async () => undefined,
    } satisfies Partial<Ui>);
    await vscode.commands.executeCommand('zendesk.startWork', { accountId, ticketId: 4 });
    const branch = repo().state.HEAD?.name;
    assert.ok(branch?.startsWith('zd-4-'), branch);
    await repo().checkout('main');
    await until(() => repo().state.HEAD?.name === 'main');
    const branchesBefore = git('branch', '--list', 'zd-4-*').split('\n').length;
    await vscode.commands.executeCommand('zendesk.startWork', { accountId, ticketId: 4 });
    await until(() => repo().state.HEAD?.name === branch);
    assert.equal(named.length, 1, 'a second branch was proposed for the same ticket');
    assert.equal(git('branch', '--list', 'zd-4-*').split('\n').length, branchesBefore);
    await vscode.commands.executeCommand('zendesk.stopWork');
    assert.deepEqual((t.workspaceState.get(CURRENT_TICKETS_KEY) as Record<string, unknown>)[branch!], undefined);
    assert.equal(repo().state.HEAD?.name, branch);
  });

  it('stages a selection in the ticket’s tab as an internal note: path, lines, permalink and code; sends nothing', async () => {
    const { t, accountId } = await signedInAgent(['read', 'write']);
    const before = (await getAs<{ ticket: Ticket }>('/api/v2/tickets/5', accountId)).ticket;
    const offered: string[] = [];
    Object.assign(t.ui, {
      pickTicket: async (_title, picks) => {
        offered.push(...picks.map((p) => `#${p.ticketId}`));
        return { accountId, ticketId: 5, label: '#5' };
      },
    } satisfies Partial<Ui>);
    const uri = vscode.Uri.joinPath(folder(), 'src', 'printer.ts');
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    editor.selection = new vscode.Selection(1, 0, 3, 0);
    await vscode.commands.executeCommand('zendesk.addSelectionToTicket');
    const sha = git('rev-parse', 'HEAD');
    const draft = t.drafts.get(accountId, 5);
    assert.equal(
      draft?.body,
      `[\`src/printer.ts\`, lines 2–3](https://github.com/acme/portal/blob/${sha}/src/printer.ts#L2-L3)\n\n` +
        '```typescript\n  if (onFire()) throw new Error(`fire: ${doc}`);\n  send(doc);\n```\n',
    );
    assert.equal(draft?.mode, 'internal');
    await until(() => t.tickets.details.get(accountId, 5)?.state.view?.id === 5);
    const after = (await getAs<{ ticket: Ticket }>('/api/v2/tickets/5', accountId)).ticket;
    assert.deepEqual(after, before, 'staging the selection wrote to Zendesk');
  });

  it('offers, after a commit naming a ticket, to stage it as an internal note with its link; off, offers nothing', async () => {
    const { t, accountId } = await signedInAgent(['read', 'write']);
    const before = (await getAs<{ ticket: Ticket }>('/api/v2/tickets/7', accountId)).ticket;
    const offers: string[] = [];
    t.ui.offer = async (message) => {
      offers.push(message);
      return true;
    };
    /** A commit from the Source Control view (the git extension's commit, which says it committed). */
    const commit = async (file: string, message: string) => {
      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder(), file), Buffer.from(`${message}\n`));
      git('add', file);
      await (repo() as unknown as { commit(message: string): Promise<void> }).commit(message);
      return git('rev-parse', 'HEAD');
    };
    // Off, as it is by default: a commit naming the ticket offers nothing.
    await commit('notes-off.txt', 'ZD-7: The first half');
    await setSetting('commit.offerNote', true);
    try {
      const sha = await commit('notes-on.txt', 'ZD-7: Keep the printer cool\n\nFans first.');
      await until(() => t.drafts.get(accountId, 7) !== undefined);
      const short = sha.slice(0, 8);
      // Only the second commit was offered; origin has not got it yet, which the offer says.
      assert.deepEqual(offers, [
        `Commit ${short} names #7. Add it to the ticket as an internal note? Push it before you submit, or its link will not open.`,
      ]);
      const draft = t.drafts.get(accountId, 7);
      assert.equal(
        draft?.body,
        `Commit [\`${short}\`](https://github.com/acme/portal/commit/${sha}) on \`main\`:\n\n` +
          '```\nZD-7: Keep the printer cool\n\nFans first.\n```\n',
      );
      assert.equal(draft?.mode, 'internal');
      await until(() => t.tickets.details.get(accountId, 7)?.state.view?.id === 7);
      const after = (await getAs<{ ticket: Ticket }>('/api/v2/tickets/7', accountId)).ticket;
      assert.deepEqual(after, before, 'staging the commit wrote to Zendesk');
      // A ticket link of the signed-in account names its ticket too.
      const linked = await commit('notes-link.txt', `Cool the fans\n\nFor ${env.sandbox.url}/agent/tickets/9.`);
      await until(() => t.drafts.get(accountId, 9) !== undefined);
      assert.equal(offers.length, 2);
      assert.ok(t.drafts.get(accountId, 9)?.body.includes(`/commit/${linked})`), t.drafts.get(accountId, 9)?.body);
    } finally {
      await setSetting('commit.offerNote', undefined);
    }
  });
});
