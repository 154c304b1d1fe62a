// Response tabs: read-only virtual documents (`zendesk-response:`), titled `GET /api/v2/tickets.json · 200 ·
// 123 ms`. By default one tab per request file, replaced by each new response (setting: a new tab each time).
// Each tab remembers its request (for Copy as cURL, never with a token) and its body (for Save Response).
import * as vscode from 'vscode';
import { RequestFiles } from '../constants';
import type { CurlInput } from './curl';
import type { ResponseViewMode } from './settings';

export interface ShownResponse {
  title: string;
  text: string;
  /** The request as sent, minus the token. */
  request: CurlInput;
  /** The body as it should be saved (formatted JSON, or the gathered pages). */
  body: string;
}

// A tab shows its document's base name, and a path cannot hold "/" inside a name: the title's slashes are shown
// as U+2215 DIVISION SLASH, which reads the same.
const SLASH_LOOKALIKE = '\u2215';

export class ResponseView implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly shown = new Map<string, ShownResponse>();
  /** Request file (uri string) → its current response uri, for reuse. */
  private readonly bySource = new Map<string, vscode.Uri>();
  private counter = 0;
  private readonly registrations: vscode.Disposable[];

  constructor(private readonly mode: () => ResponseViewMode) {
    this.registrations = [
      vscode.workspace.registerTextDocumentContentProvider(RequestFiles.responseScheme, this),
      // A closed response is not kept (bodies can be large); reopening it says so.
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (doc.uri.scheme === RequestFiles.responseScheme) this.shown.delete(doc.uri.toString());
      }),
    ];
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return (
      this.shown.get(uri.toString())?.text ??
      vscode.l10n.t('// This response is no longer kept. Send the request again.')
    );
  }

  get(uri: vscode.Uri): ShownResponse | undefined {
    return this.shown.get(uri.toString());
  }

  /** Opens the response beside the request file; with `reuse`, in place of that file's previous response tab. */
  async show(source: string, response: ShownResponse): Promise<vscode.Uri> {
    const uri = vscode.Uri.from({
      scheme: RequestFiles.responseScheme,
      path: `/${response.title.replace(/\//g, SLASH_LOOKALIKE)}`,
      query: String(++this.counter),
    });
    this.shown.set(uri.toString(), response);
    const previous = this.mode() === 'reuse' ? this.bySource.get(source) : undefined;
    const previousTab = previous && findTab((u) => u.toString() === previous.toString());
    this.bySource.set(source, uri);

    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(doc, 'jsonc');
    // Responses gather in one editor group: the previous one's, else any response tab's, else beside the request.
    const column =
      previousTab?.group.viewColumn ??
      findTab((u) => u.scheme === RequestFiles.responseScheme)?.group.viewColumn ??
      vscode.ViewColumn.Beside;
    const editor = await vscode.window.showTextDocument(doc, {
      viewColumn: column,
      preview: false,
      preserveFocus: false,
    });
    if (previousTab) await vscode.window.tabGroups.close(previousTab, true);
    if (previous) this.shown.delete(previous.toString());
    await foldHeaders(editor);
    return uri;
  }

  dispose(): void {
    for (const r of this.registrations) r.dispose();
    this.changed.dispose();
    this.shown.clear();
  }
}

function findTab(matches: (uri: vscode.Uri) => boolean): vscode.Tab | undefined {
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) if (tab.input instanceof vscode.TabInputText && matches(tab.input.uri)) return tab;
  }
  return undefined;
}

/** Folds the headers region, so the body is what the tab shows first. `editor.fold` acts on the active editor. */
async function foldHeaders(editor: vscode.TextEditor): Promise<void> {
  if (vscode.window.activeTextEditor !== editor) return;
  const lines = editor.document.getText().split('\n');
  const region = lines.findIndex((l) => l.startsWith('// #region'));
  if (region < 0) return;
  await vscode.commands.executeCommand('editor.fold', { selectionLines: [region], levels: 1 });
}
