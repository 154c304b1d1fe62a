// From a parsed request to what is sent: which account, the variables filled in, the target checked against the
// account's host, the body checked as JSON. Anything wrong stops here, before a token is asked for or a byte is
// sent. No `vscode` import.
import { NotSignedInError } from '../auth/errors';
import type { AccountInfo } from '../auth/access';
import { accountNamed } from '../auth/accounts';
import { HostNotAllowedError } from '../zendesk/errors';
import { isTokenHostAllowed, originOf } from '../zendesk/subdomain';
import { jsonProblem, type Method, type ParsedFile, type ParsedRequest } from './parser';
import { Expander, VariableError, type KeptResponse, type VariableContext } from './variables';
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
  body?: string;
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
}

export function prepareRequest(input: PrepareInput): PreparedRequest {
  const { request: r, file } = input;
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

  const account = chooseAccount(r, input.accounts, input.inUse);
  const ctx: VariableContext = {
    subdomain: account.subdomain,
    me: { id: account.user.id, email: account.user.email, name: account.user.name },
    fileVariables: new Map(file.variables.map((v) => [v.name, v.value])),
    responses: input.responses,
  };
  // One Expander for every text of the request: each variable is filled in once, and the caps hold for the whole.
  const expander = new Expander(ctx);
  const filled = (text: string, line: number): string => {
    try {
      return expander.fill(text, line);
    } catch (e) {
      if (e instanceof VariableError) throw new RequestProblem(l10n.t('Line {0}: {1}', line + 1, e.message), line);
      throw e;
    }
  };

  const requestLine = r.requestLine ?? r.firstLine;
  const target = filled(r.target, requestLine);
  const url = absoluteUrl(target, account, requestLine);
  const headers: Record<string, string> = {};
  for (const h of r.headers) headers[h.name] = filled(h.value, h.span.line);
  let body: string | undefined;
  if (r.body !== undefined) {
    const bodyLine = r.bodyFirstLine ?? requestLine;
    body = r.body
      .split('\n')
      .map((l, i) => filled(l, bodyLine + i))
      .join('\n');
    const problem = jsonProblem(body);
    if (problem) {
      throw new RequestProblem(
        l10n.t(
          'Line {0}: with its variables filled in, the body is not valid JSON: {1}.',
          bodyLine + 1,
          problem.message,
        ),
        bodyLine,
      );
    }
  }
  return { method: r.method, account, target: target.startsWith('/') ? target : url, url, headers, body, name: r.name };
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
