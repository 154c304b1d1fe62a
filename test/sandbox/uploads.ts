/**
 * Uploads and attachments: `POST /api/v2/uploads?filename=` takes a file's raw bytes and answers an upload token;
 * a comment's `uploads: [token]` turns the token's files into the comment's attachments; `content_url` serves the
 * bytes. Zendesk's upload token lasts 60 minutes. The shared spec does not cover this API: each behaviour that
 * Zendesk's public docs leave open is a CHOICE here and in the README.
 */
import { randomBytes } from 'node:crypto';
import { authenticate, requireTicketEditor } from './access';
import { isoSeconds } from './clock';
import { badRequest, recordNotFound } from './errors';
import { json, noContent, Reply } from './reply';
import type { RequestContext, Router } from './router';
import type { SandboxState } from './state';

export const UPLOAD_TOKEN_TTL_SECONDS = 3600;
/** Zendesk's attachment size limit (50 MB): the server reads no more of an upload's body than this. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

interface StoredFile {
  id: number;
  token: string;
  fileName: string;
  contentType: string;
  bytes: Buffer;
}
interface PendingUpload {
  userId: number;
  expiresAtMs: number;
  fileIds: number[];
}

export class UploadStore {
  private readonly uploads = new Map<string, PendingUpload>();
  private readonly files = new Map<number, StoredFile>();
  private readonly byToken = new Map<string, StoredFile>();
  private seq = 33_160_000_000_000;

  add(
    userId: number,
    nowMs: number,
    existing: string | null,
    fileName: string,
    contentType: string,
    bytes: Buffer,
  ): { token: string; upload: PendingUpload; file: StoredFile } | undefined {
    let token = existing ?? '';
    let upload = existing ? this.uploads.get(existing) : undefined;
    // CHOICE: adding to someone else's or an expired upload token is refused like an unknown one.
    if (existing && (!upload || upload.userId !== userId || upload.expiresAtMs <= nowMs)) return undefined;
    if (!upload) {
      token = randomBytes(12).toString('base64url');
      upload = { userId, expiresAtMs: nowMs + UPLOAD_TOKEN_TTL_SECONDS * 1000, fileIds: [] };
      this.uploads.set(token, upload);
    }
    const file: StoredFile = {
      id: ++this.seq,
      token: randomBytes(16).toString('base64url'),
      fileName,
      contentType,
      bytes,
    };
    this.files.set(file.id, file);
    this.byToken.set(file.token, file);
    upload.fileIds.push(file.id);
    return { token, upload, file };
  }

  /** The files of these upload tokens, consumed; or the first token that is unknown, expired or someone else's. */
  take(tokens: readonly string[], userId: number, nowMs: number): { fileIds: number[] } | { invalid: string } {
    for (const t of tokens) {
      const u = this.uploads.get(t);
      if (!u || u.userId !== userId || u.expiresAtMs <= nowMs) return { invalid: t };
    }
    const fileIds = tokens.flatMap((t) => this.uploads.get(t)?.fileIds ?? []);
    for (const t of tokens) this.uploads.delete(t);
    return { fileIds };
  }

  /** Discards an unused upload token and its files; false when it is unknown, used, expired or someone else's. */
  delete(token: string, userId: number, nowMs: number): boolean {
    const u = this.uploads.get(token);
    if (!u || u.userId !== userId || u.expiresAtMs <= nowMs) return false;
    this.uploads.delete(token);
    for (const id of u.fileIds) {
      const f = this.files.get(id);
      this.files.delete(id);
      if (f) this.byToken.delete(f.token);
    }
    return true;
  }

  file(token: string): StoredFile | undefined {
    return this.byToken.get(token);
  }

  attachmentJson(id: number, baseUrl: string): Record<string, unknown> | undefined {
    const f = this.files.get(id);
    if (!f) return undefined;
    const contentUrl = `${baseUrl}/attachments/token/${f.token}/?name=${encodeURIComponent(f.fileName)}`;
    return {
      url: `${baseUrl}/api/v2/attachments/${f.id}.json`,
      id: f.id,
      file_name: f.fileName,
      content_url: contentUrl,
      mapped_content_url: contentUrl,
      content_type: f.contentType,
      size: f.bytes.length,
      width: null,
      height: null,
      inline: false,
      deleted: false,
      malware_access_override: false,
      malware_scan_result: 'malware_not_found',
      thumbnails: [],
    };
  }
}

function upload(ctx: RequestContext): Reply {
  // CHOICE: uploading needs `write` or `tickets:write` (uploads exist to be attached to ticket comments), and a
  // role that may edit tickets.
  const who = authenticate(ctx, { resource: 'tickets' });
  requireTicketEditor(who);
  const fileName = (ctx.query.get('filename') ?? '').trim();
  if (!fileName) return badRequest('InvalidValue', 'filename is required');
  if (ctx.body.length === 0) return badRequest('InvalidValue', 'The file is empty');
  const type = ctx.headers['content-type'];
  const contentType =
    typeof type === 'string' && type && type !== 'application/binary'
      ? type.split(';')[0].trim()
      : 'application/octet-stream';
  const added = ctx.state.uploads.add(
    who.user.id,
    ctx.state.clock.nowMs(),
    ctx.query.get('token'),
    fileName,
    contentType,
    ctx.body,
  );
  if (!added) return recordNotFound();
  const attachments = added.upload.fileIds.map((id) => ctx.state.uploads.attachmentJson(id, ctx.state.url));
  // Zendesk answers an upload as text/plain, its body JSON all the same (recorded live), with the attachment's URL.
  const reply = json(201, {
    upload: {
      token: added.token,
      expires_at: isoSeconds(Math.floor(added.upload.expiresAtMs / 1000)),
      attachments,
      attachment: ctx.state.uploads.attachmentJson(added.file.id, ctx.state.url),
    },
  });
  return {
    ...reply,
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      Location: `${ctx.state.url}/api/v2/attachments/${added.file.id}.json`,
    },
  };
}

/** `content_url`: the bytes. CHOICE: served without authentication, as the token in the URL is the secret. */
export function serveAttachment(state: SandboxState, pathname: string): Reply | undefined {
  const m = /^\/attachments\/token\/([A-Za-z0-9_-]+)\/?$/.exec(pathname);
  if (!m) return undefined;
  const f = state.uploads.file(m[1]);
  if (!f) return recordNotFound();
  return {
    status: 200,
    headers: {
      'Content-Type': f.contentType,
      'Content-Disposition': `inline; filename="${f.fileName.replace(/["\\\r\n]/g, '_')}"`,
      'X-Content-Type-Options': 'nosniff',
    },
    body: f.bytes,
  };
}

/**
 * `DELETE /api/v2/uploads/{token}`: 204, the token and its files are gone. The token is not numeric, so the router
 * cannot name the route; the server asks here for what no route matched. CHOICE: an unknown, used, expired or
 * another user's token is 404 RecordNotFound (Zendesk documents only the 204).
 */
export function deleteUploadRoute(ctx: RequestContext): Reply | undefined {
  const m = /^\/api\/v2\/uploads\/([A-Za-z0-9_-]+?)(?:\.json)?$/.exec(ctx.url.pathname);
  if (ctx.method !== 'DELETE' || !m) return undefined;
  const who = authenticate(ctx, { resource: 'tickets' });
  requireTicketEditor(who);
  return ctx.state.uploads.delete(m[1], who.user.id, ctx.state.clock.nowMs()) ? noContent() : recordNotFound();
}

export function registerUploadRoutes(router: Router): void {
  router.add('POST /api/v2/uploads', upload);
}
