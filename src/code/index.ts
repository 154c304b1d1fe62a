// Tickets meet code: the git extension reached once (gitApi.ts), the current ticket per branch and its status bar
// item, "Start Work on Ticket", the commit box's reference and the note a commit can become, and "Add Selection to
// Ticket…". Returns the current ticket for the others that read it (the chat tool, the commit box's completion).
import * as vscode from 'vscode';
import type { AccountAccess } from '../auth/access';
import { Commands, ContextKeys } from '../constants';
import type { Logger } from '../log';
import type { RecentTickets } from '../tickets/recentTickets';
import type { StatusCatalog } from '../tickets/statusCatalog';
import type { TicketChanges } from '../tickets/ticketChanges';
import { ticketOfActiveTab } from '../tickets/ticketCommands';
import type { TicketTabs } from '../tickets/ticketTabs';
import { agentTicketUrl } from '../zendesk/subdomain';
import type { CodeUi } from './codeUi';
import { CommitMessages } from './commitMessage';
import { CurrentTicketService, type CurrentTicket } from './currentTicket';
import type { ReferencePattern } from './references/referencePatterns';
import { GitAccess } from './gitApi';
import { GitWatcher } from './gitWatcher';
import { SelectionToTicket } from './selectionToTicket';
import { StartWork, type WorkTarget } from './startWork';
import { WORK_STATUS_BAR_ID, WorkStatusBar } from './workStatusBar';

export type { CurrentTicket, WorkTicket } from './currentTicket';

export interface CodeDeps {
  access: AccountAccess;
  statuses: StatusCatalog;
  changes: TicketChanges;
  recent: RecentTickets;
  tabs: TicketTabs;
  workspaceState: vscode.Memento;
  ui: CodeUi;
  log: Logger;
  /** The user's ticket reference patterns: the commit box writes and reads references in them. */
  patterns: { patterns(): readonly ReferencePattern[] };
}

export interface CodeFeatures {
  current: CurrentTicket;
  git: GitAccess;
  disposables: vscode.Disposable[];
}

export function registerCode(d: CodeDeps): CodeFeatures {
  const git = new GitAccess();
  const watcher = new GitWatcher(git, d.log);
  const current = new CurrentTicketService(d.workspaceState, watcher);
  const startWork = new StartWork({ ...d, git, current, activeTab: () => ticketOfActiveTab(d.access) });
  const commits = new CommitMessages({ ...d, git, watcher, current });
  const selection = new SelectionToTicket({ ...d, git, current });

  const open = async () => {
    const t = current.current();
    if (t) await vscode.commands.executeCommand(Commands.openTicket, { accountId: t.accountId, ticketId: t.ticketId });
  };
  const openInBrowser = async () => {
    const t = current.current();
    const account = t && d.access.accounts().find((a) => a.accountId === t.accountId);
    if (!t) return;
    if (!account) {
      void d.ui.showInformationMessage(
        vscode.l10n.t('The account of #{0} is signed out. Sign in to it to open the ticket.', t.ticketId),
        {},
      );
      return;
    }
    await vscode.env.openExternal(vscode.Uri.parse(agentTicketUrl(account.baseUrl, t.ticketId)));
  };
  const stop = async () => {
    const t = current.current();
    await current.stop();
    if (t) void vscode.window.setStatusBarMessage(vscode.l10n.t('Stopped work on #{0}', t.ticketId), 3000);
  };
  const menu = async () => {
    const t = current.current();
    if (!t) {
      void d.ui.showInformationMessage(
        vscode.l10n.t('No current ticket on this branch. Run "Start Work on Ticket" to choose one.'),
        {},
      );
      return;
    }
    const items: (vscode.QuickPickItem & { run: () => Promise<unknown> })[] = [
      { label: `$(issues) ${vscode.l10n.t('Open Ticket')}`, run: open },
      { label: `$(link-external) ${vscode.l10n.t('Open in Zendesk')}`, run: openInBrowser },
      {
        label: `$(git-commit) ${vscode.l10n.t('Add Ticket Reference to Commit Message')}`,
        run: () => commits.addReference(),
      },
      { label: `$(debug-stop) ${vscode.l10n.t('Stop Work')}`, run: stop },
    ];
    const pick = await d.ui.showQuickPick(items, { title: vscode.l10n.t('Current Ticket #{0}', t.ticketId) });
    await pick?.run();
  };

  const statusBar = new WorkStatusBar(
    vscode.window.createStatusBarItem(WORK_STATUS_BAR_ID, vscode.StatusBarAlignment.Left, 49),
    current,
    {
      open: Commands.openCurrentTicket,
      openInBrowser: Commands.openCurrentTicketInBrowser,
      stop: Commands.stopWork,
    },
  );
  const hasCurrent = () =>
    void vscode.commands.executeCommand('setContext', ContextKeys.hasCurrentTicket, current.current() !== undefined);
  hasCurrent();
  return {
    current,
    git,
    disposables: [
      current.onDidChange(hasCurrent),
      watcher,
      current,
      commits,
      statusBar,
      vscode.commands.registerCommand(Commands.startWork, (t?: WorkTarget) => startWork.run(t)),
      vscode.commands.registerCommand(Commands.stopWork, stop),
      vscode.commands.registerCommand(Commands.openCurrentTicket, open),
      vscode.commands.registerCommand(Commands.openCurrentTicketInBrowser, openInBrowser),
      vscode.commands.registerCommand(Commands.currentTicketMenu, menu),
      vscode.commands.registerCommand(Commands.addTicketToCommitMessage, () => commits.addReference()),
      vscode.commands.registerCommand(Commands.addSelectionToTicket, () => selection.run()),
    ],
  };
}
