import * as vscode from 'vscode';
import type { ZendeskClients } from '../api';
import { Commands, Views } from '../constants';
import type { AccountState } from '../ui/accountState';
import { TicketModel } from './ticketModel';
import { TicketTreeProvider, type TicketNode } from './ticketTree';

/** The Tickets view: the model, its tree, the view itself and the commands on its items. */
export class TicketsView implements vscode.Disposable {
  readonly model: TicketModel;
  readonly provider: TicketTreeProvider;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly state: AccountState, clients: ZendeskClients) {
    this.model = new TicketModel(() => clients.active(), (viewId) => this.provider.fire(viewId));
    this.provider = new TicketTreeProvider(this.model);
    const view = vscode.window.createTreeView(Views.tickets, { treeDataProvider: this.provider, showCollapseAll: true });
    const describe = () => { view.description = state.active()?.accountLabel; };
    describe();
    let activeId = state.active()?.id;
    this.disposables.push(
      this.provider,
      view,
      state.onDidChange(() => {
        describe();
        // Another account, or signed out: what was loaded belongs to someone else.
        if (state.active()?.id !== activeId) {
          activeId = state.active()?.id;
          this.model.reset();
        }
      }),
      vscode.commands.registerCommand(Commands.refreshTickets, () => this.model.refresh()),
      vscode.commands.registerCommand(Commands.loadMoreTickets, (viewId: number) => this.model.loadMore(viewId)),
      vscode.commands.registerCommand(Commands.openTicketInBrowser, (node?: TicketNode) => this.open(node)),
      vscode.commands.registerCommand(Commands.copyTicketLink, (node?: TicketNode) => this.copy(node)),
    );
  }

  /** The agent's page of a ticket on the active account (no token goes with it). */
  ticketUrl(node?: TicketNode): string | undefined {
    const account = this.state.active();
    if (!account || node?.kind !== 'ticket') return undefined;
    return `${account.baseUrl}/agent/tickets/${node.ticket.id}`;
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

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
