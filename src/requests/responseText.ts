// The text of a response tab: a few `//` lines (status, time, size, rate limit, then the headers in a foldable
// region) above the formatted JSON body, so the tab reads as JSON with comments. The request's own headers are
// never shown: that is where the token travels. No `vscode` import.
import type { Exchange } from '../zendesk/http';
import type { AllPagesResult } from './paging';
import * as l10n from '@vscode/l10n';

// l10n: not user-facing (HTTP reason phrases, part of the protocol)
const STATUS_TEXT: Readonly<Record<number, string>> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export interface ResponseHeading {
  method: string;
  url: string;
  accountLabel: string;
}

/** `GET /api/v2/tickets.json · 200 · 123 ms` */
export function responseTitle(method: string, url: string, status: number | string, ms: number): string {
  return `${method} ${pathOnly(url)} · ${status} · ${ms} ms`;
}

export function formatResponse(h: ResponseHeading, res: Exchange): string {
  const lines = [
    `// ${h.method} ${pathAndQuery(h.url)} · ${res.status} ${STATUS_TEXT[res.status] ?? ''}`.trimEnd() +
      ` · ${res.ms} ms · ${formatSize(res.size)}`,
    l10n.t('// Account: {0} · {1}', h.accountLabel, originOf(h.url)),
    ...rateLimitLines(res.headers),
    ...headerRegion(res.headers),
  ];
  return `${lines.join('\n')}\n${formatBody(res.body)}\n`;
}

export function formatAllPages(h: ResponseHeading, r: AllPagesResult): string {
  const count =
    Object.entries(r.gathered)
      .map(([k, v]) => `${v.length} ${k}`)
      .join(', ') || l10n.t('no items');
  const lines = [
    r.pages === 1
      ? l10n.t(
          '// {0} {1} · all pages · 1 page · {2} · {3} ms · {4}',
          h.method,
          pathAndQuery(h.url),
          count,
          r.ms,
          formatSize(r.size),
        )
      : l10n.t(
          '// {0} {1} · all pages · {2} pages · {3} · {4} ms · {5}',
          h.method,
          pathAndQuery(h.url),
          r.pages,
          count,
          r.ms,
          formatSize(r.size),
        ),
    `// ${r.reason}`,
    l10n.t('// Account: {0} · {1}', h.accountLabel, originOf(h.url)),
    ...(r.last
      ? [
          ...rateLimitLines(r.last.headers),
          ...headerRegion(r.last.headers, l10n.t('Headers of the last page ({0})', r.last.status)),
        ]
      : []),
  ];
  const failedBody = r.stop === 'failed' || r.stop === 'rate-limited' ? r.last?.body : undefined;
  const body = r.pages === 0 && failedBody !== undefined ? formatBody(failedBody) : JSON.stringify(r.gathered, null, 2);
  return `${lines.join('\n')}\n${body}\n`;
}

/** Zendesk's rate-limit headers, called out in one line each
 * (https://developer.zendesk.com/api-reference/introduction/rate-limits/). */
export function rateLimitLines(headers: Record<string, string>): string[] {
  const out: string[] = [];
  const limit = headers['x-rate-limit'] ?? headers['ratelimit-limit'];
  const remaining = headers['x-rate-limit-remaining'] ?? headers['ratelimit-remaining'];
  if (limit !== undefined || remaining !== undefined) {
    const reset = headers['ratelimit-reset'];
    out.push(
      l10n.t(
        '// Rate limit: {0} of {1} requests left this minute{2}',
        remaining ?? '?',
        limit ?? '?',
        reset !== undefined ? l10n.t('; resets in {0} s', reset) : '',
      ),
    );
  }
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith('zendesk-ratelimit-')) {
      out.push(l10n.t('// Rate limit ({0}): {1}', name.slice('zendesk-ratelimit-'.length), value));
    }
  }
  if (headers['retry-after'] !== undefined) out.push(l10n.t('// Retry-After: {0} s', headers['retry-after']));
  return out;
}

function headerRegion(headers: Record<string, string>, title = l10n.t('Response headers')): string[] {
  const names = Object.keys(headers).sort();
  return [`// #region ${title} (${names.length})`, ...names.map((n) => `// ${n}: ${headers[n]}`), '// #endregion'];
}

/** Pretty JSON; anything else as it came. */
export function formatBody(text: string): string {
  if (text.trim() === '') return l10n.t('// (empty body)');
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function pathOnly(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url.split('?')[0];
  }
}

function pathAndQuery(url: string): string {
  try {
    const u = new URL(url);
    return `${u.pathname}${u.search}`;
  } catch {
    return url;
  }
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}
