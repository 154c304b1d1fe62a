// `zendesk-token`: the helper the integrated terminals find on their PATH (bin/zendesk-token runs this bundle,
// dist/zendesk-token.js, with VS Code's own Node). It prints a token and nothing else on stdout, so
// `$(zendesk-token)` is the token; every problem goes to stderr with a non-zero exit status.
import { spawn } from 'node:child_process';
import * as os from 'node:os';
import { execEnvironment, exitStatus, parseInvocation, usage } from './cli';
import { channelFromEnv, requestToken } from './ipcClient';
import { LendError } from './protocol';
import * as l10n from '@vscode/l10n';

/** Every problem goes to stderr, named after the helper, so `$(zendesk-token)` never holds it. */
function fail(message: string): void {
  process.stderr.write(`zendesk-token: ${message}\n`);
}

async function main(): Promise<number> {
  const inv = parseInvocation(process.argv.slice(2));
  if (inv.command === 'help') {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  const channel = channelFromEnv(process.env);
  if (inv.command === 'mcp') {
    const { runMcpServer } = await import('./mcpServer');
    await runMcpServer({ channel, account: inv.account });
    return 0;
  }
  const answer = await requestToken(channel, { account: inv.account, scopes: inv.scopes });
  if (inv.command === 'token') {
    process.stdout.write(`${answer.accessToken}\n`);
    return 0;
  }
  const [cmd, ...args] = inv.argv;
  const child = spawn(cmd as string, args, {
    stdio: 'inherit',
    env: execEnvironment(process.env, answer),
    // Windows runs npm-installed commands (zcli.cmd) only through the shell.
    shell: process.platform === 'win32',
  });
  const forward = (s: NodeJS.Signals) => () => child.kill(s);
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, forward(s));
  return new Promise<number>((resolve) => {
    child.on('error', (e: NodeJS.ErrnoException) => {
      const why = e.code === 'ENOENT' ? l10n.t('not found on PATH') : e.message;
      fail(l10n.t('cannot run {0}: {1}', cmd ?? '', why));
      resolve(127);
    });
    child.on('exit', (code, signal) => resolve(exitStatus(code, signal, os.constants.signals)));
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    fail(e instanceof Error ? e.message : String(e));
    process.exitCode = e instanceof LendError && e.code === 'bad_request' ? 2 : 1;
  },
);
