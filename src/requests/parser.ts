// Reads a `.zendesk` request file: requests separated by `###`, each with `# @name` / `# @account` comments, a
// request line, headers, a blank line and a JSON body; file variables (`@ticket = 35`) anywhere outside a body.
// Every mistake becomes a diagnostic on the exact line and columns, worded to say what to do. No `vscode` import.
import { headerRefusal } from '../zendesk/requestHeaders';
import { FILL_LIMITS, filledLengths, findReferences, type Reference } from './variables';
import * as l10n from '@vscode/l10n';

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type Method = (typeof METHODS)[number];

/** Zero-based, end exclusive; one line. */
export interface Span {
  line: number;
  start: number;
  end: number;
}

export interface ParseDiagnostic extends Span {
  severity: 'error' | 'warning';
  message: string;
}

export interface FileVariable {
  name: string;
  value: string;
  span: Span;
  valueSpan: Span;
}

export interface HeaderLine {
  name: string;
  value: string;
  span: Span;
  valueStart: number;
}

export interface ParsedRequest {
  /** Position in the file, 0-based. */
  index: number;
  /** The lines of the block, `###` excluded. */
  firstLine: number;
  lastLine: number;
  name?: string;
  nameSpan?: Span;
  account?: string;
  method?: Method;
  /** The request line's target as written (path or URL, variables unresolved). */
  target?: string;
  targetSpan?: Span;
  /** The request line, where the CodeLens goes. */
  requestLine?: number;
  headers: HeaderLine[];
  /** The body as written, trailing blank lines dropped; undefined when there is none. */
  body?: string;
  bodyFirstLine?: number;
  /** `< ./file` (sent as it is) or `<@ ./file` (variables filled in): the body read from a file when sent. */
  bodyFile?: BodyFile;
  /** `# @prompt name [description]`: values asked for when the request is sent. */
  prompts: PromptLine[];
  /** `# @ref name` (httpYac): requests whose responses this one needs, sent first when not yet sent. */
  refs: { name: string; span: Span }[];
  /** `{{...}}` in the target, headers and body. */
  references: Reference[];
  /** Errors and warnings inside this block. */
  diagnostics: ParseDiagnostic[];
}

export interface BodyFile {
  /** As written, relative to the request file. */
  path: string;
  /** `<@`: the file's text with its `{{...}}` filled in. */
  substitute: boolean;
  span: Span;
}

export interface PromptLine {
  name: string;
  description?: string;
  span: Span;
}

export interface ParsedFile {
  requests: ParsedRequest[];
  variables: FileVariable[];
  /** Everything, file-level and per request. */
  diagnostics: ParseDiagnostic[];
}

/** Names the file cannot define: they are given by the session. */
export const RESERVED_NAMES: ReadonlySet<string> = new Set(['subdomain', 'me']);

