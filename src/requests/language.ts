// The editor side of `.zendesk` files: diagnostics as you type, "Send Request" / "Send All Pages" CodeLenses,
// completion of methods, endpoint paths and variables, hover with a variable's value, folding per request.
import * as vscode from 'vscode';
import type { AccountAccess, AccountInfo } from '../auth/access';
import { RequestCommands, RequestFiles } from '../constants';
import { escapeMarkdown } from '../escape';
import { ENDPOINTS, isPaged } from './endpoints';
import { METHODS, parseRequestFile, requestAt, variablesOf, type ParsedFile, type ParsedRequest } from './parser';
import { chooseAccount } from './prepare';
import { findReferences, valueOf, VariableError, type KeptResponse, type VariableContext } from './variables';

const SELECTOR: vscode.DocumentSelector = { language: RequestFiles.languageId };

/** One parse per document version (and workspace trust, which decides whether `{{$processEnv}}` may be read). */
export class ParseCache {
  private readonly cache = new Map<string, { version: number; trusted: boolean; file: ParsedFile }>();

  get(doc: vscode.TextDocument): ParsedFile {
    const key = doc.uri.toString();
    const trusted = vscode.workspace.isTrusted;
    const hit = this.cache.get(key);
    if (hit && hit.version === doc.version && hit.trusted === trusted) return hit.file;
    const file = parseRequestFile(doc.getText(), { trusted });
    this.cache.set(key, { version: doc.version, trusted, file });
    return file;
  }

  forget(doc: vscode.TextDocument): void {
    this.cache.delete(doc.uri.toString());
  }
}

/** Named responses kept per request file (uri string → name → response), for `{{name.response...}}`. */
export type ResponseMemory = Map<string, Map<string, KeptResponse>>;

export function registerLanguageFeatures(
  parses: ParseCache,
  access: AccountAccess,
  responses: ResponseMemory,
): vscode.Disposable[] {
  const diagnostics = vscode.languages.createDiagnosticCollection(RequestFiles.languageId);
  const refresh = (doc: vscode.TextDocument): void => {
    if (doc.languageId !== RequestFiles.languageId) return;
    diagnostics.set(doc.uri, parses.get(doc).diagnostics.map(toDiagnostic));
  };
  vscode.workspace.textDocuments.forEach(refresh);
  const lenses = new RequestLenses(parses);

  return [
    diagnostics,
    vscode.workspace.onDidOpenTextDocument(refresh),
    vscode.workspace.onDidChangeTextDocument((e) => refresh(e.document)),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      diagnostics.delete(doc.uri);
      parses.forget(doc);
    }),
    vscode.languages.registerCodeLensProvider(SELECTOR, lenses),
    vscode.languages.registerCompletionItemProvider(
      SELECTOR,
      new RequestCompletion(parses, responses),
      '{',
      '/',
      ' ',
      '.',
    ),
    vscode.languages.registerHoverProvider(SELECTOR, new VariableHover(parses, access, responses)),
    vscode.languages.registerFoldingRangeProvider(SELECTOR, {
      provideFoldingRanges: (doc) => foldRequests(doc, parses.get(doc)),
    }),
  ];
}

/** One fold per request: from its `###` line (or its first line) to its last line that is not blank. */
function foldRequests(doc: vscode.TextDocument, file: ParsedFile): vscode.FoldingRange[] {
  const out: vscode.FoldingRange[] = [];
  for (const r of file.requests) {
    const start = r.firstLine > 0 && doc.lineAt(r.firstLine - 1).text.startsWith('###') ? r.firstLine - 1 : r.firstLine;
    let end = Math.min(r.lastLine, doc.lineCount - 1);
    while (end > start && doc.lineAt(end).isEmptyOrWhitespace) end--;
    if (end > start) out.push(new vscode.FoldingRange(start, end, vscode.FoldingRangeKind.Region));
  }
  return out;
}

function toDiagnostic(d: ParsedFile['diagnostics'][number]): vscode.Diagnostic {
  const range = new vscode.Range(d.line, d.start, d.line, Math.max(d.end, d.start));
  const out = new vscode.Diagnostic(
    range,
    d.message,
    d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
  );
  out.source = 'zendesk';
  return out;
}

