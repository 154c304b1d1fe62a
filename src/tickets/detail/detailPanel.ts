// The ticket tab's webview plumbing: one panel per account and ticket, reused when the ticket is opened again and
// restored after a window reload. What the tab does is TicketTabController's (plain Node); this file connects it to
// VS Code: the page's messages in (checked by parsePageMessage), the state out (the page's HTML once, then state
// messages the page applies in place), the reads, the write through AccountAccess.withClient (which asks for write
// access when the session has only read), and the dialogs, passed in as a DetailUi.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { AccountAccess } from '../../auth/access';
import { TICKET_PANEL_TYPE } from '../../constants';
import { escapeHtmlText } from '../../escape';
import type { Logger } from '../../log';
import { describeError, isCancellation } from '../../ui/errorText';
import type { RetryNotice, ZendeskClient } from '../../zendesk/http';
import { readTickets } from '../reads';
import { InvalidInputError } from '../../zendesk/errors';
import { listAssignableGroups, listGroupUsers, uploadFile } from '../../zendesk/api';
import type { Group } from '../../zendesk/types';
import { FieldDefinitionsCache, loadDefinitions } from '../fields/definitions';
import { pickFollower } from './followerPicker';
import { needFor } from '../actions';
import type { AssignTarget } from '../assignPicker';
import type { DraftStore } from '../drafts';
import type { StatusCatalog } from '../statusCatalog';
import type { TicketChanges } from '../ticketChanges';
import { ComposerFiles } from './composerFiles';
import { TicketTabController, type TabDeps, type TabState } from './controller';
import { loadEarlierComments, loadTicketDetail, sendUpdate } from './detailModel';
import { pageUpdate, renderDetailPage } from './detailPage';
import { parsePageMessage } from './pageMessages';
import { renderPreview } from './preview';
import type { StagedChanges, StageOutcome, TicketTabs } from '../ticketTabs';
import { droppedFiles, pickFiles, type ShowOpenDialog } from './workspaceFiles';

/** What the tab asks of the user, passed in by the composition root (tests pass their own). */
export interface DetailUi {
  /** "Assign…": an agent of the ticket's group chosen by the user, or undefined. */
  pickAgent(
    c: ZendeskClient,
    t: AssignTarget,
    meId: number | undefined,
  ): Promise<{ id: number; name: string } | undefined>;
  /** "Attach Files…": the files the user picked, or undefined. */
  showOpenDialog: ShowOpenDialog;
  /** Where a link from the page goes once its scheme passed. */
  openExternal(url: vscode.Uri): Thenable<boolean>;
  /** "Add Follower…": an agent chosen by the user (VS Code's quick pick when the composition root passes none). */
  pickFollower?: typeof pickFollower;
}

export interface DetailDeps {
  access: AccountAccess;
  drafts: DraftStore;
  /** Each account's statuses, shared with the tree and the chat tools. */
  statuses: StatusCatalog;
  extensionUri: vscode.Uri;
  log: Logger;
  ui: DetailUi;
  /** A ticket written or read afresh here (the tree listens, to update its row), or elsewhere (a tab reloads). */
  changes: TicketChanges;
  now?: () => number;
}

export class TicketDetailPanels implements vscode.Disposable, TicketTabs {
  private readonly panels = new Map<string, TicketPanel>();
  /** Each ticket's composer files, by account and ticket; they outlive a closed tab while an upload is pending. */
  private readonly files = new Map<string, ComposerFiles>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly deps: DetailDeps;
  /** Each account's ticket fields and forms, shared by its tabs (fields/definitions.ts). */
  readonly definitions: FieldDefinitionsCache;
  /** Each account's assignable groups, loaded with its definitions and refreshed with them. */
  private readonly groups = new Map<string, Promise<Group[]>>();

