import * as vscode from 'vscode';
import { readsAs, type AccountAccess } from '../auth/access';
import { Commands, Views } from '../constants';
import type { Logger } from '../log';
import { showError } from '../ui/messages';
import { getTicket } from '../zendesk/api';
import { ConflictError } from '../zendesk/errors';
import { agentTicketUrl } from '../zendesk/subdomain';
import type { TicketPatch } from '../zendesk/types';
import { needFor, writeTicket } from './actions';
import type { TicketDetailPanels } from './detail/detailPanel';
import type { RecentTickets } from './recentTickets';
import { readTickets } from './reads';
import type { StatusCatalog } from './statusCatalog';
import { StatusVocabulary, type StatusChoice } from './statuses';
import type { TicketChanges } from './ticketChanges';
import { TicketModel } from './ticketModel';
import { plainTicketNumber } from './ticketRef';
import type { TicketSettings } from './ticketSettings';
import { TicketTreeProvider, type SavedSearch, type TicketNode } from './ticketTree';
import { hasWork } from './drafts';
import type { Dialogs } from '../dialogs';

/** The Tickets view: one model per signed-in account, the tree over them, the view, and the commands on its items. */
export class TicketsView implements vscode.Disposable {
  private readonly models = new Map<string, TicketModel>();
  /** "Search Tickets…" results, per account, until the user clears them. */
  private readonly oneOff = new Map<string, SavedSearch>();
  readonly provider: TicketTreeProvider;
  readonly view: vscode.TreeView<TicketNode>;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    /** The one way to act as an account, reads and writes alike (it asks for a scope the session lacks). */
    private readonly access: AccountAccess,
    settings: TicketSettings,
    readonly details: TicketDetailPanels,
    private readonly log: Logger,
    /** Each account's statuses, shared with the ticket tab and the chat tools. */
    private readonly statuses: StatusCatalog,
    /** Tickets changed by a write or read anywhere (the ticket tab, this tree): their rows update in place. */
    private readonly changes: TicketChanges,
    /** The searches' questions and notices (main.ts passes `ui`). */
    private readonly ui: Dialogs,
    /** "Recently viewed": every ticket opened goes to the top of its account's list. */
    private readonly recent?: RecentTickets,
  ) {
    this.provider = new TicketTreeProvider({
      list: () => this.orderedAccounts(),
      model: (accountId) => this.model(accountId),
      searches: (accountId) => {
        const once = this.oneOff.get(accountId);
        return [...(once ? [once] : []), ...settings.queries()];
      },
      hasDraft: (accountId, ticketId) => hasWork(details.drafts.get(accountId, ticketId)),
      recent: (accountId) => this.recent?.list(accountId) ?? [],
    });
    const view = vscode.window.createTreeView(Views.tickets, {
      treeDataProvider: this.provider,
      showCollapseAll: true,
    });
    this.view = view;
    const describe = () => {
      view.description = access.accounts().length === 1 ? access.inUse()?.label : undefined;
    };
    describe();
    let shown = this.orderedAccounts()
      .map((a) => a.accountId)
      .join(' ');
    this.disposables.push(
      this.provider,
      view,
      access.onDidChange(() => {
        describe();
        const live = new Set(access.accounts().map((a) => a.accountId));
        statuses.retain(live);
        // Signed out of an account: what was loaded for it goes with it (its tabs close themselves).
        for (const id of [...this.models.keys()]) {
          if (!live.has(id)) {
            this.models.get(id)?.dispose();
            this.models.delete(id);
            this.oneOff.delete(id);
          }
        }
        const now = this.orderedAccounts()
          .map((a) => a.accountId)
          .join(' ');
        if (now !== shown) {
          shown = now;
          this.provider.fire();
        }
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (settings.affected(e)) this.provider.fire();
      }),
      // A ticket gained or lost a draft or staged changes: its rows say so (the whole tree: rows are cached per list).
      details.drafts.onDidChangeWork(() => this.provider.fire()),
      changes.onDidChange((e) => this.models.get(e.accountId)?.ticketChanged(e.ticket)),
      vscode.commands.registerCommand(Commands.refreshTickets, (node?: TicketNode) => this.refresh(node)),
      vscode.commands.registerCommand(Commands.loadMoreTickets, (node?: TicketNode) => this.loadMore(node)),
      vscode.commands.registerCommand(Commands.openTicketInBrowser, (node?: TicketNode) => this.open(node)),
      vscode.commands.registerCommand(Commands.copyTicketLink, (node?: TicketNode) => this.copy(node)),
      vscode.commands.registerCommand(Commands.changeTicketStatus, (node?: TicketNode, status?: string) =>
        this.changeStatus(node, status),
      ),
      vscode.commands.registerCommand(Commands.assignTicketToMe, (node?: TicketNode) => this.assignToMe(node)),
      vscode.commands.registerCommand(Commands.assignTicket, (node?: TicketNode) => this.assign(node)),
      vscode.commands.registerCommand(
        Commands.openTicket,
        (node?: TicketNode | { accountId: string; ticketId: number }) => this.openTicket(node),
      ),
      vscode.commands.registerCommand(Commands.searchTickets, (node?: TicketNode, query?: string) =>
        this.search(node, query),
      ),
      vscode.commands.registerCommand(Commands.clearTicketSearch, (node?: TicketNode) => this.clearSearch(node)),
      vscode.commands.registerCommand(Commands.clearRecentTickets, (node?: TicketNode) => {
        const accountId = node?.accountId ?? this.access.inUse()?.accountId;
        return accountId ? this.recent?.clear(accountId) : undefined;
      }),
    );
    if (recent) this.disposables.push(recent.onDidChange(() => this.provider.fire()));
  }

  /** The signed-in accounts, the one in use here first. */
  private orderedAccounts(): { accountId: string; label: string }[] {
    const inUse = this.access.inUse()?.accountId;
    return [...this.access.accounts()]
      .sort((a, b) => Number(b.accountId === inUse) - Number(a.accountId === inUse))
      .map((a) => ({ accountId: a.accountId, label: a.label }));
  }

  /** The account's model, made on first use; undefined when the account is not signed in. */
  model(accountId: string): TicketModel | undefined {
    if (!this.access.accounts().some((a) => a.accountId === accountId)) return undefined;
    let m = this.models.get(accountId);
    if (!m) {
      m = new TicketModel(
        readsAs(this.access, accountId, readTickets()),
        (listKey) => this.provider.fire(accountId, listKey),
        undefined,
        undefined,
        (c) => this.statuses.get(accountId, c),
      );
      this.models.set(accountId, m);
    }
    return m;
  }

  /** The agent's page of a ticket on the node's own account (no token goes with it). */
  ticketUrl(node?: TicketNode): string | undefined {
    if (node?.kind !== 'ticket') return undefined;
    const account = this.access.accounts().find((a) => a.accountId === node.accountId);
    return account && agentTicketUrl(account.baseUrl, node.ticket.id);
  }

  private refresh(node?: TicketNode): void {
    // An explicit refresh also asks for the account's statuses again (an admin may have added one).
    this.statuses.forget(node?.accountId);
    if (node) this.models.get(node.accountId)?.refresh();
    else for (const m of this.models.values()) m.refresh();
    if (!node) this.provider.fire();
  }

  private async loadMore(node?: TicketNode): Promise<void> {
    if (node?.kind !== 'more') return;
    await this.models.get(node.accountId)?.loadMore(node.listKey);
  }

  private async open(node?: TicketNode): Promise<void> {
    const url = this.ticketUrl(node);
    if (url) await vscode.env.openExternal(vscode.Uri.parse(url));
  }

  private async copy(node?: TicketNode): Promise<void> {
    const url = this.ticketUrl(node);
    if (!url) return;
    await vscode.env.clipboard.writeText(url);
    void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', url), 3000);
  }

  private async openTicket(target?: TicketNode | { accountId: string; ticketId: number }): Promise<void> {
    const ref =
      target && 'ticketId' in target
        ? target
        : target?.kind === 'ticket'
          ? { accountId: target.accountId, ticketId: target.ticket.id }
          : undefined;
    if (!ref) return;
    try {
      const panel = await this.details.open(ref.accountId, ref.ticketId);
      // Only a ticket that loaded goes to "Recently viewed" (a mistyped number does not).
      const view = panel.state.view;
      if (view) await this.recent?.opened(ref.accountId, ref.ticketId, view.subject);
    } catch (e) {
      await showError(e, this.log, vscode.l10n.t('Opening #{0}', ref.ticketId));
    }
  }

  /** "Search Tickets…": a one-off Zendesk search shown as a temporary root of the account (replacing the last). */
  private async search(node?: TicketNode, query?: string): Promise<void> {
    const accountId = node?.accountId ?? this.access.inUse()?.accountId;
    if (!accountId) {
      void this.ui.showInformationMessage(vscode.l10n.t('Sign in to Zendesk to search tickets.'), {});
      return;
    }
    const q = (
      query ??
      (await this.ui.showInputBox({
        title: vscode.l10n.t('Search Zendesk Tickets'),
        prompt: vscode.l10n.t(
          'Zendesk search syntax, for example: status<solved assignee:me, tags:vip, "printer on fire"',
        ),
        value: this.oneOff.get(accountId)?.query,
        validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Type something to search for.')),
      }))
    )?.trim();
    if (!q) return;
    // A ticket number is that ticket, as Zendesk's own search box takes it.
    const number = plainTicketNumber(q);
    if (number !== undefined) {
      await this.openTicket({ accountId, ticketId: number });
      return;
    }
    const previous = this.oneOff.get(accountId);
    if (previous) this.models.get(accountId)?.forget(`search:${previous.query}`);
    this.oneOff.set(accountId, { label: vscode.l10n.t('Search: {0}', q), query: q, temporary: true });
    this.provider.fire();
  }

  private clearSearch(node?: TicketNode): void {
    const accountId = node?.accountId ?? this.access.inUse()?.accountId;
    const s = accountId ? this.oneOff.get(accountId) : undefined;
    if (!accountId || !s) return;
    this.oneOff.delete(accountId);
    this.models.get(accountId)?.forget(`search:${s.query}`);
    this.provider.fire();
  }

  /**
   * "Change Status…": the account's statuses (grouped by category when it has its own), on the node's account,
   * asking for write access first when the session has only read. `status` is a status key ("pending", or a custom
   * status id) when a caller already chose.
   */
  async changeStatus(node?: TicketNode, status?: string): Promise<void> {
    if (node?.kind !== 'ticket') return;
    const t = node.ticket;
    // Offered the account's own statuses; the system ones when they cannot be read (Zendesk's error shows on change).
    const statuses = await this.access
      .withClient(node.accountId, readTickets(), (c) => this.statuses.get(node.accountId, c))
      .catch(() => StatusVocabulary.system());
    let choice: StatusChoice | undefined;
    if (status !== undefined) {
      choice = statuses.find(status);
      if (!choice) {
        void this.ui.showWarningMessage(
          vscode.l10n.t('"{0}" is not a status of this account. Choose one with Change Status….', status),
          {},
        );
        return;
      }
    } else {
      type Item = vscode.QuickPickItem & { choice?: StatusChoice };
      const items: Item[] = [];
      for (const g of statuses.groups()) {
        // A ticket never goes back to New; its own status is not a change.
        const offered = g.choices.filter((s) => s.category !== 'new' && !statuses.isCurrent(t, s));
        if (!offered.length) continue;
        if (statuses.custom) items.push({ label: g.label, kind: vscode.QuickPickItemKind.Separator });
        items.push(...offered.map((s) => ({ label: s.label, detail: s.description, choice: s })));
      }
      choice = (
        await this.ui.showQuickPick(items, {
          title: vscode.l10n.t('Change the status of #{0}', t.id),
          placeHolder: vscode.l10n.t('Now {0}', statuses.label(t)),
        })
      )?.choice;
    }
    if (choice) await this.update(node, statuses.patch(choice), vscode.l10n.t('now {0}', choice.label));
  }

  async assignToMe(node?: TicketNode): Promise<void> {
    if (node?.kind !== 'ticket') return;
    const me = this.access.accounts().find((a) => a.accountId === node.accountId)?.user.id;
    if (me) await this.update(node, { assignee_id: me }, vscode.l10n.t('assigned to you'));
  }

  /** "Assign…": an agent of the ticket's group. */
  async assign(node?: TicketNode): Promise<void> {
    if (node?.kind !== 'ticket') return;
    const t = node.ticket;
    const me = this.access.accounts().find((a) => a.accountId === node.accountId)?.user.id;
    try {
      const agent = await this.access.withClient(node.accountId, readTickets(), (c) =>
        this.details.ui.pickAgent(c, { ticketId: t.id, groupId: t.group_id, assigneeId: t.assignee_id }, me),
      );
      if (agent) await this.update(node, { assignee_id: agent.id }, vscode.l10n.t('assigned to {0}', agent.name));
    } catch (e) {
      await showError(e, this.log, vscode.l10n.t('Assigning #{0}', t.id));
    }
  }

  /** A change from the tree, sent as a safe update against the ticket as the tree shows it. */
  private async update(node: Extract<TicketNode, { kind: 'ticket' }>, patch: TicketPatch, done: string): Promise<void> {
    const { accountId } = node;
    const id = node.ticket.id;
    try {
      const ticket = await this.access.withClient(accountId, needFor('updateFields'), (c) =>
        writeTicket(c, id, patch, node.ticket.updated_at),
      );
      this.log.info(`ticket ${id} on ${accountId}: ${done}`);
      void vscode.window.setStatusBarMessage(vscode.l10n.t('#{0} is {1}', id, done), 4000);
      this.changes.fire({ accountId, ticket });
    } catch (e) {
      if (e instanceof ConflictError) {
        void this.ui.showWarningMessage(
          vscode.l10n.t(
            '#{0} changed since the list was loaded, so nothing was changed. It is reloaded; check it and try again.',
            id,
          ),
          {},
        );
        // The one ticket read again, its row (and a tab showing it) updated: the other rows stay as they are.
        await this.access
          .withClient(accountId, needFor('readTicket'), (c) => getTicket(c, id))
          .then((ticket) => this.changes.fire({ accountId, ticket }))
          .catch((err: unknown) => this.log.warn(`reloading #${id} after a conflict: ${String(err)}`));
      } else {
        await showError(e, this.log, vscode.l10n.t('Changing #{0}', id));
      }
    }
  }

  dispose(): void {
    for (const m of this.models.values()) m.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
