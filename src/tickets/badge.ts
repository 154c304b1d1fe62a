// The Tickets view's badge (the count of one chosen view or saved search) and the notice of newly assigned
// tickets, both refreshed by the poller while the window is focused.
import * as vscode from 'vscode';
import type { AccountAccess } from '../auth/access';
import { Commands } from '../constants';
import type { Logger } from '../log';
import { countSearch, countViews } from '../zendesk/api';
import type { ZendeskClient } from '../zendesk/http';
import type { TicketNode } from './ticketTree';
import type { TicketSettings } from './ticketSettings';
import type { TicketModel } from './ticketModel';
import { AssignmentWatch, Poller } from './poller';
import { revealBidi } from './format';
import { readTickets } from './reads';
import type { Dialogs } from '../dialogs';

export interface BadgeDeps {
  /** Its reads go through the account access, quietly: a poll never asks for more access. */
  access: AccountAccess;
  model(accountId: string): TicketModel | undefined;
  view: vscode.TreeView<TicketNode>;
  settings: TicketSettings;
  log: Logger;
  ui: Pick<Dialogs, 'showInformationMessage'>;
}

export class TicketBadge implements vscode.Disposable {
  readonly poller: Poller;
  private readonly watch = new AssignmentWatch();
  private watchedAccount: string | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly found = new vscode.EventEmitter<{ accountId: string; ticketIds: number[] }>();
  /** Tickets newly assigned to the user were found (and the notification shown). */
  readonly onDidFindNewlyAssigned = this.found.event;

  constructor(private readonly deps: BadgeDeps) {
    this.poller = new Poller({
      intervalMs: () => deps.settings.pollMinutes() * 60_000,
      focused: () => vscode.window.state.focused,
      tick: () => this.check(),
    });
    this.disposables.push(
      vscode.window.onDidChangeWindowState(() => this.poller.focusChanged()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (deps.settings.affected(e)) this.restart();
      }),
      deps.access.onDidChange(() => this.restart()),
    );
    this.poller.start();
  }

  private restart(): void {
    this.deps.view.badge = undefined;
    this.poller.start();
  }

  /** One round: the badge's count, then (if asked for) newly assigned tickets. Failures only go to the log. */
  async check(): Promise<void> {
    const account = this.deps.access.inUse();
    if (!account) {
      this.deps.view.badge = undefined;
      return;
    }
    // Nobody asked for this round: a missing scope fails it (logged) instead of interrupting the user.
    const read = <T>(fn: (c: ZendeskClient) => Promise<T>): Promise<T> =>
      this.deps.access.withClient(account.accountId, readTickets({ interactive: false }), (c) => fn(c));
    try {
      await this.updateBadge(account.accountId, read);
    } catch (e) {
      this.deps.log.warn(`badge: ${(e as Error).message}`);
    }
    if (!this.deps.settings.notifyAssigned()) return;
    try {
      if (this.watchedAccount !== account.accountId) {
        this.watch.reset();
        this.watchedAccount = account.accountId;
      }
      const fresh = await read((c) => this.watch.check(c, account.user.id));
      if (fresh.length) {
        this.deps.model(account.accountId)?.refresh();
        this.found.fire({ accountId: account.accountId, ticketIds: fresh.map((t) => t.id) });
        void this.notify(account.accountId, fresh);
      }
    } catch (e) {
      this.deps.log.warn(`assignment check: ${(e as Error).message}`);
    }
  }

  private async updateBadge(
    accountId: string,
    read: <T>(fn: (c: ZendeskClient) => Promise<T>) => Promise<T>,
  ): Promise<void> {
    const source = this.deps.settings.badge();
    if (!source) {
      this.deps.view.badge = undefined;
      return;
    }
    let value: number | undefined;
    let what: string;
    if ('view' in source) {
      what = source.view;
      const view = (await this.deps.model(accountId)?.listViews())?.find((v) => v.title === source.view);
      if (!view) {
        throw new Error(vscode.l10n.t('no active view titled "{0}" (setting zendesk.tickets.badge)', source.view));
      }
      const count = (await read((c) => countViews(c, [view.id])))[0];
      // Zendesk is still counting (`value` null): the badge keeps what it showed until the next check.
      if (count && count.value == null) return;
      value = count?.value ?? undefined;
    } else {
      what = source.search;
      const saved = this.deps.settings.queries().find((q) => q.label === source.search);
      if (!saved) {
        throw new Error(
          vscode.l10n.t(
            'no saved search labelled "{0}" (settings zendesk.tickets.badge and zendesk.tickets.queries)',
            source.search,
          ),
        );
      }
      value = await read((c) => countSearch(c, saved.query));
    }
    this.deps.view.badge =
      value === undefined ? undefined : { value, tooltip: vscode.l10n.t('{0} in {1}', value, what) };
  }

  private async notify(accountId: string, fresh: { id: number; subject: string }[]): Promise<void> {
    const first = fresh[0];
    const text = assignedMessage(fresh);
    const choice = await this.deps.ui.showInformationMessage(text, {}, vscode.l10n.t('Open'));
    if (choice === vscode.l10n.t('Open')) {
      await vscode.commands.executeCommand(Commands.openTicket, { accountId, ticketId: first.id });
    }
  }

  dispose(): void {
    this.poller.dispose();
    this.found.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

/** The notification of newly assigned tickets; the subject's bidirectional controls shown, not obeyed. */
export function assignedMessage(fresh: readonly { id: number; subject: string }[]): string {
  const first = fresh[0];
  const subject = revealBidi(first.subject);
  return fresh.length === 1
    ? vscode.l10n.t('#{0} {1} was assigned to you.', first.id, subject)
    : vscode.l10n.t('{0} tickets were newly assigned to you, including #{1} {2}.', fresh.length, first.id, subject);
}