class RequestLenses implements vscode.CodeLensProvider {
  constructor(private readonly parses: ParseCache) {}

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const out: vscode.CodeLens[] = [];
    for (const r of this.parses.get(doc).requests) {
      if (r.requestLine === undefined) continue;
      const range = new vscode.Range(r.requestLine, 0, r.requestLine, 0);
      const errors = r.diagnostics.filter((d) => d.severity === 'error').length;
      out.push(
        new vscode.CodeLens(range, {
          title: errors
            ? errors > 1
              ? vscode.l10n.t('Send Request ({0} problems to fix)', errors)
              : vscode.l10n.t('Send Request (1 problem to fix)')
            : vscode.l10n.t('Send Request'),
          command: RequestCommands.send,
          arguments: [doc.uri, r.requestLine],
        }),
      );
      if (r.method === 'GET' && r.target !== undefined && isPaged('GET', r.target)) {
        out.push(
          new vscode.CodeLens(range, {
            title: vscode.l10n.t('Send All Pages'),
            command: RequestCommands.sendAllPages,
            arguments: [doc.uri, r.requestLine],
          }),
        );
      }
    }
    return out;
  }
}

class RequestCompletion implements vscode.CompletionItemProvider {
  constructor(
    private readonly parses: ParseCache,
    private readonly responses: ResponseMemory,
  ) {}