const SEPARATOR = /^###/;
const VARIABLE_LINE = /^@([^\s=]*)\s*=\s*(.*?)\s*$/;
const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const COMMENT = /^\s*(#|\/\/)/;
const META = /^\s*(?:#|\/\/)\s*@(\w+)\b\s*(.*?)\s*$/;

export function parseRequestFile(text: string): ParsedFile {
  const lines = text.split(/\r?\n/);
  const requests: ParsedRequest[] = [];
  const variables: FileVariable[] = [];
  const fileDiagnostics: ParseDiagnostic[] = [];

  let start = 0;
  for (let i = 0; i <= lines.length; i++) {
    if (i === lines.length || SEPARATOR.test(lines[i])) {
      const block = parseBlock(lines, start, i - 1, requests.length, variables);
      if (block) requests.push(block);
      start = i + 1;
    }
  }
  checkVariables(variables, fileDiagnostics);
  checkNames(requests);
  checkReferences(requests, variables);
  return { requests, variables, diagnostics: [...fileDiagnostics, ...requests.flatMap((r) => r.diagnostics)] };
}

function parseBlock(
  lines: string[],
  first: number,
  last: number,
  index: number,
  variables: FileVariable[],
): ParsedRequest | undefined {
  const r: ParsedRequest = {
    index,
    firstLine: first,
    lastLine: last,
    headers: [],
    references: [],
    diagnostics: [],
    prompts: [],
    refs: [],
  };
  const error = (span: Span, message: string): void => {
    r.diagnostics.push({ ...span, severity: 'error', message });
  };
  const warn = (span: Span, message: string): void => {
    r.diagnostics.push({ ...span, severity: 'warning', message });
  };
  let i = first;

  // Before the request line: blank lines, comments, `# @name`, `# @account`, file variables.
  for (; i <= last; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    const meta = META.exec(line);
    if (meta) {
      readMeta(r, meta, i, line, error, warn);
      continue;
    }
    if (COMMENT.test(line)) continue;
    if (line.startsWith('@')) {
      readVariable(line, i, variables, error);
      continue;
    }
    break;
  }
  if (i > last) {
    // Only comments and variables: not a request. A named or account-bound block without a request is a mistake.
    if (r.name !== undefined || r.account !== undefined) {
      error(
        { line: first, start: 0, end: lines[first]?.length ?? 0 },
        l10n.t(
          'This block has no request line. Add one, such as "GET /api/v2/tickets.json", or remove the @name/@account comment.',
        ),
      );
      return r;
    }
    return undefined;
  }

  readRequestLine(r, lines[i], i, error);
  i++;

  // Headers until the first blank line.
  for (; i <= last; i++) {
    const line = lines[i];
    if (line.trim() === '') break;
    if (COMMENT.test(line)) continue;
    readHeader(r, line, i, error);
  }

  // Body: the rest, without trailing blank lines.
  let bodyLast = last;
  while (bodyLast > i && lines[bodyLast].trim() === '') bodyLast--;
  const bodyFirst = i + 1;
  if (bodyFirst <= bodyLast && lines.slice(bodyFirst, bodyLast + 1).some((l) => l.trim() !== '')) {
    let firstText = bodyFirst;
    while (lines[firstText].trim() === '') firstText++;
    if (lines[firstText].startsWith('<')) readBodyFile(r, lines.slice(firstText, bodyLast + 1), firstText, error);
    else {
      r.body = lines.slice(firstText, bodyLast + 1).join('\n');
      r.bodyFirstLine = firstText;
      readBody(r, lines, firstText, bodyLast, error);
    }
  }
  return r;
}

function readMeta(
  r: ParsedRequest,
  m: RegExpExecArray,
  line: number,
  text: string,
  error: (s: Span, m: string) => void,
  warn: (s: Span, m: string) => void,
): void {
  const [, key, value] = m;
  const valueStart = text.trimEnd().length - value.length;
  const span = {
    line,
    start: value ? valueStart : text.indexOf('@'),
    end: value ? valueStart + value.length : text.trimEnd().length,
  };
  if (key === 'name') {
    if (!NAME_PATTERN.test(value)) {
      error(
        span,
        value
          ? l10n.t('"{0}" is not a request name: use letters, digits, "_" and "-", starting with a letter.', value)
          : l10n.t('@name needs a name, such as "# @name createTicket".'),
      );
    } else if (RESERVED_NAMES.has(value)) {
      error(
        span,
        l10n.t(
          '{0} is given by the signed-in session, so a request cannot be named "{1}"; choose another name.',
          `{{${value}}}`,
          value,
        ),
      );
    } else if (r.name !== undefined) {
      error(span, l10n.t('This request is already named "{0}". Keep one @name.', r.name));
    } else {
      r.name = value;
      r.nameSpan = span;
    }
  } else if (key === 'account') {
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\/\d+)?$/.test(value)) {
      error(
        span,
        value
          ? l10n.t('"{0}" is not an account: give its subdomain, such as "# @account acme".', value)
          : l10n.t('@account needs a subdomain, such as "# @account acme".'),
      );
    } else if (r.account !== undefined) {
      error(span, l10n.t('This request already names the account "{0}". Keep one @account.', r.account));
    } else {
      r.account = value;
    }
  } else if (key === 'prompt') {
    const [name = '', ...words] = value.split(/\s+/);
    if (!NAME_PATTERN.test(name) || RESERVED_NAMES.has(name)) {
      error(
        span,
        name
          ? l10n.t('"{0}" cannot be a prompt: use letters, digits, "_" and "-", starting with a letter.', name)
          : l10n.t('@prompt needs a name, such as "# @prompt ticket_id The ticket to update".'),
      );
    } else if (r.prompts.some((p) => p.name === name)) {
      error(span, l10n.t('This request already asks for "{0}". Keep one @prompt {0}.', name));
    } else {
      const description = words.join(' ');
      r.prompts.push({ name, description: description || undefined, span });
    }
  } else if (key === 'ref') {
    if (!NAME_PATTERN.test(value)) {
      error(span, l10n.t('@ref needs the name of a request above, such as "# @ref createTicket".'));
    } else r.refs.push({ name: value, span });
  } else {
    // Other `# @...` comments (REST Client's @note, @prompt, ...) do nothing here; say so rather than ignore them.
    warn(
      { line, start: text.indexOf('@'), end: text.indexOf('@') + 1 + key.length },
      l10n.t('@{0} is not supported here and is ignored; use @name or @account.', key),
    );
  }
}

