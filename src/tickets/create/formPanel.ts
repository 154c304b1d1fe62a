// The New Ticket tab's webview plumbing: one form, shown again when "New Ticket" is run again and restored after a
// window reload. What the form does is NewTicketForm's (plain Node); this file connects it to VS Code: the page's
// messages in (checked by parseFormMessage), the state out (the page's HTML once, then state messages the page
// applies in place), the reads and the create through AccountAccess.withClient (which asks for write access when the
// session has only read), and the ticket's tab once Zendesk made it.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { AccountAccess } from '../../auth/access';
import { Commands, NEW_TICKET_PANEL_TYPE } from '../../constants';
import { escapeHtmlText } from '../../escape';
import type { Logger } from '../../log';
import { createTicket, listAssignableGroups, listGroupUsers, searchUsers } from '../../zendesk/api';
import { needFor } from '../actions';
import { renderPreview } from '../detail/preview';
import type { FieldDefinitionsCache } from '../fields/definitions';
import type { SelectedCode } from '../newTicket';
import { readTickets } from '../reads';
import type { StatusCatalog } from '../statusCatalog';
import type { TicketChanges } from '../ticketChanges';
import { parseFormMessage } from './formMessages';
import { formUpdate, renderFormPage } from './formPage';
import { NewTicketForm, type FormState } from './newTicketForm';

export interface NewTicketDeps {
  access: AccountAccess;
  statuses: StatusCatalog;
  /** Where the draft is kept (globalState). */
  memento: vscode.Memento;
  extensionUri: vscode.Uri;
  log: Logger;
  /** The account's ticket fields and forms, the cache the ticket tabs use. */
  definitions: FieldDefinitionsCache;
  /** The ticket made here (the tree hears of it, as of every write). */
  changes: TicketChanges;
}

/** What the page may load: its script and stylesheet, the ticket page's stylesheet, and the ticket page's bundled
 * second script (DOMPurify and the preview). */
const pageRoots = (extensionUri: vscode.Uri) => [
  vscode.Uri.joinPath(extensionUri, 'media', 'create'),
  vscode.Uri.joinPath(extensionUri, 'media', 'detail'),
  vscode.Uri.joinPath(extensionUri, 'dist', 'webview'),
];