  constructor(deps: DetailDeps) {
    this.deps = deps;
    this.definitions = new FieldDefinitionsCache((accountId, signal) =>
      deps.access.withClient(accountId, readTickets(), (c) => loadDefinitions(c, signal)),
    );
    // Signed out of an account: its tabs close (their drafts stay for the next sign-in). Only accounts seen signed
    // in: a tab restored before the keychain is read waits for its account instead.
    let live = new Set(deps.access.accounts().map((a) => a.accountId));
    this.disposables.push(
      deps.access.onDidChange(() => {
        const now = new Set(deps.access.accounts().map((a) => a.accountId));
        for (const id of live) if (!now.has(id)) this.closeAccount(id);
        live = now;
      }),
      vscode.window.registerWebviewPanelSerializer(TICKET_PANEL_TYPE, {
        // After a reload VS Code hands back the panels that were open; each reloads its ticket and its draft.
        deserializeWebviewPanel: async (panel, state: unknown) => {
          const s = state as { accountId?: unknown; ticketId?: unknown } | undefined;
          const accountId = typeof s?.accountId === 'string' ? s.accountId : undefined;
          const ticketId = typeof s?.ticketId === 'number' ? s.ticketId : undefined;
          if (!accountId || !ticketId) {
            panel.dispose();
            return;
          }
          await this.adopt(panel, accountId, ticketId).load();
        },
      }),
    );
  }

