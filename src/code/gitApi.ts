// The one way this extension reaches git: VS Code's built-in git extension (`vscode.git`, API version 1), never a
// git process of its own, so it sees the repositories, credentials and state the Source Control view shows. When the
// git extension is missing, disabled or finds no repository, callers get a GitUnavailableError that says what to do.
import * as vscode from 'vscode';
import { branchIsForTicket } from './branchName';
import type { API, GitExtension, Ref, Repository } from './git';
import { webRepository, type WebRepository } from './remoteLinks';

export const GIT_EXTENSION_ID = 'vscode.git';

/** Git cannot be used here; `message` is for the user, and says what to do. */
export class GitUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GitUnavailableError';
  }
}

/** A branch that belongs to a ticket: local (`zd-12-x`) or only on a remote (`origin/zd-12-x`, remote `origin`). */
export interface TicketBranch {
  name: string;
  remote?: string;
}

/** How the git extension is reached; the real one in production, a fake in tests. */
export type GitExtensionSource = () => vscode.Extension<GitExtension> | undefined;

export class GitAccess {
  constructor(private readonly source: GitExtensionSource = () => vscode.extensions.getExtension(GIT_EXTENSION_ID)) {}

  /** The git extension's exports once it is active; undefined when VS Code has none (removed or disabled). */
  async extension(): Promise<GitExtension | undefined> {
    const ext = this.source();
    if (!ext) return undefined;
    return ext.isActive ? ext.exports : await ext.activate();
  }

  /** The API once the git extension is active, enabled, and has looked for repositories. */
  async api(): Promise<API> {
    const exports = await this.extension();
    if (!exports) {
      throw new GitUnavailableError(
        vscode.l10n.t('The built-in Git extension is not available. Enable "Git" (vscode.git) in the Extensions view.'),
      );
    }
    if (!exports.enabled) {
      throw new GitUnavailableError(
        vscode.l10n.t('Git is turned off in this window. Set "git.enabled" to true, or install git, then try again.'),
      );
    }
    return initialized(exports.getAPI(1));
  }

  /**
   * The repository of `uri` (the active editor's file), else the one selected in Source Control, else the only one;
   * a workspace folder that is a repository git has not opened yet is opened. Throws GitUnavailableError when there
   * is none.
   */
  async repository(uri?: vscode.Uri): Promise<GitRepository> {
    const api = await this.api();
    let repo = pick(api, uri ?? vscode.window.activeTextEditor?.document.uri);
    if (!repo && api.openRepository) {
      for (const f of vscode.workspace.workspaceFolders ?? []) {
        repo = (await api.openRepository(f.uri).catch(() => null)) ?? undefined;
        if (repo) break;
      }
    }
    if (!repo) {
      throw new GitUnavailableError(
        vscode.l10n.t(
          'No git repository is open in this window. Open a folder that is a git repository, then try again.',
        ),
      );
    }
    return new GitRepository(repo);
  }
}

/** The API once it has looked for repositories (it says "uninitialized" until then). */
export async function initialized(api: API): Promise<API> {
  if (api.state !== 'uninitialized' || !api.onDidChangeState) return api;
  const onState = api.onDidChangeState;
  await new Promise<void>((resolve) => {
    const sub = onState((s) => {
      if (s === 'initialized') {
        sub.dispose();
        resolve();
      }
    });
  });
  return api;
}

function pick(api: API, uri: vscode.Uri | undefined): Repository | undefined {
  if (uri && uri.scheme === 'file') {
    const own = api.getRepository?.(uri);
    if (own) return own;
  }
  const all = api.repositories;
  return all.length === 1 ? all[0] : (all.find((r) => r.ui.selected) ?? all[0]);
}

/** One repository, as the features here use it. */
export class GitRepository {
  constructor(readonly repo: Repository) {}

  get root(): vscode.Uri {
    return this.repo.rootUri;
  }

  /** The checked-out branch's name; undefined on a detached HEAD. */
  get branch(): string | undefined {
    return this.repo.state.HEAD?.name;
  }

