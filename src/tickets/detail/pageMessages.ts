// What the ticket page may say to the extension, checked field by field: the page shows content from a ticket, so
// its messages are treated as untrusted input. No `vscode` import.
import { MAX_UPLOAD_BYTES } from '../../zendesk/api';
import type { FieldValue, StatusCategory } from '../../zendesk/types';
import { isFormKey } from './stagedFields';
import { isPriority, STATUS_CATEGORIES } from '../statuses';
import type { TicketPriority } from '../../zendesk/types';

/** Messages the page may send. Anything else is ignored: the page is not trusted to be well-formed. */
export type PageMessage =
  // `status` is a status key (statuses.ts): a category, or a custom status id; the panel checks it against the
  // account's statuses.
  /** The page (re)started: it wants the state. */
  | { type: 'ready' }
  /** The composer's text and mode, as typed. */
  | { type: 'draft'; body: string; mode?: 'public' | 'internal' }
  /** The composer switched between public reply and internal note. */
  | { type: 'mode'; mode: 'public' | 'internal' }
  /** Submit: the staged fields and the text (if any) in one update. */
  | { type: 'submit'; body: string; mode: 'public' | 'internal' }
  /** A field's control changed: staged, not sent. */
  | { type: 'stage'; field: 'status'; value: string }
  | { type: 'stage'; field: 'priority'; value: TicketPriority | '' }
  /** Undo one staged field: a header's, or the form's (`type`, `tags`, `custom_fields.<id>`... stagedFields.ts). */
  | { type: 'unstage'; field: string }
  /** A field of the ticket's form changed (its id and the value as the control holds it): checked, then staged. */
  | { type: 'stageField'; id: number; value: FieldValue }
  /** Another form chosen for the ticket. */
  | { type: 'stageForm'; formId: number }
  /** The tags as typed: spaces or commas between them. */
  | { type: 'stageTags'; text: string }
  | { type: 'addCc'; email: string }
  | { type: 'removeCc'; userId?: number; email?: string }
  /** "Add Follower…": the extension asks which agent. */
  | { type: 'addFollower' }
  | { type: 'removeFollower'; userId: number }
  /** Load the account's ticket fields and forms again. */
  | { type: 'refreshFields' }
  /** The composer shows Write or Preview. */
  | { type: 'composerView'; view: 'write' | 'preview' }
  /** Discard every staged field (the text stays). */
  | { type: 'discard' }
  | { type: 'assignToMe' }
  | { type: 'assign' }
  | { type: 'openLink'; href: string }
  /** The composer's Preview tab: the reply's text to render as Zendesk will (preview.ts). */
  | { type: 'preview'; body: string }
  | { type: 'reload' }
  /** "Show earlier comments": the page before the oldest shown. */
  | { type: 'earlierComments' }
  | { type: 'cancel' }
  /** "Attach Files…": the extension opens the file dialog. */
  | { type: 'attachFiles' }
  /** A file dropped from the OS, read by the page. Its upload token never comes from the page: the extension keeps
   * the tokens it got from Zendesk, so a page cannot make a reply carry someone else's upload. */
  | { type: 'attachBytes'; name: string; size: number; bytes: Uint8Array; contentType?: string }
  /** A dropped file the page did not read because it is over Zendesk's limit: shown as refused. */
  | { type: 'fileTooLarge'; name: string; size: number }
  /** Files dragged from VS Code's Explorer (their URIs): read by the extension, only inside the workspace. */
  | { type: 'attachUris'; uris: string[] }
  | { type: 'removeAttachment'; id: string }
  | { type: 'retryAttachment'; id: string };

/** A status key: a category, or a custom status id. */
const isStatusKey = (v: unknown): v is string =>
  typeof v === 'string' && (STATUS_CATEGORIES.includes(v as StatusCategory) || /^[1-9]\d{0,19}$/.test(v));

