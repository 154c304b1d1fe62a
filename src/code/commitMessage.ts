// The current ticket in the commit box: "Add Ticket Reference to Commit Message" (and, with
// `zendesk.commitMessage.prefixTicket`, `ZD-1234: ` put before an empty message by itself), and after a commit that
// names a ticket, with `zendesk.commit.offerNote`, an offer to stage the commit as an internal note in the ticket's
// tab, for the agent to read and submit there. Nothing is sent from here.
import * as vscode from 'vscode';
import type { AccountAccess } from '../auth/access';
import { userSetting } from '../config';
import { Settings } from '../constants';
import type { Logger } from '../log';
import type { TicketTabs } from '../tickets/ticketTabs';
import { showError } from '../ui/messages';
import type { CodeUi } from './codeUi';
import type { CurrentTicket, WorkTicket } from './currentTicket';
import { GitAccess, GitUnavailableError, type GitRepository } from './gitApi';
import type { GitWatcher } from './gitWatcher';
import { commitUrl } from './remoteLinks';
import type { ReferencePattern } from './references/referencePatterns';
import { commitNoteBody, commitTicket, ticketKey, ticketPrefix, ticketsNamedIn, withTicketPrefix } from './workText';

export interface CommitMessageDeps {
  access: AccountAccess;
  git: GitAccess;
  watcher: GitWatcher;
  current: CurrentTicket;
  tabs: TicketTabs;
  ui: CodeUi;
  log: Logger;
  /** The user's reference patterns (`zendesk.references.patterns`), as the links and hovers read them. */
  patterns: { patterns(): readonly ReferencePattern[] };
}

export class CommitMessages implements vscode.Disposable {
  private readonly disposables: { dispose(): void }[];
  /** The commits already offered, so a repeated event does not offer twice. */
  private readonly offered = new Set<string>();

  constructor(private readonly d: CommitMessageDeps) {
    this.disposables = [
      d.current.onDidChange((t) => this.prefixAll(t)),
      d.watcher.onDidChangeState((r) => this.prefix(r, d.current.current())),
      d.watcher.onDidCommit((r) => void this.afterCommit(r).catch((e: unknown) => d.log.warn(String(e)))),
    ];
  }

  /** "Add Ticket Reference to Commit Message": `ZD-1234: ` before the message, unless it names the ticket. */
  async addReference(): Promise<void> {
    const t = this.d.current.current();
    if (!t) {
      void this.d.ui.showInformationMessage(
        vscode.l10n.t('No current ticket: run "Start Work on Ticket" first, then add its reference.'),
        {},
      );
      return;
    }
    let repo: GitRepository;
    try {
      repo = await this.d.git.repository();
    } catch (e) {
      if (!(e instanceof GitUnavailableError)) throw e;
      void this.d.ui.showWarningMessage(e.message, {});
      return;
    }
    const patterns = this.d.patterns.patterns();
    repo.message = withTicketPrefix(repo.message, t.ticketId, patterns);
    void vscode.window.setStatusBarMessage(
      vscode.l10n.t('{0} added to the commit message', ticketKey(t.ticketId, patterns)),
      3000,
    );
  }

  private prefixAll(t: WorkTicket | undefined): void {
    const r = this.d.watcher.repository();
    if (r) this.prefix(r, t);
  }

  /** With the setting on: an empty message (or one prefixed for another ticket) gets the current ticket's prefix. */
  private prefix(r: GitRepository, t: WorkTicket | undefined): void {
    if (!t || !userSetting(Settings.prefixTicket, false)) return;
    const m = r.message;
    const patterns = this.d.patterns.patterns();
    if (m.trim() && !ticketPrefix(m, patterns)) return;
    const next = withTicketPrefix(m, t.ticketId, patterns);
    if (next !== m) r.message = next;
  }

  /** Offers to stage the commit as an internal note in the ticket it names (the current ticket first). */
  private async afterCommit(r: GitRepository): Promise<void> {
    if (!userSetting(Settings.offerNote, false)) return;
    const commit = await r.commit('HEAD');
    if (this.offered.has(commit.hash)) return;
    const { access } = this.d;
    const inUse = (access.inUse() ?? access.accounts()[0])?.accountId;
    const named = ticketsNamedIn(commit.message, this.d.patterns.patterns(), access.accounts(), inUse);
    if (!named.length) return;
    this.offered.add(commit.hash);
    const target = commitTicket(named, inUse, this.d.current.current());
    if (!target) return;
    const { accountId, ticketId } = target;
    const web = r.webRepository();
    const pushed = await r.isPushed(commit.hash);
    const short = commit.hash.slice(0, 8);
    const button = vscode.l10n.t('Stage Note in #{0}', ticketId);
    const message = web
      ? pushed
        ? vscode.l10n.t(
            'Commit {0} names #{1}. Add it to the ticket as an internal note, with its link?',
            short,
            ticketId,
          )
        : vscode.l10n.t(
            'Commit {0} names #{1}. Add it to the ticket as an internal note? Push it before you submit, or its link will not open.',
            short,
            ticketId,
          )
      : vscode.l10n.t('Commit {0} names #{1}. Add it to the ticket as an internal note?', short, ticketId);
    if (!(await this.d.ui.offer(message, button))) return;
    const body = commitNoteBody({
      sha: commit.hash,
      message: commit.message,
      branch: r.branch,
      url: web && commitUrl(web, commit.hash),
    });
    try {
      await this.d.tabs.stage(accountId, ticketId, { comment: { body, public: false }, fields: {} });
      void vscode.window.setStatusBarMessage(
        vscode.l10n.t('The note is in the draft of #{0}: submit it there.', ticketId),
        5000,
      );
    } catch (e) {
      await showError(e, this.d.log, vscode.l10n.t('Opening #{0}', ticketId));
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
