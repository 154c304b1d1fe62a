// The ticket detail: one webview panel per account and ticket, reused when the ticket is opened again and restored
// after a window reload. It loads through the read client, writes through AccountAccess.withClient (which asks for
// write access when the session has only read), keeps the composer's text as a draft until Zendesk accepts it, and
// turns Zendesk's answers into what the page shows: a conflict reloads and keeps the text, a 429 counts down
// visibly and can be cancelled, a 422 shows its details next to the field.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { AccountAccess } from '../../auth/access';
import { TICKET_PANEL_TYPE } from '../../constants';
import { escapeHtmlText } from '../../escape';
import type { Logger } from '../../log';
import { describeError, isCancellation } from '../../ui/errorText';
import { abortableSleep, type ZendeskClient } from '../../zendesk/http';
import { ConflictError, InvalidInputError, RateLimitedError, ValidationError } from '../../zendesk/errors';
import { uploadFile } from '../../zendesk/api';
import type { TicketPriority } from '../../zendesk/types';
import { needFor, type TicketActionId } from '../actions';
import type { AssignTarget } from '../assignPicker';
import type { DraftStore } from '../drafts';
import type { StatusCatalog } from '../statusCatalog';
import type { TicketChanges } from '../ticketChanges';
import { StatusVocabulary } from '../statuses';
import { pickAssignee } from '../assignPicker';
import { ComposerFiles, contentTypeOf, type FileSource } from './composerFiles';
import {
  detailView,
  fieldErrors,
  fieldPatch,
  loadTicketDetail,
  replyPatch,
  sendUpdate,
  type DetailView,
  type FieldChange,
} from './detailModel';
import { renderDetailPage, renderFileItems, type PageState } from './detailPage';
import { parsePageMessage } from './pageMessages';
import { droppedFiles, pickFiles, type ShowOpenDialog } from './workspaceFiles';

export interface DetailDeps {
  access: AccountAccess;
  readClient(accountId: string): ZendeskClient | undefined;
  drafts: DraftStore;
  /** Each account's statuses, shared with the tree and the chat tools. */
  statuses: StatusCatalog;
  extensionUri: vscode.Uri;
  log: Logger;
  /** "Assign…": an agent of the ticket's group chosen by the user, or undefined. */
  pickAssignee(c: ZendeskClient, t: AssignTarget, meId: number | undefined): Promise<number | undefined>;
  openExternal?: (url: vscode.Uri) => Thenable<boolean>;
  /** "Attach Files…": the files the user picked, or undefined. */
  showOpenDialog?: ShowOpenDialog;
  /** A ticket written or read afresh here (the tree listens, to update its row), or elsewhere (a tab reloads). */
  changes: TicketChanges;
  now?: () => number;
}

export class TicketDetailPanels implements vscode.Disposable {
  private readonly panels = new Map<string, TicketPanel>();
  /** Each ticket's composer files, by account and ticket; they outlive a closed tab while an upload is pending. */
  private readonly files = new Map<string, ComposerFiles>();
  private readonly disposables: vscode.Disposable[] = [];
  /** How a countdown second passes; tests replace it to move the sandbox clock instead of waiting. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void> = abortableSleep;
  /** Where a link from the page goes once its scheme passed; tests replace it to see what would be opened. */
  openExternal: (url: vscode.Uri) => Thenable<boolean> = (url) => vscode.env.openExternal(url);
  /** How "Assign…" asks for an agent; tests replace it, as they replace the countdown's second. */
  pickAssignee: DetailDeps['pickAssignee'] = pickAssignee;
  /** How "Attach Files…" asks for files; tests replace it, as a user would pick in the dialog. */
  showOpenDialog: ShowOpenDialog = (o) => vscode.window.showOpenDialog(o);

  private readonly deps: DetailDeps;

  constructor(deps: Omit<DetailDeps, 'pickAssignee'>) {
    // Tests replace `pickAssignee` on the instance, as a user would pick in the quick pick.
    this.deps = {
      ...deps,
      pickAssignee: (c, t, me) => this.pickAssignee(c, t, me),
    };
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
      localResourceRoots: [vscode.Uri.joinPath(this.deps.extensionUri, 'media', 'detail')],
    });
    const p = this.adopt(panel, accountId, ticketId);
    await p.load();
    return p;
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
      localResourceRoots: [vscode.Uri.joinPath(this.deps.extensionUri, 'media', 'detail')],
    };
    const k = key(accountId, ticketId);
    const onDispose = () => {
      this.panels.delete(k);
      // Files on their way or failed stay for the next tab; with none, nothing needs keeping (uploaded ones are in the draft).
      if (!this.files.get(k)?.hasPending) this.files.delete(k);
    };
    const p = new TicketPanel(
      panel,
      accountId,
      ticketId,
      { ...this.deps, openExternal: (u) => this.openExternal(u), showOpenDialog: (o) => this.showOpenDialog(o) },
      (ms, signal) => this.sleep(ms, signal),
      onDispose,
      this.filesOf(accountId, ticketId),
    );
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