export class NewTicketPanels implements vscode.Disposable {
  private panel: NewTicketPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly deps: NewTicketDeps) {
    this.disposables.push(
      // After a reload VS Code hands back the form if it was open; its draft is in globalState.
      vscode.window.registerWebviewPanelSerializer(NEW_TICKET_PANEL_TYPE, {
        deserializeWebviewPanel: async (panel) => {
          if (this.panel) {
            panel.dispose();
            return;
          }
          await this.adopt(panel).form.load();
        },
      }),
    );
  }

  /** Opens the form (or shows it again), with the selection's block in the description when one is given. */
  async open(selection?: SelectedCode): Promise<NewTicketPanel> {
    let p = this.panel;
    if (p) p.reveal();
    else {
      const panel = vscode.window.createWebviewPanel(
        NEW_TICKET_PANEL_TYPE,
        vscode.l10n.t('New Ticket'),
        vscode.ViewColumn.Active,
        {
          enableScripts: true,
          enableFindWidget: true,
          retainContextWhenHidden: false,
          localResourceRoots: pageRoots(this.deps.extensionUri),
        },
      );
      p = this.adopt(panel);
    }
    if (selection) await p.form.addSelection(selection);
    await p.form.load();
    return p;
  }

  /** The open form, if any (the tests assert its state). */
  get current(): NewTicketPanel | undefined {
    return this.panel;
  }

  private adopt(panel: vscode.WebviewPanel): NewTicketPanel {
    panel.webview.options = { enableScripts: true, localResourceRoots: pageRoots(this.deps.extensionUri) };
    const p = new NewTicketPanel(panel, this.deps, () => {
      if (this.panel === p) this.panel = undefined;
    });
    this.panel = p;
    return p;
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

export class NewTicketPanel implements vscode.Disposable {
  readonly form: NewTicketForm;
  private drawn = false;
  private disposed = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly deps: NewTicketDeps,
    private readonly onDispose: () => void,
  ) {
    const { access } = deps;
    const read = <T>(accountId: string, fn: Parameters<AccountAccess['withClient']>[2]) =>
      access.withClient(accountId, readTickets(), fn) as Promise<T>;
    this.form = new NewTicketForm({
      memento: deps.memento,
      accounts: () => {
        const inUse = access.inUse()?.accountId;
        const all = [...access.accounts()].sort(
          (a, b) => Number(b.accountId === inUse) - Number(a.accountId === inUse),
        );
        return all.map((a) => ({
          accountId: a.accountId,
          label: a.label,
          me: { id: a.user.id, name: a.user.name },
          baseUrl: a.baseUrl,
        }));
      },
      options: (accountId, signal) =>
        read(accountId, async (c) => {
          const [groups, statuses] = await Promise.all([
            listAssignableGroups(c, signal),
            deps.statuses.get(accountId, c),
          ]);
          return { groups, statuses };
        }),
      definitions: (accountId, signal) => deps.definitions.get(accountId, signal),
      noteRefusal: (accountId, e) => void deps.definitions.noteRefusal(accountId, e),
      agents: (accountId, groupId, signal) => read(accountId, (c) => listGroupUsers(c, groupId, signal)),
      searchUsers: (accountId, query, signal) => read(accountId, (c) => searchUsers(c, query, signal)),
      create: (accountId, ticket, signal) =>
        access.withClient(accountId, needFor('createTicket'), (c) => createTicket(c, ticket, signal)),
      created: async (accountId, ticket) => {
        deps.log.info(`ticket ${ticket.id} created on ${accountId}`);
        deps.changes.fire({ accountId, ticket });
        // The form's work is done: the ticket's own tab takes its place, and the views that list it load again.
        this.dispose();
        await vscode.commands.executeCommand(Commands.openTicket, { accountId, ticketId: ticket.id });
        await vscode.commands.executeCommand(Commands.refreshTickets);
      },
      render: (state) => this.render(state),
      logError: (e) => deps.log.error(e as Error),
    });
    this.disposables.push(
      // Signed in or out: the form's accounts change (the draft stays).
      access.onDidChange(() => void this.form.load()),
      panel.webview.onDidReceiveMessage(
        (raw: unknown) => void this.receive(raw).catch((e: unknown) => deps.log.error(e as Error)),
      ),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  reveal(): void {
    this.panel.reveal();
  }

  get state(): FormState {
    return this.form.state;
  }

  /** What the page sent, checked as untrusted input (integration tests send the page's messages here too). */
  async receive(raw: unknown): Promise<void> {
    const m = parseFormMessage(raw);
    if (m?.type === 'preview') {
      const baseUrl = this.form.state.baseUrl;
      if (!baseUrl) return;
      await this.panel.webview.postMessage({
        type: 'preview',
        html: renderPreview(m.body, { baseUrl, imageOrigins: [new URL(baseUrl).origin] }),
      });
      return;
    }
    if (m) await this.form.receive(m);
  }

  private render(state: FormState): void {
    if (this.disposed) return;
    this.panel.title = state.title;
    const webview = this.panel.webview;
    if (state.phase === 'waiting') {
      // Nothing to show but the words; the page is drawn again once an account is in.
      this.drawn = false;
      webview.html = `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'"></head><body><p role="alert">${escapeHtmlText(state.message ?? '')}</p></body></html>`;
      return;
    }
    if (!this.drawn) {
      this.drawn = true;
      const media = (dir: string, file: string) =>
        webview.asWebviewUri(vscode.Uri.joinPath(this.deps.extensionUri, 'media', dir, file)).toString();
      webview.html = renderFormPage(state, {
        cspSource: webview.cspSource,
        nonce: randomBytes(18).toString('base64'),
        scriptUri: media('create', 'create.js'),
        pageScriptUri: webview
          .asWebviewUri(vscode.Uri.joinPath(this.deps.extensionUri, 'dist', 'webview', 'detailPage.js'))
          .toString(),
        styleUri: media('detail', 'detail.css'),
        formStyleUri: media('create', 'create.css'),
      });
      return;
    }
    void webview.postMessage(formUpdate(state));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.form.dispose();
    this.onDispose();
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }
}
