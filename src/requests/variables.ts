// `{{...}}` in request files: finding them (with their exact columns) and filling them in from the session
// (`subdomain`, `me.id`, `me.email`, `me.name`), file variables (`@ticket = 35`), and earlier named responses
// (`{{createTicket.response.body.ticket.id}}`, `...response.headers.location`, `...response.status`).
// Nothing here ever sees a token: the session part is the account's identity only. No `vscode` import.
import type { Span } from './parser';
import * as l10n from '@vscode/l10n';

export type ReferenceKind = 'session' | 'file' | 'response';

export interface Reference {
  /** The text between the braces, trimmed. */
  expression: string;
  kind: ReferenceKind;
  /** `subdomain`/`me` for the session, the variable name, or the request name. */
  root: string;
  /** For responses: `body`, `headers` or `status`, then the path inside it. */
  path: PathStep[];
  /** The whole `{{...}}`. */
  span: Span;
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

export interface VariableContext {
  subdomain: string;
  me: { id: number; email: string; name: string };
  fileVariables: ReadonlyMap<string, string>;
  responses: ReadonlyMap<string, KeptResponse>;
}

const SESSION_FIELDS: ReadonlySet<string> = new Set(['me.id', 'me.email', 'me.name']);
const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

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
    `{{${NAME.test(root) ? root : 'name'}.response.body.field}}`,
    '{{...response.headers.name}}',
    '{{...response.status}}',
  );
  if (!NAME.test(root) || !rest.startsWith('response')) {
    return {
      ...base,
      kind: 'response',
      root,
      problem: l10n.t('{0} is not understood. {1}', `{{${expression}}}`, usage),
    };
  }
  const steps = parsePath(rest.slice('response'.length));
  if (!steps) {
    return {
      ...base,
      kind: 'response',
      root,
      problem: l10n.t('{0} has a malformed path. {1}', `{{${expression}}}`, usage),
    };
  }
  const [part, ...inner] = steps;
  if (part === 'status' && inner.length === 0) return { ...base, kind: 'response', root, path: steps };
  if (part === 'headers' && inner.length === 1 && typeof inner[0] === 'string') {
    return { ...base, kind: 'response', root, path: ['headers', inner[0].toLowerCase()] };
  }
  if (part === 'body') {
    return { ...base, kind: 'response', root, path: ['body', ...(inner[0] === '$' ? inner.slice(1) : inner)] };
  }
  return { ...base, kind: 'response', root, problem: l10n.t('{0} is not understood. {1}', `{{${expression}}}`, usage) };
}

/** `.a.b[0].c` → ['a', 'b', 0, 'c']; undefined when malformed. The empty string is the empty path. */
export function parsePath(text: string): PathStep[] | undefined {
  const steps: PathStep[] = [];
  const re = /\.([A-Za-z0-9_$-]+)|\[(\d+)\]/y;
  let at = 0;
  while (at < text.length) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) return undefined;
    steps.push(m[1] !== undefined ? m[1] : Number(m[2]));
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
    if (refs.length === 0) return text;
    let out = '';
    let at = 0;
    for (const ref of refs) {
      const value = this.valueOf(ref);
      const before = text.slice(at, ref.span.start);
      if (out.length + before.length + value.length > FILL_LIMITS.length) throw capError('length', ref);
      out += before + value;
      at = ref.span.end;
    }
    return out + text.slice(at);
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
      case 'file': {
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