export class TicketPanel implements vscode.Disposable {
  private view: DetailView | undefined;
  /** The account's statuses, as the page offers them. */
  private statuses = StatusVocabulary.system();
  private notice: PageState['notice'];
  private errors: Record<string, string> = {};
  private running: AbortController | undefined;
  private disposed = false;
  private waitingForAccount = false;
  private readonly disposables: vscode.Disposable[] = [];
  /** The page as last rendered (tests read it). */
  html = '';
  /** The files' list as last sent to the page (tests read it). */
  filesHtml = '';

  constructor(
    private readonly panel: vscode.WebviewPanel,
    readonly accountId: string,
    readonly ticketId: number,
    private readonly deps: DetailDeps,
    private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>,
    private readonly onDispose: () => void,
    /** The ticket's files, kept by TicketDetailPanels: an upload outlives a closed tab and shows in the next one. */
    readonly files: ComposerFiles,
  ) {
    this.disposables.push(
      // After a window reload the tab can come back before the keychain is read: it loads once the account is in.
      deps.access.onDidChange(() => {
        if (this.waitingForAccount && deps.readClient(accountId)) void this.load();
      }),
      // Changed elsewhere (the tree, another write): reload when it is newer than what this tab shows.
      deps.changes.onDidChange((e) => {
        const shown = this.view?.updatedStamp;
        if (e.accountId !== accountId || e.ticket.id !== ticketId || this.running || !shown) return;
        if (e.ticket.updated_at > shown) void this.load();
      }),
      panel.webview.onDidReceiveMessage(
        (m: unknown) => void this.receive(m).catch((e: unknown) => deps.log.error(e as Error)),
      ),
      panel.onDidDispose(() => this.dispose()),
      // A hidden tab's page is discarded and rebuilt from the last HTML when shown again: redraw it with the
      // draft as it is now, or what was typed since the last redraw would seem gone.
      panel.onDidChangeViewState((e) => {
        if (e.webviewPanel.visible && !this.running) this.render();
      }),
    );
  }

  reveal(): void {
    this.panel.reveal();
  }

  /** The ticket as the page shows it. */
  get current(): DetailView | undefined {
    return this.view;
  }

  /** (Re)loads the ticket and its conversation and renders them with the draft. */
  async load(): Promise<void> {
    const c = this.deps.readClient(this.accountId);
    this.waitingForAccount = !c;
    if (!c) {
      this.panel.webview.html = this.message(
        vscode.l10n.t(
          'Waiting for {0} to be signed in. Sign in to Zendesk to see #{1}; your draft is kept.',
          this.accountId.split('/')[0],
          this.ticketId,
        ),
      );
      return;
    }
    try {
      const [detail, statuses] = await Promise.all([
        loadTicketDetail(c, this.ticketId),
        this.deps.statuses.get(this.accountId, c),
      ]);
      const account = this.deps.access.accounts().find((a) => a.accountId === this.accountId);
      this.statuses = statuses;
      this.view = detailView(detail, {
        baseUrl: account?.baseUrl ?? c.baseUrl,
        now: (this.deps.now ?? Date.now)(),
        statuses,
      });
      this.panel.title = `#${this.ticketId} ${this.view.subject}`;
      this.render();
      this.deps.changes.fire({ accountId: this.accountId, ticket: detail.ticket });
    } catch (e) {
      this.deps.log.error(e as Error);
      if (this.view) {
        this.notice = { kind: 'error', text: describeError(e, vscode.l10n.t('Loading the ticket')).text };
        this.render();
      } else this.panel.webview.html = this.message(describeError(e, vscode.l10n.t('Loading the ticket')).text);
    }
  }

