import * as vscode from 'vscode';
import { Commands } from '../constants';
import { describeError } from '../ui/errorText';
import type { Ticket, TicketStatus, View } from '../zendesk/types';
import type { TicketModel } from './ticketModel';

export type TicketNode =
  | { kind: 'view'; view: View }
  | { kind: 'ticket'; ticket: Ticket; viewId: number }
  | { kind: 'more'; viewId: number }
  | { kind: 'empty'; viewId: number }
  | { kind: 'error'; viewId?: number; error: Error };

const STATUS_ICON: Record<TicketStatus, [string, string]> = {
  new: ['circle-large-filled', 'charts.yellow'],
  open: ['circle-large-filled', 'charts.red'],
  pending: ['circle-large-filled', 'charts.blue'],
  hold: ['circle-large-filled', 'charts.foreground'],
  solved: ['pass', 'charts.green'],
  closed: ['circle-slash', 'disabledForeground'],
};

/** Maps the model to tree items; asks nothing of the user and shows no UI of its own. */
export class TicketTreeProvider implements vscode.TreeDataProvider<TicketNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TicketNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** View nodes by id, so a change to one view refreshes just that branch. */
  private readonly viewNodes = new Map<number, TicketNode>();

  constructor(private readonly model: TicketModel) {}

  /** The model changed: the whole tree, or one view's branch. */
  fire(viewId?: number): void {
    const node = viewId === undefined ? undefined : this.viewNodes.get(viewId);
    if (viewId === undefined) this.viewNodes.clear();
    this.changed.fire(node);
  }

  async getChildren(node?: TicketNode): Promise<TicketNode[]> {
    if (!node) {
      if (!this.model.signedIn()) return [];
      try {
        return (await this.model.listViews()).map((view) => {
          const n: TicketNode = { kind: 'view', view };
          this.viewNodes.set(view.id, n);
          return n;
        });
      } catch (e) {
        return [{ kind: 'error', error: e as Error }];
      }
    }
    if (node.kind !== 'view') return [];
    const { tickets, hasMore, error } = await this.model.tickets(node.view.id);
    const viewId = node.view.id;
    const children: TicketNode[] = tickets.map((ticket) => ({ kind: 'ticket', ticket, viewId }));
    if (error) children.push({ kind: 'error', viewId, error });
    else if (hasMore) children.push({ kind: 'more', viewId });
    else if (!tickets.length) children.push({ kind: 'empty', viewId });
    return children;
  }

  getTreeItem(node: TicketNode): vscode.TreeItem {
    switch (node.kind) {
      case 'view': {
        const item = new vscode.TreeItem(node.view.title, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `view:${node.view.id}`;
        item.tooltip = node.view.description ?? undefined;
        item.iconPath = new vscode.ThemeIcon('list-filter');
        item.contextValue = 'zendeskView';
        return item;
      }
      case 'ticket':
        return ticketItem(node.ticket, node.viewId);
      case 'more': {
        const item = new vscode.TreeItem('Load more…');
        item.id = `more:${node.viewId}`;
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.command = { command: Commands.loadMoreTickets, title: 'Load More Tickets', arguments: [node.viewId] };
        return item;
      }
      case 'empty': {
        const item = new vscode.TreeItem('No tickets in this view');
        item.id = `empty:${node.viewId}`;
        return item;
      }
      case 'error': {
        const item = new vscode.TreeItem(describeError(node.error, 'Loading tickets').text);
        item.id = `error:${node.viewId ?? 'views'}`;
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

function ticketItem(t: Ticket, viewId: number): vscode.TreeItem {
  const item = new vscode.TreeItem(`#${t.id} ${t.subject}`);
  item.id = `ticket:${viewId}:${t.id}`;
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