  provideCompletionItems(doc: vscode.TextDocument, pos: vscode.Position): vscode.CompletionItem[] {
    const prefix = doc.lineAt(pos.line).text.slice(0, pos.character);
    const file = this.parses.get(doc);
    const request = requestAt(file, pos.line);

    const open = /\{\{\s*([^}\s]*)$/.exec(prefix);
    if (open) return this.variables(doc, file, request, pos, open[1]);

    const onRequestLine = !request || request.requestLine === undefined || pos.line <= request.requestLine;
    if (!onRequestLine || /^\s*(#|\/\/|@)/.test(prefix)) return [];
    const path = /^\s*(GET|POST|PUT|PATCH|DELETE)\s+(\S*)$/.exec(prefix);
    if (path) {
      const range = new vscode.Range(pos.line, pos.character - path[2].length, pos.line, pos.character);
      return ENDPOINTS.filter((e) => e.method === path[1]).map((e, i) => {
        const item = new vscode.CompletionItem(
          { label: e.path, description: e.summary },
          vscode.CompletionItemKind.Value,
        );
        let n = 0;
        item.insertText = new vscode.SnippetString(
          e.path.replace(/\$/g, '\\$').replace(/\{(\w+)\}/g, (_m, name: string) => `\${${++n}:${name}}`),
        );
        item.range = range;
        item.sortText = String(i).padStart(3, '0');
        item.filterText = e.path;
        item.detail = e.cursor ? vscode.l10n.t('Cursor pages: Send All Pages applies') : undefined;
        return item;
      });
    }
    if (/^\s*[A-Za-z]*$/.test(prefix)) {
      return METHODS.map((m) => {
        const item = new vscode.CompletionItem(m, vscode.CompletionItemKind.Keyword);
        item.insertText = `${m} `;
        item.command = { command: 'editor.action.triggerSuggest', title: vscode.l10n.t('Suggest paths') };
        return item;
      });
    }
    return [];
  }

  private variables(
    doc: vscode.TextDocument,
    file: ParsedFile,
    request: ParsedRequest | undefined,
    pos: vscode.Position,
    typed: string,
  ): vscode.CompletionItem[] {
    const range = new vscode.Range(pos.line, pos.character - typed.length, pos.line, pos.character);
    const closes = doc.lineAt(pos.line).text.slice(pos.character).trimStart().startsWith('}}');
    const item = (label: string, detail: string, kind = vscode.CompletionItemKind.Variable): vscode.CompletionItem => {
      const c = new vscode.CompletionItem({ label, description: detail }, kind);
      c.insertText = closes ? label : `${label}}}`;
      c.range = range;
      return c;
    };
    const items = [
      item('subdomain', vscode.l10n.t("the account's subdomain")),
      item('me.id', vscode.l10n.t('your Zendesk user id')),
      item('me.email', vscode.l10n.t('your email')),
      item('me.name', vscode.l10n.t('your name')),
      item('$guid', vscode.l10n.t('a new UUID'), vscode.CompletionItemKind.Constant),
      item('$timestamp', vscode.l10n.t('now, in seconds since 1970'), vscode.CompletionItemKind.Constant),
      // l10n: not user-facing (system variable syntax, inserted as typed)
      item('$datetime iso8601', vscode.l10n.t('now, ISO 8601 in UTC'), vscode.CompletionItemKind.Constant),
      // l10n: not user-facing (system variable syntax, inserted as typed)
      item('$randomInt 1 100', vscode.l10n.t('a random whole number'), vscode.CompletionItemKind.Constant),
      // The variables this request sees (its own over the file's).
      ...[...variablesOf(file.variables, request?.index)].map(([n, v]) => item(n, `@${n} = ${v.value}`)),
    ];
    const kept = this.responses.get(doc.uri.toString());
    const above = file.requests.slice(0, request?.index ?? file.requests.length).filter((r) => r.name !== undefined);
    for (const r of above) {
      const name = r.name as string;
      const sent = kept?.has(name) ? vscode.l10n.t('response kept') : vscode.l10n.t('send it first');
      items.push(item(`${name}.response.body.$`, sent, vscode.CompletionItemKind.Reference));
      items.push(item(`${name}.response.status`, sent, vscode.CompletionItemKind.Reference));
      items.push(item(`${name}.response.headers.`, sent, vscode.CompletionItemKind.Reference));
      // The top-level keys of a kept body, one level down, so `createTicket.response.body.ticket.id` is a few keys away.
      const body = kept?.get(name)?.body;
      if (body && typeof body === 'object' && !Array.isArray(body)) {
        for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
          items.push(item(`${name}.response.body.${k}`, preview(v), vscode.CompletionItemKind.Field));
          if (v && typeof v === 'object' && !Array.isArray(v)) {
            for (const [k2, v2] of Object.entries(v as Record<string, unknown>)) {
              items.push(item(`${name}.response.body.${k}.${k2}`, preview(v2), vscode.CompletionItemKind.Field));
            }
          }
        }
      }
    }
    return items;
  }
}

class VariableHover implements vscode.HoverProvider {
  constructor(
    private readonly parses: ParseCache,
    private readonly access: AccountAccess,
    private readonly responses: ResponseMemory,
  ) {}

  provideHover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    const ref = findReferences(doc.lineAt(pos.line).text, pos.line, 0).find(
      (r) => pos.character >= r.span.start && pos.character <= r.span.end,
    );
    if (!ref) return undefined;
    const file = this.parses.get(doc);
    const request = requestAt(file, pos.line);
    const range = new vscode.Range(pos.line, ref.span.start, pos.line, ref.span.end);
    let account: AccountInfo | undefined;
    try {
      account = chooseAccount(request ?? { firstLine: pos.line }, this.access.accounts(), this.access.inUse());
    } catch {
      account = undefined;
    }
    const ctx: VariableContext = {
      subdomain: account?.subdomain ?? '',
      me: account
        ? { id: account.user.id, email: account.user.email, name: account.user.name }
        : { id: 0, email: '', name: '' },
      fileVariables: new Map([...variablesOf(file.variables, request?.index)].map(([n, v]) => [n, v.value])),
      responses: this.responses.get(doc.uri.toString()) ?? new Map(),
    };
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**{{${escapeMarkdown(ref.expression)}}}**\n\n`);
    if (ref.kind === 'session' && !account) {
      md.appendMarkdown(vscode.l10n.t('Not signed in: this comes from the session of the account the request uses.'));
      return new vscode.Hover(md, range);
    }
    try {
      const value = valueOf(ref, ctx);
      md.appendCodeblock(value.length > 500 ? `${value.slice(0, 500)}…` : value, 'text');
      if (ref.kind === 'session' && account) {
        md.appendMarkdown(vscode.l10n.t('From the session of {0}.', escapeMarkdown(account.label)));
      }
      if (ref.kind === 'response') {
        md.appendMarkdown(vscode.l10n.t('From the last response of "{0}".', escapeMarkdown(ref.root)));
      }
    } catch (e) {
      md.appendMarkdown(escapeMarkdown(e instanceof VariableError ? e.message : String(e)));
    }
    return new vscode.Hover(md, range);
  }
}

function preview(v: unknown): string {
  const s = typeof v === 'string' ? v : (JSON.stringify(v) ?? '');
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