function readVariable(
  text: string,
  line: number,
  variables: FileVariable[],
  error: (s: Span, m: string) => void,
): void {
  const m = VARIABLE_LINE.exec(text);
  if (!m) {
    error(
      { line, start: 0, end: text.length },
      l10n.t('A variable is written "@name = value", such as "@ticket = 35".'),
    );
    return;
  }
  const [, name, value] = m;
  const span = { line, start: 1, end: 1 + name.length };
  if (!NAME_PATTERN.test(name)) {
    error(
      { line, start: 0, end: Math.max(1, 1 + name.length) },
      name
        ? l10n.t('"{0}" is not a variable name: use letters, digits, "_" and "-", starting with a letter.', name)
        : l10n.t('The variable has no name: write "@name = value".'),
    );
    return;
  }
  const valueStart = text.trimEnd().length - value.length;
  variables.push({ name, value, span, valueSpan: { line, start: valueStart, end: valueStart + value.length } });
}

function readRequestLine(r: ParsedRequest, text: string, line: number, error: (s: Span, m: string) => void): void {
  r.requestLine = line;
  const lead = text.length - text.trimStart().length;
  const parts = /^(\S+)(?:(\s+)(\S+))?(?:\s+(\S+))?\s*(.*)$/.exec(text.trimStart());
  if (!parts) return;
  const [, word, gap = '', target, version, rest] = parts;
  const method = word.toUpperCase();
  if (!(METHODS as readonly string[]).includes(method)) {
    const hint = /^(\/|https?:)/i.test(word)
      ? l10n.t('Start the line with a method, such as "GET {0}".', word)
      : l10n.t('"{0}" is not a method: use GET, POST, PUT, PATCH or DELETE.', word);
    error({ line, start: lead, end: lead + word.length }, hint);
    return;
  }
  if (word !== method) {
    error({ line, start: lead, end: lead + word.length }, l10n.t('Write the method in capitals: "{0}".', method));
  } else r.method = method as Method;
  if (!target) {
    error(
      { line, start: lead, end: lead + word.length },
      l10n.t('{0} needs a path, such as "{1} /api/v2/tickets.json".', method, method),
    );
    return;
  }
  const targetStart = lead + word.length + gap.length;
  const span = { line, start: targetStart, end: targetStart + target.length };
  r.target = target;
  r.targetSpan = span;
  if (version !== undefined) {
    const versionStart = text.indexOf(version, span.end);
    if (!/^HTTP\/(1\.1|2)$/.test(version) || rest) {
      error(
        { line, start: versionStart, end: text.trimEnd().length },
        l10n.t('After the path only "HTTP/1.1" may follow. Encode spaces in the path as %20.'),
      );
    }
  }
  if (!/^\/(?!\/)/.test(target) && !/^https?:\/\//i.test(target) && !target.startsWith('{{')) {
    error(
      span,
      l10n.t(
        'The path must start with "/" (such as /api/v2/tickets.json) or be a full https://SUBDOMAIN.zendesk.com/... address.',
      ),
    );
  } else if (/^https?:\/\//i.test(target) && !target.includes('{{')) {
    try {
      const u = new URL(target);
      if (u.username || u.password) {
        error(span, l10n.t('The address cannot carry a user name or password: the token comes from the session.'));
      }
    } catch {
      error(span, l10n.t('"{0}" is not a valid address.', target));
    }
  }
  collectReferences(r, target, line, targetStart, error);
}

function readHeader(r: ParsedRequest, text: string, line: number, error: (s: Span, m: string) => void): void {
  const colon = text.indexOf(':');
  const lead = text.length - text.trimStart().length;
  if (colon <= 0) {
    error(
      { line, start: lead, end: text.trimEnd().length },
      l10n.t('A header is written "Name: value". To send a body, leave one blank line after the headers.'),
    );
    return;
  }
  const name = text.slice(0, colon).trim();
  const nameStart = lead;
  if (!HEADER_NAME.test(name)) {
    error({ line, start: nameStart, end: colon }, l10n.t('"{0}" is not a valid header name.', name));
    return;
  }
  const rawValue = text.slice(colon + 1);
  const valueStart = colon + 1 + (rawValue.length - rawValue.trimStart().length);
  const value = rawValue.trim();
  const span = { line, start: nameStart, end: text.trimEnd().length };
  // Only the headers Zendesk documents go next to the token (the one list, in zendesk/requestHeaders.ts).
  const refusal = headerRefusal(name);
  if (refusal) {
    error(span, refusal);
    return;
  }
  if (r.headers.some((h) => h.name.toLowerCase() === name.toLowerCase())) {
    error({ line, start: nameStart, end: colon }, l10n.t('The header {0} is set twice. Keep one.', name));
    return;
  }
  r.headers.push({ name, value, span, valueStart });
  collectReferences(r, value, line, valueStart, error);
}

