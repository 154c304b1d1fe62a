// The files of the composer, in plain Node. A file is uploaded as soon as it is attached (as Zendesk's own composer
// does), so Submit only names upload tokens. Uploaded files live in the draft, so they survive closing the tab and
// reloading the window; files still uploading or that failed live here, with what is needed to try again.
import * as l10n from '@vscode/l10n';
import { checkUpload, type UploadedFile } from '../../zendesk/api';
import type { DraftAttachment, DraftStore } from '../drafts';
import { revealBidi } from '../format';
import { formatSize } from './detailModel';

/** Zendesk keeps an unused upload token for 60 minutes. A draft's token older than this (a little less, so it does
 * not die between the check and Zendesk reading the reply) is taken as gone. */
export const UPLOAD_TOKEN_LIFETIME_MS = 55 * 60 * 1000;

/** Where a file's bytes come from: a workspace file read on demand, or bytes the page read from a drop. */
export interface FileSource {
  name: string;
  size: number;
  contentType?: string;
  read(): Promise<Uint8Array>;
}

export interface FileItem {
  /** The upload token for an uploaded file; a local id otherwise. */
  id: string;
  name: string;
  size: string;
  state: 'uploading' | 'uploaded' | 'failed';
  /** Why it failed, in a sentence that says what to do. */
  problem?: string;
  canRetry: boolean;
}

export interface ComposerFilesDeps {
  drafts: DraftStore;
  accountId: string;
  ticketId: number;
  upload(name: string, bytes: Uint8Array, contentType: string | undefined, signal: AbortSignal): Promise<UploadedFile>;
  /** A failure as one short sentence for the user. */
  describe(e: unknown): string;
  /** The list changed: show it again. */
  changed(): void;
  now?: () => number;
}

interface Pending {
  id: string;
  source: FileSource;
  state: 'uploading' | 'failed';
  problem?: string;
  canRetry: boolean;
  abort?: AbortController;
}

export class ComposerFiles {
  private readonly pending = new Map<string, Pending>();
  private seq = 0;

  constructor(private readonly d: ComposerFilesDeps) {}

  private get now(): number {
    return (this.d.now ?? Date.now)();
  }

  /** Attaches a file: refused at once if Zendesk would refuse it (empty, over 50 MB, a bad name), uploaded otherwise. */
  async add(source: FileSource): Promise<void> {
    const p: Pending = { id: `f${++this.seq}`, source, state: 'uploading', canRetry: true };
    this.pending.set(p.id, p);
    try {
      checkUpload(source.name, source.size);
    } catch (e) {
      Object.assign(p, { state: 'failed', problem: this.d.describe(e), canRetry: false });
      this.d.changed();
      return;
    }
    await this.upload(p);
  }

  async retry(id: string): Promise<void> {
    const p = this.pending.get(id);
    if (!p || p.state !== 'failed' || !p.canRetry) return;
    await this.upload(p);
  }

  /** Takes a file off the reply. An upload on its way is stopped; an uploaded file's token is forgotten (Zendesk
   * discards unused uploads after an hour, so nothing of it stays attached anywhere). */
  async remove(id: string): Promise<void> {
    const p = this.pending.get(id);
    if (p) {
      p.abort?.abort();
      this.pending.delete(id);
      this.d.changed();
      return;
    }
    const files = this.uploaded();
    if (!files.some((f) => f.token === id)) return;
    await this.d.drafts.setAttachments(
      this.d.accountId,
      this.d.ticketId,
      files.filter((f) => f.token !== id),
    );
    this.d.changed();
  }

  /** True while a file is on its way: Submit waits for it. */
  get busy(): boolean {
    return [...this.pending.values()].some((p) => p.state === 'uploading');
  }

  items(): FileItem[] {
    const uploaded = this.uploaded().map((f): FileItem =>
      this.expired(f)
        ? {
            id: f.token,
            name: revealBidi(f.name),
            size: formatSize(f.size),
            state: 'failed',
            canRetry: false,
            problem: l10n.t('Zendesk discards an unused upload after an hour: remove it and attach the file again.'),
          }
        : { id: f.token, name: revealBidi(f.name), size: formatSize(f.size), state: 'uploaded', canRetry: false },
    );
    const pending = [...this.pending.values()].map((p): FileItem => ({
      id: p.id,
      name: revealBidi(p.source.name),
      size: formatSize(p.source.size),
      state: p.state,
      canRetry: p.canRetry,
      ...(p.problem ? { problem: p.problem } : {}),
    }));
    return [...uploaded, ...pending];
  }

  /** The upload tokens to send with the reply, or why the reply cannot go yet (the files are not all at Zendesk). */
  forSubmit(): { tokens: string[] } | { problem: string } {
    if (this.busy) return { problem: l10n.t('Wait until the files are uploaded, then submit.') };
    const failed = this.items().filter((i) => i.state === 'failed');
    if (failed.length) {
      return {
        problem: l10n.t(
          '{0} could not be attached: retry or remove it, then submit.',
          failed.map((f) => f.name).join(', '),
        ),
      };
    }
    return { tokens: this.uploaded().map((f) => f.token) };
  }

  /** Files on their way or failed: what only this object knows (uploaded ones are in the draft). */
  get hasPending(): boolean {
    return this.pending.size > 0;
  }

  get count(): number {
    return this.uploaded().length + this.pending.size;
  }

  private uploaded(): DraftAttachment[] {
    return this.d.drafts.get(this.d.accountId, this.d.ticketId)?.attachments ?? [];
  }

  private expired(f: DraftAttachment): boolean {
    return this.now - f.uploadedAt >= UPLOAD_TOKEN_LIFETIME_MS;
  }

  private async upload(p: Pending): Promise<void> {
    const abort = new AbortController();
    Object.assign(p, { state: 'uploading', problem: undefined, abort });
    this.d.changed();
    try {
      const bytes = await p.source.read();
      const up = await this.d.upload(p.source.name, bytes, p.source.contentType, abort.signal);
      if (abort.signal.aborted) return;
      // Into the draft first, then off the pending list: at no moment is the file in neither.
      await this.d.drafts.setAttachments(this.d.accountId, this.d.ticketId, [
        ...this.uploaded(),
        { name: p.source.name, size: bytes.byteLength, token: up.token, uploadedAt: this.now },
      ]);
      this.pending.delete(p.id);
    } catch (e) {
      if (abort.signal.aborted) return;
      Object.assign(p, { state: 'failed', problem: this.d.describe(e) });
    } finally {
      p.abort = undefined;
    }
    this.d.changed();
  }
}

const TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  pdf: 'application/pdf',
  txt: 'text/plain',
  log: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  json: 'application/json',
  xml: 'application/xml',
  html: 'text/html',
  zip: 'application/zip',
  gz: 'application/gzip',
  mp4: 'video/mp4',
  mp3: 'audio/mpeg',
  har: 'application/json',
};

/** Zendesk asks for a recognised MIME type that matches the file (a wrong one can break playback or preview); an
 * unknown extension goes as `application/binary`, as in Zendesk's own examples. */
export function contentTypeOf(name: string): string | undefined {
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  return ext ? TYPES[ext] : undefined;
}
