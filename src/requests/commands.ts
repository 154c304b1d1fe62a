// The request commands: Send Request and Send All Pages (from a CodeLens or the palette), Copy as cURL, Save
// Response, Request History, and "Send API Request…". Every send goes one way: parse → prepare (variables, account,
// host) → RequestSender (trust, confirmation, scopes) → response tab and history.
import * as vscode from 'vscode';
import type { AccountAccess } from '../auth/access';
import { accountsNamed } from '../auth/accounts';
import { RequestFiles } from '../constants';
import type { Logger } from '../log';
import { describeError, isCancellation } from '../ui/errorText';
import type { Dialogs } from '../dialogs';
import { showError } from '../ui/messages';
import { pickAccount, pickMethod } from './apiRequestPicks';
import { loadBodyFile, type LoadedBodyFile } from './bodyFile';
import { toCurl, type CurlInput } from './curl';
import { CurlImportError, importCurl, type ImportedCurl } from './curlImport';
import { loadDotenv } from './dotenvFile';
import { ENDPOINTS } from './endpoints';
import type { RequestHistory } from './history';
import type { ParseCache, ResponseMemory } from './language';
import type { StopReason } from './paging';
import { parseRequestFile, requestAt, type BodyFile, type Method, type ParsedFile, type ParsedRequest } from './parser';
import {
  checkRequest,
  looksSecret,
  prepareRequest,
  RequestProblem,
  responsesNeeded,
  type PreparedRequest,
  usesDotenv,
} from './prepare';
import { printRequest } from './printer';
import { formatAllPages, formatBody, formatResponse, responseTitle } from './responseText';
import type { ResponseView } from './responseView';
import type { RequestSender } from './sender';
import type { RequestSettings } from './settings';
import { keepBody, type KeptResponse } from './variables';

/**
 * What a person answers for the request commands: the write and Clear History confirmations, the history's pick,
 * Save Response's file, the progress notification's Cancel, and "Send API Request…"'s method and path. VS Code's
 * in the extension (src/ui/ui.ts), the test build's in the integration tests.
 */
/** The dialogs of request files and Send API Request… (`# @prompt` values and the pasted curl command come through
 * showInputBox). */
export interface RequestDialogs extends Dialogs {
  showSaveDialog(options: vscode.SaveDialogOptions): Thenable<vscode.Uri | undefined>;
  withProgress<R>(
    options: vscode.ProgressOptions,
    task: (progress: vscode.Progress<{ message?: string }>, token: vscode.CancellationToken) => Thenable<R>,
  ): Thenable<R>;
  /** "Send API Request…": an endpoint path from the table, or one typed, its `{...}` parts filled in. */
  pickRequestPath(method: Method): Promise<string | undefined>;
  /** "… needs the response of createTicket, not sent yet. Send it first?"; true to send it first. */
  confirmSendFirst(question: string, detail: string): Thenable<boolean>;
}

/** The write confirmation: a modal, answered Send or not. */
export async function confirmSend(ui: RequestDialogs, question: string, detail: string): Promise<boolean> {
  const send = vscode.l10n.t('Send');
  return (await ui.showWarningMessage(question, { modal: true, detail }, send)) === send;
}

/** What a command reports back (to tests, and to callers of executeCommand). Never a token. */
export interface SendOutcome {
  sent: boolean;
  status?: number;
  title?: string;
  responseUri?: string;
  error?: string;
  confirmation?: string;
  /** The confirmation's detail: the body it will send (shortened) and the account. */
  confirmationDetail?: string;
  pages?: number;
  stop?: StopReason;
  /** Send API Request… for a write: the prefilled document to edit and send. */
  document?: string;
}

export interface RequestCommandDeps {
  access: AccountAccess;
  sender: RequestSender;
  parses: ParseCache;
  responses: ResponseMemory;
  view: ResponseView;
  history: RequestHistory;
  settings: RequestSettings;
  log: Logger;
  ui: RequestDialogs;
}

export class RequestCommands {
  constructor(private readonly d: RequestCommandDeps) {}

  /** Send Request: `uri` and `line` come from the CodeLens; without them, the active editor's cursor. */
  async send(uri?: vscode.Uri, line?: number): Promise<SendOutcome> {
    const target = await this.locate(uri, line);
    if (!target) return { sent: false, error: vscode.l10n.t('No request here.') };
    return this.sendParsed(target.source, target.file, target.request);
  }