function readBody(
  r: ParsedRequest,
  lines: string[],
  first: number,
  last: number,
  error: (s: Span, m: string) => void,
): void {
  if (r.method === 'GET') {
    error(
      { line: first, start: 0, end: lines[first].length },
      l10n.t('A GET request sends no body. Remove it, or use POST, PUT or PATCH.'),
    );
    return;
  }
  for (let i = first; i <= last; i++) collectReferences(r, lines[i], i, 0, error);
  const body = r.body ?? '';
  // With variables in it, the body is JSON only once they are filled in: checked again at send time.
  if (body.includes('{{')) return;
  const problem = jsonProblem(body);
  if (problem) {
    const at = positionOf(body, problem.offset);
    const line = first + at.line;
    error(
      { line, start: at.column, end: Math.max(at.column + 1, lines[line]?.length ?? 0) },
      l10n.t(
        'The body is not valid JSON: {0}. Zendesk takes a JSON body, such as {1}.',
        problem.message,
        '{"ticket": {"subject": "Hello"}}',
      ),
    );
  }
}

/** `< ./file` or `<@ ./file`: one line, read when the request is sent (REST Client's and httpYac's form). */
function readBodyFile(r: ParsedRequest, body: string[], first: number, error: (s: Span, m: string) => void): void {
  const text = body[0];
  const m = /^<(@)?\s*(.*?)\s*$/.exec(text) as RegExpExecArray;
  const span = { line: first, start: 0, end: text.trimEnd().length };
  if (r.method === 'GET') {
    error(span, l10n.t('A GET request sends no body. Remove it, or use POST, PUT or PATCH.'));
    return;
  }
  if (!m[2]) {
    error(
      span,
      l10n.t('Name the file to send, such as "< ./ticket.json" (or "<@ ./ticket.json" to fill in its variables).'),
    );
    return;
  }
  for (let i = 1; i < body.length; i++) {
    if (body[i].trim() !== '') {
      error(
        { line: first + i, start: 0, end: body[i].length },
        l10n.t('A body read from a file is one line ("< ./file"); write the rest in the file, or remove it.'),
      );
      return;
    }
  }
  r.bodyFile = { path: m[2], substitute: m[1] === '@', span };
}

/** Where JSON.parse stops, and why, in words; undefined when the text is JSON. */
export function jsonProblem(text: string): { offset: number; message: string } | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/.exec(message);
    const offset = pos ? Number(pos[1]) : text.length;
    const clean = message
      .replace(/^JSON\.parse: /, '')
      .replace(/ in JSON at position \d+.*$/, '')
      .replace(/ \(line \d+ column \d+\)$/, '');
    return {
      offset,
      message: clean.replace(/\.$/, '').replace(/^Unexpected end of JSON input$/, l10n.t('it ends too early')),
    };
  }
}

