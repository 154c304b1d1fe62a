// What `zendesk-token` reads from its command line and what `exec` gives the command it runs. Pure functions,
// unit-tested; helperMain.ts does the I/O.
import { EXEC_ENV, LendError, parseScopeList, type TokenAnswer } from './protocol';
import * as l10n from '@vscode/l10n';

/** Set by the launcher when it added ELECTRON_RUN_AS_NODE=1 itself: `exec` removes both, so an Electron program the
 * command starts (VS Code's `code`, for one) is not turned into Node by a variable it never asked for. */
export const LAUNCHER_ADDED_ELECTRON = 'ZENDESK_LEND_ELECTRON_ADDED';

export type Invocation =
  | { command: 'token'; account?: string; scopes: string[] }
  | { command: 'exec'; account?: string; scopes: string[]; argv: string[] }
  | { command: 'mcp'; account?: string }
  | { command: 'help' };

export function usage(): string {
  return [
    l10n.t('Usage:'),
    l10n.t('  zendesk-token [--account NAME] [--scopes "read tickets:write"]'),
    l10n.t('  zendesk-token exec [--account NAME] [--scopes SCOPES] -- COMMAND [ARGS...]'),
    l10n.t('  zendesk-token mcp [--account NAME]'),
    '',
    l10n.t('Prints an OAuth access token of the Zendesk account signed in in VS Code (default scope: read).'),
    l10n.t('exec runs COMMAND with ZENDESK_SUBDOMAIN and ZENDESK_OAUTH_TOKEN set for it alone.'),
    l10n.t('mcp runs a Zendesk MCP server on stdio.'),
  ].join('\n');
}

/** Reads the arguments; a LendError('bad_request') says what is wrong and how to write it. */
export function parseInvocation(args: readonly string[]): Invocation {
  const rest = [...args];
  const first = rest[0];
  const command: 'token' | 'exec' | 'mcp' = first === 'exec' || first === 'mcp' || first === 'token' ? first : 'token';
  if (command === first) rest.shift();
  let account: string | undefined;
  let scopesText: string | undefined;
  while (rest.length) {
    const a = rest.shift() as string;
    if (a === '--') break;
    if (a === '-h' || a === '--help') return { command: 'help' };
    const [name, inline] =
      a.startsWith('--') && a.includes('=')
        ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
        : [a, undefined];
    if (name === '--account' || name === '--scopes') {
      const value = inline ?? rest.shift();
      if (value === undefined || value === '') {
        throw new LendError('bad_request', l10n.t('{0} needs a value.', name));
      }
      if (name === '--account') account = value;
      else scopesText = value;
      continue;
    }
    if (command === 'exec' && !a.startsWith('-')) {
      rest.unshift(a);
      break;
    }
    throw new LendError('bad_request', l10n.t('Unknown argument "{0}"; see zendesk-token --help.', a));
  }
  if (command === 'mcp') return { command, account };
  const scopes = parseScopeList(scopesText ?? '');
  if (command === 'exec') {
    if (!rest.length) {
      throw new LendError('bad_request', l10n.t('Name the command to run: zendesk-token exec -- COMMAND [ARGS...]'));
    }
    return { command, account, scopes, argv: rest };
  }
  if (rest.length) {
    throw new LendError('bad_request', l10n.t('Unknown argument "{0}"; see zendesk-token --help.', rest[0] as string));
  }
  return { command, account, scopes };
}

/** The environment of the command `exec` runs: the helper's own, with zcli's two variables added. */
export function execEnvironment(base: NodeJS.ProcessEnv, answer: TokenAnswer): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...base,
    [EXEC_ENV.subdomain]: answer.subdomain,
    [EXEC_ENV.token]: answer.accessToken,
  };
  if (env[LAUNCHER_ADDED_ELECTRON] === '1') {
    delete env.ELECTRON_RUN_AS_NODE;
    delete env[LAUNCHER_ADDED_ELECTRON];
  }
  return env;
}

/** The exit status of a command that ended with `code` or by `signal`, as a shell reports it. */
export function exitStatus(
  code: number | null,
  signal: NodeJS.Signals | null,
  signals: Record<string, number>,
): number {
  if (code !== null) return code;
  return 128 + (signal ? (signals[signal] ?? 1) : 1);
}
