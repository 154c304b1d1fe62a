// "Start Work on Ticket" (the tree's ticket, the ticket tab's title bar, the palette): a branch for the ticket,
// found if one exists (local, or only on a remote) and otherwise made from the template, checked out; the ticket
// becomes the branch's current ticket; then, if the agent wants, one update assigns the ticket to them and sets a
// status, sent only after they confirm it. Git through the git extension (gitApi.ts), never a process of our own.
import * as vscode from 'vscode';
import type { AccountAccess } from '../auth/access';
import { Commands, Settings } from '../constants';
import { userSetting } from '../config';
import type { Logger } from '../log';
import { needFor, writeTicket } from '../tickets/actions';
import type { StatusCatalog } from '../tickets/statusCatalog';
import type { TicketChanges } from '../tickets/ticketChanges';
import { parseTicketRef } from '../tickets/ticketRef';
import { showError } from '../ui/messages';
import { getTicket } from '../zendesk/api';
import { ConflictError } from '../zendesk/errors';
import type { Ticket } from '../zendesk/types';
import { branchNameProblem, DEFAULT_BRANCH_TEMPLATE, fillTemplate, templateProblem } from './branchName';
import type { CodeUi } from './codeUi';
import type { CurrentTicketService } from './currentTicket';
import { GitAccess, GitUnavailableError, type GitRepository, type TicketBranch } from './gitApi';
import { ticketUpdateChoices } from './ticketUpdate';

/** A ticket as the commands get it: a tree node, `{ accountId, ticketId }`, or nothing (the tab in front, or ask). */
export interface WorkTarget {
  accountId: string;
  ticketId?: number;
  ticket?: { id: number };
  recent?: { ticketId: number };
}

export interface StartWorkDeps {
  access: AccountAccess;
  git: GitAccess;
  current: CurrentTicketService;
  statuses: StatusCatalog;
  changes: TicketChanges;
  ui: CodeUi;
  log: Logger;
  /** The ticket of the ticket tab in front, if one is. */
  activeTab(): { accountId: string; ticketId: number } | undefined;
}

/** What went wrong in git, in the words git said it (the first line), for a message. */
export function gitErrorText(e: unknown): string {
  const g = e as { stderr?: unknown; message?: unknown };
  const text = typeof g.stderr === 'string' && g.stderr.trim() ? g.stderr : String(g.message ?? e);
  return (
    text
      .split('\n')
      .map((l) => l.replace(/^(error|fatal):\s*/, '').trim())
      .find(Boolean) ?? String(e)
  );
}

/** A ticket the agent types (`1234`, `#1234`, a link of a signed-in account), on the account in use for a number. */
export async function askForTicket(
  access: AccountAccess,
  ui: CodeUi,
  title: string,
): Promise<{ accountId: string; ticketId: number } | undefined> {
  const accounts = access.accounts();
  const inUse = access.inUse()?.accountId;
  const typed = await ui.askTicket(title, (v) => {
    const kind = parseTicketRef(v, accounts, inUse).kind;
    return kind === 'invalid' || kind === 'foreign'
      ? vscode.l10n.t('Type a ticket number such as 1234, or paste a link to a ticket of a signed-in account.')
      : undefined;
  });
  if (!typed?.trim()) return undefined;
  const ref = parseTicketRef(typed, accounts, inUse);
  if (ref.kind === 'link') return { accountId: ref.accountId, ticketId: ref.ticketId };
  const account = access.inUse() ?? accounts[0];
  if (ref.kind === 'number' && account) return { accountId: account.accountId, ticketId: ref.ticketId };
  void ui.showWarningMessage(
    vscode.l10n.t('"{0}" is not a ticket number or a link of a signed-in account.', typed.trim().slice(0, 80)),
    {},
  );
  return undefined;
}

export class StartWork {
  constructor(private readonly d: StartWorkDeps) {}

  /** The ticket the command acts on: the one given, else the ticket tab in front, else the one the agent types. */
  private async target(t?: WorkTarget): Promise<{ accountId: string; ticketId: number } | undefined> {
    const id = t?.ticketId ?? t?.ticket?.id ?? t?.recent?.ticketId;
    if (t && id) return { accountId: t.accountId, ticketId: id };
    const tab = this.d.activeTab();
    if (tab) return tab;
    return askForTicket(this.d.access, this.d.ui, vscode.l10n.t('Start Work on Ticket'));
  }

