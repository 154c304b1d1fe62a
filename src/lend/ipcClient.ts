// The helper's side of the lending channel (protocol.ts): one POST over the socket or pipe named in the terminal's
// environment, the answer capped and checked. Plain Node: it runs in the `zendesk-token` helper.
import * as http from 'node:http';
import {
  LEND_ENV,
  LendError,
  MAX_RESPONSE_BYTES,
  SECRET_HEADER,
  type ConfirmAnswer,
  type LendErrorCode,
  type TokenAnswer,
} from './protocol';
import * as l10n from '@vscode/l10n';

export interface LendChannel {
  handle: string;
  secret: string;
}

/** The channel this process's environment names, or a LendError saying where the helper works. */
export function channelFromEnv(env: NodeJS.ProcessEnv): LendChannel {
  const handle = env[LEND_ENV.handle];
  const secret = env[LEND_ENV.secret];
  if (!handle || !secret) {
    throw new LendError(
      'unauthorized',
      l10n.t(
        "No Zendesk channel here: run this in a terminal that VS Code opened after the Zendesk extension started (open a new terminal if this one is older), or use 'Zendesk: Sign In' first.",
      ),
    );
  }
  return { handle, secret };
}

/** How long the helper waits for an answer: the user may be reading the question, or signing in in the browser. */
const ANSWER_TIMEOUT_MS = 5 * 60_000;

export function requestToken(
  c: LendChannel,
  r: { account?: string; scopes: string[] },
  o: { timeoutMs?: number } = {},
): Promise<TokenAnswer> {
  return post<TokenAnswer>(c, '/token', { ...r, pid: process.pid }, o.timeoutMs);
}

export function requestConfirm(
  c: LendChannel,
  r: { title: string; detail: string },
  o: { timeoutMs?: number } = {},
): Promise<ConfirmAnswer> {
  return post<ConfirmAnswer>(c, '/confirm', { ...r, pid: process.pid }, o.timeoutMs);
}

function post<T>(c: LendChannel, path: string, body: unknown, timeoutMs = ANSWER_TIMEOUT_MS): Promise<T> {
  const text = JSON.stringify(body);
  return new Promise<T>((resolve, reject) => {
    const req = http.request(
      {
        socketPath: c.handle,
        path,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(text),
          [SECRET_HEADER]: c.secret,
        },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (d: Buffer) => {
          size += d.length;
          if (size > MAX_RESPONSE_BYTES) {
            req.destroy(new LendError('failed', l10n.t('The answer from VS Code is too large.')));
            return;
          }
          chunks.push(d);
        });
        res.on('end', () => {
          let value: unknown;
          try {
            value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            reject(new LendError('failed', l10n.t('VS Code answered something that is not JSON.')));
            return;
          }
          if (res.statusCode === 200) {
            resolve(value as T);
            return;
          }
          const err = (value as { error?: { code?: unknown; message?: unknown } } | null)?.error;
          reject(
            new LendError(
              (typeof err?.code === 'string' ? err.code : 'failed') as LendErrorCode,
              typeof err?.message === 'string' ? err.message : l10n.t('VS Code answered {0}.', res.statusCode ?? 0),
            ),
          );
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new LendError('failed', l10n.t('VS Code did not answer in time.'))));
    req.on('error', (e: NodeJS.ErrnoException) =>
      reject(
        e instanceof LendError
          ? e
          : new LendError(
              'failed',
              l10n.t(
                'Cannot reach VS Code ({0}): the window that opened this terminal was closed or reloaded; open a new terminal.',
                e.code ?? e.message,
              ),
            ),
      ),
    );
    req.end(text);
  });
}
