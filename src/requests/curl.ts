// "Copy as cURL": the request as a shell command that reads the token from $ZENDESK_TOKEN, so the text can be
// pasted into a terminal, a ticket or a chat without carrying a secret. No `vscode` import.

export interface CurlInput {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** Text, or a body file's bytes (then `bodyFile` names the file as written, relative to the request file). */
  body?: string | Uint8Array;
  bodyFile?: string;
}

// l10n: not user-facing (a shell command: header lines sent to Zendesk)
export function toCurl(r: CurlInput): string {
  const parts = ['curl', ...(r.method === 'GET' ? [] : ['-X', r.method]), quote(r.url)];
  // Whatever the caller passes, an Authorization header never comes from it: the variable stands in for the token.
  parts.push('-H', '"Authorization: Bearer $ZENDESK_TOKEN"');
  const headers = Object.entries(r.headers).filter(([n]) => n.toLowerCase() !== 'authorization');
  if (!headers.some(([n]) => n.toLowerCase() === 'accept')) parts.push('-H', quote('Accept: application/json'));
  for (const [name, value] of headers) parts.push('-H', quote(`${name}: ${value}`));
  if (r.body !== undefined && r.body.length > 0) {
    if (!headers.some(([n]) => n.toLowerCase() === 'content-type')) {
      parts.push('-H', quote('Content-Type: application/json'));
    }
    // A file's bytes go as curl reads a file: `@path`, relative to where the command runs (as the request file's
    // `< ./path` is relative to it).
    if (typeof r.body === 'string') parts.push('--data-raw', quote(r.body));
    else parts.push('--data-binary', quote(`@${r.bodyFile ?? ''}`));
  }
  return parts.join(' ');
}

/** POSIX single quotes: nothing inside is expanded. (shell-quote, which reads pasted commands in curlImport.ts,
 * escapes `?`, `[` and `:` one by one with backslashes: correct, but a URL no longer reads as one.) */
function quote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