  /** Opens (or shows again) the ticket's panel and loads it. */
  async open(accountId: string, ticketId: number): Promise<TicketPanel> {
    const existing = this.panels.get(key(accountId, ticketId));
    if (existing) {
      existing.reveal();
      await existing.load();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(TICKET_PANEL_TYPE, `#${ticketId}`, vscode.ViewColumn.Active, {
      enableScripts: true,
      enableFindWidget: true,
      retainContextWhenHidden: false,
      localResourceRoots: pageRoots(this.deps.extensionUri),
    });
    const p = this.adopt(panel, accountId, ticketId);
    await p.load();
    return p;
  }

  /** A macro's changes into the ticket's tab (opened if it is not): staged, never sent (ticketTabs.ts). */
  async stage(accountId: string, ticketId: number, changes: StagedChanges): Promise<StageOutcome> {
    const p = await this.open(accountId, ticketId);
    return p.stageChanges(changes);
  }

  /** Every ticket's draft and staged changes (the tree marks the tickets that have some). */
  get drafts(): DraftStore {
    return this.deps.drafts;
  }

  /** The dialogs the tabs use; the tree's "Assign…" asks through the same. */
  get ui(): DetailUi {
    return this.deps.ui;
  }

  get(accountId: string, ticketId: number): TicketPanel | undefined {
    return this.panels.get(key(accountId, ticketId));
  }

  /** Closes every ticket tab (drafts stay). */
  closeAll(): void {
    for (const p of [...this.panels.values()]) p.dispose();
  }

  /** The account signed out: its panels close (their drafts stay for the next sign-in). */
  closeAccount(accountId: string): void {
    for (const p of [...this.panels.values()]) if (p.accountId === accountId) p.dispose();
  }

  private adopt(panel: vscode.WebviewPanel, accountId: string, ticketId: number): TicketPanel {
    panel.webview.options = {
      enableScripts: true,
      localResourceRoots: pageRoots(this.deps.extensionUri),
    };
    const k = key(accountId, ticketId);
    const onDispose = () => {
      this.panels.delete(k);
      // Files on their way or failed stay for the next tab; with none, nothing needs keeping (uploaded ones are in the draft).
      if (!this.files.get(k)?.hasPending) this.files.delete(k);
    };
    const p = new TicketPanel(panel, accountId, ticketId, this.deps, onDispose, this.filesOf(accountId, ticketId), {
      definitions: async (refresh, signal) => {
        if (refresh) this.groups.delete(accountId);
        let groups = this.groups.get(accountId);
        if (!groups) {
          groups = this.deps.access.withClient(accountId, readTickets(), (c) => listAssignableGroups(c, signal));
          this.groups.set(accountId, groups);
          // A failed load is not kept: the next open tries again.
          void groups.catch(() => this.groups.get(accountId) === groups && this.groups.delete(accountId));
        }
        const [defs, list] = await Promise.all([
          refresh ? this.definitions.refresh(accountId, signal) : this.definitions.get(accountId, signal),
          groups,
        ]);
        return { defs, groups: list };
      },
      noteRefusal: (e) => this.definitions.noteRefusal(accountId, e),
    });
    this.panels.set(k, p);
    return p;
  }

  private filesOf(accountId: string, ticketId: number): ComposerFiles {
    const k = key(accountId, ticketId);
    let files = this.files.get(k);
    if (!files) {
      const { access, log } = this.deps;
      files = new ComposerFiles({
        drafts: this.deps.drafts,
        accountId,
        ticketId,
        now: this.deps.now,
        upload: (name, bytes, type, signal) =>
          access.withClient(accountId, needFor('upload'), (c) => uploadFile(c, name, bytes, type, signal)),
        describe: (e) => {
          if (!isCancellation(e) && !(e instanceof InvalidInputError)) {
            log.warn(`[detail] an upload to #${ticketId} failed: ${e instanceof Error ? e.name : 'error'}`);
          }
          return isCancellation(e)
            ? vscode.l10n.t('Not uploaded: write access was not granted.')
            : describeError(e, vscode.l10n.t('Uploading')).text;
        },
        // Whichever tab shows the ticket now, if any.
        changed: () => this.panels.get(k)?.showFiles(),
      });
      this.files.set(k, files);
    }
    return files;
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

const key = (accountId: string, ticketId: number) => `${accountId}#${ticketId}`;

/** One ticket's tab: the webview plumbing around a TicketTabController. The first state with a ticket sets the page's
 * HTML; every later state is posted to the page, which updates in place (typing, focus and scroll stay). */
/** What the ticket page may load: its script and stylesheet, and its bundled second script (with DOMPurify). */
const pageRoots = (extensionUri: vscode.Uri) => [
  vscode.Uri.joinPath(extensionUri, 'media', 'detail'),
  vscode.Uri.joinPath(extensionUri, 'dist', 'webview'),
];

/** The wait the client is sitting through, as the tab shows it beside Cancel. */
function retryingText(n: RetryNotice): string {
  return vscode.l10n.t('Zendesk is busy: retrying in {0} s…', Math.ceil(n.waitMs / 1000));
}

export class TicketPanel implements vscode.Disposable {
  readonly controller: TicketTabController;
  private drawn = false;
  private disposed = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly panel: vscode.WebviewPanel,
    readonly accountId: string,
    readonly ticketId: number,
    private readonly deps: DetailDeps,
    private readonly onDispose: () => void,
    /** The ticket's files, kept by TicketDetailPanels: an upload outlives a closed tab and shows in the next one. */
    readonly files: ComposerFiles,
    /** The account's definitions, cached by TicketDetailPanels for all its tabs. */
    forms: Pick<TabDeps, 'definitions' | 'noteRefusal'>,
  ) {
    const account = () => deps.access.accounts().find((a) => a.accountId === accountId);
    const signedIn = () => account() !== undefined;
    let waiting = false;
    this.controller = new TicketTabController({
      accountId,
      ticketId,
      drafts: deps.drafts,
      files,
      load: async (signal) => {
        waiting = !signedIn();
        if (waiting) return undefined;
        // Reads go the one way features act as an account: a scope the session lacks is asked for.
        return deps.access.withClient(accountId, readTickets(), async (c, a) => {
          const [detail, statuses] = await Promise.all([
            loadTicketDetail(c, ticketId, signal),
            deps.statuses.get(accountId, c),
          ]);
          return { detail, statuses, baseUrl: a.baseUrl };
        });
      },
      loadEarlier: (cursor, signal) =>
        deps.access.withClient(accountId, readTickets(), (c) => loadEarlierComments(c, ticketId, cursor, signal)),
      write: (patch, stamp, action, signal) =>
        deps.access.withClient(accountId, needFor(action), (c) =>
          sendUpdate(
            // The client's interactive retry policy (retry.ts): the tab shows each wait beside Cancel.
            c.withRetry({ interactive: true, onRetry: (n) => this.controller.retrying(retryingText(n)) }),
            ticketId,
            patch,
            stamp,
            signal,
          ),
        ),
      ...forms,
      groupMembers: (groupId, signal) =>
        deps.access.withClient(accountId, readTickets(), (c) => listGroupUsers(c, groupId, signal)),
      pickFollower: () =>
        deps.access.withClient(accountId, readTickets(), (c) =>
          (deps.ui.pickFollower ?? pickFollower)(c, ticketId, this.controller.ticket?.follower_ids ?? []),
        ),
      me: () => account()?.user,
      pickAgent: (t) =>
        deps.access.withClient(accountId, readTickets(), (c) => deps.ui.pickAgent(c, t, account()?.user.id)),
      pickFiles: () => pickFiles(deps.ui.showOpenDialog, ticketId, deps.log),
      droppedFiles: (uris) => droppedFiles(uris, deps.log),
      openExternal: (href) => this.openLink(href),
      changed: (t) => deps.changes.fire({ accountId, ticket: t }),
      render: (state) => this.render(state),
      logError: (e) => deps.log.error(e as Error),
      now: deps.now ?? Date.now,
    });
    this.disposables.push(
      // Changed elsewhere (the tree, another write): reload when it is newer than what this tab shows. Not while a
      // submit of this tab is on its way (its answer is the newer state).
      deps.changes.onDidChange((e) => {
        const shown = this.controller.ticket?.updated_at;
        if (e.accountId !== accountId || e.ticket.id !== ticketId || !shown || this.controller.isWriting) return;
        if (e.ticket.updated_at > shown) void this.load();
      }),
      // After a window reload the tab can come back before the keychain is read: it loads once the account is in.
      deps.access.onDidChange(() => {
        if (waiting && signedIn()) void this.load();
      }),
      panel.webview.onDidReceiveMessage(
        (raw: unknown) => void this.receive(raw).catch((e: unknown) => deps.log.error(e as Error)),
      ),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  reveal(): void {
    this.panel.reveal();
  }

  /** The tab's state: what the page shows (tests assert this). */
  get state(): TabState {
    return this.controller.state;
  }

  /** What the page sent, checked as untrusted input (integration tests send the page's messages here too). */
  async receive(raw: unknown): Promise<void> {
    const m = parsePageMessage(raw);
    if (m?.type === 'preview') return this.showPreview(m.body);
    if (m) await this.controller.receive(m);
  }

  /** Changes from a command (a macro), staged in this tab. */
  stageChanges(changes: StagedChanges): Promise<StageOutcome> {
    return this.controller.stageChanges(changes);
  }

  /** (Re)loads the ticket; the draft and the staged changes stay. */
  load(): Promise<void> {
    return this.controller.load();
  }

  /** The ticket's files changed: show them. */
  showFiles(): void {
    if (!this.disposed) this.controller.filesChanged();
  }

  /** The composer's Preview: the reply rendered as Zendesk will, through the comments' sanitiser (preview.ts). */
  private showPreview(body: string): void {
    const view = this.controller.state.view;
    const baseUrl = this.deps.access.accounts().find((a) => a.accountId === this.accountId)?.baseUrl;
    if (!view || !baseUrl) return;
    void this.panel.webview.postMessage({
      type: 'preview',
      html: renderPreview(body, { baseUrl, imageOrigins: view.imageOrigins }),
    });
  }

  private async openLink(href: string): Promise<void> {
    let url: vscode.Uri;
    try {
      url = vscode.Uri.parse(href, true);
    } catch {
      return;
    }
    // Only web and mail links leave the page; `command:`, `file:` and the like from a ticket are never followed.
    if (!['http', 'https', 'mailto'].includes(url.scheme)) {
      this.deps.log.warn(`not opening a ${url.scheme}: link from ticket ${this.ticketId}`);
      return;
    }
    await this.deps.ui.openExternal(url);
  }

  private render(state: TabState): void {
    if (this.disposed) return;
    this.panel.title = state.title;
    const webview = this.panel.webview;
    if (!state.view) {
      if (!this.drawn) webview.html = message(state.message ?? '');
      return;
    }
    if (!this.drawn) {
      // The one full page of this tab's life; a hidden tab's page is rebuilt from it, then asks for the state.
      this.drawn = true;
      const media = vscode.Uri.joinPath(this.deps.extensionUri, 'media', 'detail');
      webview.html = renderDetailPage(state, {
        cspSource: webview.cspSource,
        nonce: randomBytes(18).toString('base64'),
        scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'detail.js')).toString(),
        pageScriptUri: webview
          .asWebviewUri(vscode.Uri.joinPath(this.deps.extensionUri, 'dist', 'webview', 'detailPage.js'))
          .toString(),
        styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'detail.css')).toString(),
      });
      return;
    }
    void webview.postMessage(pageUpdate(state));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.controller.dispose();
    this.onDispose();
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }
}

function message(text: string): string {
  const esc = escapeHtmlText(text);
  return `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'"></head><body><p role="alert">${esc}</p></body></html>`;
}
