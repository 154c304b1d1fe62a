// `{{...}}` in request files: finding them (with their exact columns) and filling them in from the session
// (`subdomain`, `me.id`, `me.email`, `me.name`), file variables (`@ticket = 35`, `{{%name}}` URL-encoded), earlier
// named responses (REST Client's `{{create.response.body.$.ticket.id}}`, `...response.headers.location`,
// `...response.status`, and httpYac's short `{{create.ticket.id}}`), and system variables (`{{$guid}}`,
// `{{$randomInt 1 10}}`, `{{$timestamp}}`, `{{$datetime iso8601}}`, `{{$processEnv NAME}}`, ...).
// Nothing here ever sees a token: the session part is the account's identity only. No `vscode` import.
import { randomInt, randomUUID } from 'node:crypto';
import type { Span } from './parser';
import * as l10n from '@vscode/l10n';

export type ReferenceKind = 'session' | 'file' | 'response' | 'system';

export interface Reference {
  /** The text between the braces, trimmed. */
  expression: string;
  kind: ReferenceKind;
  /** `subdomain`/`me` for the session, the variable name, the request name, or `$guid`... for system variables. */
  root: string;
  /** For responses: `body`, `headers` or `status`, then the path inside it. For system variables: their words. */
  path: PathStep[];
  /** The whole `{{...}}`. */
  span: Span;
  /** `{{%name}}` (REST Client): the value URL-encoded. */
  encode?: boolean;
  /** Set when the reference is malformed; the other fields are then best effort. */
  problem?: string;
}

export type PathStep = string | number;

/** A response kept for references: the parsed JSON body (or the text), the headers and the status. */
export interface KeptResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** Where system variables come from; each part has a default (the real clock, random numbers, process.env). */
export interface SystemSources {
  /** Workspace trust, passed in by the caller: `$processEnv` and `$dotenv` are read only when true. */
  trusted: boolean;
  env: (name: string) => string | undefined;
  /** A name's value in the request file's `.env` (REST Client's `$dotenv`, dotenvFile.ts). */
  dotenv: (name: string) => string | undefined;
  /** That `.env` file as shown in messages (`.env`, `../.env`); undefined when there is none. */
  dotenvFile?: string;
  now: () => Date;
  /** An integer in [min, max). */
  randomInt: (min: number, max: number) => number;
  uuid: () => string;
}

export interface VariableContext {
  subdomain: string;
  me: { id: number; email: string; name: string };
  fileVariables: ReadonlyMap<string, string>;
  responses: ReadonlyMap<string, KeptResponse>;
  system?: Partial<SystemSources>;
}

const DEFAULT_SYSTEM: SystemSources = {
  trusted: false,
  env: (name) => process.env[name],
  dotenv: () => undefined,
  now: () => new Date(),
  randomInt: (min, max) => randomInt(min, max),
  uuid: () => randomUUID(),
};

const SESSION_FIELDS: ReadonlySet<string> = new Set(['me.id', 'me.email', 'me.name']);
const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** The system variables read here, with what follows their name. */
export const SYSTEM_VARIABLES = [
  '$guid',
  '$uuid',
  '$randomInt',
  '$timestamp',
  '$datetime',
  '$localDatetime',
  '$processEnv',
  '$dotenv',
] as const;

/** Reads the environment or a `.env` file: only in a trusted workspace, never into a credential header. */
export const ENVIRONMENT_VARIABLES: ReadonlySet<string> = new Set(['$processEnv', '$dotenv']);

/** `$timestamp`/`$datetime` offsets: REST Client's units (https://github.com/Huachao/vscode-restclient#system-variables). */
const OFFSET_UNITS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

/** httpYac's escape: `\{\{...\}\}` is sent as `{{...}}`, not filled in
 * (https://httpyac.github.io/guide/variables.html#variable-substitution-in-request). Being no `{{`, it is never
 * found as a reference; only filling in turns it into braces. */
export const ESCAPED_BRACES = /\\\{\\\{|\\\}\\\}/g;

/** The written text with its escaped braces turned into the braces they stand for. */
export function unescapeBraces(text: string): string {
  return text.replace(ESCAPED_BRACES, (m) => (m[1] === '{' ? '{{' : '}}'));
}

