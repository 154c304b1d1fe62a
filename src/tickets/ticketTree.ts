import * as vscode from 'vscode';
import { Commands } from '../constants';
import { describeError } from '../ui/errorText';
import { SEARCH_RESULT_LIMIT } from '../zendesk/api';
import type { TicketStatus, View } from '../zendesk/types';
import { personName, relativeTime, revealBidi, valueLabel } from './format';
import type { RecentTicket } from './recentTickets';
import { searchSource, viewSource, type TicketModel, type TicketSource, type TicketSummary } from './ticketModel';

/** A saved search (setting `zendesk.tickets.queries`) or a one-off "Search Tickets…" (temporary). */
export interface SavedSearch {
  label: string;
  query: string;
  temporary?: boolean;
}

/** Every node carries its account, so an action from a node acts on that node's account whatever is in use. */
export type TicketNode =
  | { kind: 'account'; accountId: string; label: string }
  | { kind: 'view'; accountId: string; view: View; source: TicketSource }
  | { kind: 'search'; accountId: string; search: SavedSearch; source: TicketSource }
  | { kind: 'ticket'; accountId: string; ticket: TicketSummary; listKey: string }
  | { kind: 'more'; accountId: string; listKey: string }
  | { kind: 'empty'; accountId: string; listKey: string; search: boolean }
  | { kind: 'capped'; accountId: string; listKey: string; total: number }
  | { kind: 'error'; accountId: string; listKey?: string; error: Error }
  | { kind: 'recent'; accountId: string }
  | { kind: 'recentTicket'; accountId: string; recent: RecentTicket };

/** What the tree needs to know of the accounts: which are signed in (the one in use first), each one's model, and
 * the searches to show under each. */
export interface TreeAccounts {
  list(): { accountId: string; label: string }[];
  model(accountId: string): TicketModel | undefined;
  searches(accountId: string): readonly SavedSearch[];
  /** The ticket has a draft or staged changes in its tab (the row says so, as the tab's title does). */
  hasDraft?(accountId: string, ticketId: number): boolean;
  /** The last tickets opened on the account ("Recently viewed"), newest first. */
  recent?(accountId: string): readonly RecentTicket[];
}

/** By category: an account's custom statuses share their category's icon and colour. */
const STATUS_ICON: Record<TicketStatus, [string, string]> = {
  new: ['circle-large-filled', 'charts.yellow'],
  open: ['circle-large-filled', 'charts.red'],
  pending: ['circle-large-filled', 'charts.blue'],
  hold: ['circle-large-filled', 'charts.foreground'],
  solved: ['pass', 'charts.green'],
  closed: ['circle-slash', 'disabledForeground'],
};

/** One icon per status, shared by all the rows that have it. */
const statusIcons = new Map<string, vscode.ThemeIcon>();
function statusIcon(status: TicketStatus): vscode.ThemeIcon {
  let icon = statusIcons.get(status);
  if (!icon) {
    const [id, color] = STATUS_ICON[status] ?? ['circle-large-outline', 'foreground'];
    icon = new vscode.ThemeIcon(id, new vscode.ThemeColor(color));
    statusIcons.set(status, icon);
  }
  return icon;
}

/**
 * V8 keeps a string built piece by piece (a template literal, `+=`, a MarkdownString's appends) as a tree of its
 * pieces until something reads its characters; then it makes it one string in place. A ticket's tree item lives as
 * long as its ticket is loaded, so its strings are read once here: 10,000 tooltips take about 14 MB as trees of
 * pieces and about 3 MB read (measured in Node 20).
 */
function settle(...strings: unknown[]): void {
  for (const s of strings) if (typeof s === 'string') s.charCodeAt(0);
}

