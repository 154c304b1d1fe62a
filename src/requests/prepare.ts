// From a parsed request to what is sent: which account, the variables filled in, the target checked against the
// account's host, the body checked as JSON. Anything wrong stops here, before a token is asked for or a byte is
// sent. No `vscode` import.
import { NotSignedInError } from '../auth/errors';
import type { AccountInfo } from '../auth/access';
import { accountNamed } from '../auth/accounts';
import { HostNotAllowedError } from '../zendesk/errors';
import { isTokenHostAllowed, originOf } from '../zendesk/subdomain';
import { jsonProblem, variablesOf, type Method, type ParsedFile, type ParsedRequest } from './parser';
import {
  Expander,
  findReferences,
  VariableError,
  type KeptResponse,
  type Reference,
  type VariableContext,
} from './variables';
import type { LoadedBodyFile } from './bodyFile';
import type { DotenvFile } from './dotenvFile';
import * as l10n from '@vscode/l10n';

/** A request ready to send: no variables left, the account chosen, the target on its host. */
export interface PreparedRequest {
  method: Method;
  account: AccountInfo;
  /** `/api/v2/...` (query included), or an absolute URL already checked against the account's host. */
  target: string;
  /** The absolute URL, for titles, history and cURL. */
  url: string;
  headers: Record<string, string>;
  /** Text, or the bytes of a `< ./file` body. */
  body?: string | Uint8Array;
  /** `< ./file` / `<@ ./file` as written, when the body came from a file. */
  bodyFile?: string;
  /** The request's `# @name`, to keep its response for later references. */
  name?: string;
}

/** Why a request cannot be sent; `line` is 0-based in the file when known. */
export class RequestProblem extends Error {
  override readonly name = 'RequestProblem';
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

export interface PrepareInput {
  file: ParsedFile;
  request: ParsedRequest;
  accounts: readonly AccountInfo[];
  inUse: AccountInfo | undefined;
  responses: ReadonlyMap<string, KeptResponse>;
  /** The body file of a `< ./file` request, read by the caller (bodyFile.ts). */
  bodyFile?: LoadedBodyFile;
  /** The answers to the request's `# @prompt`s. */
  prompted?: ReadonlyMap<string, string>;
  /** Workspace trust: `{{$processEnv}}` and `{{$dotenv}}` are read only in a trusted workspace. */
  trusted?: boolean;
  /** The request file's `.env` (dotenvFile.ts), read by the caller when the request uses `{{$dotenv}}`. */
  dotenv?: DotenvFile;
}

/** A `# @prompt` whose name looks like a secret is typed like a password (hidden as it is typed). */
export function looksSecret(name: string): boolean {
  return /pass(word|wd|phrase)?|secret|token|api[_-]?key|credential|(^|[_-])pin($|[_-])|otp/i.test(name);
}

/** The request's own problems and the file's (a broken variable); throws RequestProblem naming the first. */
export function checkRequest(
  file: ParsedFile,
  r: ParsedRequest,
): asserts r is ParsedRequest & { method: Method; target: string } {
  const errors = [...r.diagnostics, ...fileLevelErrors(file)].filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    const first = errors[0];
    const more =
      errors.length > 1
        ? errors.length > 2
          ? l10n.t(' (and {0} more problems)', errors.length - 1)
          : l10n.t(' (and 1 more problem)')
        : '';
    throw new RequestProblem(l10n.t('Line {0}: {1}{2}', first.line + 1, first.message, more), first.line);
  }
  if (!r.method || r.target === undefined) {
    throw new RequestProblem(l10n.t('This block has no request line to send.'), r.firstLine);
  }
}

/**
 * The named requests whose responses this one needs and that have not answered yet in this session: those its
 * `{{name.response...}}` references name, directly or through the file variables it uses, and its `# @ref`s. In
 * file order, so sending them one by one sends each before whoever needs it.
 */
