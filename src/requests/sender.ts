// Sends prepared requests: the workspace-trust and confirmation rules first, then the account's client through
// AccountAccess.withClient with `read` for GET and `write` for the rest (it asks for a missing scope). Used by
// request files, "Send API Request…" and the history alike. No `vscode` import: the UI answers through SendGuard.
import type { AccountAccess } from '../auth/access';
import { actionForRequest, TICKET_ACTIONS } from '../tickets/actions';
import type { Logger } from '../zendesk/types';
import { CancelledError } from '../zendesk/errors';
import type { Exchange } from '../zendesk/http';
import { sendAllPages, type AllPagesResult, type PagingProgress } from './paging';
import { RequestProblem, type PreparedRequest } from './prepare';
import * as l10n from '@vscode/l10n';

/** What the UI decides for the sender. */
export interface SendGuard {
  /** vscode.workspace.isTrusted */
  trusted(): boolean;
  /** Setting zendesk.requests.confirmWrites */
  confirmWrites(): boolean;
  /** A modal question; true to send. */
  confirm(question: string, detail: string): Promise<boolean>;
}

/** The user said no to a write: a cancellation, so quiet. */
export class SendDeclinedError extends CancelledError {
  override readonly name = 'SendDeclinedError';
  constructor() {
    super(l10n.t('Not sent.'));
  }
}

export function isWrite(method: string): boolean {
  return method !== 'GET';
}

/** The scope a method needs: Zendesk's `read` covers GET, `write` the rest
 * (https://developer.zendesk.com/api-reference/ticketing/oauth/oauth_tokens/#scopes). */
export function scopeFor(method: string): string {
  return isWrite(method) ? 'write' : 'read';
}

/** Characters of the body the write confirmation shows. */
export const BODY_PREVIEW_LENGTH = 300;

export function confirmationText(p: Pick<PreparedRequest, 'method' | 'url' | 'account' | 'body' | 'bodyFile'>): {
  question: string;
  detail: string;
} {
  const u = new URL(p.url);
  const what = l10n.t(
    'This {0} changes data in the Zendesk account {1} ({2}), as {3}. Turn off "zendesk.requests.confirmWrites" to stop asking.',
    p.method,
    p.account.subdomain,
    p.account.baseUrl,
    p.account.user.name,
  );
  // The body is what changes the data (variables filled in): the user confirms it, not only the method and path.
  const body =
    p.body instanceof Uint8Array
      ? l10n.t('Body: the {0} bytes of {1}', p.body.length, p.bodyFile ?? '')
      : p.body !== undefined && p.body.trim() !== ''
        ? l10n.t('Body: {0}', bodyPreview(p.body))
        : l10n.t('No body.');
  return {
    question: l10n.t('Send {0} {1}{2} to {3}?', p.method, u.pathname, u.search, p.account.label),
    detail: `${body}\n\n${what}`,
  };
}

/** The body on one line (JSON without its indentation), cut at BODY_PREVIEW_LENGTH characters. */
function bodyPreview(body: string): string {
  let text: string;
  try {
    text = JSON.stringify(JSON.parse(body));
  } catch {
    text = body.replace(/\s+/g, ' ').trim();
  }
  const chars = [...text];
  return chars.length > BODY_PREVIEW_LENGTH
    ? l10n.t('{0}… ({1} characters in all)', chars.slice(0, BODY_PREVIEW_LENGTH).join(''), chars.length)
    : text;
}

export class RequestSender {
  constructor(
    private readonly access: AccountAccess,
    private readonly guard: SendGuard,
    private readonly log: Logger,
  ) {}

  /** Trust and confirmation; throws RequestProblem or SendDeclinedError when it must not be sent. `confirm`
   * replaces the guard's question for one call (the tests' answer). */
  async check(p: PreparedRequest, confirm: SendGuard['confirm'] = (q, d) => this.guard.confirm(q, d)): Promise<void> {
    if (!isWrite(p.method)) return;
    if (!this.guard.trusted()) {
      throw new RequestProblem(
        l10n.t(
          'This workspace is not trusted, so request files send only GET requests here. Trust the workspace to send {0}.',
          p.method,
        ),
      );
    }
    if (this.guard.confirmWrites()) {
      const { question, detail } = confirmationText(p);
      if (!(await confirm(question, detail))) throw new SendDeclinedError();
    }
  }

  async send(p: PreparedRequest, o: { signal?: AbortSignal; confirm?: SendGuard['confirm'] } = {}): Promise<Exchange> {
    const signal = o.signal;
    await this.check(p, o.confirm);
    const res = await this.access.withClient(p.account.accountId, this.need(p), (client) =>
      client.exchange(p.method, p.target, { headers: p.headers, body: p.body, signal }),
    );
    this.log.info(`${p.method} ${new URL(res.url).pathname} → ${res.status} (${res.ms} ms) as ${p.account.accountId}`);
    return res;
  }

  async sendAllPages(
    p: PreparedRequest,
    o: { maxPages: number; signal?: AbortSignal; onProgress?: (pr: PagingProgress) => void },
  ): Promise<AllPagesResult> {
    if (p.method !== 'GET') throw new RequestProblem(l10n.t('Send All Pages works on GET requests only.'));
    const r = await this.access.withClient(p.account.accountId, this.need(p), (client) =>
      sendAllPages(
        (target, x) => client.exchange('GET', target, { headers: p.headers, signal: x.signal, onRetry: x.onRetry }),
        p.target,
        o,
      ),
    );
    this.log.info(
      `GET ${new URL(p.url).pathname} all pages → ${r.pages} pages, ${r.stop} (${r.ms} ms) as ${p.account.accountId}`,
    );
    return r;
  }

  /** A ticket action's scopes from tickets/actions.ts (the same the tree, the tab and the chat ask); any other
   * request, the method's. */
  private need(p: PreparedRequest): { scopes: string[]; purpose: string } {
    const action = actionForRequest(p.method, p.url);
    return {
      scopes: action ? [...TICKET_ACTIONS[action].scopes] : [scopeFor(p.method)],
      purpose: l10n.t('Sending {0} {1}', p.method, new URL(p.url).pathname),
    };
  }
}
