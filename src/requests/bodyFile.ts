// Bodies read from files (`< ./ticket.json`, `<@ ./ticket.json`): the path is relative to the request file, and the
// file must really be inside an open workspace folder (links followed, the rule of the ticket tab's uploads), so a
// cloned repository's request file cannot send ~/.ssh/id_rsa to Zendesk. Read when the request is sent, never
// before. No `vscode` import.
import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { realPathInside } from '../realPaths';
import { contentTypeOf } from '../tickets/detail/composerFiles';
import { MAX_UPLOAD_BYTES } from '../zendesk/api';
import type { BodyFile } from './parser';
import { RequestProblem } from './prepare';
import * as l10n from '@vscode/l10n';

export interface LoadedBodyFile {
  bytes: Uint8Array;
  /** As written in the request file, for messages, the confirmation and cURL. */
  written: string;
  /** The type the file's extension names (`image/png`), when the request gives no Content-Type. */
  contentType?: string;
}

/**
 * Reads a body file. `requestFile` is the request file's path on disk (undefined for an unsaved one) and `folders`
 * the workspace folders' paths. Refuses, with what to do, a file outside the workspace, a missing one, a folder and
 * one over Zendesk's 50 MB limit.
 */
export async function loadBodyFile(
  file: BodyFile,
  requestFile: string | undefined,
  folders: readonly string[],
): Promise<LoadedBodyFile> {
  const line = file.span.line;
  const problem = (message: string): RequestProblem =>
    new RequestProblem(l10n.t('Line {0}: {1}', line + 1, message), line);
  if (!requestFile) {
    throw problem(l10n.t('Save the request file first: "{0}" is read relative to it.', file.path));
  }
  const wanted = path.resolve(path.dirname(requestFile), file.path);
  let size: number;
  try {
    const s = await stat(wanted);
    if (!s.isFile()) throw problem(l10n.t('"{0}" is not a file: name a file to send as the body.', file.path));
    size = s.size;
  } catch (e) {
    if (e instanceof RequestProblem) throw e;
    throw problem(
      l10n.t('There is no file "{0}" next to this request file: check the path (relative to it).', file.path),
    );
  }
  const real = await realPathInside(wanted, folders);
  if (!real) {
    throw problem(
      l10n.t(
        'Refusing to send "{0}": it is outside the workspace (links followed). Only files of the open workspace folders are sent as bodies.',
        file.path,
      ),
    );
  }
  if (size > MAX_UPLOAD_BYTES) {
    throw problem(
      l10n.t(
        '"{0}" is larger than Zendesk takes ({1} MB); send a smaller file.',
        file.path,
        MAX_UPLOAD_BYTES / 2 ** 20,
      ),
    );
  }
  // The real path is read, not the written one: a link swapped after the check is not followed again.
  const bytes = new Uint8Array(await readFile(real));
  return { bytes, written: file.path, contentType: contentTypeOf(real) };
}