export function responsesNeeded(
  file: ParsedFile,
  r: ParsedRequest,
  kept: ReadonlyMap<string, KeptResponse>,
): ParsedRequest[] {
  const values = new Map([...variablesOf(file.variables, r.index)].map(([name, v]) => [name, v.value]));
  const names = new Set(r.refs.map((x) => x.name));
  const seenVariables = new Set<string>();
  const visit = (refs: readonly Reference[]): void => {
    for (const ref of refs) {
      if (ref.kind === 'response') names.add(ref.root);
      else if (ref.kind === 'file' && !seenVariables.has(ref.root)) {
        seenVariables.add(ref.root);
        const value = values.get(ref.root);
        if (value !== undefined) visit(findReferences(value, 0, 0));
      }
    }
  };
  visit(r.references);
  return file.requests.filter(
    (x) => x.index < r.index && x.name !== undefined && names.has(x.name) && !kept.has(x.name),
  );
}

/** Whether sending the request may read `{{$dotenv}}`: in its own texts, the file's variables or a `<@` body file. */
export function usesDotenv(file: ParsedFile, r: ParsedRequest, bodyFile?: LoadedBodyFile): boolean {
  const mentions = (text: string): boolean => findReferences(text, 0, 0).some((x) => x.root === '$dotenv');
  return (
    r.references.some((x) => x.root === '$dotenv') ||
    file.variables.some((v) => mentions(v.value)) ||
    (r.bodyFile?.substitute === true && bodyFile !== undefined && mentions(new TextDecoder().decode(bodyFile.bytes)))
  );
}

export function prepareRequest(input: PrepareInput): PreparedRequest {
  const { request: r, file } = input;
  checkRequest(file, r);

  // What this request sees: its own variables over the file's (httpYac's scopes, parser.ts).
  const fileVariables = new Map([...variablesOf(file.variables, r.index)].map(([name, v]) => [name, v.value]));
  // A prompted value is taken as typed: it is not a template, so braces in a password are not read as a variable.
  for (const [name, value] of input.prompted ?? []) {
    if (value.includes('{{')) {
      throw new RequestProblem(l10n.t('The value for "{0}" cannot contain "{{": type it without.', name));
    }
    fileVariables.set(name, value);
  }
  const requestLine = r.requestLine ?? r.firstLine;
  const contextOf = (account: AccountInfo): VariableContext => ({
    subdomain: account.subdomain,
    me: { id: account.user.id, email: account.user.email, name: account.user.name },
    fileVariables,
    responses: input.responses,
    system: {
      trusted: input.trusted === true,
      dotenv: (name) =>
        input.dotenv && Object.hasOwn(input.dotenv.values, name) ? input.dotenv.values[name] : undefined,
      dotenvFile: input.dotenv?.shown,
    },
  });
  // One Expander for every text of the request: each variable is filled in once, and the caps hold for the whole.
  const filler = (expander: Expander) => (text: string, line: number) => {
    try {
      return expander.fill(text, line);
    } catch (e) {
      if (e instanceof VariableError) throw new RequestProblem(l10n.t('Line {0}: {1}', line + 1, e.message), line);
      throw e;
    }
  };

  // The account comes from `# @account`, else from the URL once its variables are filled in
  // (`@base = https://acme.zendesk.com` then `GET {{base}}/api/v2/...`), else it is the one in use. Only
  // `{{subdomain}}` and `{{me...}}` depend on the account: the URL is filled in with the one in use to find it.
  let account: AccountInfo;
  const provisional = input.inUse ?? input.accounts[0];
  if (r.account === undefined && r.target.includes('{{') && provisional) {
    const target = filler(new Expander(contextOf(provisional)))(r.target, requestLine);
    account = chooseAccount({ ...r, target }, input.accounts, input.inUse);
  } else account = chooseAccount(r, input.accounts, input.inUse);

  const filled = filler(new Expander(contextOf(account)));
  const target = filled(r.target, requestLine);
  const url = absoluteUrl(target, account, requestLine);
  const headers: Record<string, string> = {};
  for (const h of r.headers) headers[h.name] = filled(h.value, h.span.line);
  const body = bodyOf(r, input.bodyFile, headers, filled);
  return {
    method: r.method,
    account,
    target: target.startsWith('/') ? target : url,
    url,
    headers,
    body,
    bodyFile: input.bodyFile?.written,
    name: r.name,
  };
}