  /** What the page sent; the integration tests call this too, as the page would. */
  async receive(raw: unknown): Promise<void> {
    const m = parsePageMessage(raw);
    if (!m) return;
    switch (m.type) {
      case 'draft':
        return this.deps.drafts.save(this.accountId, this.ticketId, { body: m.body, mode: m.mode, status: m.status });
      case 'submit': {
        await this.deps.drafts.save(this.accountId, this.ticketId, { body: m.body, mode: m.mode, status: m.status });
        // Zendesk refuses a comment without text, files or not ("Comment: body cannot be blank").
        if (!m.body.trim()) {
          return this.files.count
            ? this.refuse(
                vscode.l10n.t('Zendesk needs text with every comment, attachments too: write a reply, then submit.'),
              )
            : undefined;
        }
        const files = this.files.forSubmit();
        if ('problem' in files) return this.refuse(files.problem);
        return this.write(
          replyPatch({
            body: m.body,
            public: m.mode === 'public',
            status: this.statusChange(m.status),
            uploads: files.tokens,
          }),
          m.mode === 'public' ? 'replyPublic' : 'addNote',
          true,
        );
      }
      case 'attachFiles': {
        const picked = await pickFiles(
          this.deps.showOpenDialog ?? vscode.window.showOpenDialog,
          this.ticketId,
          this.deps.log,
        );
        if (picked.refused.length) {
          this.refuse(
            vscode.l10n.t(
              '{0}: a link to a file outside the workspace, not attached. Attach the file it points to, if you mean to send it.',
              picked.refused.join(', '),
            ),
          );
        }
        return this.attach(picked.files);
      }
      case 'attachBytes': {
        const { bytes } = m;
        return this.files.add({
          name: m.name,
          size: m.size,
          contentType: m.contentType ?? contentTypeOf(m.name),
          read: async () => bytes,
        });
      }
      case 'fileTooLarge':
        // l10n: not user-facing (never called: a file over the limit is refused before it is read)
        return this.files.add({ name: m.name, size: m.size, read: () => Promise.reject(new Error('not read')) });
      case 'attachUris': {
        const dropped = await droppedFiles(m.uris, this.deps.log);
        if (dropped.refused) {
          this.refuse(
            vscode.l10n.t(
              'Only files of the open workspace can be dropped from VS Code; use Attach Files… for others.',
            ),
          );
        }
        return this.attach(dropped.files);
      }
      case 'removeAttachment':
        return this.files.remove(m.id);
      case 'retryAttachment':
        return this.files.retry(m.id);
      case 'update': {
        if (m.field === 'priority') {
          return this.change({ priority: m.value === '' ? null : (m.value as TicketPriority) });
        }
        const status = this.statusChange(m.value);
        return status ? this.change({ status }) : undefined;
      }
      case 'assignToMe': {
        const me = this.deps.access.accounts().find((a) => a.accountId === this.accountId)?.user.id;
        return me ? this.change({ assigneeId: me }) : undefined;
      }
      case 'assign': {
        const c = this.deps.readClient(this.accountId);
        const me = this.deps.access.accounts().find((a) => a.accountId === this.accountId)?.user.id;
        const v = this.view;
        if (!c || !v) return;
        let agent: number | undefined;
        try {
          agent = await this.deps.pickAssignee(
            c,
            { ticketId: this.ticketId, groupId: v.groupId, assigneeId: v.assigneeId },
            me,
          );
        } catch (e) {
          this.notice = { kind: 'error', text: describeError(e, vscode.l10n.t('Loading the agents')).text };
          this.render();
          return;
        }
        return agent ? this.change({ assigneeId: agent }) : undefined;
      }
      case 'openLink':
        return this.openLink(m.href);
      case 'reload':
        this.notice = undefined;
        return this.load();
      case 'cancel':
        this.running?.abort();
        return;
    }
  }

  /** What sets the status the page chose (a key of the account's statuses), or undefined when it is the ticket's own
   * or not one of the account's (the page is not trusted to send only what it was given). */
  private statusChange(key: string | undefined): ReturnType<StatusVocabulary['patch']> | undefined {
    const choice = this.statuses.find(key);
    if (
      !choice ||
      !this.view ||
      this.statuses.isCurrent({ status: this.view.status, custom_status_id: this.view.customStatusId }, choice)
    ) {
      return undefined;
    }
    return this.statuses.patch(choice);
  }

  private change(f: FieldChange): Promise<void> {
    return this.write(fieldPatch(f), 'updateFields', false);
  }

