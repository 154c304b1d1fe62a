// Reads a `.zendesk` request file: requests separated by `###`, each with `# @name` / `# @account` comments, a
// request line, headers, a blank line and a JSON body; file variables (`@ticket = 35`) anywhere outside a body.
// Every mistake becomes a diagnostic on the exact line and columns, worded to say what to do. No `vscode` import.
import { headerRefusal } from '../zendesk/requestHeaders';
import {
  ENVIRONMENT_VARIABLES,
  ESCAPED_BRACES,
  FILL_LIMITS,
  filledLengths,
  findReferences,
  unescapeBraces,
  type Reference,
} from './variables';
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
  /** The index of the request whose block it is written in (httpYac: that request's own); undefined: the file's. */
  request?: number;
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
  /** `### title` or `# @title` (httpYac); also the request's name when it is one word and `# @name` is not given. */
  title?: string;
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
  /** How an inline body is sent: JSON (checked again once its variables are filled in), or a form as written. */
  bodyType?: 'json' | 'form';
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

const SEPARATOR = /^\s*#{3,}/;
const VARIABLE_LINE = /^@([^\s=:]*)\s*:?=\s*(.*?)\s*$/;
const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const COMMENT = /^\s*(#|\/\/)/;
/** `# @name value`, `// @no-redirect`: the directive's whole name (with its `-`), then its value. */
const META = /^\s*(?:#+|\/{2,})\s*@([^\s]+)\s*(.*?)\s*$/;
/** Every method the peers' request lines may start with; only METHODS are sent. */
const HTTP_METHODS = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|CONNECT|TRACE)$/;
/** A request line below another request in the same block: httpYac reads it as the next request. */
const NEXT_REQUEST = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(\/|https?:\/\/|\{\{)/;
/** `?page=2` / `&per_page=10` under the request line (REST Client, httpYac). */
const QUERY_LINE = /^\s*[?&]/;
/** A line that starts a body even without a blank line before it (httpYac, JetBrains). */
const BODY_START = /^\s*(\{|\[|<(?!>))/;
/** Headers that carry a credential: `{{$processEnv}}` and `{{$dotenv}}` are never read into them. */
const CREDENTIAL_HEADER =
  /^(authorization|proxy-authorization|cookie)$|^x-.*(token|key|secret|auth|session|signature|passw)/i;

export interface ParseOptions {
  /** Workspace trust, passed in by the caller: `{{$processEnv}}` and `{{$dotenv}}` are refused without it. */
  trusted?: boolean;
}

export function parseRequestFile(text: string, options: ParseOptions = {}): ParsedFile {
  const lines = text.split(/\r?\n/);
  const comments = blockComments(lines);
  const requests: ParsedRequest[] = [];
  const variables: FileVariable[] = [];
  const fileDiagnostics: ParseDiagnostic[] = [];

  let start = 0;
  let title: string | undefined;
  for (let i = 0; i <= lines.length; i++) {
    if (i < lines.length && (!SEPARATOR.test(lines[i]) || comments.has(i))) continue;
    // httpYac reads a second request line inside a block as the start of another request.
    for (let from: number | undefined = start; from !== undefined && from <= i - 1; title = undefined) {
      const before = variables.length;
      const block = parseBlock({ lines, comments, variables }, from, i - 1, requests.length, title);
      if (block.request) {
        requests.push(block.request);
        for (const v of variables.slice(before)) v.request = block.request.index;
      }
      // A block of variables and comments only: its mistakes are shown, and block no request.
      else fileDiagnostics.push(...block.orphans.map((d) => ({ ...d, severity: 'warning' as const })));
      from = block.next;
    }
    title = i < lines.length ? lines[i].replace(SEPARATOR, '').trim() || undefined : undefined;
    start = i + 1;
  }
  const fileNames = new Set(variables.map((v) => v.name));
  for (const r of requests) {
    // `### title` names the request as in httpYac, unless `# @name` does.
    if (r.name === undefined && r.title !== undefined && isRequestName(r.title) && !fileNames.has(r.title)) {
      r.name = r.title;
    }
  }
  const problems = checkVariables(variables, requests);
  checkNames(requests);
  checkReferences(requests, variables, problems, options);
  for (const list of problemLists(problems)) fileDiagnostics.push(...list.filter((d) => d.severity === 'warning'));
  // A variable's problem is listed once, though each request that uses it carries it.
  const all = new Set([...fileDiagnostics, ...requests.flatMap((r) => r.diagnostics)]);
  const keyOf = (d: ParseDiagnostic): string => `${d.line}:${d.start}:${d.end}:${d.message}`;
  // The same circle can block one request's view and be unused in another's: shown as the error it is somewhere.
  const blocking = new Set([...all].filter((d) => d.severity === 'error').map(keyOf));
  const seen = new Set<string>();
  const diagnostics = [...all].filter((d) => {
    const key = keyOf(d);
    if (seen.has(key) || (d.severity === 'warning' && blocking.has(key))) return false;
    seen.add(key);
    return true;
  });
  return { requests, variables, diagnostics };
}

/** Lines inside block comments, slash-star to star-slash (one opens at the start of a line, as in httpYac). */
function blockComments(lines: string[]): Set<number> {
  const inside = new Set<number>();
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*\/\*/.test(lines[i])) continue;
    let j = i;
    while (j < lines.length && !lines[j].includes('*/', j === i ? lines[i].indexOf('/*') + 2 : 0)) j++;
    for (let k = i; k <= Math.min(j, lines.length - 1); k++) inside.add(k);
    i = j;
  }
  return inside;
}

function isRequestName(name: string): boolean {
  return NAME_PATTERN.test(name) && !RESERVED_NAMES.has(name);
}

interface FileText {
  lines: string[];
  comments: Set<number>;
  variables: FileVariable[];
}

function parseBlock(
  f: FileText,
  first: number,
  last: number,
  index: number,
  title: string | undefined,
): { request?: ParsedRequest; orphans: ParseDiagnostic[]; next?: number } {
  const { lines, comments, variables } = f;
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
  if (title !== undefined) r.title = title;
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
    if (line.trim() === '' || comments.has(i)) continue;
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
    const script = scriptAt(lines, i, last);
    if (script) {
      error(script.span, script.message);
      i = script.end;
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
      return { request: r, orphans: [] };
    }
    return { orphans: r.diagnostics };
  }

  i = readRequestLine(r, f, i, last, error, warn);

  // Headers until the first blank line. Directives and `?`/`&` query lines may sit among them (httpYac).
  let bodyFrom: number | undefined;
  for (; i <= last; i++) {
    const line = lines[i];
    if (line.trim() === '') {
      bodyFrom = i + 1;
      break;
    }
    if (comments.has(i)) continue;
    const meta = META.exec(line);
    if (meta) {
      readMeta(r, meta, i, line, error, warn);
      continue;
    }
    if (COMMENT.test(line)) continue;
    if (NEXT_REQUEST.test(line)) return { request: finish(r, i - 1), orphans: [], next: i };
    if (QUERY_LINE.test(line)) {
      appendToTarget(r, line, i, error);
      continue;
    }
    // httpYac and JetBrains start the body without a blank line when a line cannot be a header.
    if (BODY_START.test(line)) {
      bodyFrom = i;
      break;
    }
    readHeader(r, line, i, error);
  }
  if (bodyFrom === undefined) return { request: finish(r, last), orphans: [] };

  // The body: up to a response handler, an example response or another request line; without trailing blanks.
  let end = last;
  let next: number | undefined;
  for (let j = bodyFrom; j <= last; j++) {
    if (NEXT_REQUEST.test(lines[j])) {
      next = j;
      end = j - 1;
      break;
    }
    const tail = tailAt(lines, j);
    if (tail) {
      (tail.severity === 'error' ? error : warn)(tail, tail.message);
      end = j - 1;
      // What follows a handler or an example response is theirs, up to the next request line.
      for (let k = j + 1; k <= last; k++) {
        if (NEXT_REQUEST.test(lines[k])) {
          next = k;
          break;
        }
      }
      break;
    }
  }
  let firstText = bodyFrom;
  // Comment lines before the body's first text are comments (httpYac), not body.
  while (
    firstText <= end &&
    (lines[firstText].trim() === '' || comments.has(firstText) || COMMENT.test(lines[firstText]))
  ) {
    firstText++;
  }
  // httpYac reads `@name = value` lines after a request as variables, not as its body.
  while (firstText <= end && NAME_PATTERN.test(VARIABLE_LINE.exec(lines[firstText])?.[1] ?? '')) {
    readVariable(lines[firstText], firstText, variables, error);
    do firstText++;
    while (firstText <= end && lines[firstText].trim() === '');
  }
  let bodyLast = end;
  while (bodyLast >= firstText && lines[bodyLast].trim() === '') bodyLast--;
  if (firstText <= bodyLast) {
    const script = scriptAt(lines, firstText, bodyLast);
    if (script) error(script.span, script.message);
    // `< ./file` and `<@ ./file` (a space after the sign): a body read from a file; `<a/>` is an XML body.
    else if (/^<@?(\s|$)/.test(lines[firstText])) {
      readBodyFile(r, lines.slice(firstText, bodyLast + 1), firstText, error);
    } else {
      r.body = lines.slice(firstText, bodyLast + 1).join('\n');
      r.bodyFirstLine = firstText;
      readBody(r, lines, firstText, bodyLast, error);
    }
  }
  return { request: finish(r, next === undefined ? last : next - 1), orphans: [], next };
}

function finish(r: ParsedRequest, lastLine: number): ParsedRequest {
  r.lastLine = lastLine;
  return r;
}

/** A script the peers run and this extension does not (JetBrains' `< {% %}`, httpYac's `{{ }}` lines). */
function scriptAt(lines: string[], i: number, last: number): { span: Span; message: string; end: number } | undefined {
  const text = lines[i];
  const span = { line: i, start: text.length - text.trimStart().length, end: text.trimEnd().length };
  const closing = (mark: string): number => {
    for (let j = i; j <= last; j++) {
      if (lines[j].includes(mark, j === i ? text.indexOf(mark === '%}' ? '{%' : '{{') + 2 : 0)) return j;
    }
    return last;
  };
  if (/^\s*<\s*\{%/.test(text)) {
    return {
      span,
      message: l10n.t(
        'Pre-request scripts ("< {% ... %}") are not run here. Set values with "@name = value" or ask with "# @prompt name".',
      ),
      end: closing('%}'),
    };
  }
  if (/^\s*\{\{\s*$/.test(text)) {
    return {
      span,
      message: l10n.t(
        'Scripts ("{0}" on a line of their own, as in httpYac) are not run here. To use a value of a response, write {1}.',
        '{{',
        '{{name.response.body.$.field}}',
      ),
      end: closing('}}'),
    };
  }
  return undefined;
}

/** After the body: a response handler or reference (refused), or an example response (ignored, with a warning). */
function tailAt(lines: string[], i: number): ParseDiagnostic | undefined {
  const text = lines[i];
  const span = { line: i, start: 0, end: text.trimEnd().length };
  if (/^>{1,2}\s*(\{%|\S)/.test(text)) {
    return {
      ...span,
      severity: 'error',
      message: l10n.t(
        'Response handlers ("> {% ... %}" or "> script.js") are not run here. Remove it; a later request can use this response as {0}.',
        '{{name.response.body.$.field}}',
      ),
    };
  }
  if (/^<>\s/.test(text)) {
    return {
      ...span,
      severity: 'error',
      message: l10n.t(
        'Response references ("<> file") are not read here: responses are compared in the response view. Remove the line.',
      ),
    };
  }
  if (/^HTTP\/\d(\.\d)?\s+\d{3}\b/.test(text)) {
    return {
      ...span,
      severity: 'warning',
      message: l10n.t('An example response written in the file is not sent, and is ignored.'),
    };
  }
  return undefined;
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
  } else if (key === 'title') {
    r.title = value || r.title;
  } else if (key === 'description' || key === 'no-redirect' || key === 'noRedirect') {
    // A description is documentation. Redirects are never followed here, so @no-redirect is already the case.
  } else {
    // Other directives (@note, @no-cookie-jar, @sleep, ...) change nothing here: say so, naming the whole directive.
    const at = text.indexOf('@');
    warn(
      { line, start: at, end: at + 1 + key.length },
      key === 'note'
        ? l10n.t('@note is not shown here: writes ask before they are sent (setting zendesk.requests.confirmWrites).')
        : l10n.t('@{0} is not supported here and is ignored; use @name or @account.', key),
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

/** Splits a request line into words, a `{{ ... }}` (spaces and all) staying inside its word. */
function words(text: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (i >= text.length) break;
    const start = i;
    while (i < text.length && !/\s/.test(text[i])) {
      if (text.startsWith('{{', i)) {
        const close = text.indexOf('}}', i + 2);
        i = close < 0 ? text.length : close + 2;
      } else i++;
    }
    out.push({ text: text.slice(start, i), start });
  }
  return out;
}

/** The request line and the lines that continue its target; returns the line after them. */
function readRequestLine(
  r: ParsedRequest,
  f: FileText,
  line: number,
  last: number,
  error: (s: Span, m: string) => void,
  warn: (s: Span, m: string) => void,
): number {
  const text = f.lines[line];
  r.requestLine = line;
  const [first, ...rest] = words(text);
  const method = first.text.toUpperCase();
  let target: { text: string; start: number } | undefined;
  if ((METHODS as readonly string[]).includes(method)) {
    if (first.text !== method) {
      error(
        { line, start: first.start, end: first.start + first.text.length },
        l10n.t('Write the method in capitals: "{0}".', method),
      );
    } else r.method = method as Method;
    target = rest.shift();
    if (!target) {
      error(
        { line, start: first.start, end: first.start + first.text.length },
        l10n.t('{0} needs a path, such as "{1} /api/v2/tickets.json".', method, method),
      );
      return line + 1;
    }
  } else if (HTTP_METHODS.test(method)) {
    error(
      { line, start: first.start, end: first.start + first.text.length },
      l10n.t("{0} is not sent: Zendesk's API answers GET, POST, PUT, PATCH and DELETE.", method),
    );
    return line + 1;
  } else if (/^(\/|https?:\/\/|\{\{)/i.test(first.text)) {
    // No method: GET, as REST Client, httpYac and JetBrains read it.
    r.method = 'GET';
    target = first;
  } else {
    error(
      { line, start: first.start, end: first.start + first.text.length },
      l10n.t('"{0}" is not a method: use GET, POST, PUT, PATCH or DELETE.', first.text),
    );
    return line + 1;
  }
  const [version, ...extra] = rest;
  if (version !== undefined && (!/^HTTP\/\d(\.\d)?$/.test(version.text) || extra.length > 0)) {
    error(
      { line, start: version.start, end: text.trimEnd().length },
      l10n.t('After the path only "HTTP/1.1" may follow. Encode spaces in the path as %20.'),
    );
  }
  r.target = target.text;
  r.targetSpan = { line, start: target.start, end: target.start + target.text.length };
  collectReferences(r, target.text, line, target.start, error);

  // The target may go on below: `?a=1` / `&b=2` lines (REST Client, httpYac), `/get` lines (httpYac) and
  // indented parts (JetBrains), joined without their spaces.
  let i = line + 1;
  for (; i <= last; i++) {
    const next = f.lines[i];
    if (f.comments.has(i) || next.trim() === '' || COMMENT.test(next) || BODY_START.test(next)) break;
    const path = /^\s*\/(?!\/)/.test(next) || (/^\s+\S/.test(next) && !/^\s*[^\s:]+\s*:/.test(next));
    if (!QUERY_LINE.test(next) && !path) break;
    appendToTarget(r, next, i, error);
  }
  checkTarget(r, error, warn);
  return i;
}

/** A line that continues the request line's target. */
function appendToTarget(r: ParsedRequest, text: string, line: number, error: (s: Span, m: string) => void): void {
  const part = text.trim();
  const start = text.indexOf(part);
  if (r.target === undefined) {
    error(
      { line, start, end: start + part.length },
      l10n.t('This query line has no request line above it to continue.'),
    );
    return;
  }
  if (/\s/.test(part.replace(/\{\{.*?\}\}/g, ''))) {
    error(
      { line, start, end: start + part.length },
      l10n.t('A query line is one "?name=value" or "&name=value". Encode spaces as %20.'),
    );
    return;
  }
  r.target += part;
  collectReferences(r, part, line, start, error);
}

function checkTarget(r: ParsedRequest, error: (s: Span, m: string) => void, warn: (s: Span, m: string) => void): void {
  const span = r.targetSpan as Span;
  const hash = (r.target as string).replace(/\{\{.*?\}\}/g, (m) => ' '.repeat(m.length)).indexOf('#');
  if (hash >= 0) {
    // A fragment never leaves the client (RFC 9110, section 7.1): said, and dropped, so the request shows what is sent.
    warn(
      span,
      l10n.t(
        '"{0}" is not sent: the part of an address after "#" stays on this side.',
        (r.target as string).slice(hash),
      ),
    );
    r.target = (r.target as string).slice(0, hash);
  }
  const target = r.target as string;
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
  const key = name.toLowerCase();
  const refusal =
    // Named for what it is, before the allowlist's general word: it would carry a secret from this machine.
    CREDENTIAL_HEADER.test(name) && findReferences(value, 0, 0).some((x) => ENVIRONMENT_VARIABLES.has(x.root))
      ? l10n.t(
          'Remove this {0} header: it would send a value from your environment as a credential. The token comes from your signed-in Zendesk session.',
          name,
        )
      : key === 'x-request-type' && /graphql/i.test(value)
        ? l10n.t(
            "GraphQL requests are not supported: Zendesk's Support API is REST. Write the JSON body the endpoint takes.",
          )
        : key === 'content-type' && /^multipart\//i.test(value)
          ? l10n.t("multipart bodies are not supported; Zendesk's uploads take the raw file: use {0}.", '`< ./file`')
          : // Only the headers Zendesk documents go next to the token (the one list, in zendesk/requestHeaders.ts).
            headerRefusal(name);
  if (refusal) {
    if (key === 'content-type' && /^multipart\//i.test(value)) MULTIPART.add(r);
    error(span, refusal);
    return;
  }
  if (r.headers.some((h) => h.name.toLowerCase() === key)) {
    error({ line, start: nameStart, end: colon }, l10n.t('The header {0} is set twice. Keep one.', name));
    return;
  }
  r.headers.push({ name, value, span, valueStart });
  collectReferences(r, value, line, valueStart, error);
}

/** Requests refused for a multipart Content-Type: their body is not read as JSON too. */
const MULTIPART = new WeakSet<ParsedRequest>();

/** The request's Content-Type, lower case without parameters, as written; undefined without one. */
function contentTypeOf(r: ParsedRequest): string | undefined {
  const h = r.headers.find((x) => x.name.toLowerCase() === 'content-type');
  return h?.value.split(';')[0].trim().toLowerCase();
}

function readBody(
  r: ParsedRequest,
  lines: string[],
  first: number,
  last: number,
  error: (s: Span, m: string) => void,
): void {
  const firstSpan = { line: first, start: 0, end: lines[first].length };
  if (r.method === 'GET') {
    error(firstSpan, l10n.t('A GET request sends no body. Remove it, or use POST, PUT or PATCH.'));
    return;
  }
  if (/^\s*(query|mutation|subscription|fragment)\b/.test(lines[first])) {
    error(
      firstSpan,
      l10n.t(
        "GraphQL requests are not supported: Zendesk's Support API is REST. Write the JSON body the endpoint takes.",
      ),
    );
    return;
  }
  const type = contentTypeOf(r);
  for (let i = first; i <= last; i++) collectReferences(r, lines[i], i, 0, error);
  if (MULTIPART.has(r)) return;
  if (type === 'application/x-www-form-urlencoded') {
    // Sent as written; REST Client joins a line starting with "&" to the one before.
    r.bodyType = 'form';
    r.body = lines
      .slice(first, last + 1)
      .reduce((out, l, i) => (i === 0 ? l : l.startsWith('&') ? out + l : `${out}\n${l}`), '');
    return;
  }
  if (type !== undefined && !type.includes('{{') && !/(^application\/json$|\+json$)/.test(type)) {
    error(
      firstSpan,
      l10n.t(
        'A body of type {0} is not sent: Zendesk\'s API takes JSON ("Content-Type: application/json"), a form, or a file with {1}.',
        type,
        '`< ./file`',
      ),
    );
    return;
  }
  r.bodyType = 'json';
  const written = r.body ?? '';
  // A variable stands for one JSON value here (its span kept): text that cannot be JSON whatever the variables
  // hold is said now; the rest of a body with variables is checked again once they are filled in, at send time.
  // httpYac's escaped braces (`\{\{`) are sent as braces: checked as the two braces they become, same columns.
  const body = written
    .replace(/\{\{.*?\}\}/g, (m) => '0'.padEnd(m.length, ' '))
    .replace(ESCAPED_BRACES, (m) => unescapeBraces(m).padEnd(m.length, ' '));
  const example = '{"ticket": {"subject": "Hello"}}';
  const quote = /[“”„]/.exec(body);
  const problem: { offset: number; message: string } | undefined = quote
    ? {
        offset: quote.index,
        message: l10n.t('The body has typographic quotes (“ ”): JSON needs straight quotes ("), such as {0}.', example),
      }
    : !/^\s*[[{"\d-]|^\s*(true|false|null)\b/.test(body)
      ? {
          offset: 0,
          message: l10n.t(
            'The body is text, not JSON. Zendesk takes a JSON body, such as {0}; for a form, add "Content-Type: application/x-www-form-urlencoded".',
            example,
          ),
        }
      : written.includes('{{')
        ? undefined
        : jsonProblem(body);
  if (problem) {
    const at = positionOf(body, problem.offset);
    const line = first + at.line;
    error(
      { line, start: at.column, end: Math.max(at.column + 1, lines[line]?.length ?? 0) },
      quote || (problem.offset === 0 && !/^\s*[[{"\d-]|^\s*(true|false|null)\b/.test(body))
        ? problem.message
        : l10n.t('The body is not valid JSON: {0}. Zendesk takes a JSON body, such as {1}.', problem.message, example),
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
    const token = /^Unexpected token '?(.)'?,/.exec(message);
    if (token) {
      return {
        offset: pos ? offset : Math.max(0, text.indexOf(token[1])),
        message: l10n.t('"{0}" is not expected there', token[1]),
      };
    }
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

/**
 * The file variables a request sees, by name, scoped as httpYac scopes them: those written in its own block, over
 * the file's (written in a block without a request), over one written in another request's block (REST Client reads
 * every `@name = value` as the file's, wherever it is written). A name written in the blocks of several other
 * requests is each one's own, and not seen here. Without a request: what a request with no variables of its own
 * sees. Within one scope the last definition counts. https://httpyac.github.io/guide/variables.html#variable-scope
 */
export function variablesOf(variables: readonly FileVariable[], request?: number): Map<string, FileVariable> {
  const own = new Map<string, FileVariable>();
  const file = new Map<string, FileVariable>();
  const elsewhere = new Map<string, FileVariable[]>();
  for (const v of variables) {
    if (v.request === undefined) file.set(v.name, v);
    else if (v.request === request) own.set(v.name, v);
    else elsewhere.set(v.name, [...(elsewhere.get(v.name) ?? []), v]);
  }
  const seen = new Map<string, FileVariable>();
  for (const [name, list] of elsewhere) {
    if (list.every((v) => v.request === list[0].request)) seen.set(name, list[list.length - 1]);
  }
  for (const [name, v] of [...file, ...own]) seen.set(name, v);
  return seen;
}

/** Each variable's problems (as errors): shown on the requests that use the variable, and only as a warning when no
 * request does, so one broken variable blocks only the requests that need it. */
interface VariableProblems {
  /** The variable's own: its name, a second definition in its scope, a malformed reference. */
  own: Map<FileVariable, ParseDiagnostic[]>;
  /** Circles and growth, which depend on what a request sees: per view, undefined for the file's (what a request
   * with no variables of its own sees), else the index of the request with variables of its own. */
  inView: Map<number | undefined, Map<FileVariable, ParseDiagnostic[]>>;
}

function checkVariables(variables: FileVariable[], requests: ParsedRequest[]): VariableProblems {
  const problems: VariableProblems = { own: new Map(), inView: new Map() };
  const add = (into: Map<FileVariable, ParseDiagnostic[]>, v: FileVariable, span: Span, message: string): void => {
    const list = into.get(v) ?? [];
    if (!list.some((d) => d.message === message && d.line === span.line && d.start === span.start)) {
      list.push({ ...span, severity: 'error', message });
    }
    into.set(v, list);
  };
  const seen = new Map<string, FileVariable>();
  for (const v of variables) {
    if (RESERVED_NAMES.has(v.name)) {
      add(
        problems.own,
        v,
        v.span,
        l10n.t('{0} is given by the signed-in session; choose another variable name.', `{{${v.name}}}`),
      );
      continue;
    }
    // Once per scope: a request's own `@path = ...` over the file's is httpYac's way, not a second definition.
    const key = `${v.request ?? ''}:${v.name}`;
    const before = seen.get(key);
    if (before) {
      add(
        problems.own,
        v,
        v.span,
        l10n.t('@{0} is already defined on line {1}. Keep one definition.', v.name, before.span.line + 1),
      );
      continue;
    }
    seen.set(key, v);
    for (const ref of findReferences(v.value, v.valueSpan.line, v.valueSpan.start)) {
      if (ref.problem) add(problems.own, v, ref.span, ref.problem);
    }
  }
  // Said here, before a hover or a Send tries: checked in each distinct view.
  const scopes = new Set<number | undefined>([undefined, ...variables.map((v) => v.request)]);
  for (const scope of scopes) {
    if (scope !== undefined && !requests.some((r) => r.index === scope)) continue;
    const into = new Map<FileVariable, ParseDiagnostic[]>();
    problems.inView.set(scope, into);
    const view = variablesOf(variables, scope);
    const lengths = filledLengths(new Map([...view].map(([name, v]) => [name, v.value])));
    for (const v of view.values()) {
      if (reachesItself(v.name, view)) {
        add(into, v, v.span, l10n.t('@{0} refers back to itself through other variables; break the circle.', v.name));
      } else if ((lengths.get(v.name) ?? 0) > FILL_LIMITS.length) {
        add(
          into,
          v,
          v.span,
          l10n.t(
            '@{0} fills in to more than {1} characters: its variables refer to each other too many times. Simplify them.',
            v.name,
            FILL_LIMITS.length,
          ),
        );
      }
    }
  }
  return problems;
}

/** Every list of problems, whatever it belongs to. */
function problemLists(problems: VariableProblems): ParseDiagnostic[][] {
  return [...problems.own.values(), ...[...problems.inView.values()].flatMap((m) => [...m.values()])];
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

/** Every `{{...}}` a request uses, its own and those inside the file variables it uses (at any depth), must name
 * something that exists: a file variable, the session's, a system variable, or a named request above. */
function checkReferences(
  requests: ParsedRequest[],
  variables: FileVariable[],
  problems: VariableProblems,
  options: ParseOptions,
): void {
  const requestNames = new Set(requests.map((x) => x.name).filter((n): n is string => n !== undefined));
  const used = new Set<ParseDiagnostic[]>();
  for (const r of requests) {
    // What this request sees (prepare.ts fills in from the same view).
    const defined = variablesOf(variables, r.index);
    const inView = problems.inView.get(problems.inView.has(r.index) ? r.index : undefined);
    const above = new Set(
      requests
        .slice(0, r.index)
        .map((x) => x.name)
        .filter((n): n is string => n !== undefined),
    );
    const refs = [...r.references];
    const visited = new Set<string>();
    for (let k = 0; k < refs.length; k++) {
      const ref = refs[k];
      // `@subdomain = x` does not replace the session's: a request using {{subdomain}} carries that problem.
      if (ref.kind === 'session' && defined.has(ref.root)) visited.add(ref.root);
      if (ref.kind !== 'file' || visited.has(ref.root)) continue;
      visited.add(ref.root);
      const v = defined.get(ref.root);
      if (v) refs.push(...findReferences(v.value, v.valueSpan.line, v.valueSpan.start).filter((x) => !x.problem));
    }
    for (const name of visited) {
      const v = defined.get(name);
      if (!v) continue;
      for (const list of [problems.own.get(v), inView?.get(v)]) {
        if (!list) continue;
        used.add(list);
        r.diagnostics.push(...list);
      }
    }
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
    // A `# @prompt` name is defined for its own request: asked for when it is sent.
    const prompted = new Set(r.prompts.map((p) => p.name));
    for (const ref of refs) {
      if (ref.kind === 'file' && prompted.has(ref.root)) continue;
      const message = referenceProblem(ref, r, {
        defined,
        variables,
        requestNames,
        above,
        trusted: options.trusted === true,
      });
      if (message) r.diagnostics.push({ ...ref.span, severity: 'error', message });
    }
  }
  // A variable no request uses blocks nothing: its problems are shown as warnings.
  for (const list of problemLists(problems)) {
    if (!used.has(list)) list.forEach((d) => (d.severity = 'warning'));
  }
}

function referenceProblem(
  ref: Reference,
  r: ParsedRequest,
  known: {
    defined: ReadonlyMap<string, FileVariable>;
    variables: readonly FileVariable[];
    requestNames: ReadonlySet<string>;
    above: ReadonlySet<string>;
    trusted: boolean;
  },
): string | undefined {
  const at = `{{${ref.expression}}}`;
  if (ref.kind === 'file' && !known.defined.has(ref.root)) {
    const elsewhere = known.variables.filter((v) => v.name === ref.root && v.request !== undefined);
    if (elsewhere.length > 0) {
      return l10n.t(
        '{0} is written in the blocks of the requests on lines {1}, each for its own request (as in httpYac). Write "@{2} = value" in this request\'s block, or in a block of variables only (between ### lines) to share it.',
        at,
        [...new Set(elsewhere.map((v) => v.span.line + 1))].join(', '),
        ref.root,
      );
    }
    return known.requestNames.has(ref.root)
      ? l10n.t(
          '{0} names a request: refer to a value of its response, such as {1}.',
          at,
          `{{${ref.root}.response.body.$.ticket.id}}`,
        )
      : l10n.t(
          '{0} is not defined. Define it with "@{1} = value", or use {2}, {3}, {4}.',
          at,
          ref.root,
          '{{subdomain}}',
          '{{me.id}}',
          '{{me.email}}',
        );
  }
  if (ref.kind === 'response' && !known.above.has(ref.root)) {
    if (ref.root === 'response' && !known.requestNames.has('response')) {
      return l10n.t(
        '{0}: a script\'s "response" is not kept here. Name the request with "# @name", then write {1}.',
        at,
        '{{name.response.body.$.field}}',
      );
    }
    if (ref.root === r.name) {
      return l10n.t("{0} refers to this request's own response; refer to a request above it.", at);
    }
    if (known.defined.has(ref.root) && !known.requestNames.has(ref.root)) {
      return l10n.t(
        '{0}: "{1}" is a variable, and a dot after a name reads the response of the request of that name. Write {2}.',
        at,
        ref.root,
        `{{${ref.root}}}`,
      );
    }
    return l10n.t(
      'No request above is named "{0}". Add "# @name {1}" to the request whose response you want.',
      ref.root,
      ref.root,
    );
  }
  if (ref.kind === 'system' && ENVIRONMENT_VARIABLES.has(ref.root) && !known.trusted) {
    return l10n.t('{0} is read only in a trusted workspace. Trust the workspace, or write the value in the file.', at);
  }
  return undefined;
}

/** The request whose block holds `line` (0-based), if any. */
export function requestAt(file: ParsedFile, line: number): ParsedRequest | undefined {
  return file.requests.find((r) => line >= r.firstLine && line <= r.lastLine);
}