/** The body text with its variables filled in (checked as JSON), or a body file's bytes or filled-in text. */
function bodyOf(
  r: ParsedRequest,
  loaded: LoadedBodyFile | undefined,
  headers: Record<string, string>,
  filled: (text: string, line: number) => string,
): string | Uint8Array | undefined {
  const contentTypeKey = Object.keys(headers).find((h) => h.toLowerCase() === 'content-type');
  if (r.bodyFile) {
    if (!loaded) throw new RequestProblem(l10n.t('The body file was not read.'), r.bodyFile.span.line);
    // Without a Content-Type of its own, the file's extension names it (Zendesk's uploads want the real type); an
    // unknown one goes as application/binary, as in Zendesk's upload examples.
    if (contentTypeKey === undefined) {
      headers['Content-Type'] =
        loaded.contentType ?? (r.bodyFile.substitute ? 'application/json' : 'application/binary');
    }
    if (!r.bodyFile.substitute) return loaded.bytes;
    const line = r.bodyFile.span.line;
    const text = new TextDecoder('utf-8').decode(loaded.bytes);
    const body = text
      .split('\n')
      .map((l) => filled(l, line))
      .join('\n');
    const type = headers[contentTypeKey ?? 'Content-Type'];
    const problem = /json/i.test(type) ? jsonProblem(body) : undefined;
    if (problem) {
      throw new RequestProblem(
        l10n.t(
          'Line {0}: with its variables filled in, "{1}" is not valid JSON: {2}.',
          line + 1,
          loaded.written,
          problem.message,
        ),
        line,
      );
    }
    return body;
  }
  if (r.body === undefined) return undefined;
  const bodyLine = r.bodyFirstLine ?? r.requestLine ?? r.firstLine;
  const body = r.body
    .split('\n')
    .map((l, i) => filled(l, bodyLine + i))
    .join('\n');
  // A form body (application/x-www-form-urlencoded) goes as written; only JSON is checked.
  const problem = r.bodyType === 'json' ? jsonProblem(body) : undefined;
  if (problem) {
    throw new RequestProblem(
      l10n.t('Line {0}: with its variables filled in, the body is not valid JSON: {1}.', bodyLine + 1, problem.message),
      bodyLine,
    );
  }
  return body;
}

function fileLevelErrors(file: ParsedFile): ParsedFile['diagnostics'] {
  const inRequests = new Set(file.requests.flatMap((r) => r.diagnostics));
  return file.diagnostics.filter((d) => !inRequests.has(d));
}

/** `# @account` (subdomain or SUBDOMAIN/USER_ID), else the account whose host an absolute URL names, else the one in use. */
export function chooseAccount(
  r: Pick<ParsedRequest, 'account' | 'target' | 'requestLine' | 'firstLine'>,
  accounts: readonly AccountInfo[],
  inUse: AccountInfo | undefined,
): AccountInfo {
  if (r.account !== undefined) {
    // None or several: typed errors, so the message offers a Sign In button or names the ids (ui/errorText.ts).
    return accountNamed(accounts, r.account);
  }
  if (r.target !== undefined && /^https?:\/\//i.test(r.target) && !r.target.startsWith('{{')) {
    const byHost =
      accounts.find((a) => a.accountId === inUse?.accountId && isTokenHostAllowed(r.target as string, a.baseUrl)) ??
      accounts.find((a) => isTokenHostAllowed(r.target as string, a.baseUrl));
    if (byHost) return byHost;
    throw new HostNotAllowedError(
      l10n.t(
        "Refusing to send: {0} is not the address of a signed-in Zendesk account, and a token goes only to its own account's host.",
        originOf(r.target, l10n.t('that address')),
      ),
    );
  }
  if (!inUse) throw new NotSignedInError();
  return inUse;
}

function absoluteUrl(target: string, account: AccountInfo, line: number): string {
  if (/^\/(?!\/)/.test(target)) return `${account.baseUrl}${target}`;
  if (!/^https?:\/\//i.test(target)) {
    throw new RequestProblem(
      l10n.t('Line {0}: "{1}" is neither a path starting with "/" nor a full address.', line + 1, target),
      line,
    );
  }
  if (!isTokenHostAllowed(target, account.baseUrl)) {
    throw new HostNotAllowedError(
      l10n.t(
        "Refusing to send: {0} is not {1}'s address ({2}); a token goes only to its own account's host.",
        originOf(target, l10n.t('that address')),
        account.subdomain,
        account.baseUrl,
      ),
    );
  }
  return new URL(target).toString();
}
