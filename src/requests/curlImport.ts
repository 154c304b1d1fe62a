// "Import cURL": a `curl` command pasted from Zendesk's docs (`-u email/token:…`, `-H`, `-d`, `-X`, `-G`, `--json`,
// `--data-binary @file`, `\` line continuations) becomes a `.zendesk` request. The credential (`-u`, an
// Authorization header, `?api_token=`) is dropped with a note: the signed-in session supplies the token. The words
// are split by shell-quote, as a POSIX shell would. No `vscode` import.
import { parse } from 'shell-quote';
import { allowedHeadersText, headerRefusal } from '../zendesk/requestHeaders';
import { METHODS, type Method } from './parser';
import * as l10n from '@vscode/l10n';

export interface ImportedCurl {
  /** The request as `.zendesk` text, notes as comments above it. */
  text: string;
  /** What was dropped or changed, for the message shown after the import (also in the text as comments). */
  notes: string[];
}

export class CurlImportError extends Error {
  override readonly name = 'CurlImportError';
}

/** Options that take a value; anything else starting with `-` is a flag (`-v`, `-s`, `-L`, `--compressed`). */
const WITH_VALUE = new Set([
  '-X',
  '--request',
  '-H',
  '--header',
  '-u',
  '--user',
  '-d',
  '--data',
  '--data-raw',
  '--data-binary',
  '--data-ascii',
  '--data-urlencode',
  '--json',
  '--url',
  '-o',
  '--output',
  '-A',
  '--user-agent',
  '-e',
  '--referer',
  '-b',
  '--cookie',
  '-c',
  '--cookie-jar',
  '-m',
  '--max-time',
  '--connect-timeout',
  '--retry',
  '-w',
  '--write-out',
  '-x',
  '--proxy',
  '-F',
  '--form',
  '-T',
  '--upload-file',
  '--oauth2-bearer',
  '-K',
  '--config',
  '-r',
  '--range',
]);
const SHORT_WITH_VALUE = new Set([...WITH_VALUE].filter((o) => /^-[A-Za-z]$/.test(o)).map((o) => o[1]));

/** Zendesk's docs write the account as `{subdomain}` (or `your_subdomain`): the session's account stands for it. */
const PLACEHOLDER_HOST = /^https?:\/\/(\{[^}]*\}|your_?subdomain|subdomain|example)\.zendesk\.com(?=\/|$)/i;
// Not `token`: the uploads endpoint's `token` gathers several files under one upload.
const CREDENTIAL_PARAMS = new Set(['api_token', 'access_token']);