  get head(): string | undefined {
    return this.repo.state.HEAD?.commit;
  }

  /** The Source Control input box's commit message. */
  get message(): string {
    return this.repo.inputBox.value;
  }

  set message(text: string) {
    this.repo.inputBox.value = text;
  }

  /** The commit `ref` names (`HEAD`): its hash and message. */
  commit(ref: string): Promise<{ hash: string; message: string }> {
    return this.repo.getCommit(ref);
  }

  /** Local branches first, then remote ones with no local branch of the same name. */
  async branchesFor(ticketId: number, template: string): Promise<TicketBranch[]> {
    const refs = await this.refs();
    const local = refs.filter((r) => r.type === 0 && r.name && branchIsForTicket(r.name, ticketId, template));
    const names = new Set(local.map((r) => r.name));
    const remote = refs.filter((r) => {
      if (r.type !== 1 || !r.name || !r.remote || r.name.endsWith('/HEAD')) return false;
      const short = r.name.slice(r.remote.length + 1);
      return !names.has(short) && branchIsForTicket(r.name, ticketId, template, r.remote);
    });
    return [
      ...local.map((r) => ({ name: r.name as string })),
      ...remote.map((r) => ({ name: (r.name as string).slice((r.remote as string).length + 1), remote: r.remote })),
    ];
  }

  /** Every local and remote branch, read now; the state's refs where the API cannot read them. */
  private async refs(): Promise<readonly Ref[]> {
    // `remote: true` is local and remote branches alike (tags apart).
    return this.repo.getBranches ? this.repo.getBranches({ remote: true }) : this.repo.state.refs;
  }

  /** Checks out a local branch, or makes a local branch tracking a remote one and checks it out. */
  async checkout(b: TicketBranch): Promise<void> {
    if (!b.remote) return this.repo.checkout(b.name);
    const upstream = `${b.remote}/${b.name}`;
    await this.repo.createBranch(b.name, true, upstream);
    await this.repo.setBranchUpstream(b.name, upstream);
  }

  /** A new branch from HEAD, checked out. */
  create(name: string): Promise<void> {
    return this.repo.createBranch(name, true);
  }

  /** The remote links go to: the branch's upstream remote, else `origin`, else the first one git knows. */
  webRepository(): WebRepository | undefined {
    const remotes = this.repo.state.remotes;
    const upstream = this.repo.state.HEAD?.upstream?.remote;
    const r = remotes.find((x) => x.name === upstream) ?? remotes.find((x) => x.name === 'origin') ?? remotes[0];
    const url = r?.fetchUrl ?? r?.pushUrl;
    return url ? webRepository(url) : undefined;
  }

  /**
   * Whether `sha` is on a remote, so a link to it opens: some remote branch contains it (the git extension's
   * getBranches with `contains`), or, where that is not offered, HEAD is `sha` with nothing ahead of its upstream.
   */
  async isPushed(sha: string): Promise<boolean> {
    if (this.repo.getBranches) {
      const containing = await this.repo.getBranches({ remote: true, contains: sha }).catch(() => undefined);
      if (containing) return containing.some((r) => r.type === 1);
    }
    const head = this.repo.state.HEAD;
    return head?.commit === sha && !!head.upstream && head.ahead === 0;
  }

  /** Whether the file has changes not committed (staged or not): its lines may not be the commit's. */
  hasChanges(uri: vscode.Uri): boolean {
    const same = (c: { uri: vscode.Uri }) => c.uri.toString() === uri.toString();
    return this.repo.state.workingTreeChanges.some(same) || this.repo.state.indexChanges.some(same);
  }

  /** `uri`'s path relative to the repository, with `/`; undefined outside it. */
  relativePath(uri: vscode.Uri): string | undefined {
    const root = this.root.path.replace(/\/+$/, '');
    return uri.path.startsWith(`${root}/`) ? uri.path.slice(root.length + 1) : undefined;
  }
}