  async run(t?: WorkTarget): Promise<void> {
    if (!this.d.access.accounts().length) {
      void this.d.ui
        .showInformationMessage(vscode.l10n.t('Sign in to Zendesk first.'), {}, vscode.l10n.t('Sign In'))
        .then((c) => (c ? vscode.commands.executeCommand(Commands.signIn) : undefined));
      return;
    }
    const template = userSetting(Settings.branchTemplate, DEFAULT_BRANCH_TEMPLATE).trim() || DEFAULT_BRANCH_TEMPLATE;
    const bad = templateProblem(template);
    if (bad) {
      void this.d.ui
        .showWarningMessage(bad, {}, vscode.l10n.t('Open Settings'))
        .then((c) =>
          c
            ? vscode.commands.executeCommand('workbench.action.openSettings', `zendesk.${Settings.branchTemplate}`)
            : undefined,
        );
      return;
    }
    const target = await this.target(t);
    if (!target) return;
    const { accountId, ticketId } = target;
    let repo: GitRepository;
    try {
      repo = await this.d.git.repository();
    } catch (e) {
      if (!(e instanceof GitUnavailableError)) throw e;
      void this.d.ui.showWarningMessage(vscode.l10n.t('Cannot start work on #{0}: {1}', ticketId, e.message), {});
      return;
    }
    let ticket: Ticket;
    try {
      ticket = await this.d.access.withClient(accountId, needFor('readTicket'), (c) => getTicket(c, ticketId));
    } catch (e) {
      await showError(e, this.d.log, vscode.l10n.t('Reading #{0}', ticketId));
      return;
    }
    const branch = await this.checkoutBranch(repo, ticket, accountId, template);
    if (!branch) return;
    await this.d.current.start({ accountId, ticketId, subject: ticket.subject ?? '' }, branch);
    this.d.log.info(`work on ticket ${ticketId} of ${accountId} started on branch ${branch}`);
    void vscode.window.setStatusBarMessage(vscode.l10n.t('Working on #{0} on {1}', ticketId, branch), 5000);
    await this.offerUpdate(accountId, ticket);
  }

  /** The branch checked out for the ticket, its name; undefined when the agent cancelled or git refused. */
  private async checkoutBranch(
    repo: GitRepository,
    ticket: Ticket,
    accountId: string,
    template: string,
  ): Promise<string | undefined> {
    const existing = await repo.branchesFor(ticket.id, template);
    let choice: TicketBranch | 'new' | undefined = existing.length === 1 ? existing[0] : 'new';
    if (existing.length > 1) choice = await this.d.ui.pickBranch(ticket.id, existing);
    if (!choice) return undefined;
    if (choice !== 'new') {
      if (repo.branch === choice.name) return choice.name;
      try {
        await repo.checkout(choice);
        return choice.name;
      } catch (e) {
        this.d.log.warn(`checking out ${choice.name}: ${gitErrorText(e)}`);
        void this.d.ui.showWarningMessage(
          vscode.l10n.t('Git did not check out {0}: {1}', choice.name, gitErrorText(e)),
          {},
        );
        return undefined;
      }
    }
    const subdomain = this.d.access.accounts().find((a) => a.accountId === accountId)?.subdomain;
    const proposed = fillTemplate(template, { id: ticket.id, subject: ticket.subject ?? '', subdomain });
    const taken = new Set(existing.map((b) => b.name));
    const name = (
      await this.d.ui.nameBranch(proposed, repo.branch, (v) =>
        taken.has(v.trim())
          ? vscode.l10n.t('{0} exists already: choose another name.', v.trim())
          : branchNameProblem(v.trim()),
      )
    )?.trim();
    if (!name) return undefined;
    const problem = branchNameProblem(name);
    if (problem) {
      void this.d.ui.showWarningMessage(problem, {});
      return undefined;
    }
    try {
      await repo.create(name);
      return name;
    } catch (e) {
      this.d.log.warn(`creating ${name}: ${gitErrorText(e)}`);
      void this.d.ui.showWarningMessage(vscode.l10n.t('Git did not create {0}: {1}', name, gitErrorText(e)), {});
      return undefined;
    }
  }

  /** Offers to assign the ticket and set a status: one update, sent only once the agent confirms it. */
  private async offerUpdate(accountId: string, ticket: Ticket): Promise<void> {
    if (userSetting<string>(Settings.startWorkUpdateTicket, 'ask') === 'never') return;
    const account = this.d.access.accounts().find((a) => a.accountId === accountId);
    if (!account) return;
    try {
      const statuses = await this.d.access.withClient(accountId, needFor('readTicket'), (c) =>
        this.d.statuses.get(accountId, c),
      );
      const choices = ticketUpdateChoices(ticket, account.user.id, statuses);
      const choice = await this.d.ui.pickTicketUpdate(ticket.id, choices);
      if (!choice || !Object.keys(choice.patch).length) return;
      const button = vscode.l10n.t('Update #{0}', ticket.id);
      const ok = await this.d.ui.confirm(
        vscode.l10n.t('Update #{0} on {1}: {2}?', ticket.id, account.subdomain, choice.summary),
        vscode.l10n.t('This is sent to Zendesk as one change.'),
        button,
      );
      if (!ok) return;
      const updated = await this.d.access.withClient(accountId, needFor('updateFields'), (c) =>
        writeTicket(c, ticket.id, choice.patch, ticket.updated_at),
      );
      this.d.changes.fire({ accountId, ticket: updated });
      this.d.log.info(`ticket ${ticket.id} of ${accountId} updated on start of work`);
      void vscode.window.setStatusBarMessage(vscode.l10n.t('#{0}: {1}', ticket.id, choice.summary), 5000);
    } catch (e) {
      if (e instanceof ConflictError) {
        void this.d.ui.showWarningMessage(
          vscode.l10n.t(
            '#{0} changed in Zendesk since it was read, so it was not updated. Your branch is ready; open the ticket to update it.',
            ticket.id,
          ),
          {},
        );
        return;
      }
      await showError(e, this.d.log, vscode.l10n.t('Updating #{0}', ticket.id));
    }
  }
}
