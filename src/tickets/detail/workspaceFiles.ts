// Files of the workspace for the composer: the "Attach Files…" dialog, and the URIs of files dragged from VS Code's
// Explorer. A file is stat'ed here and read only when its upload starts, so one over Zendesk's limit is never loaded.
import * as vscode from 'vscode';
import type { Logger } from '../../log';
import { realPathInside } from '../../realPaths';
import { revealBidi } from '../format';
import { contentTypeOf, type FileSource } from './composerFiles';

export type ShowOpenDialog = (options: vscode.OpenDialogOptions) => Thenable<vscode.Uri[] | undefined>;

/**
 * "Attach Files…": a dialog that starts in the workspace folder and takes several files. Nothing picked: none.
 * The user may pick a file anywhere, but a file that shows as inside the workspace must really be there: a cloned
 * repository's `logs/repro.log -> ~/.ssh/id_rsa` is refused (`refused` names it), not uploaded as "repro.log".
 */
export async function pickFiles(
  show: ShowOpenDialog,
  ticketId: number,
  log: Logger,
): Promise<{ files: FileSource[]; refused: string[] }> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const picked = await show({
    canSelectMany: true,
    canSelectFiles: true,
    canSelectFolders: false,
    openLabel: vscode.l10n.t('Attach'),
    title: vscode.l10n.t('Attach files to #{0}', ticketId),
    ...(folder ? { defaultUri: folder } : {}),
  });
  const uris: vscode.Uri[] = [];
  const refused: string[] = [];
  for (const uri of picked ?? []) {
    if (!vscode.workspace.getWorkspaceFolder(uri) || (await reallyInWorkspace(uri))) uris.push(uri);
    else {
      refused.push(revealBidi(nameOf(uri)));
      log.warn('[detail] a picked file of the workspace is a link to a place outside it: not attached');
    }
  }
  return { files: await sourcesOf(uris), refused };
}

/**
 * Files dragged from the Explorer. The URIs come from the page, which is not trusted: only files whose real place
 * (links followed) is inside an open workspace folder pass, so a message can never make the extension upload ~/.ssh
 * or the like. A backslash is refused whole: on Windows `..%5C` climbs out once the path is normalised. `refused`
 * counts the others.
 */
export async function droppedFiles(
  raw: readonly string[],
  log: Logger,
): Promise<{ files: FileSource[]; refused: number }> {
  const uris: vscode.Uri[] = [];
  for (const r of raw) {
    let uri: vscode.Uri | undefined;
    try {
      uri = /\\|%5c/i.test(r) ? undefined : vscode.Uri.parse(r, true);
    } catch {
      uri = undefined;
    }
    if (
      uri &&
      vscode.workspace.getWorkspaceFolder(uri) &&
      !uri.path.split('/').includes('..') &&
      (await reallyInWorkspace(uri))
    ) {
      uris.push(uri);
    } else log.warn(`[detail] a dropped ${uri?.scheme ?? 'unparsable'}: URI outside the workspace was not attached`);
  }
  return { files: await sourcesOf(uris), refused: raw.length - uris.length };
}

/**
 * Whether the file, with every link on its way followed, is inside the real place of an open workspace folder.
 * Comparing paths alone is not enough: a link inside the workspace can point anywhere. Files of other file systems
 * (a virtual workspace) cannot be resolved: they pass only when they are not a link themselves.
 */
async function reallyInWorkspace(uri: vscode.Uri): Promise<boolean> {
  if (uri.scheme !== 'file') {
    try {
      return !((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.SymbolicLink);
    } catch {
      return false;
    }
  }
  const roots = (vscode.workspace.workspaceFolders ?? [])
    .filter((f) => f.uri.scheme === 'file')
    .map((f) => f.uri.fsPath);
  return (await realPathInside(uri.fsPath, roots)) !== undefined;
}

const nameOf = (uri: vscode.Uri): string => uri.path.split('/').pop() ?? '';

async function sourcesOf(uris: readonly vscode.Uri[]): Promise<FileSource[]> {
  const out = await Promise.all(
    uris.map(async (uri): Promise<FileSource | undefined> => {
      const name = nameOf(uri);
      let size: number;
      try {
        const stat = await vscode.workspace.fs.stat(uri);
        if (stat.type & vscode.FileType.Directory) return undefined;
        size = stat.size;
      } catch {
        size = 0; // gone since it was picked: refused as empty, with its name
      }
      return { name, size, contentType: contentTypeOf(name), read: async () => vscode.workspace.fs.readFile(uri) };
    }),
  );
  return out.filter((f): f is FileSource => f !== undefined);
}