/** Every `{{...}}` in `text`, which sits on `line` from column `offset`. */
export function findReferences(text: string, line: number, offset: number): Reference[] {
  const out: Reference[] = [];
  let at = 0;
  for (;;) {
    const open = text.indexOf('{{', at);
    if (open < 0) return out;
    const close = text.indexOf('}}', open + 2);
    if (close < 0) {
      out.push({
        expression: text.slice(open + 2).trim(),
        kind: 'file',
        root: '',
        path: [],
        span: { line, start: offset + open, end: offset + text.length },
        problem: l10n.t('"{0}" is not closed: write a variable as {1}.', '{{', '{{name}}'),
      });
      return out;
    }
    const span = { line, start: offset + open, end: offset + close + 2 };
    out.push(classify(text.slice(open + 2, close).trim(), span));
    at = close + 2;
  }
}

function classify(expression: string, span: Span): Reference {
  const base = { expression, span, path: [] as PathStep[] };
  if (expression === '') {
    return {
      ...base,
      kind: 'file',
      root: '',
      problem: l10n.t('"{0}" is empty: write a variable name inside, such as {1}.', '{{}}', '{{ticket}}'),
    };
  }
  if (expression.startsWith('$')) return classifySystem(expression, span);
  if (expression === 'subdomain') return { ...base, kind: 'session', root: 'subdomain' };
  if (expression === 'me' || expression.startsWith('me.')) {
    if (SESSION_FIELDS.has(expression)) return { ...base, kind: 'session', root: 'me', path: [expression.slice(3)] };
    return {
      ...base,
      kind: 'session',
      root: 'me',
      problem: l10n.t(
        '{0} is not known: use {1}, {2} or {3}.',
        `{{${expression}}}`,
        '{{me.id}}',
        '{{me.email}}',
        '{{me.name}}',
      ),
    };
  }
  // REST Client's `{{%name}}`: the file variable's value, URL-encoded.
  if (expression.startsWith('%') && NAME.test(expression.slice(1))) {
    return { ...base, kind: 'file', root: expression.slice(1), encode: true };
  }
  const dot = expression.indexOf('.');
  if (dot < 0) {
    if (NAME.test(expression)) return { ...base, kind: 'file', root: expression };
    return {
      ...base,
      kind: 'file',
      root: expression,
      problem: l10n.t('"{0}" is not a variable name: use letters, digits, "_" and "-".', expression),
    };
  }
  const root = expression.slice(0, dot);
  const rest = expression.slice(dot + 1);
  const usage = l10n.t(
    'Refer to a response as {0}, {1} or {2}.',
    `{{${NAME.test(root) ? root : 'name'}.response.body.$.ticket.id}}`,
    '{{...response.headers.name}}',
    '{{...response.status}}',
  );
  const malformed = (): Reference => ({
    ...base,
    kind: 'response',
    root,
    problem: l10n.t('{0} has a malformed path. {1}', `{{${expression}}}`, usage),
  });
  if (!NAME.test(root)) {
    return {
      ...base,
      kind: 'response',
      root,
      problem: l10n.t('{0} is not understood. {1}', `{{${expression}}}`, usage),
    };
  }
  if (/^request(\.|$)/.test(rest)) {
    return {
      ...base,
      kind: 'response',
      root,
      problem: l10n.t(
        '{0} refers to what a request sent, which is not kept; refer to its response instead. {1}',
        `{{${expression}}}`,
        usage,
      ),
    };
  }
  if (!/^response(\.|$)/.test(rest)) {
    // httpYac's short form: `{{create.ticket.id}}` is in the body of the response of the request named `create`.
    const steps = parsePath(`.${rest}`);
    return steps ? { ...base, kind: 'response', root, path: ['body', ...steps] } : malformed();
  }
  const after = rest.slice('response'.length);
  const body = /^\.body(?=$|[.[])/.exec(after);
  if (body) {
    const inner = after.slice(body[0].length);
    // REST Client: `.body.*` (or nothing) is the whole body, `.body.$...` a JSONPath, `.body.//...` an XPath.
    if (inner === '.*' || inner === '' || inner === '.$') return { ...base, kind: 'response', root, path: ['body'] };
    if (inner.startsWith('./')) {
      return {
        ...base,
        kind: 'response',
        root,
        problem: l10n.t(
          '{0} is an XPath, for XML responses; Zendesk answers JSON: write a JSONPath such as {1}.',
          `{{${expression}}}`,
          `{{${root}.response.body.$.ticket.id}}`,
        ),
      };
    }
    const path = inner.startsWith('.$') ? inner.slice(2) : inner;
    const steps = parsePath(path);
    if (steps) return { ...base, kind: 'response', root, path: ['body', ...steps] };
    const feature = jsonPathFeature(path);
    if (!feature) return malformed();
    return {
      ...base,
      kind: 'response',
      root,
      problem: l10n.t(
        '{0} uses {1}, which can match several values, and a reference fills in one. Name one value, such as {2}.',
        `{{${expression}}}`,
        feature,
        `{{${root}.response.body.$.tickets[0].id}}`,
      ),
    };
  }
  const steps = parsePath(after);
  if (!steps) return malformed();
  const [part, ...inner] = steps;
  if (part === 'status' && inner.length === 0) return { ...base, kind: 'response', root, path: steps };
  if (part === 'headers' && inner.length === 1 && typeof inner[0] === 'string') {
    return { ...base, kind: 'response', root, path: ['headers', inner[0].toLowerCase()] };
  }
  return { ...base, kind: 'response', root, problem: l10n.t('{0} is not understood. {1}', `{{${expression}}}`, usage) };
}

/** The JSONPath feature that makes a path match several values, in words, or undefined. */
function jsonPathFeature(path: string): string | undefined {
  if (path.includes('..')) return l10n.t('".." (any depth)');
  if (path.includes('*')) return l10n.t('"*" (every member)');
  if (path.includes('?(') || path.includes('(@')) return l10n.t('a filter');
  if (/\[\s*-?\d*\s*:/.test(path) || path.includes(',')) return l10n.t('a slice or a union');
  return undefined;
}

/** `$guid`, `$randomInt 1 10`, `$datetime iso8601 1 d`, `$processEnv NAME`...: the name and its words, checked. */
function classifySystem(expression: string, span: Span): Reference {
  const [name, ...args] = expression.match(/'[^']*'|"[^"]*"|\S+/g) ?? [expression];
  const ref: Reference = { expression, span, kind: 'system', root: name, path: args };
  const problem = systemProblem(name, args, `{{${expression}}}`);
  return problem ? { ...ref, problem } : ref;
}

function systemProblem(name: string, args: string[], at: string): string | undefined {
  switch (name) {
    case '$guid':
    case '$uuid':
      return args.length ? l10n.t('{0} takes nothing after its name: write {1}.', at, `{{${name}}}`) : undefined;
    case '$randomInt': {
      const [min, max] = args.map(Number);
      return args.length !== 2 || !Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min >= max
        ? l10n.t('{0} needs two whole numbers, the lowest and one past the highest: {1}.', at, '{{$randomInt 1 100}}')
        : undefined;
    }
    case '$timestamp':
      return args.length === 0 || offsetOf(args)
        ? undefined
        : l10n.t(
            '{0}: write {1}, or with an offset such as {2} (units ms, s, m, h, d, w, M, y).',
            at,
            '{{$timestamp}}',
            '{{$timestamp -1 d}}',
          );
    case '$datetime':
    case '$localDatetime': {
      const [format, ...offset] = args;
      const [iso, rfc] = [`{{${name} iso8601}}`, `{{${name} rfc1123}}`];
      if (format !== undefined && /^['"]/.test(format)) {
        return l10n.t(
          '{0}: custom date formats are not supported; write {1} or {2}, optionally with an offset such as "1 d".',
          at,
          iso,
          rfc,
        );
      }
      return (format !== 'iso8601' && format !== 'rfc1123') || (offset.length > 0 && !offsetOf(offset))
        ? l10n.t('{0}: write {1} or {2}, optionally with an offset such as "1 d".', at, iso, rfc)
        : undefined;
    }
    case '$processEnv':
    case '$dotenv':
      if (args.length !== 1 || !/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(args[0])) {
        return args[0]?.startsWith('%')
          ? l10n.t(
              '{0}: an environment variable named by another variable is not supported; write its name, such as {1}.',
              at,
              `{{${name} USERNAME}}`,
            )
          : l10n.t('{0} needs the name of one variable, such as {1}.', at, `{{${name} USERNAME}}`);
      }
      return CREDENTIAL_NAME.test(args[0])
        ? l10n.t(
            '{0} looks like a secret, and request files never carry credentials: the token comes from your signed-in Zendesk session.',
            at,
          )
        : undefined;
    case '$input':
    case '$prompt':
    case '$password':
      return l10n.t(
        '{0} is not supported: ask with "# @prompt name" above the request, then write {1}.',
        at,
        '{{name}}',
      );
    default:
      return l10n.t('{0} is not a system variable here: use {1}.', at, SYSTEM_VARIABLES.join(', '));
  }
}

/** An environment variable or header name that holds a credential: never read into a request. */
export const CREDENTIAL_NAME = /token|secret|passw|pwd|auth(?!or)|cookie|session|credential|api_?key|private/i;

/** `['-1', 'd']` → an amount and a unit; undefined when malformed. */
function offsetOf(words: readonly PathStep[]): { amount: number; unit: string } | undefined {
  if (words.length !== 2) return undefined;
  const amount = Number(words[0]);
  const unit = String(words[1]);
  if (!Number.isSafeInteger(amount) || !(unit in OFFSET_UNITS || unit === 'M' || unit === 'y')) return undefined;
  return { amount, unit };
}

function shifted(now: Date, words: readonly PathStep[]): Date {
  const d = new Date(now.getTime());
  const o = offsetOf(words);
  if (!o) return d;
  if (o.unit === 'M') d.setUTCMonth(d.getUTCMonth() + o.amount);
  else if (o.unit === 'y') d.setUTCFullYear(d.getUTCFullYear() + o.amount);
  else d.setTime(d.getTime() + o.amount * OFFSET_UNITS[o.unit]);
  return d;
}

const pad = (n: number, width = 2): string => String(Math.abs(n)).padStart(width, '0');

/** The local time zone's offset, as "+01:00" (ISO 8601) or "+0100" (RFC 1123). */
function zone(d: Date, colon: boolean): string {
  const off = -d.getTimezoneOffset();
  return `${off >= 0 ? '+' : '-'}${pad(Math.trunc(off / 60))}${colon ? ':' : ''}${pad(off % 60)}`;
}

/** ISO 8601 in local time with its offset, such as 2026-12-07T21:05:00.000+01:00. */
function localIso(d: Date): string {
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:` +
    `${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}${zone(d, true)}`
  );
}

/** RFC 1123 in local time, such as "Mon, 07 Dec 2026 21:05:00 +0100". */
function localRfc1123(d: Date): string {
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getDay()];
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getMonth()];
  return (
    `${day}, ${pad(d.getDate())} ${month} ${d.getFullYear()} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${zone(d, false)}`
  );
}

/** A system variable's value (its words were checked when it was found). */
function systemValue(ref: Reference, sources: SystemSources): string {
  const args = ref.path.map(String);
  switch (ref.root) {
    case '$guid':
    case '$uuid':
      return sources.uuid();
    case '$randomInt':
      return String(sources.randomInt(Number(args[0]), Number(args[1])));
    case '$timestamp':
      return String(Math.floor(shifted(sources.now(), args).getTime() / 1000));
    case '$datetime': {
      const d = shifted(sources.now(), args.slice(1));
      return args[0] === 'rfc1123' ? d.toUTCString() : d.toISOString();
    }
    case '$localDatetime': {
      const d = shifted(sources.now(), args.slice(1));
      return args[0] === 'rfc1123' ? localRfc1123(d) : localIso(d);
    }
    default: {
      // $processEnv and $dotenv: the caller passes workspace trust; an untrusted folder's file reads nothing.
      const at = `{{${ref.expression}}}`;
      if (!sources.trusted) {
        throw new VariableError(
          l10n.t('{0} is read only in a trusted workspace. Trust the workspace, or write the value in the file.', at),
          ref.span,
        );
      }
      if (ref.root === '$dotenv' && sources.dotenvFile === undefined) {
        throw new VariableError(
          l10n.t(
            '{0}: there is no .env file in the request file\'s folder or above it in the workspace. Create one with the line "{1}=value".',
            at,
            args[0],
          ),
          ref.span,
        );
      }
      const value = ref.root === '$processEnv' ? sources.env(args[0]) : sources.dotenv(args[0]);
      if (value === undefined) {
        throw new VariableError(
          ref.root === '$processEnv'
            ? l10n.t('{0}: the environment has no variable {1}.', at, args[0])
            : l10n.t(
                '{0}: {1} has no line "{2}=...". Add it, or check the name.',
                at,
                sources.dotenvFile ?? '.env',
                args[0],
              ),
          ref.span,
        );
      }
      return value;
    }
  }
}

/**
 * `.a.b[0].c`, `['a b'][0]` → ['a', 'a b', 0, 'c']; undefined when malformed. The empty string is the empty path.
 * The part of JSONPath REST Client's docs and its users write (`$.ticket.id`, `$.tickets[0].id`), kept by hand on
 * purpose rather than taking a JSONPath library: a reference fills in exactly one value, which `..`, `*`, filters
 * and slices cannot promise (they are refused by name), and no library with script filters (jsonpath-plus has had
 * code execution through them) runs in the extension host on a path typed in a shared file.
 */
export function parsePath(text: string): PathStep[] | undefined {
  const steps: PathStep[] = [];
  const re = /\.([A-Za-z0-9_$-]+)|\[(\d+)\]|\[\s*'((?:[^'\\]|\\.)*)'\s*\]|\[\s*"((?:[^"\\]|\\.)*)"\s*\]/y;
  let at = 0;
  while (at < text.length) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) return undefined;
    if (m[1] !== undefined) steps.push(m[1]);
    else if (m[2] !== undefined) steps.push(Number(m[2]));
    else steps.push((m[3] ?? m[4]).replace(/\\(.)/g, '$1'));
    at = re.lastIndex;
  }
  return steps;
}

export class VariableError extends Error {
  override readonly name = 'VariableError';
  /** `cap` when filling in stopped at one of FILL_LIMITS. */
  constructor(
    message: string,
    readonly span?: Span,
    readonly cap?: keyof typeof FILL_LIMITS,
  ) {
    super(message);
  }
}

/** Past these, filling in stops with a VariableError. Without them a file of a few hundred bytes whose variables
 * each refer to the next several times grows exponentially and blocks the extension host on hover or Send. */
export const FILL_LIMITS = {
  /** Characters of one filled-in text: a variable's value, a line of the request. */
  length: 1_000_000,
  /** References filled in for one request (or one hover); each variable is filled in once and then reused. */
  expansions: 10_000,
  /** Variables inside variables. */
  depth: 64,
} as const;

/**
 * Fills in the texts of one request (or one hover): each file variable is filled in once and reused (a variable
 * used a thousand times costs one expansion), and FILL_LIMITS hold across all the texts it fills.
 */
export class Expander {
  private readonly memo = new Map<string, string>();
  private readonly filling: string[] = [];
  private expansions = 0;

  constructor(private readonly ctx: VariableContext) {}

  /** `text` with every `{{...}}` filled in. */
  fill(text: string, line = 0): string {
    const refs = findReferences(text, line, 0);
    let out = '';
    let at = 0;
    for (const ref of refs) {
      const value = this.valueOf(ref);
      // Escapes are undone in the written text only: a value is never read again for braces.
      const before = unescapeBraces(text.slice(at, ref.span.start));
      if (out.length + before.length + value.length > FILL_LIMITS.length) throw capError('length', ref);
      out += before + value;
      at = ref.span.end;
    }
    return out + unescapeBraces(text.slice(at));
  }

  /** The value a reference stands for, as text; throws VariableError saying what is missing. */
  valueOf(ref: Reference): string {
    if (ref.problem) throw new VariableError(ref.problem, ref.span);
    if (++this.expansions > FILL_LIMITS.expansions) throw capError('expansions', ref);
    const ctx = this.ctx;
    switch (ref.kind) {
      case 'session':
        if (ref.root === 'subdomain') return ctx.subdomain;
        return String(ctx.me[ref.path[0] as 'id' | 'email' | 'name']);
      case 'system':
        return systemValue(ref, { ...DEFAULT_SYSTEM, ...ctx.system });
      case 'file': {
        const value = this.fileValue(ref);
        return ref.encode ? encodeURIComponent(value) : value;
      }
      case 'response': {
        const kept = ctx.responses.get(ref.root);
        if (!kept) {
          throw new VariableError(
            l10n.t('{0} needs the response of "{1}": send that request first.', `{{${ref.expression}}}`, ref.root),
            ref.span,
          );
        }
        const [part, ...inner] = ref.path;
        if (part === 'status') return String(kept.status);
        if (part === 'headers') {
          const v = kept.headers[String(inner[0])];
          if (v === undefined) {
            throw new VariableError(
              l10n.t('The response of "{0}" has no {1} header.', ref.root, String(inner[0])),
              ref.span,
            );
          }
          return v;
        }
        const found = lookup(kept.body, inner);
        if (!found.ok) {
          throw new VariableError(
            l10n.t(
              'The response of "{0}" has nothing at body{1}.',
              ref.root,
              describePath(inner.slice(0, found.depth + 1)),
            ),
            ref.span,
          );
        }
        return typeof found.value === 'string' ? found.value : JSON.stringify(found.value);
      }
    }
  }

  /** A file variable's value, filled in once per Expander. */
  private fileValue(ref: Reference): string {
    const ctx = this.ctx;
    const known = this.memo.get(ref.root);
    if (known !== undefined) return known;
    const raw = ctx.fileVariables.get(ref.root);
    if (raw === undefined) {
      throw new VariableError(
        l10n.t('{0} is not defined. Define it with "@{1} = value".', `{{${ref.expression}}}`, ref.root),
        ref.span,
      );
    }
    if (this.filling.includes(ref.root)) {
      throw new VariableError(
        l10n.t('{0} refers to itself through other variables.', `{{${ref.expression}}}`),
        ref.span,
      );
    }
    if (this.filling.length >= FILL_LIMITS.depth) throw capError('depth', ref);
    this.filling.push(ref.root);
    try {
      const value = this.fill(raw, ref.span.line);
      this.memo.set(ref.root, value);
      return value;
    } catch (e) {
      // A cap reached deep inside is reported on the reference the user wrote, not on a variable it uses.
      if (e instanceof VariableError && e.cap && this.filling.length === 1) throw capError(e.cap, ref);
      throw e;
    } finally {
      this.filling.pop();
    }
  }
}

function capError(cap: keyof typeof FILL_LIMITS, ref: Reference): VariableError {
  const at = `{{${ref.expression}}}`;
  const message =
    cap === 'length'
      ? l10n.t(
          'Filling in stops at {0}: the text grows past {1} characters. Its variables refer to each other too many times; simplify them.',
          at,
          FILL_LIMITS.length,
        )
      : cap === 'expansions'
        ? l10n.t(
            'Filling in stops at {0}: more than {1} references in one request. Use fewer variables inside variables.',
            at,
            FILL_LIMITS.expansions,
          )
        : l10n.t(
            'Filling in stops at {0}: more than {1} variables inside variables. Use fewer.',
            at,
            FILL_LIMITS.depth,
          );
  return new VariableError(message, ref.span, cap);
}

/** The value a reference stands for, as text (one reference alone, such as a hover). */
export function valueOf(ref: Reference, ctx: VariableContext): string {
  return new Expander(ctx).valueOf(ref);
}

/** `text` with every `{{...}}` filled in (one text alone; a request's texts share one Expander). */
export function fill(text: string, ctx: VariableContext, line = 0): string {
  return new Expander(ctx).fill(text, line);
}

/**
 * How long each file variable becomes once filled in, computed without filling anything in, so the parser can put
 * the length cap on the variable as you type. Session values count as empty (never an overstatement); circles and
 * chains past FILL_LIMITS.depth count as empty too (reported elsewhere).
 */
export function filledLengths(variables: ReadonlyMap<string, string>): Map<string, number> {
  const lengths = new Map<string, number>();
  const visiting = new Set<string>();
  const lengthOf = (name: string, depth: number): number => {
    const known = lengths.get(name);
    if (known !== undefined) return known;
    const raw = variables.get(name);
    if (raw === undefined || visiting.has(name) || depth > FILL_LIMITS.depth) return 0;
    visiting.add(name);
    let n = raw.length;
    for (const ref of findReferences(raw, 0, 0)) {
      n -= ref.span.end - ref.span.start;
      if (ref.kind === 'file' && !ref.problem) n += lengthOf(ref.root, depth + 1);
    }
    visiting.delete(name);
    lengths.set(name, n);
    return n;
  };
  for (const name of variables.keys()) lengthOf(name, 0);
  return lengths;
}

/** Walks a JSON value; `depth` is the index of the first step that found nothing. */
export function lookup(
  value: unknown,
  path: readonly PathStep[],
): { ok: true; value: unknown } | { ok: false; depth: number } {
  let current = value;
  for (let i = 0; i < path.length; i++) {
    const step = path[i];
    if (typeof step === 'number') {
      if (!Array.isArray(current) || step >= current.length) return { ok: false, depth: i };
      current = current[step];
    } else {
      if (
        typeof current !== 'object' ||
        current === null ||
        Array.isArray(current) ||
        !Object.prototype.hasOwnProperty.call(current, step)
      ) {
        return { ok: false, depth: i };
      }
      current = (current as Record<string, unknown>)[step];
    }
  }
  return current === undefined ? { ok: false, depth: path.length - 1 } : { ok: true, value: current };
}

export function describePath(path: readonly PathStep[]): string {
  return path.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('');
}

/** A response body as kept for references: parsed JSON, or the text when it is not JSON. */
export function keepBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
