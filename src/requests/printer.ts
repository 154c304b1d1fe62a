// Writes a request as `.zendesk` text: the inverse of the parser for one request, used to prefill a document
// ("Send API Request…", re-running from the history) and by the parser's round-trip tests. No `vscode` import.
import type { Method } from './parser';

export interface RequestSpec {
  name?: string;
  account?: string;
  method: Method;
  target: string;
  headers?: readonly (readonly [string, string])[];
  /** JSON text, written as is. */
  body?: string;
  /** Comment lines written above, without their `#`. */
  comments?: readonly string[];
}

export function printRequest(r: RequestSpec): string {
  const lines: string[] = [];
  for (const c of r.comments ?? []) lines.push(`# ${c}`);
  if (r.name !== undefined) lines.push(`# @name ${r.name}`);
  if (r.account !== undefined) lines.push(`# @account ${r.account}`);
  lines.push(`${r.method} ${r.target}`);
  for (const [name, value] of r.headers ?? []) lines.push(`${name}: ${value}`);
  if (r.body !== undefined) lines.push('', r.body);
  return lines.join('\n');
}

export function printFile(variables: readonly (readonly [string, string])[], requests: readonly RequestSpec[]): string {
  const head = variables.map(([n, v]) => `@${n} = ${v}`);
  const blocks = requests.map(printRequest);
  return [...(head.length ? [head.join('\n'), ''] : []), blocks.join('\n\n###\n\n')].join('\n') + '\n';
}