  /**
   * Sends a change as `safe_update`, asking for write access if needed. Waits out a 429 with a countdown the user
   * sees and can cancel; on a conflict reloads and says so; the draft stays until a reply is accepted.
   */
  private async write(patch: ReturnType<typeof fieldPatch>, action: TicketActionId, isReply: boolean): Promise<void> {
    const view = this.view;
    if (!view || this.running) return;
    const abort = new AbortController();
    this.running = abort;
    this.errors = {};
    this.notice = undefined;
    try {
      for (;;) {
        this.progress(isReply ? vscode.l10n.t('Sending…') : vscode.l10n.t('Saving…'), isReply);
        try {
          const ticket = await this.deps.access.withClient(this.accountId, needFor(action), (c) =>
            sendUpdate(c, this.ticketId, patch, view.updatedStamp, abort.signal),
          );
          this.deps.changes.fire({ accountId: this.accountId, ticket });
          break;
        } catch (e) {
          if (!(e instanceof RateLimitedError)) throw e;
          // Zendesk's own wait, shown second by second; Cancel stops it and keeps the draft.
          for (let left = Math.max(1, Math.ceil(e.retryAfterSeconds)); left > 0; left--) {
            this.progress(
              vscode.l10n.t('Zendesk asks to wait before this ticket is updated again: retrying in {0} s', left),
              isReply,
            );
            await this.sleep(1000, abort.signal);
          }
        }
      }
      if (isReply) await this.deps.drafts.sent(this.accountId, this.ticketId, patch.comment?.uploads);
      this.notice = {
        kind: 'info',
        text: isReply
          ? patch.comment?.public
            ? vscode.l10n.t('Public reply sent.')
            : vscode.l10n.t('Internal note added.')
          : vscode.l10n.t('Saved.'),
      };
      await this.load();
    } catch (e) {
      if (abort.signal.aborted) {
        this.notice = {
          kind: 'info',
          text: isReply ? vscode.l10n.t('Not sent. Your text is kept as a draft.') : vscode.l10n.t('Cancelled.'),
        };
        this.render();
      } else if (e instanceof ConflictError) {
        this.notice = {
          kind: 'error',
          text: vscode.l10n.t(
            '#{0} changed since you opened it, so nothing was sent. It is reloaded below{1}.',
            this.ticketId,
            isReply ? vscode.l10n.t('; your text is kept: read the latest and submit again') : '',
          ),
        };
        // The reload tells the tree the ticket's new state.
        await this.load();
      } else if (e instanceof ValidationError) {
        this.errors = fieldErrors(e.details);
        if (!Object.keys(this.errors).length) this.errors = { base: e.message };
        this.notice = {
          kind: 'error',
          text: vscode.l10n.t('Zendesk refused the change{0}.', isReply ? vscode.l10n.t('; your text is kept') : ''),
        };
        this.render();
      } else if (isCancellation(e)) {
        this.notice = {
          kind: 'info',
          text: vscode.l10n.t(
            'Nothing was sent: write access was not granted{0}.',
            isReply ? vscode.l10n.t('. Your text is kept as a draft') : '',
          ),
        };
        this.render();
      } else {
        this.deps.log.error(e as Error);
        this.notice = {
          kind: 'error',
          text: `${describeError(e, isReply ? vscode.l10n.t('Sending') : vscode.l10n.t('Saving')).text}${isReply ? vscode.l10n.t(' Your text is kept as a draft.') : ''}`,
        };
        this.render();
      }
    } finally {
      this.running = undefined;
      void this.panel.webview.postMessage({ type: 'idle' });
    }
  }

  private async attach(sources: readonly FileSource[]): Promise<void> {
    await Promise.all(sources.map((f) => this.files.add(f)));
  }

  /** A problem with the reply itself (not with a field Zendesk judged): shown, nothing sent, the draft kept. */
  private refuse(text: string): void {
    this.notice = { kind: 'error', text };
    this.render();
  }

  /** Shows the files' list as it is now (an upload started, ended or failed). */
  showFiles(): void {
    if (this.disposed) return;
    this.filesHtml = renderFileItems(this.files.items());
    void this.panel.webview.postMessage({ type: 'files', html: this.filesHtml, busy: this.files.busy });
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
    await (this.deps.openExternal ?? vscode.env.openExternal)(url);
  }

  /** Shows progress with Cancel; `lock` keeps the composer read-only while a reply is on its way. */
  private progress(text: string, lock: boolean): void {
    void this.panel.webview.postMessage({ type: 'progress', text, cancellable: true, lock });
  }

  private render(): void {
    if (!this.view) return;
    const me = this.deps.access.accounts().find((a) => a.accountId === this.accountId)?.user.id ?? 0;
    const webview = this.panel.webview;
    const files = this.files.items();
    this.filesHtml = renderFileItems(files);
    const media = vscode.Uri.joinPath(this.deps.extensionUri, 'media', 'detail');
    this.html = renderDetailPage(
      {
        accountId: this.accountId,
        view: this.view,
        statuses: this.statuses,
        draft: this.deps.drafts.get(this.accountId, this.ticketId),
        meId: me,
        notice: this.notice,
        fieldErrors: this.errors,
        files,
      },
      {
        cspSource: webview.cspSource,
        nonce: randomBytes(18).toString('base64'),
        scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'detail.js')).toString(),
        styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'detail.css')).toString(),
      },
    );
    webview.html = this.html;
  }

  private message(text: string): string {
    const esc = escapeHtmlText(text);
    return `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'"></head><body><p role="alert">${esc}</p></body></html>`;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.running?.abort();
    this.onDispose();
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }
}
