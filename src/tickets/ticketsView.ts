import * as vscode from 'vscode';
import type { AccountAccess } from '../auth/access';
import { Commands, Views } from '../constants';
import type { Logger } from '../log';
import { showError } from '../ui/messages';
import { updateTicket } from '../zendesk/api';
import type { ZendeskClient } from '../zendesk/http';
import type { TicketStatus } from '../zendesk/types';
import { TicketModel } from './ticketModel';
import { TicketTreeProvider, type TicketNode } from './ticketTree';

const STATUSES: { status: TicketStatus; detail: string }[] = [
  { status: 'open', detail: 'Waiting on your team' },
  { status: 'pending', detail: 'Waiting on the requester' },
  { status: 'hold', detail: 'Waiting on a third party' },
  { status: 'solved', detail: 'The request is resolved' },
];

/** The Tickets view: one model per signed-in account, the tree over them, the view, and the commands on its items. */
export class TicketsView implements vscode.Disposable {
  private readonly models = new Map<string, TicketModel>();
  readonly provider: TicketTreeProvider;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly access: AccountAccess,
    /** The account's API client for reads (writes go through access.withClient, which asks for scopes). */
    private readonly readClient: (accountId: string) => ZendeskClient | undefined,
    private readonly log: Logger,
  ) {
    this.provider = new TicketTreeProvider({
      list: () => this.orderedAccounts(),
      model: (accountId) => this.model(accountId),
    });
    const view = vscode.window.createTreeView(Views.tickets, { treeDataProvider: this.provider, showCollapseAll: true });
    const describe = () => { view.description = access.accounts().length === 1 ? access.inUse()?.label : undefined; };
    describe();
    let shown = this.orderedAccounts().map((a) => a.accountId).join(' ');
    this.disposables.push(
      this.provider,
      view,
      access.onDidChange(() => {
        describe();
        const live = new Set(access.accounts().map((a) => a.accountId));
        // Signed out of an account: what was loaded for it goes with it.
        for (const id of [...this.models.keys()]) if (!live.has(id)) this.models.delete(id);
        const now = this.orderedAccounts().map((a) => a.accountId).join(' ');
        if (now !== shown) {
          shown = now;
          this.provider.fire();
        }
      }),
      vscode.commands.registerCommand(Commands.refreshTickets, (node?: TicketNode) => this.refresh(node)),
      vscode.commands.registerCommand(Commands.loadMoreTickets, (node?: TicketNode) => this.loadMore(node)),
      vscode.commands.registerCommand(Commands.openTicketInBrowser, (node?: TicketNode) => this.open(node)),
      vscode.commands.registerCommand(Commands.copyTicketLink, (node?: TicketNode) => this.copy(node)),
      vscode.commands.registerCommand(Commands.changeTicketStatus, (node?: TicketNode, status?: TicketStatus) => this.changeStatus(node, status)),
    );
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
      m = new TicketModel(() => this.readClient(accountId), (viewId) => this.provider.fire(accountId, viewId));
      this.models.set(accountId, m);
    }
    return m;
  }

  /** The agent's page of a ticket on the node's own account (no token goes with it). */
  ticketUrl(node?: TicketNode): string | undefined {
    if (node?.kind !== 'ticket') return undefined;
    const account = this.access.accounts().find((a) => a.accountId === node.accountId);
    return account && `${account.baseUrl}/agent/tickets/${node.ticket.id}`;
  }

  private refresh(node?: TicketNode): void {
    if (node) this.models.get(node.accountId)?.refresh();
    else for (const m of this.models.values()) m.refresh();
    if (!node) this.provider.fire();
  }

  private async loadMore(node?: TicketNode): Promise<void> {
    if (node?.kind !== 'more') return;
    await this.models.get(node.accountId)?.loadMore(node.viewId);
  }

  private async open(node?: TicketNode): Promise<void> {
    const url = this.ticketUrl(node);
    if (url) await vscode.env.openExternal(vscode.Uri.parse(url));
  }

  private async copy(node?: TicketNode): Promise<void> {
    const url = this.ticketUrl(node);
    if (!url) return;
    await vscode.env.clipboard.writeText(url);
    void vscode.window.setStatusBarMessage(`Copied ${url}`, 3000);
  }

  /** "Change Status…": on the node's account, asking for write access first when the session has only read. */
  async changeStatus(node?: TicketNode, status?: TicketStatus): Promise<void> {
    if (node?.kind !== 'ticket') return;
    const id = node.ticket.id;
    try {
      const next = status ?? (await vscode.window.showQuickPick(
        STATUSES.filter((s) => s.status !== node.ticket.status).map((s) => ({ label: s.status, detail: s.detail, status: s.status })),
        { title: `Change the status of #${id}`, placeHolder: `Now ${node.ticket.status}` },
      ))?.status;
      if (!next) return;
      const updated = await this.access.withClient(node.accountId, { scopes: ['write'], purpose: 'Changing tickets' }, (c) => updateTicket(c, id, { status: next }));
      this.log.info(`ticket ${id} on ${node.accountId} is now ${updated.status}`);
      void vscode.window.setStatusBarMessage(`#${id} is now ${updated.status}`, 4000);
      this.models.get(node.accountId)?.refresh();
    } catch (e) {
      await showError(e, this.log, `Changing #${id}`);
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