export function importCurl(command: string): ImportedCurl {
  // A backslash at the end of a line continues the command (as in a shell); `$VAR` stays as written.
  const joined = command.replace(/\\\r?\n/g, ' ').trim();
  const words: string[] = [];
  for (const w of parse(joined, (name) => `$${name}`)) {
    if (typeof w === 'string') words.push(w);
    else if ('op' in w && w.op === 'glob') words.push(w.pattern);
    else if ('comment' in w) break;
    else break; // `|`, `;`, `&&`, `>`: the rest is another command
  }
  const start = words.findIndex((w) => w === 'curl' || w.endsWith('/curl'));
  if (start < 0) throw new CurlImportError(l10n.t('This is not a curl command: paste one that starts with "curl".'));

  const notes: string[] = [];
  let method: string | undefined;
  let url: string | undefined;
  let get = false;
  let json = false;
  const data: string[] = [];
  let dataFile: string | undefined;
  const headers: [string, string][] = [];
  const take = (option: string, value: string | undefined): void => {
    if (value === undefined) throw new CurlImportError(l10n.t('{0} needs a value after it.', option));
    switch (option) {
      case '-X':
      case '--request':
        method = value.toUpperCase();
        return;
      case '--url':
        url = value;
        return;
      case '-H':
      case '--header': {
        const colon = value.indexOf(':');
        if (colon <= 0) return;
        const name = value.slice(0, colon).trim();
        const v = value.slice(colon + 1).trim();
        if (name.toLowerCase() === 'authorization') {
          notes.push(l10n.t('The Authorization header was dropped: your signed-in session supplies the token.'));
        } else if (headerRefusal(name, v)) {
          notes.push(l10n.t('The {0} header was dropped: only {1} are sent.', name, allowedHeadersText()));
        } else headers.push([name, v]);
        return;
      }
      case '-u':
      case '--user':
      case '--oauth2-bearer':
        notes.push(l10n.t('The credential ({0}) was dropped: your signed-in session supplies the token.', option));
        return;
      case '--json':
        json = true;
        data.push(value);
        return;
      case '-d':
      case '--data':
      case '--data-raw':
      case '--data-binary':
      case '--data-ascii':
      case '--data-urlencode':
        // `@file` reads the body from a file (not for --data-raw): the request reads it too, relative to itself.
        if (option !== '--data-raw' && value.startsWith('@') && value.length > 1) dataFile = value.slice(1);
        else data.push(option === '--data-urlencode' ? urlencodeData(value) : value);
        return;
      case '-F':
      case '--form':
        throw new CurlImportError(
          l10n.t(
            "Multipart bodies (-F) are not supported; Zendesk's uploads take the raw file: use --data-binary @file.",
          ),
        );
      default:
        notes.push(l10n.t('{0} was left out: it has no place in a request file.', option));
    }
  };

  for (let i = start + 1; i < words.length; i++) {
    const w = words[i];
    if (w.startsWith('--')) {
      const eq = w.indexOf('=');
      const [option, inline] = eq > 0 ? [w.slice(0, eq), w.slice(eq + 1)] : [w, undefined];
      if (WITH_VALUE.has(option)) take(option, inline ?? words[++i]);
      else if (option === '--get') get = true;
      continue;
    }
    if (w.startsWith('-') && w.length > 1) {
      // Short options may be bundled (`-sSL`) and carry their value attached (`-XPOST`, `-H'Accept: …'`).
      for (let k = 1; k < w.length; k++) {
        const c = w[k];
        if (SHORT_WITH_VALUE.has(c)) {
          take(`-${c}`, k + 1 < w.length ? w.slice(k + 1) : words[++i]);
          break;
        }
        if (c === 'G') get = true;
      }
      continue;
    }
    url ??= w;
  }
  if (!url) throw new CurlImportError(l10n.t('The curl command has no address: paste one with its https:// URL.'));

  const target = requestTarget(url, notes);
  let finalTarget = target;
  let body: string | undefined;
  if (get && data.length) {
    finalTarget += (target.includes('?') ? '&' : '?') + data.join('&');
  } else if (data.length) body = data.join(json ? '' : '&');
  const m = (method ?? (get ? 'GET' : body !== undefined || dataFile ? 'POST' : 'GET')) as Method;
  if (!(METHODS as readonly string[]).includes(m)) {
    throw new CurlImportError(
      l10n.t('{0} is not a method a request file sends: use GET, POST, PUT, PATCH or DELETE.', m),
    );
  }
  if (json) {
    if (!headers.some(([n]) => n.toLowerCase() === 'content-type')) headers.push(['Content-Type', 'application/json']);
    if (!headers.some(([n]) => n.toLowerCase() === 'accept')) headers.push(['Accept', 'application/json']);
  }

  const prompts = placeholders(finalTarget);
  for (const p of prompts) finalTarget = finalTarget.split(`{${p}}`).join(`{{${p}}}`);
  const lines = [
    ...notes.map((n) => `# ${n}`),
    ...prompts.map((p) => `# @prompt ${p}`),
    `${m} ${finalTarget}`,
    ...headers.map(([n, v]) => `${n}: ${v}`),
  ];
  if (m !== 'GET') {
    if (dataFile !== undefined) lines.push('', `< ${/^[./]/.test(dataFile) ? dataFile : `./${dataFile}`}`);
    else if (body !== undefined) lines.push('', pretty(body));
  }
  return { text: lines.join('\n'), notes };
}

/** The path of a `{subdomain}` URL (the session's account), the full URL of a real account's host; credentials in
 * the query are dropped. */
function requestTarget(url: string, notes: string[]): string {
  const placeholder = PLACEHOLDER_HOST.exec(url);
  let target = placeholder ? url.slice(placeholder[0].length) || '/' : url;
  const q = target.indexOf('?');
  if (q >= 0) {
    const kept = target
      .slice(q + 1)
      .split('&')
      .filter((pair) => {
        const name = decodeURIComponent(pair.split('=')[0] ?? '').toLowerCase();
        if (!CREDENTIAL_PARAMS.has(name)) return true;
        notes.push(l10n.t('The {0} parameter was dropped: your signed-in session supplies the token.', name));
        return false;
      });
    target = target.slice(0, q) + (kept.length ? `?${kept.join('&')}` : '');
  }
  return target;
}

/** `{ticket_id}` in a docs URL: asked for when sending (`# @prompt ticket_id`). */
function placeholders(target: string): string[] {
  const names = [...target.matchAll(/(?<!\{)\{([A-Za-z_][A-Za-z0-9_-]*)\}(?!\})/g)].map((m) => m[1]);
  return [...new Set(names)];
}

function urlencodeData(value: string): string {
  const eq = value.indexOf('=');
  return eq < 0 ? encodeURIComponent(value) : `${value.slice(0, eq)}=${encodeURIComponent(value.slice(eq + 1))}`;
}

/** JSON indented as a person writes it; anything else (a form body) as it came. */
function pretty(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}
