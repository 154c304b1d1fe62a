// Whether a file, with every link on its way followed, is inside the real place of one of some folders. Comparing
// paths alone is not enough: a link inside the workspace (`logs/repro.log -> ~/.ssh/id_rsa`) can point anywhere.
// The one rule for files the extension sends from the workspace: the ticket tab's uploads and request files' bodies.
// No `vscode` import.
import { realpath } from 'node:fs/promises';
import * as path from 'node:path';

/** The file's real path when it is inside one of `folders` (real paths compared); undefined otherwise, or when it
 * does not exist (a dangling link, or gone). */
export async function realPathInside(file: string, folders: readonly string[]): Promise<string | undefined> {
  let real: string;
  try {
    real = await realpath(file);
  } catch {
    return undefined;
  }
  for (const folder of folders) {
    const root = await realpath(folder).catch(() => undefined);
    if (!root) continue;
    const rel = path.relative(root, real);
    if (rel !== '' && rel.split(path.sep)[0] !== '..' && !path.isAbsolute(rel)) return real;
  }
  return undefined;
}
