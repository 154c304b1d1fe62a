// Files of the workspace for the composer: the "Attach Files…" dialog, and the URIs of files dragged from VS Code's
// Explorer. A file is stat'ed here and read only when its upload starts, so one over Zendesk's limit is never loaded.
import * as vscode from 'vscode';
import type { Logger } from '../../log';
import { contentTypeOf, type FileSource } from './composerFiles';

export type ShowOpenDialog = (options: vscode.OpenDialogOptions) => Thenable<vscode.Uri[] | undefined>;

/** "Attach Files…": a dialog that starts in the workspace folder and takes several files. Nothing picked: none. */
export async function pickFiles(show: ShowOpenDialog, ticketId: number): Promise<FileSource[]> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const picked = await show({
    canSelectMany: true, canSelectFiles: true, canSelectFolders: false, openLabel: vscode.l10n.t('Attach'), title: vscode.l10n.t('Attach files to #{0}', ticketId),
    ...(folder ? { defaultUri: folder } : {}),
  });
  return sourcesOf(picked ?? []);
}

/**
 * Files dragged from the Explorer. The URIs come from the page, which is not trusted: only files inside an open
 * workspace folder pass, so a message can never make the extension upload ~/.ssh or the like. `refused` counts the
 * others.
 */
export async function droppedFiles(raw: readonly string[], log: Logger): Promise<{ files: FileSource[]; refused: number }> {
  const uris: vscode.Uri[] = [];
  for (const r of raw) {
    let uri: vscode.Uri | undefined;
    try {
      uri = vscode.Uri.parse(r, true);
    } catch {
      uri = undefined;
    }
    if (uri && vscode.workspace.getWorkspaceFolder(uri) && !uri.path.split('/').includes('..')) uris.push(uri);
    else log.warn(`[detail] a dropped ${uri?.scheme ?? 'unparsable'}: URI outside the workspace was not attached`);
  }
  return { files: await sourcesOf(uris), refused: raw.length - uris.length };
}

async function sourcesOf(uris: readonly vscode.Uri[]): Promise<FileSource[]> {
  const out = await Promise.all(uris.map(async (uri): Promise<FileSource | undefined> => {
    const name = uri.path.split('/').pop() ?? '';
    let size: number;
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.type & vscode.FileType.Directory) return undefined;
      size = stat.size;
    } catch {
      size = 0; // gone since it was picked: refused as empty, with its name
    }
    return { name, size, contentType: contentTypeOf(name), read: async () => vscode.workspace.fs.readFile(uri) };
  }));
  return out.filter((f): f is FileSource => f !== undefined);
}
