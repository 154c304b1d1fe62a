// Finds user-facing English that does not go through `vscode.l10n.t` / `l10n.t`, and `t()` calls whose key cannot be
// extracted or whose placeholders do not match their arguments. Plain Node over the TypeScript compiler API.
import { createRequire } from 'node:module';
import type * as TS from 'typescript';

// Loaded at run time, not bundled into the test: the compiler is large and the test only reads syntax trees.
const ts = createRequire(__filename)('typescript') as typeof TS;

/** The line comment that marks a literal as not meant for a person; the reason in parentheses is required. */
export const EXEMPT_MARK = /\/\/\s*l10n: not user-facing \(([^)]+)\)/;

export interface Finding { file: string; line: number; text: string; why: string }

// Loggers write for developers, in English: `log.info(...)`, `this.deps.log?.warn(...)`, `channel.appendLine(...)`.
const LOG_METHODS = new Set(['trace', 'debug', 'info', 'warn', 'error']);
const LOG_OBJECT = /(^|\.)(log|logger|channel)$/i;
const CHANNEL_METHODS = new Set(['append', 'appendLine']);
// Where VS Code shows a string to a person whatever it looks like: a button label is often one word.
const SINK_PROPERTIES = new Set(['label', 'description', 'detail', 'tooltip', 'title', 'placeHolder', 'placeholder', 'prompt', 'validationMessage', 'text', 'message']);
const MESSAGE_CALLS = /^(vscode\.)?window\.show(Information|Warning|Error)Message$/;

function calleeText(call: TS.CallExpression): string {
  return call.expression.getText().replace(/\?\./g, '.').replace(/\s+/g, '');
}

/** `vscode.l10n.t(...)` or `l10n.t(...)` (the `@vscode/l10n` import). */
export function isTranslateCall(node: TS.Node): node is TS.CallExpression {
  return ts.isCallExpression(node) && /^(vscode\.)?l10n\.t$/.test(calleeText(node));
}

function isLoggerCall(call: TS.CallExpression): boolean {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const method = callee.name.text;
  const object = callee.expression.getText().replace(/\?\./g, '.').replace(/\?$/, '');
  return (LOG_METHODS.has(method) && LOG_OBJECT.test(object)) || (CHANNEL_METHODS.has(method) && /channel$/i.test(object));
}

/** The static text of a literal, `${}` parts replaced by a space-free marker. */
function literalText(node: TS.StringLiteral | TS.NoSubstitutionTemplateLiteral | TS.TemplateExpression): string {
  if (ts.isTemplateExpression(node)) return node.head.text + node.templateSpans.map((s) => '\u0000' + s.literal.text).join('');
  return node.text;
}

/**
 * Whether a string reads as prose meant for a person: two words, or a word with a sentence's end. Identifiers, URLs,
 * paths, MIME types, header names, CSS and search syntax have no space between two words, or are recognised below.
 */