  async sendAllPages(uri?: vscode.Uri, line?: number): Promise<SendOutcome> {
    const target = await this.locate(uri, line);
    if (!target) return { sent: false, error: vscode.l10n.t('No request here.') };
    const prepared = await this.gather(target.source, target.file, target.request);
    if (!prepared.ok) return prepared.outcome;
    const p = prepared.value;
    const path = new URL(p.url).pathname;
    try {
      const result = await this.d.ui.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: vscode.l10n.t('Zendesk: GET {0}, all pages', path),
          cancellable: true,
        },
        async (progress, token) => {
          const abort = new AbortController();
          token.onCancellationRequested(() => abort.abort());
          return this.d.sender.sendAllPages(p, {
            maxPages: this.d.settings.maxPages(),
            signal: abort.signal,
            onProgress: (pr) => {
              if (pr.kind === 'page') {
                progress.report({ message: vscode.l10n.t('page {0}, {1} items', pr.pages, pr.items) });
              } else {
                progress.report({
                  message: vscode.l10n.t(
                    'page {0}: Zendesk answered {1}; waiting {2} s (Retry-After)…',
                    pr.pages + 1,
                    pr.status,
                    pr.seconds,
                  ),
                });
              }
            },
          });
        },
      );
      const last = result.last;
      const title = responseTitle(
        'GET',
        p.url,
        result.pages === 1 ? vscode.l10n.t('1 page') : vscode.l10n.t('{0} pages', result.pages),
        result.ms,
      );
      if (last) {
        await this.d.history.add({
          method: 'GET',
          url: p.url,
          accountId: p.account.accountId,
          status: last.status,
          ms: result.ms,
          at: Date.now(),
        });
      }
      const text = formatAllPages({ method: 'GET', url: p.url, accountLabel: p.account.label }, result);
      const gathered = JSON.stringify(result.gathered, null, 2);
      const responseUri = await this.d.view.show(target.source, { title, text, request: curlInput(p), body: gathered });
      if (p.name && last) {
        this.responsesOf(target.source).set(p.name, {
          status: last.status,
          headers: last.headers,
          body: result.gathered,
        });
      }
      if (result.stop !== 'done') void this.d.ui.showWarningMessage(result.reason, {});
      return {
        sent: true,
        status: last?.status,
        title,
        responseUri: responseUri.toString(),
        pages: result.pages,
        stop: result.stop,
      };
    } catch (e) {
      return this.failed(e);
    }
  }

  async copyAsCurl(uri?: vscode.Uri, line?: number): Promise<string | undefined> {
    const fromTab = uri ?? vscode.window.activeTextEditor?.document.uri;
    if (fromTab?.scheme === RequestFiles.responseScheme) {
      const shown = this.d.view.get(fromTab);
      if (!shown) return undefined;
      return this.copy(toCurl(shown.request));
    }
    const target = await this.locate(uri, line);
    if (!target) return undefined;
    const prepared = await this.gather(target.source, target.file, target.request, { sendFirst: false });
    return prepared.ok ? this.copy(toCurl(curlInput(prepared.value))) : undefined;
  }

  private async copy(text: string): Promise<string> {
    await vscode.env.clipboard.writeText(text);
    void vscode.window.setStatusBarMessage(
      vscode.l10n.t('Copied as cURL; the token is read from $ZENDESK_TOKEN.'),
      4000,
    );
    return text;
  }

  async saveResponse(uri?: vscode.Uri): Promise<string | undefined> {
    const from = uri ?? vscode.window.activeTextEditor?.document.uri;
    const shown = from && this.d.view.get(from);
    if (!shown) {
      void this.d.ui.showInformationMessage(vscode.l10n.t('Open a Zendesk response tab to save it.'), {});
      return undefined;
    }
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const to = await this.d.ui.showSaveDialog({
      defaultUri: folder && vscode.Uri.joinPath(folder, 'response.json'),
      filters: { JSON: ['json'] },
      saveLabel: vscode.l10n.t('Save Response'),
    });
    if (!to) return undefined;
    await vscode.workspace.fs.writeFile(to, Buffer.from(`${shown.body}\n`, 'utf8'));
    return to.toString();
  }

  /** The last 50 requests; picking one sends a GET again, or opens a write in a new request file to send. */
  async showHistory(): Promise<{ entries: ReturnType<RequestHistory['entries']>; outcome?: SendOutcome }> {
    const entries = this.d.history.entries();
    const items = entries.map((e, index) => ({
      label: `${e.method} ${e.path}`,
      description: [
        e.status !== undefined ? String(e.status) : vscode.l10n.t('no answer'),
        e.ms !== undefined ? `${e.ms} ms` : '',
        e.accountId,
      ]
        .filter(Boolean)
        .join(' · '),
      detail: new Date(e.at).toLocaleString(),
      index,
    }));
    if (items.length === 0) {
      void this.d.ui.showInformationMessage(vscode.l10n.t('No Zendesk requests sent yet.'), {});
      return { entries };
    }
    const picked = (
      await this.d.ui.showQuickPick(items, {
        title: vscode.l10n.t('Zendesk: Request History'),
        placeHolder: vscode.l10n.t('Pick a request to send again'),
        matchOnDescription: true,
      })
    )?.index;
    const entry = picked !== undefined ? entries[picked] : undefined;
    if (!entry) return { entries };
    const spec = { account: entry.accountId, method: entry.method as Method, target: entry.path };
    if (entry.method === 'GET') {
      return { entries, outcome: await this.sendText('history', printRequest(spec)) };
    }
    const comments = [
      `${entry.method} ${entry.path}`,
      vscode.l10n.t('From the history, which keeps no bodies: write the body below, then click Send Request.'),
    ];
    return {
      entries,
      outcome: await this.openDraft({
        ...spec,
        comments,
        headers: [['Content-Type', 'application/json']],
        body: '{\n}',
      }),
    };
  }

  /** "Clear Request History": asks first (modal), since what is cleared cannot be brought back. */
  async clearHistory(): Promise<{ cleared: boolean; confirmation: string }> {
    const count = this.d.history.entries().length;
    if (count === 0) {
      void this.d.ui.showInformationMessage(vscode.l10n.t('No Zendesk requests sent yet.'), {});
      return { cleared: false, confirmation: '' };
    }
    const question =
      count === 1
        ? vscode.l10n.t('Clear the Zendesk request history (1 request)?')
        : vscode.l10n.t('Clear the Zendesk request history ({0} requests)?', count);
    const clear = vscode.l10n.t('Clear');
    const yes =
      (await this.d.ui.showWarningMessage(
        question,
        { modal: true, detail: vscode.l10n.t('It cannot be undone. Request files are not touched.') },
        clear,
      )) === clear;
    if (yes) await this.d.history.clear();
    return { cleared: yes, confirmation: question };
  }

  /** "Send API Request…": account, method, path; GET and DELETE are sent, a body opens in a request file first. */
  async sendApiRequest(): Promise<SendOutcome> {
    const account = await pickAccount(this.d.access, this.d.ui);
    if (!account) return { sent: false };
    const method = await pickMethod(account, this.d.ui);
    if (!method) return { sent: false };
    const path = await this.d.ui.pickRequestPath(method);
    if (!path) return { sent: false };
    // The subdomain alone would be ambiguous in the file (accountNamed refuses it): write the account id then.
    const several = accountsNamed(this.d.access.accounts(), account.subdomain).length > 1;
    const spec = { account: several ? account.accountId : account.subdomain, method, target: path };
    if (method === 'GET' || method === 'DELETE') return this.sendText('api-request', printRequest(spec));
    const example = ENDPOINTS.find((e) => e.method === method && e.path === path)?.body;
    // The first line names the request: an untitled document's tab shows it.
    const comments = [
      `${method} ${path}`,
      vscode.l10n.t('Write the JSON body below, then click Send Request above the request line.'),
    ];
    return this.openDraft({
      ...spec,
      comments,
      headers: [['Content-Type', 'application/json']],
      body: JSON.stringify(example ?? {}, null, 2),
    });
  }

  private async openDraft(spec: Parameters<typeof printRequest>[0]): Promise<SendOutcome> {
    const doc = await vscode.workspace.openTextDocument({
      language: RequestFiles.languageId,
      content: `${printRequest(spec)}\n`,
    });
    await vscode.window.showTextDocument(doc);
    return { sent: false, document: doc.uri.toString() };
  }

  /** Sends a request given as text (from the palette or the history) on the same path as a file's. */
  private async sendText(source: string, text: string): Promise<SendOutcome> {
    const file = parseRequestFile(text);
    const request = file.requests[0];
    if (!request) return { sent: false, error: vscode.l10n.t('Nothing to send.') };
    return this.sendParsed(source, file, request);
  }

  private async sendParsed(
    source: string,
    file: ParsedFile,
    request: ParsedRequest,
    sending: ReadonlySet<string> = new Set(),
  ): Promise<SendOutcome> {
    const prepared = await this.gather(source, file, request, { sending });
    if (!prepared.ok) return prepared.outcome;
    const p = prepared.value;
    const outcome: SendOutcome = { sent: false };
    // The outcome says what was asked, whoever answered.
    const confirm = async (question: string, detail: string) => {
      outcome.confirmation = question;
      outcome.confirmationDetail = detail;
      return confirmSend(this.d.ui, question, detail);
    };
    const path = new URL(p.url).pathname;
    try {
      const res = await this.d.ui.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: vscode.l10n.t('Zendesk: {0} {1}', p.method, path),
          cancellable: true,
        },
        async (_progress, token) => {
          const abort = new AbortController();
          token.onCancellationRequested(() => abort.abort());
          return this.d.sender.send(p, { signal: abort.signal, confirm });
        },
      );
      await this.d.history.add({
        method: p.method,
        url: res.url,
        accountId: p.account.accountId,
        status: res.status,
        ms: res.ms,
        at: Date.now(),
      });
      if (p.name) {
        this.responsesOf(source).set(p.name, { status: res.status, headers: res.headers, body: keepBody(res.body) });
      }
      const title = responseTitle(p.method, res.url, res.status, res.ms);
      const uri = await this.d.view.show(source, {
        title,
        text: formatResponse({ method: p.method, url: res.url, accountLabel: p.account.label }, res),
        request: curlInput(p),
        body: formatBody(res.body),
      });
      return { ...outcome, sent: true, status: res.status, title, responseUri: uri.toString() };
    } catch (e) {
      return { ...this.failed(e), confirmation: outcome.confirmation, confirmationDetail: outcome.confirmationDetail };
    }
  }

  /**
   * Everything before a request can go, in the order a person meets it: its own problems; the responses it needs
   * that have not answered yet in this session (asked to send them first); its `# @prompt`s; its body file; then
   * prepare (variables, account, host). Cancel at any question sends nothing.
   */
  private async gather(
    source: string,
    file: ParsedFile,
    request: ParsedRequest,
    o: { sendFirst?: boolean; sending?: ReadonlySet<string> } = {},
  ): Promise<{ ok: true; value: PreparedRequest } | { ok: false; outcome: SendOutcome }> {
    try {
      checkRequest(file, request);
      const kept = this.responsesOf(source);
      for (const before of responsesNeeded(file, request, kept)) {
        const name = before.name as string;
        const at = (before.requestLine ?? before.firstLine) + 1;
        const question = vscode.l10n.t('This request needs the response of "{0}" (line {1}), not sent yet.', name, at);
        // A loop of requests naming each other through `# @ref` stops here instead of sending forever.
        if (o.sendFirst === false || o.sending?.has(name)) {
          throw new RequestProblem(vscode.l10n.t('{0} Send "{1}" first.', question, name), before.requestLine);
        }
        const yes = await this.d.ui.confirmSendFirst(
          vscode.l10n.t('{0} Send it first?', question),
          vscode.l10n.t('Responses are kept while the request file is open, never on disk.'),
        );
        if (!yes) return { ok: false, outcome: { sent: false, error: vscode.l10n.t('Not sent.') } };
        const first = await this.sendParsed(source, file, before, new Set([...(o.sending ?? []), name]));
        if (!first.sent) return { ok: false, outcome: first };
      }
      const prompted = new Map<string, string>();
      for (const p of request.prompts) {
        const value = await this.d.ui.showInputBox({
          title: vscode.l10n.t('Zendesk: {0}', p.name),
          prompt: p.description ?? vscode.l10n.t('A value for {0}', `{{${p.name}}}`),
          password: looksSecret(p.name),
          ignoreFocusOut: true,
        });
        if (value === undefined) return { ok: false, outcome: { sent: false, error: vscode.l10n.t('Not sent.') } };
        prompted.set(p.name, value);
      }
      const bodyFile = request.bodyFile ? await this.loadBodyFile(source, request.bodyFile) : undefined;
      // An untrusted workspace reads no .env at all (prepare then says why the variable is empty).
      const dotenv =
        vscode.workspace.isTrusted && usesDotenv(file, request, bodyFile)
          ? await loadDotenv(...this.onDisk(source))
          : undefined;
      const value = prepareRequest({
        file,
        request,
        accounts: this.d.access.accounts(),
        inUse: this.d.access.inUse(),
        responses: kept,
        bodyFile,
        prompted,
        trusted: vscode.workspace.isTrusted,
        dotenv,
      });
      return { ok: true, value };
    } catch (e) {
      return { ok: false, outcome: this.failed(e) };
    }
  }

  private async loadBodyFile(source: string, file: BodyFile): Promise<LoadedBodyFile> {
    return loadBodyFile(file, ...this.onDisk(source));
  }

  /** The request file's path on disk (undefined when unsaved) and the workspace folders' paths: what may be read. */
  private onDisk(source: string): [string | undefined, string[]] {
    const uri = vscode.Uri.parse(source);
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    return [uri.scheme === 'file' ? uri.fsPath : undefined, folders.map((f) => f.uri.fsPath)];
  }

  /** "Import cURL": a pasted curl command becomes a request, added to the request file in the editor or to a new
   * one. The clipboard fills the box when it holds a curl command. */
  async importCurl(): Promise<{ text?: string; notes?: string[]; document?: string; error?: string }> {
    const clip = await vscode.env.clipboard.readText();
    const pasted = await this.d.ui.showInputBox({
      title: vscode.l10n.t('Zendesk: Import cURL'),
      prompt: vscode.l10n.t("Paste a curl command, such as one from Zendesk's API docs. Its credential is dropped."),
      // l10n: not user-facing (a shell command, as Zendesk's docs write it)
      placeHolder: 'curl https://{subdomain}.zendesk.com/api/v2/tickets.json -u {email_address}/token:{api_token}',
      value: /^\s*(\$\s*)?curl\s/.test(clip) ? clip : undefined,
      ignoreFocusOut: true,
    });
    if (pasted === undefined || pasted.trim() === '') return {};
    let imported: ImportedCurl;
    try {
      imported = importCurl(pasted);
    } catch (e) {
      if (e instanceof CurlImportError) void this.d.ui.showErrorMessage(e.message, {});
      else void showError(e, this.d.log, vscode.l10n.t('Importing cURL'));
      return { error: e instanceof Error ? e.message : String(e) };
    }
    const editor = vscode.window.activeTextEditor;
    let doc: vscode.TextDocument;
    if (editor && editor.document.languageId === RequestFiles.languageId) {
      doc = editor.document;
      const end = doc.lineAt(doc.lineCount - 1).range.end;
      const lead = doc.getText().trim() === '' ? '' : `${doc.getText().endsWith('\n') ? '' : '\n'}\n###\n\n`;
      await editor.edit((b) => b.insert(end, `${lead}${imported.text}\n`));
      const line = doc.lineCount - imported.text.split('\n').length - 1;
      editor.selection = new vscode.Selection(line, 0, line, 0);
      editor.revealRange(new vscode.Range(line, 0, line, 0));
    } else {
      doc = await vscode.workspace.openTextDocument({
        language: RequestFiles.languageId,
        content: `${imported.text}\n`,
      });
      await vscode.window.showTextDocument(doc);
    }
    if (imported.notes.some((n) => /credential|token|Authorization/i.test(n))) {
      void vscode.window.setStatusBarMessage(
        vscode.l10n.t('Imported. The credential was dropped: your signed-in Zendesk session supplies the token.'),
        6000,
      );
    }
    return { text: imported.text, notes: imported.notes, document: doc.uri.toString() };
  }

  private failed(e: unknown): SendOutcome {
    // Cancel in the progress notification, or No to the write's confirmation: quiet, like any cancellation.
    if (isCancellation(e)) return { sent: false, error: describeError(e, vscode.l10n.t('Sending the request')).text };
    void showError(e, this.d.log, vscode.l10n.t('Sending the request'));
    return { sent: false, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }

  private responsesOf(source: string): Map<string, KeptResponse> {
    let kept = this.d.responses.get(source);
    if (!kept) {
      kept = new Map();
      this.d.responses.set(source, kept);
    }
    return kept;
  }

  private async locate(
    uri: vscode.Uri | undefined,
    line: number | undefined,
  ): Promise<{ source: string; file: ParsedFile; request: ParsedRequest } | undefined> {
    const editor = vscode.window.activeTextEditor;
    const doc = uri ? await vscode.workspace.openTextDocument(uri) : editor?.document;
    if (!doc || doc.languageId !== RequestFiles.languageId) {
      void this.d.ui.showInformationMessage(
        vscode.l10n.t('Open a .zendesk request file and put the cursor in a request.'),
        {},
      );
      return undefined;
    }
    const at = line ?? (editor && editor.document === doc ? editor.selection.active.line : 0);
    const file = this.d.parses.get(doc);
    const request = requestAt(file, at);
    if (!request || request.requestLine === undefined) {
      void this.d.ui.showInformationMessage(vscode.l10n.t('There is no request at the cursor.'), {});
      return undefined;
    }
    return { source: doc.uri.toString(), file, request };
  }
}

function curlInput(p: PreparedRequest): CurlInput {
  return { method: p.method, url: p.url, headers: p.headers, body: p.body, bodyFile: p.bodyFile };
}
