// Follows the window's git repository for the features that react to it: the branch (the current ticket is the
// branch's) and its commits (the commit box's prefix, the note a commit can become). Waits for the git extension
// without making anyone wait for it; with no git, the branch is simply unknown.
import * as vscode from 'vscode';
import { Emitter } from '../events';
import type { Logger } from '../log';
import type { GitExtension, Repository } from './git';
import { GitAccess, GitRepository, initialized } from './gitApi';
import type { BranchSource } from './currentTicket';

export class GitWatcher implements BranchSource, vscode.Disposable {
  private readonly branchChanged = new Emitter<void>();
  readonly onDidChangeBranch = this.branchChanged.event;
  private readonly committed = new Emitter<GitRepository>();
  /** A commit was made in a repository of the window (the git extension's onDidCommit, where it has one). */
  readonly onDidCommit = this.committed.event;
  private readonly stateChanged = new Emitter<GitRepository>();
  /** A repository's state changed (HEAD, the index, the input box's commit just cleared it). */
  readonly onDidChangeState = this.stateChanged.event;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly watched = new Map<Repository, vscode.Disposable[]>();
  private repos: Repository[] = [];
  /** The API's open/close listeners while git is enabled. */
  private following: vscode.Disposable[] = [];
  private lastBranch: string | undefined;

  constructor(
    private readonly git: GitAccess,
    private readonly log: Logger,
  ) {
    void this.start().catch((e: unknown) => this.log.info(`git is not followed: ${String(e)}`));
  }

  /** Follows the repositories while git is enabled: from now, or from when "git.enabled" turns on. */
  private async start(): Promise<void> {
    const exports = await this.git.extension();
    if (!exports) return;
    this.disposables.push(
      exports.onDidChangeEnablement((enabled) => {
        // The git extension says "enabled" as it sets its model, and sets what getAPI also needs right after, in the
        // same turn: the API is asked for once that turn is over.
        if (enabled) {
          setTimeout(
            () => void this.follow(exports).catch((e: unknown) => this.log.warn(`following git: ${String(e)}`)),
            0,
          );
        } else this.unfollow();
      }),
    );
    if (exports.enabled) await this.follow(exports);
  }

  private async follow(exports: GitExtension): Promise<void> {
    const api = await initialized(exports.getAPI(1));
    this.unfollow();
    this.following = [api.onDidOpenRepository((r) => this.watch(r)), api.onDidCloseRepository((r) => this.unwatch(r))];
    for (const r of api.repositories) this.watch(r);
  }

  private unfollow(): void {
    for (const d of this.following.splice(0)) d.dispose();
    for (const r of [...this.repos]) this.unwatch(r);
  }

  private watch(r: Repository): void {
    if (this.watched.has(r)) return;
    this.repos.push(r);
    const subs: vscode.Disposable[] = [
      r.state.onDidChange(() => {
        this.stateChanged.fire(new GitRepository(r));
        this.check();
      }),
    ];
    if (r.onDidCommit) subs.push(r.onDidCommit(() => this.committed.fire(new GitRepository(r))));
    this.watched.set(r, subs);
    this.check();
  }

  private unwatch(r: Repository): void {
    for (const d of this.watched.get(r) ?? []) d.dispose();
    this.watched.delete(r);
    this.repos = this.repos.filter((x) => x !== r);
    this.check();
  }

  /** The repository the features act on: the one selected in Source Control, else the first. */
  repository(): GitRepository | undefined {
    const r = this.repos.find((x) => x.ui.selected) ?? this.repos[0];
    return r && new GitRepository(r);
  }

  branch(): string | undefined {
    return this.repository()?.branch;
  }

  private check(): void {
    const b = this.branch();
    if (b === this.lastBranch) return;
    this.lastBranch = b;
    this.branchChanged.fire();
  }

  dispose(): void {
    this.unfollow();
    for (const d of this.disposables) d.dispose();
    this.branchChanged.dispose();
    this.committed.dispose();
    this.stateChanged.dispose();
  }
}
