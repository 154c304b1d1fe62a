import * as vscode from 'vscode';
import { Commands } from '../constants';
import { describeError } from '../ui/errorText';
import type { Ticket, TicketStatus, View } from '../zendesk/types';
import type { TicketModel } from './ticketModel';

/** Every node carries its account, so an action from a node acts on that node's account whatever is in use. */
export type TicketNode =
  | { kind: 'account'; accountId: string; label: string }
  | { kind: 'view'; accountId: string; view: View }
  | { kind: 'ticket'; accountId: string; ticket: Ticket; viewId: number }
  | { kind: 'more'; accountId: string; viewId: number }
  | { kind: 'empty'; accountId: string; viewId: number }
  | { kind: 'error'; accountId: string; viewId?: number; error: Error };

/** What the tree needs to know of the accounts: which are signed in (the one in use first), and each one's model. */
export interface TreeAccounts {
  list(): { accountId: string; label: string }[];
  model(accountId: string): TicketModel | undefined;
}

const STATUS_ICON: Record<TicketStatus, [string, string]> = {
  new: ['circle-large-filled', 'charts.yellow'],
  open: ['circle-large-filled', 'charts.red'],
  pending: ['circle-large-filled', 'charts.blue'],
  hold: ['circle-large-filled', 'charts.foreground'],
  solved: ['pass', 'charts.green'],
  closed: ['circle-slash', 'disabledForeground'],
};

/** Maps the models to tree items; asks nothing of the user and shows no UI of its own. */
export class TicketTreeProvider implements vscode.TreeDataProvider<TicketNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TicketNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** View nodes by account and id, so a change to one view refreshes just that branch. */
  private readonly viewNodes = new Map<string, TicketNode>();

  constructor(private readonly accounts: TreeAccounts) {}

  /** A model changed: the whole tree (no view), or one view's branch. */
  fire(accountId?: string, viewId?: number): void {
    const node = accountId === undefined || viewId === undefined ? undefined : this.viewNodes.get(`${accountId}:${viewId}`);
    if (!node) this.viewNodes.clear();
    this.changed.fire(node);
  }

  async getChildren(node?: TicketNode): Promise<TicketNode[]> {
    if (!node) {
      const accounts = this.accounts.list();
      // With several accounts, one root per account; with one, its contents directly.
      if (accounts.length > 1) return accounts.map((a) => ({ kind: 'account', accountId: a.accountId, label: a.label }));
      return accounts.length ? this.views(accounts[0].accountId) : [];
    }
    if (node.kind === 'account') return this.views(node.accountId);
    if (node.kind !== 'view') return [];
    const model = this.accounts.model(node.accountId);
    if (!model) return [];
    const { accountId } = node;
    const viewId = node.view.id;
    const { tickets, hasMore, error } = await model.tickets(viewId);
    const children: TicketNode[] = tickets.map((ticket) => ({ kind: 'ticket', accountId, ticket, viewId }));
    if (error) children.push({ kind: 'error', accountId, viewId, error });
    else if (hasMore) children.push({ kind: 'more', accountId, viewId });
    else if (!tickets.length) children.push({ kind: 'empty', accountId, viewId });
    return children;
  }

  private async views(accountId: string): Promise<TicketNode[]> {
    const model = this.accounts.model(accountId);
    if (!model) return [];
    try {
      return (await model.listViews()).map((view) => {
        const n: TicketNode = { kind: 'view', accountId, view };
        this.viewNodes.set(`${accountId}:${view.id}`, n);
        return n;
      });
    } catch (e) {
      return [{ kind: 'error', accountId, error: e as Error }];
    }
  }

  getTreeItem(node: TicketNode): vscode.TreeItem {
    switch (node.kind) {
      case 'account': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `account:${node.accountId}`;
        item.iconPath = new vscode.ThemeIcon('account');
        item.contextValue = 'zendeskAccount';
        return item;
      }
      case 'view': {
        const item = new vscode.TreeItem(node.view.title, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `view:${node.accountId}:${node.view.id}`;
        item.tooltip = node.view.description ?? undefined;
        item.iconPath = new vscode.ThemeIcon('list-filter');
        item.contextValue = 'zendeskView';
        return item;
      }
      case 'ticket':
        return ticketItem(node);
      case 'more': {
        const item = new vscode.TreeItem('Load more…');
        item.id = `more:${node.accountId}:${node.viewId}`;
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.command = { command: Commands.loadMoreTickets, title: 'Load More Tickets', arguments: [node] };
        return item;
      }
      case 'empty': {
        const item = new vscode.TreeItem('No tickets in this view');
        item.id = `empty:${node.accountId}:${node.viewId}`;
        return item;
      }
      case 'error': {
        const item = new vscode.TreeItem(describeError(node.error, 'Loading tickets').text);
        item.id = `error:${node.accountId}:${node.viewId ?? 'views'}`;
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
        item.tooltip = 'Click to try again.';
        item.command = { command: Commands.refreshTickets, title: 'Try Again' };
        return item;
      }
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function ticketItem(node: Extract<TicketNode, { kind: 'ticket' }>): vscode.TreeItem {
  const t = node.ticket;
  const item = new vscode.TreeItem(`#${t.id} ${t.subject}`);
  item.id = `ticket:${node.accountId}:${node.viewId}:${t.id}`;
  item.description = [t.status, t.priority].filter(Boolean).join(' · ');
  const [icon, color] = STATUS_ICON[t.status] ?? ['circle-large-outline', 'foreground'];
  item.iconPath = new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**#${t.id}** `).appendText(t.subject).appendMarkdown('\n\n');
  md.appendMarkdown(`$(circle-large-filled) ${t.status}${t.priority ? ` · priority ${t.priority}` : ''}${t.type ? ` · ${t.type}` : ''}\n\n`);
  md.appendMarkdown(`Updated ${new Date(t.updated_at).toLocaleString()}`);
  if (t.tags.length) md.appendMarkdown('\n\n').appendText(t.tags.map((x) => `#${x}`).join(' '));
  item.tooltip = md;
  item.contextValue = 'zendeskTicket';
  item.accessibilityInformation = { label: `Ticket ${t.id}: ${t.subject}, ${t.status}${t.priority ? `, priority ${t.priority}` : ''}` };
  return item;
}
