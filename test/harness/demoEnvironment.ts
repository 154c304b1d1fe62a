// What `npm run demo` (and its `--tour`) starts: the VS Code harness installed if it is missing, the packaged
// .vsix, the Zendesk sandbox, and code-server with that .vsix installed the way a user installs one, the sandbox
// account already in the user settings. `stop()` ends everything it started.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { FIXTURES, startSandbox, type Sandbox } from '../sandbox';
import {
  cacheDir,
  checkInstalled,
  freePort,
  newWorkspace,
  repoRoot,
  startCodeServer,
  type CodeServer,
} from './codeServer';

export interface DemoOptions {
  tickets: number;
  sandboxPort: number;
  /** Also install the session-consumer fixture (the tour's "another extension" step). */
  withSessionConsumer?: boolean;
  /** Progress lines. */
  say: (line: string) => void;
}

export interface DemoEnvironment {
  sandbox: Sandbox;
  server: CodeServer;
  workspace: string;
  loopbackPort: number;
  /** The redirect URL the extension sends from this code-server (its port proxy), registered at the sandbox. */
  redirectUri: string;
  stop(): Promise<void>;
}

export const sessionConsumerPath = path.join(repoRoot, 'test', 'fixtures', 'session-consumer');

/** Runs a command with inherited output; rejects with `what` when it fails. */
export function run(cmd: string, args: string[], what: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd: repoRoot, stdio: 'inherit', env });
    p.once('error', reject);
    p.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${what} failed (exit ${code ?? signal})`)),
    );
  });
}

/** The VS Code harness (code-server on Node 24, Chromium), installed by scripts/setup-vscode.sh into the tests' cache. */
export async function ensureVsCode(say: (line: string) => void): Promise<void> {
  try {
    checkInstalled();
    say(`VS Code (code-server 4.139.1) is installed in ${cacheDir}`);
    return;
  } catch {
    say(
      `VS Code is not installed yet: installing code-server 4.139.1 on Node 24 and Chromium into ${cacheDir} (once; a few minutes)…`,
    );
  }
  await run(
    'bash',
    [path.join(repoRoot, 'scripts', 'setup-vscode.sh')],
    'installing VS Code (scripts/setup-vscode.sh)',
  );
  checkInstalled();
}

/** `npm run package` into the runs folder; its own line prints the size and the file count. */
export async function packageExtension(say: (line: string) => void): Promise<string> {
  const vsix = path.join(repoRoot, '.vscode-test', 'demo', 'zendesk-vscode.vsix');
  say('packaging the extension (npm run package)…');
  await run('node', [path.join(repoRoot, 'scripts', 'package.mjs'), '--out', vsix], 'packaging the extension');
  return vsix;
}

export async function startDemo(o: DemoOptions): Promise<DemoEnvironment> {
  await ensureVsCode(o.say);
  const vsix = await packageExtension(o.say);
  if (o.withSessionConsumer && !fs.existsSync(path.join(sessionConsumerPath, 'dist', 'extension.js'))) {
    throw new Error('the session-consumer fixture is not built: run `node esbuild.mjs --tests` first');
  }
  o.say(`starting the Zendesk sandbox (${o.tickets} tickets)…`);
  const sandbox = await startSandbox({ port: o.sandboxPort, tickets: o.tickets, seed: 1 });
  let server: CodeServer | undefined;
  try {
    const loopbackPort = await freePort();
    const workspace = newWorkspace();
    o.say('starting VS Code (code-server) with the packaged extension installed (--install-extension)…');
    server = await startCodeServer({
      workspace,
      installVsix: [vsix],
      installExtensions: o.withSessionConsumer ? [sessionConsumerPath] : [],
      // The session consumer proves its token works against this sandbox.
      env: { ZD_SANDBOX_URL: sandbox.url },
      settings: {
        // The sandbox account is set up already; "Zendesk: Sign In" goes straight to the browser.
        'zendesk.accounts': [
          {
            subdomain: sandbox.subdomain,
            clientId: FIXTURES.publicClient.identifier,
            clientKind: 'public',
            scopes: ['read', 'write'],
            baseUrl: sandbox.url,
          },
        ],
      },
      machineSettings: { 'zendesk.oauth.loopbackPort': loopbackPort },
    });
    // In code-server, asExternalUri turns the loopback callback into the server's port proxy: the URL the
    // extension sends as redirect_uri, so exactly that one is registered (and the extension says nothing more).
    const redirectUri = `${server.url}/proxy/${loopbackPort}/callback`;
    sandbox.admin.registerRedirectUri(FIXTURES.publicClient.identifier, redirectUri);
    const started = server;
    let stopping: Promise<void> | undefined;
    return {
      sandbox,
      server,
      workspace,
      loopbackPort,
      redirectUri,
      stop: () => (stopping ??= Promise.all([started.stop(), sandbox.close()]).then(() => undefined)),
    };
  } catch (e) {
    await server?.stop();
    await sandbox.close();
    throw e;
  }
}