/** 0-based line and column of an offset in a text. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.min(offset, text.length)).split('\n');
  return { line: before.length - 1, column: before[before.length - 1].length };
}

function collectReferences(
  r: ParsedRequest,
  text: string,
  line: number,
  offset: number,
  error: (s: Span, m: string) => void,
): void {
  for (const ref of findReferences(text, line, offset)) {
    if (ref.problem) error(ref.span, ref.problem);
    else r.references.push(ref);
  }
}

function checkVariables(variables: FileVariable[], diagnostics: ParseDiagnostic[]): void {
  const seen = new Map<string, FileVariable>();
  for (const v of variables) {
    if (RESERVED_NAMES.has(v.name)) {
      diagnostics.push({
        ...v.span,
        severity: 'error',
        message: l10n.t('{0} is given by the signed-in session; choose another variable name.', `{{${v.name}}}`),
      });
      continue;
    }
    const before = seen.get(v.name);
    if (before) {
      diagnostics.push({
        ...v.span,
        severity: 'error',
        message: l10n.t('@{0} is already defined on line {1}. Keep one definition.', v.name, before.span.line + 1),
      });
      continue;
    }
    seen.set(v.name, v);
    for (const ref of findReferences(v.value, v.valueSpan.line, v.valueSpan.start)) {
      // A response in a file variable (`@id = {{create.response.body.$.ticket.id}}`) is filled in when a request
      // that uses the variable is sent.
      if (ref.problem) diagnostics.push({ ...ref.span, severity: 'error', message: ref.problem });
    }
  }
  // Variables that refer to each other in a circle can never be filled in.
  const defined = new Map(variables.map((v) => [v.name, v]));
  const lengths = filledLengths(new Map([...seen.values()].map((v) => [v.name, v.value])));
  for (const v of seen.values()) {
    if (reachesItself(v.name, defined)) {
      diagnostics.push({
        ...v.span,
        severity: 'error',
        message: l10n.t('@{0} refers back to itself through other variables; break the circle.', v.name),
      });
    }
    // Variables that use each other several times grow exponentially: said here, before a hover or a Send tries.
    else if ((lengths.get(v.name) ?? 0) > FILL_LIMITS.length) {
      diagnostics.push({
        ...v.span,
        severity: 'error',
        message: l10n.t(
          '@{0} fills in to more than {1} characters: its variables refer to each other too many times. Simplify them.',
          v.name,
          FILL_LIMITS.length,
        ),
      });
    }
  }
}

function reachesItself(name: string, defined: Map<string, FileVariable>): boolean {
  const stack = [name];
  const visited = new Set<string>();
  while (stack.length) {
    const current = defined.get(stack.pop() as string);
    if (!current) continue;
    for (const ref of findReferences(current.value, 0, 0)) {
      if (ref.kind !== 'file') continue;
      if (ref.root === name) return true;
      if (!visited.has(ref.root)) {
        visited.add(ref.root);
        stack.push(ref.root);
      }
    }
  }
  return false;
}

function checkNames(requests: ParsedRequest[]): void {
  const seen = new Map<string, ParsedRequest>();
  for (const r of requests) {
    if (r.name === undefined) continue;
    const before = seen.get(r.name);
    if (before) {
      const span = r.nameSpan ?? { line: r.firstLine, start: 0, end: 0 };
      r.diagnostics.push({
        ...span,
        severity: 'error',
        message: l10n.t(
          'The request on line {0} is already named "{1}". Names must be unique in a file.',
          (before.requestLine ?? before.firstLine) + 1,
          r.name,
        ),
      });
    } else {
      seen.set(r.name, r);
    }
  }
}

/** Every `{{...}}` must name something that exists: a file variable, the session's, or a named request above. */
function checkReferences(requests: ParsedRequest[], variables: FileVariable[]): void {
  const fileNames = new Set(variables.map((v) => v.name));
  for (const r of requests) {
    const above = new Set(
      requests
        .slice(0, r.index)
        .map((x) => x.name)
        .filter((n): n is string => n !== undefined),
    );
    for (const ref of r.refs) {
      if (!above.has(ref.name)) {
        r.diagnostics.push({
          ...ref.span,
          severity: 'error',
          message: l10n.t(
            'No request above is named "{0}". Add "# @name {0}" to the request it should send first.',
            ref.name,
          ),
        });
      }
    }
    const prompted = new Set(r.prompts.map((p) => p.name));
    for (const ref of r.references) {
      if (ref.kind === 'file' && !fileNames.has(ref.root) && !prompted.has(ref.root)) {
        r.diagnostics.push({
          ...ref.span,
          severity: 'error',
          message: l10n.t(
            '{0} is not defined. Define it with "@{1} = value", or use {2}, {3}, {4}.',
            `{{${ref.expression}}}`,
            ref.root,
            '{{subdomain}}',
            '{{me.id}}',
            '{{me.email}}',
          ),
        });
      } else if (ref.kind === 'response' && !above.has(ref.root)) {
        const message =
          ref.root === r.name
            ? l10n.t("{0} refers to this request's own response; refer to a request above it.", `{{${ref.expression}}}`)
            : l10n.t(
                'No request above is named "{0}". Add "# @name {1}" to the request whose response you want.',
                ref.root,
                ref.root,
              );
        r.diagnostics.push({ ...ref.span, severity: 'error', message });
      }
    }
  }
}

/** The request whose block holds `line` (0-based), if any. */
export function requestAt(file: ParsedFile, line: number): ParsedRequest | undefined {
  return file.requests.find((r) => line >= r.firstLine && line <= r.lastLine);
}