/** Maps the models to tree items; asks nothing of the user and shows no UI of its own. */
export class TicketTreeProvider implements vscode.TreeDataProvider<TicketNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TicketNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** List nodes by account and list key, so a change to one list refreshes just that branch. */
  private readonly listNodes = new Map<string, TicketNode>();
  /**
   * A ticket's node and tree item, kept while the model keeps that ticket: a "Load more" makes nodes and items for
   * the new page only, not again for all 10,000 loaded before it. The model replaces a ticket's object when it
   * reloads it (refresh) or meets it again newer, so a changed ticket gets a new node and item; `shows` is what else
   * the item shows that can change without the ticket (the people's and group's names, the age).
   */
  private readonly ticketNodes = new WeakMap<TicketSummary, Extract<TicketNode, { kind: 'ticket' }>>();
  private readonly ticketItems = new WeakMap<TicketNode, { shows: readonly unknown[]; item: vscode.TreeItem }>();

  constructor(
    private readonly accounts: TreeAccounts,
    private readonly now: () => number = Date.now,
  ) {}

  /** A model changed: the whole tree (no list), or one list's branch. */
  fire(accountId?: string, listKey?: string): void {
    const node =
      accountId === undefined || listKey === undefined ? undefined : this.listNodes.get(`${accountId}|${listKey}`);
    if (!node) this.listNodes.clear();
    this.changed.fire(node);
  }

  async getChildren(node?: TicketNode): Promise<TicketNode[]> {
    if (!node) {
      const accounts = this.accounts.list();
      // With several accounts, one root per account; with one, its contents directly.
      if (accounts.length > 1) {
        return accounts.map((a) => ({ kind: 'account', accountId: a.accountId, label: a.label }));
      }
      return accounts.length ? this.lists(accounts[0].accountId) : [];
    }
    if (node.kind === 'account') return this.lists(node.accountId);
    if (node.kind === 'recent') {
      return (this.accounts.recent?.(node.accountId) ?? []).map((recent) => ({
        kind: 'recentTicket',
        accountId: node.accountId,
        recent,
      }));
    }
    if (node.kind !== 'view' && node.kind !== 'search') return [];
    const model = this.accounts.model(node.accountId);
    if (!model) return [];
    const { accountId } = node;
    const listKey = node.source.key;
    const knewTotal = model.searchTotal(listKey) !== undefined;
    const { tickets, hasMore, error, cappedAt } = await model.tickets(node.source);
    // A search's node says how many it found once its first page is in: redraw it once then.
    if (node.kind === 'search' && !knewTotal && model.searchTotal(listKey) !== undefined) {
      setTimeout(() => this.changed.fire(node), 0);
    }
    const children: TicketNode[] = tickets.map((ticket) => this.ticketNode(accountId, listKey, ticket));
    if (error) children.push({ kind: 'error', accountId, listKey, error });
    else if (hasMore) children.push({ kind: 'more', accountId, listKey });
    else if (cappedAt !== undefined) children.push({ kind: 'capped', accountId, listKey, total: cappedAt });
    else if (!tickets.length) children.push({ kind: 'empty', accountId, listKey, search: node.kind === 'search' });
    return children;
  }

  /** One-off searches first (the user just asked for them), then the views, then the saved searches. */
  private async lists(accountId: string): Promise<TicketNode[]> {
    const model = this.accounts.model(accountId);
    if (!model) return [];
    const searches = this.accounts
      .searches(accountId)
      .map((search): TicketNode =>
        this.remember({ kind: 'search', accountId, search, source: searchSource(search.query) }),
      );
    const temporary = searches.filter((n) => n.kind === 'search' && n.search.temporary);
    const saved = searches.filter((n) => n.kind === 'search' && !n.search.temporary);
    let views: TicketNode[];
    try {
      views = (await model.listViews()).map((view) =>
        this.remember({ kind: 'view', accountId, view, source: viewSource(view.id) }),
      );
    } catch (e) {
      views = [{ kind: 'error', accountId, error: e as Error }];
    }
    const recent: TicketNode[] = this.accounts.recent?.(accountId).length ? [{ kind: 'recent', accountId }] : [];
    return [...temporary, ...recent, ...views, ...saved];
  }

  private ticketNode(accountId: string, listKey: string, ticket: TicketSummary): TicketNode {
    let node = this.ticketNodes.get(ticket);
    // A ticket object belongs to one list of one account's model, so the key alone finds the right node.
    if (!node) {
      node = { kind: 'ticket', accountId, ticket, listKey };
      this.ticketNodes.set(ticket, node);
    }
    return node;
  }

  private remember(n: TicketNode & { source: TicketSource }): TicketNode {
    this.listNodes.set(`${n.accountId}|${n.source.key}`, n);
    return n;
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
        const count = this.accounts.model(node.accountId)?.viewCount(node.view.id);
        // `value` is null while Zendesk is still counting (the model asks again later); `pretty` is Zendesk's rounded
        // display ("~700").
        const counting = count !== undefined && count.value == null;
        if (count?.value != null) item.description = count.pretty ?? String(count.value);
        else if (counting) item.description = '…';
        item.tooltip = counting
          ? [node.view.description, vscode.l10n.t('Zendesk is still counting')].filter(Boolean).join('\n')
          : (node.view.description ?? undefined);
        item.iconPath = new vscode.ThemeIcon('list-filter');
        item.contextValue = 'zendeskView';
        item.accessibilityInformation = {
          label:
            count?.value != null
              ? vscode.l10n.t('View {0}, {1} tickets', node.view.title, count.value)
              : counting
                ? vscode.l10n.t('View {0}, Zendesk is still counting', node.view.title)
                : vscode.l10n.t('View {0}', node.view.title),
        };
        return item;
      }
      case 'search': {
        const s = node.search;
        const item = new vscode.TreeItem(
          s.label,
          s.temporary ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
        );
        item.id = `search:${node.accountId}:${s.temporary ? 'temporary:' : ''}${s.query}`;
        const total = this.accounts.model(node.accountId)?.searchTotal(node.source.key);
        // Zendesk pages through at most 1,000 results: the node says so rather than look complete.
        item.description =
          total === undefined
            ? s.temporary
              ? vscode.l10n.t('search')
              : undefined
            : total > SEARCH_RESULT_LIMIT
              ? vscode.l10n.t(
                  'first {0} of {1}',
                  SEARCH_RESULT_LIMIT.toLocaleString('en-US'),
                  total.toLocaleString('en-US'),
                )
              : String(total);
        item.tooltip = new vscode.MarkdownString().appendText(vscode.l10n.t('Zendesk search: {0}', s.query));
        item.iconPath = new vscode.ThemeIcon(s.temporary ? 'search' : 'bookmark');
        item.contextValue = s.temporary ? 'zendeskTemporarySearch' : 'zendeskSearch';
        return item;
      }
      case 'ticket':
        return this.ticketItem(node);
      case 'recent': {
        const item = new vscode.TreeItem(vscode.l10n.t('Recently viewed'), vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `recent:${node.accountId}`;
        item.iconPath = new vscode.ThemeIcon('history');
        item.contextValue = 'zendeskRecent';
        return item;
      }
      case 'recentTicket': {
        const r = node.recent;
        const subject = revealBidi(r.subject);
        const item = new vscode.TreeItem(subject ? `#${r.ticketId} ${subject}` : `#${r.ticketId}`);
        item.id = `recent:${node.accountId}:${r.ticketId}`;
        item.description = relativeTime(new Date(r.openedAt).toISOString(), this.now());
        item.tooltip = vscode.l10n.t('Opened {0}', new Date(r.openedAt).toLocaleString());
        item.iconPath = new vscode.ThemeIcon('issues');
        item.contextValue = 'zendeskRecentTicket';
        item.command = {
          command: Commands.openTicket,
          title: vscode.l10n.t('Open Ticket'),
          arguments: [{ accountId: node.accountId, ticketId: r.ticketId }],
        };
        return item;
      }
      case 'more': {
        const item = new vscode.TreeItem(vscode.l10n.t('Load more…'));
        item.id = `more:${node.accountId}:${node.listKey}`;
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.command = {
          command: Commands.loadMoreTickets,
          title: vscode.l10n.t('Load More Tickets'),
          arguments: [node],
        };
        return item;
      }
      case 'capped': {
        const item = new vscode.TreeItem(
          vscode.l10n.t(
            'Showing the first {0} of {1}',
            SEARCH_RESULT_LIMIT.toLocaleString('en-US'),
            node.total.toLocaleString('en-US'),
          ),
        );
        item.id = `capped:${node.accountId}:${node.listKey}`;
        item.iconPath = new vscode.ThemeIcon('info');
        item.tooltip = vscode.l10n.t(
          'Zendesk search returns at most {0} results. Narrow the query (for example by status, assignee or date) to see the rest.',
          SEARCH_RESULT_LIMIT,
        );
        return item;
      }
      case 'empty': {
        const item = new vscode.TreeItem(
          node.search ? vscode.l10n.t('No tickets match this search') : vscode.l10n.t('No tickets in this view'),
        );
        item.id = `empty:${node.accountId}:${node.listKey}`;
        return item;
      }
      case 'error': {
        const item = new vscode.TreeItem(describeError(node.error, vscode.l10n.t('Loading tickets')).text);
        item.id = `error:${node.accountId}:${node.listKey ?? 'views'}`;
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
        item.tooltip = vscode.l10n.t('Click to try again.');
        item.command = { command: Commands.refreshTickets, title: vscode.l10n.t('Try Again') };
        return item;
      }
    }
  }

  private ticketItem(node: Extract<TicketNode, { kind: 'ticket' }>): vscode.TreeItem {
    const t = node.ticket;
    const model = this.accounts.model(node.accountId);
    const requester = personName(t.requester_id, model?.user(t.requester_id), vscode.l10n.t('no requester'));
    const assignee = personName(t.assignee_id, model?.user(t.assignee_id));
    // VS Code asks again for every row of a branch it redraws: a kept item costs a comparison, not a new item.
    const groupName = model?.group(t.group_id)?.name;
    const group = groupName === undefined ? undefined : revealBidi(groupName);
    const subject = revealBidi(t.subject);
    const age = relativeTime(t.updated_at, this.now());
    // "Waiting on engineering" once the account's statuses are in; the category's name without custom statuses.
    const statuses = model?.statuses();
    const status = statuses ? statuses.label(t) : valueLabel(t.status);
    const statusWithCategory = statuses ? statuses.labelWithCategory(t) : status;
    const draft = this.accounts.hasDraft?.(node.accountId, t.id) ?? false;
    const shows = [requester, assignee, group, age, status, draft];
    const kept = this.ticketItems.get(node);
    if (kept && kept.shows.every((v, i) => v === shows[i])) return kept.item;
    const item = new vscode.TreeItem(`#${t.id} ${subject}`);
    item.id = `ticket:${node.accountId}:${node.listKey}:${t.id}`;
    item.description = [draft ? vscode.l10n.t('● draft') : '', status, requester, age].filter(Boolean).join(' · ');
    item.iconPath = draft ? new vscode.ThemeIcon('edit', new vscode.ThemeColor('charts.orange')) : statusIcon(t.status);
    // Every value from Zendesk goes in as text (appendText escapes it): a subject or tag cannot inject Markdown.
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**#${t.id}** `).appendText(subject).appendMarkdown('\n\n');
    const row = (label: string, value: string) => {
      md.appendMarkdown(`${label}: `).appendText(value).appendMarkdown('  \n');
    };
    row(vscode.l10n.t('Status'), statusWithCategory);
    row(vscode.l10n.t('Priority'), valueLabel(t.priority));
    row(vscode.l10n.t('Type'), valueLabel(t.type));
    row(vscode.l10n.t('Requester'), requester);
    row(vscode.l10n.t('Assignee'), assignee);
    row(vscode.l10n.t('Group'), t.group_id ? (group ?? vscode.l10n.t('group {0}', t.group_id)) : '-');
    row(vscode.l10n.t('Tags'), t.tags.length ? revealBidi(t.tags.join(', ')) : '-');
    row(vscode.l10n.t('Created'), new Date(t.created_at).toLocaleString());
    row(vscode.l10n.t('Updated'), new Date(t.updated_at).toLocaleString());
    item.tooltip = md;
    item.contextValue = 'zendeskTicket';
    item.command = { command: Commands.openTicket, title: vscode.l10n.t('Open Ticket'), arguments: [node] };
    item.accessibilityInformation = {
      label: `${vscode.l10n.t('Ticket {0}: {1}, {2}, from {3}, updated {4}', t.id, subject, status, requester, age)}${draft ? `, ${vscode.l10n.t('unsent draft')}` : ''}`,
    };
    settle(item.id, item.label, item.description, md.value, item.accessibilityInformation.label);
    this.ticketItems.set(node, { shows, item });
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