export function parsePageMessage(m: unknown): PageMessage | undefined {
  if (typeof m !== 'object' || m === null) return undefined;
  const x = m as Record<string, unknown>;
  const mode = x.mode === 'public' || x.mode === 'internal' ? x.mode : undefined;
  switch (x.type) {
    case 'draft':
      return typeof x.body === 'string' ? { type: 'draft', body: x.body, mode } : undefined;
    case 'mode':
      return mode ? { type: 'mode', mode } : undefined;
    case 'submit':
      return typeof x.body === 'string' && mode ? { type: 'submit', body: x.body, mode } : undefined;
    case 'stage':
      if (x.field === 'status' && isStatusKey(x.value)) return { type: 'stage', field: 'status', value: x.value };
      if (x.field === 'priority' && (x.value === '' || isPriority(x.value))) {
        return { type: 'stage', field: 'priority', value: x.value };
      }
      return undefined;
    case 'unstage':
      return x.field === 'status' ||
        x.field === 'priority' ||
        x.field === 'assignee_id' ||
        (typeof x.field === 'string' && isFormKey(x.field))
        ? { type: 'unstage', field: x.field }
        : undefined;
    case 'stageField': {
      const value = asFieldValue(x.value);
      return isId(x.id) && value !== undefined ? { type: 'stageField', id: x.id, value } : undefined;
    }
    case 'stageForm':
      return isId(x.formId) ? { type: 'stageForm', formId: x.formId } : undefined;
    case 'stageTags':
      return typeof x.text === 'string' && x.text.length <= 10_000 ? { type: 'stageTags', text: x.text } : undefined;
    case 'addCc':
      return typeof x.email === 'string' && x.email.trim() && x.email.length <= 320
        ? { type: 'addCc', email: x.email }
        : undefined;
    case 'removeCc':
      if (isId(x.userId)) return { type: 'removeCc', userId: x.userId };
      return typeof x.email === 'string' && x.email.length <= 320 ? { type: 'removeCc', email: x.email } : undefined;
    case 'removeFollower':
      return isId(x.userId) ? { type: 'removeFollower', userId: x.userId } : undefined;
    case 'composerView':
      return x.view === 'write' || x.view === 'preview' ? { type: 'composerView', view: x.view } : undefined;
    case 'openLink':
      return typeof x.href === 'string' ? { type: 'openLink', href: x.href } : undefined;
    case 'preview':
      return typeof x.body === 'string' ? { type: 'preview', body: x.body } : undefined;
    case 'ready':
    case 'discard':
    case 'assignToMe':
    case 'assign':
    case 'reload':
    case 'earlierComments':
    case 'cancel':
    case 'attachFiles':
    case 'addFollower':
    case 'refreshFields':
      return { type: x.type };
    case 'attachBytes': {
      const bytes = asBytes(x.bytes);
      if (!isFileName(x.name) || !bytes || x.size !== bytes.byteLength || bytes.byteLength > MAX_UPLOAD_BYTES) {
        return undefined;
      }
      const contentType =
        typeof x.contentType === 'string' && /^[\w.+-]{1,64}\/[\w.+-]{1,128}$/.test(x.contentType)
          ? x.contentType
          : undefined;
      return {
        type: 'attachBytes',
        name: x.name,
        size: bytes.byteLength,
        bytes,
        ...(contentType ? { contentType } : {}),
      };
    }
    case 'fileTooLarge':
      return isFileName(x.name) && Number.isSafeInteger(x.size) && (x.size as number) > MAX_UPLOAD_BYTES
        ? { type: 'fileTooLarge', name: x.name, size: x.size as number }
        : undefined;
    case 'attachUris':
      return Array.isArray(x.uris) &&
        x.uris.length > 0 &&
        x.uris.length <= 100 &&
        x.uris.every((u) => typeof u === 'string' && u.length <= 4096)
        ? { type: 'attachUris', uris: x.uris as string[] }
        : undefined;
    case 'removeAttachment':
    case 'retryAttachment':
      return typeof x.id === 'string' && /^[A-Za-z0-9_-]{1,100}$/.test(x.id) ? { type: x.type, id: x.id } : undefined;
    default:
      return undefined;
  }
}

/** A name a file can have on any system: no path, no control characters, at most 255 characters. */
function isFileName(name: unknown): name is string {
  return (
    typeof name === 'string' &&
    name.trim() !== '' &&
    name.length <= 255 &&
    !/[\u0000-\u001f\u007f/\\]/.test(name) &&
    name !== '.' &&
    name !== '..'
  );
}

/** The page posts a Uint8Array; VS Code hands typed arrays and ArrayBuffers over as such. Anything else (an array of
 * numbers, a string) is not a file's bytes. */
function asBytes(v: unknown): Uint8Array | undefined {
  if (v instanceof Uint8Array) return v;
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  return undefined;
}

/** A Zendesk id as the page sends it back. */
export function isId(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
}

/** A field's value as a control holds it: text, a checkbox, a drop-down's tag, a multi-select's tags, or none. */
export function asFieldValue(v: unknown): FieldValue | undefined {
  if (v === null || typeof v === 'boolean') return v;
  if (typeof v === 'string') return v.length <= 65_536 ? v : undefined;
  if (Array.isArray(v) && v.length <= 1000 && v.every((x) => typeof x === 'string' && x.length <= 1000)) {
    return v as string[];
  }
  return undefined;
}
