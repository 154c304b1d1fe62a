// `{{$dotenv NAME}}`: the `.env` file REST Client reads, the one in the request file's folder or else the nearest in
// a folder above it (https://github.com/Huachao/vscode-restclient#system-variables), but never above the workspace
// folder that holds the request file, and only when its real path is inside the workspace (links followed, the rule
// of body files), so a cloned repository's request file cannot read ~/.env into a request. Parsed with the `dotenv`
// package. Read when a request that uses it is sent, never before; the caller checks workspace trust. No `vscode`.
import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { parse } from 'dotenv';
import { realPathInside } from '../realPaths';
import { RequestProblem } from './prepare';
import * as l10n from '@vscode/l10n';

export interface DotenvFile {
  /** Where it is, relative to the request file's folder (`.env`, `../.env`), for messages. */
  shown: string;
  values: Readonly<Record<string, string>>;
}

/** Files larger than this are not an environment file someone wrote by hand; refused rather than read. */
const MAX_DOTENV_BYTES = 1024 * 1024;

/**
 * The nearest `.env` from the request file's folder up to the workspace folder holding it; undefined when there is
 * none, when the request file is not saved, or when it is outside every workspace folder. Throws RequestProblem for
 * a `.env` whose real path is outside the workspace, or one too large to be read.
 */
export async function loadDotenv(
  requestFile: string | undefined,
  folders: readonly string[],
): Promise<DotenvFile | undefined> {
  if (!requestFile) return undefined;
  const start = path.dirname(requestFile);
  const root = folders.filter((f) => isWithin(start, f)).sort((a, b) => b.length - a.length)[0];
  if (root === undefined) return undefined;
  for (let dir = start; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, '.env');
    const found = await stat(candidate).then(
      (s) => s,
      () => undefined,
    );
    if (found?.isFile()) {
      const shown = path.relative(start, candidate).split(path.sep).join('/');
      const real = await realPathInside(candidate, folders);
      if (!real) {
        throw new RequestProblem(
          l10n.t(
            'Refusing to read "{0}": it is outside the workspace (links followed). {1} reads only a .env file of the open workspace folders.',
            shown,
            '{{$dotenv}}',
          ),
        );
      }
      if (found.size > MAX_DOTENV_BYTES) {
        throw new RequestProblem(l10n.t('"{0}" is too large to be a .env file ({1} MB at most).', shown, 1));
      }
      return { shown, values: parse(await readFile(real)) };
    }
    if (path.relative(root, dir) === '' || path.dirname(dir) === dir) return undefined;
  }
}

function isWithin(dir: string, folder: string): boolean {
  const rel = path.relative(folder, dir);
  return rel === '' || (rel.split(path.sep)[0] !== '..' && !path.isAbsolute(rel));
}