export function looksLikeProse(raw: string): boolean {
  // Markup is not prose, the text between tags may be; attribute values stay (an aria-label is read aloud).
  const text = raw.replace(/<style[^>]*>[^]*?<\/style>/g, ' ').replace(/<[/!]?[a-zA-Z][^>]*>/g, ' ').replace(/&[a-z]+;|&#\d+;/g, ' ').replace(/\u0000/g, ' ').trim();
  if (!/[A-Za-z]{2}/.test(text)) return false;
  if (/^(https?|vscode|file|data):/i.test(text)) return false;
  // A Content-Security-Policy: "default-src 'none'; form-action 'none'".
  if (/(^|;\s*)[a-z]+(-[a-z]+)+ '(none|self|unsafe-inline|nonce-)/.test(text)) return false;
  // A MIME type with parameters: "text/plain; charset=utf-8".
  if (/^[\w-]+\/[\w.+-]+(;\s*[\w-]+=[\w-]+)*$/.test(text)) return false;
  // Two words: a word of two letters or more, a space, another word.
  if (/[A-Za-z]{2,}[,;:)"']?\s+[("']?[A-Za-z]/.test(text)) return true;
  // Words kept apart by filled-in values: `Ticket ${id}: ${subject}, from ${who}`. A value is not a word.
  const words = text.split(/\s+/).filter((w) => /^[("']?[A-Za-z][a-z'-]+[,.;:!?…)"']*$/.test(w) && !/-src$/.test(w));
  if (words.length >= 2 && /\s/.test(raw.replace(/<[^>]*>/g, ''))) return true;
  // A word that introduces a value: "Copied ${url}", "Scopes: ${list}", "Opening #${id}" (not an HTTP auth scheme).
  if (/^[A-Z][a-z]+:?\s+#?\u0000/.test(raw) && !/^(Bearer|Basic)\s/.test(raw)) return true;
  // One word that ends a sentence: "Cancelled.", "Loading…" (not "zendesk." or "file.json").
  if (/^[A-Z][A-Za-z'-]+[.?!]$/.test(text) || /[A-Za-z]{2,}…$/.test(text)) return true;
  // One capitalised word between tags of a page: a button, a heading, a label.
  return /<[a-zA-Z][^>]*>/.test(raw) && /^[A-Z][a-z]+$/.test(text);
}

/** A label a person reads: one capitalised word ("Allow", "Retry") or more. */
function looksLikeLabel(text: string): boolean {
  // A filled-in value counts as a word: `Now ${status}` is a label.
  return /[A-Za-z]{2}/.test(text.replace(/\u0000/g, '')) && /^[A-Z][a-z]+(\s+[A-Za-z]+)*…?$/.test(text.replace(/\u0000/g, 'Value').trim());
}

/** A mark on the line of the literal or of a statement around it, or on the line above, exempts it. */
function exempted(source: TS.SourceFile, node: TS.Node): boolean {
  const lines = source.text.split('\n');
  for (let n: TS.Node = node; !ts.isSourceFile(n); n = n.parent) {
    const line = source.getLineAndCharacterOfPosition(n.getStart(source)).line;
    if (EXEMPT_MARK.test(lines[line] ?? '') || EXEMPT_MARK.test(lines[line - 1] ?? '')) return true;
  }
  return false;
}

function inside(node: TS.Node, test: (n: TS.Node) => boolean): boolean {
  for (let n = node.parent; n; n = n.parent) if (test(n)) return true;
  return false;
}

function isModuleSpecifier(node: TS.Node): boolean {
  const p = node.parent;
  return ts.isImportDeclaration(p) || ts.isExportDeclaration(p) || ts.isExternalModuleReference(p) ||
    (ts.isCallExpression(p) && (p.expression.getText() === 'require' || p.expression.kind === ts.SyntaxKind.ImportKeyword));
}

/** Where a literal is a name, not text: types, property keys, `case 'x':` of a type's union, element access keys. */
function isName(node: TS.Node): boolean {
  const p = node.parent;
  return ts.isLiteralTypeNode(p) || (ts.isPropertyAssignment(p) && p.name === node) || (ts.isPropertySignature(p) && p.name === node) ||
    (ts.isElementAccessExpression(p) && p.argumentExpression === node) || (ts.isMethodDeclaration(p) && p.name === node);
}

/** Names passed as buttons to `show…Message`: `const allow = 'Allow'; showWarningMessage(q, allow)`. */
function buttonNames(source: TS.SourceFile): Set<string> {
  const names = new Set<string>();
  const visit = (n: TS.Node): void => {
    if (ts.isCallExpression(n) && MESSAGE_CALLS.test(calleeText(n))) n.arguments.slice(1).forEach((a) => { if (ts.isIdentifier(a)) names.add(a.text); });
    ts.forEachChild(n, visit);
  };
  visit(source);
  return names;
}

/** Whether the literal sits where VS Code shows it to a person even when it is one word: a button, an item's label. */
function inSink(node: TS.Node, hostFile: boolean, buttons: Set<string>): boolean {
  const p = node.parent;
  if (ts.isVariableDeclaration(p) && p.initializer === node && ts.isIdentifier(p.name) && buttons.has(p.name.text)) return true;
  if (ts.isPropertyAssignment(p) && p.initializer === node && ts.isIdentifier(p.name) && SINK_PROPERTIES.has(p.name.text)) return true;
  if (ts.isCallExpression(p) && MESSAGE_CALLS.test(calleeText(p)) && p.arguments.indexOf(node as TS.Expression) > 0) return true;
  // `if (choice === 'Retry')`: a button compared as English would never match a translated button.
  if (hostFile && ts.isBinaryExpression(p) && [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken].includes(p.operatorToken.kind)) return true;
  return false;
}

/** Unwrapped user-facing literals in one file's text. */
export function findUnwrapped(file: string, text: string): Finding[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.js') ? ts.ScriptKind.JS : ts.ScriptKind.TS);
  const found: Finding[] = [];
  // Buttons are compared in the extension host; elsewhere (a page's script) a comparison is with key names and ids.
  const hostFile = /^import \* as vscode from 'vscode'/m.test(text);
  const buttons = buttonNames(source);
  const visit = (node: TS.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) {
      const value = literalText(node);
      const flagged = !isModuleSpecifier(node) && !isName(node) &&
        (looksLikeProse(value) || (inSink(node, hostFile, buttons) && looksLikeLabel(value)));
      if (flagged && !isTranslateKey(node) && !inside(node, (n) => ts.isCallExpression(n) && isLoggerCall(n)) && !exempted(source, node)) {
        const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
        found.push({ file, line, text: value.replace(/\u0000/g, '${…}'), why: 'user-facing text outside l10n.t' });
      }
      if (ts.isTemplateExpression(node)) node.templateSpans.forEach((s) => visit(s.expression));
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The message argument of a `t()` call (not the values it fills in), and anything inside it. */
function isTranslateKey(node: TS.Node): boolean {
  for (let n: TS.Node = node; n.parent; n = n.parent) {
    if (isTranslateCall(n.parent)) return n.parent.arguments[0] === n;
  }
  return false;
}

/**
 * `t()` calls whose first argument is not a plain string (the key must be extractable into a bundle), or whose `{0}`,
 * `{1}`… or `{name}` placeholders do not match the values passed.
 */
export function findBadCalls(file: string, text: string): Finding[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.js') ? ts.ScriptKind.JS : ts.ScriptKind.TS);
  const found: Finding[] = [];
  const visit = (node: TS.Node): void => {
    if (isTranslateCall(node)) {
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      const [key, ...values] = node.arguments;
      if (!key || !(ts.isStringLiteral(key) || ts.isNoSubstitutionTemplateLiteral(key))) {
        found.push({ file, line, text: key ? key.getText(source) : '', why: 'the message must be one string literal (no ${}, no concatenation), so it can be extracted as a key' });
      } else {
        const problem = placeholderProblem(key.text, values);
        if (problem) found.push({ file, line, text: key.text, why: problem });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function placeholderProblem(message: string, values: readonly TS.Expression[]): string | undefined {
  const used = [...message.matchAll(/\{([^{}\s]+)\}/g)].map((m) => m[1]);
  const numbered = used.filter((u) => /^\d+$/.test(u)).map(Number);
  const named = used.filter((u) => !/^\d+$/.test(u));
  if (named.length) {
    const record = values[0];
    if (values.length !== 1 || !ts.isObjectLiteralExpression(record)) return `named placeholders {${named.join('}, {')}} need one object literal of values`;
    const given = new Set(record.properties.map((p) => (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : '')));
    const missing = named.filter((n) => !given.has(n));
    const extra = [...given].filter((g) => !named.includes(g));
    if (missing.length || extra.length) return `placeholders and values differ: missing ${missing.join(', ') || 'none'}, unused ${extra.join(', ') || 'none'}`;
    return undefined;
  }
  const count = numbered.length ? Math.max(...numbered) + 1 : 0;
  for (let i = 0; i < count; i++) if (!numbered.includes(i)) return `placeholder {${i}} is skipped`;
  if (values.length === 1 && ts.isObjectLiteralExpression(values[0])) return 'an object of values needs named placeholders';
  if (count !== values.length) return `${count} placeholder(s) but ${values.length} value(s)`;
  return undefined;
}

/** The messages of a file's `t()` calls (the keys of l10n/bundle.l10n.json), in source order. */
export function collectMessages(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.js') ? ts.ScriptKind.JS : ts.ScriptKind.TS);
  const out: string[] = [];
  const visit = (node: TS.Node): void => {
    if (isTranslateCall(node)) {
      const key = node.arguments[0];
      if (key && (ts.isStringLiteral(key) || ts.isNoSubstitutionTemplateLiteral(key))) out.push(key.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** The English bundle of the sources given: every message once, keyed by itself, sorted for stable diffs. */
export function englishBundle(files: readonly { file: string; text: string }[]): Record<string, string> {
  const messages = [...new Set(files.flatMap((f) => collectMessages(f.file, f.text)))].sort();
  return Object.fromEntries(messages.map((m) => [m, m]));
}
