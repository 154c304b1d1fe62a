// Wires the lending channel into VS Code: the server, the terminals' environment (the handle, the secret, VS Code's
// own Node and the helper on PATH), the terminals by process tree, and the dialogs. Everything here is disposed with
// the extension; the socket's directory is removed and the secret dies with the window.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ZendeskAuthenticationProvider } from '../auth/provider';
import type { AccountService } from '../auth/accounts';
import { accountNamed } from '../auth/accounts';
import { NotSignedInError } from '../auth/errors';
import type { SessionStore } from '../auth/sessionStore';
import type { Logger } from '../log';
import { LendServer } from './ipcServer';
import { LendService, type LendDialogs, type LendSessions, type LendTerminal, type LendTerminals } from './lendService';
import { ancestry, parentOfFor } from './processTree';
import { LEND_ENV } from './protocol';

export interface LendingDeps {
  context: Pick<vscode.ExtensionContext, 'environmentVariableCollection' | 'extensionPath' | 'extension'>;
  provider: Pick<ZendeskAuthenticationProvider, 'getSessions' | 'createSession'>;
  store: Pick<SessionStore, 'get'>;
  accounts: Pick<AccountService, 'all' | 'inUse' | 'settled'>;
  dialogs: LendDialogs;
  log: Logger;
}

/** The real dialog: a modal warning, as VS Code asks before anything leaves the editor. */
export const vscodeLendDialogs: LendDialogs = {
  askToLend: (message, detail, choices) =>
    Promise.resolve(vscode.window.showWarningMessage(message, { modal: true, detail }, ...choices)),
};

/**
 * Where the terminals and this extension host share a machine (desktop; code-server; a Remote window when the
 * extension runs on the remote side): there, and only there, the terminals get the channel. A UI-side extension in
 * a Remote window would hand its token to terminals on another machine: it does not.
 */
export function lendsHere(remoteName: string | undefined, kind: vscode.ExtensionKind): boolean {
  return remoteName === undefined || kind === vscode.ExtensionKind.Workspace;
}

export class Lending implements vscode.Disposable {
  private constructor(
    private readonly server: LendServer,
    private readonly service: LendService,
    private readonly collection: vscode.GlobalEnvironmentVariableCollection,
  ) {}

  /** The variables a terminal of this window gets (the integration tests start processes with them). */
  readonly env = (): Record<string, string> => ({ ...this.server.env(), [LEND_ENV.node]: process.execPath });

  static async start(d: LendingDeps): Promise<Lending | undefined> {
    if (!lendsHere(vscode.env.remoteName, d.context.extension.extensionKind)) {
      d.log.info(
        `not lending tokens: the terminals of this ${vscode.env.remoteName ?? ''} window run on another machine`,
      );
      return undefined;
    }
    const terminals = new ProcessTreeTerminals();
    const service = new LendService({ terminals, dialogs: d.dialogs, sessions: sessionsOf(d), log: d.log });
    const server = await LendServer.start({ handler: service, log: d.log });
    const binDir = path.join(d.context.extensionPath, 'bin');
    await ensureExecutable(path.join(binDir, 'zendesk-token'), d.log);
    const collection = d.context.environmentVariableCollection;
    // The secret must not outlive this window: a terminal restored after a reload gets the new one, not the old.
    collection.persistent = false;
    collection.description = vscode.l10n.t('Lets zendesk-token ask this window for a Zendesk token.');
    collection.replace(LEND_ENV.handle, server.handle);
    collection.replace(LEND_ENV.secret, server.secret);
    collection.replace(LEND_ENV.node, process.execPath);
    collection.prepend('PATH', binDir + path.delimiter);
    d.log.info(`lending tokens to this window's terminals through ${server.handle}`);
    const lending = new Lending(server, service, collection);
    lending.disposables.push(terminals);
    return lending;
  }

  private readonly disposables: vscode.Disposable[] = [];

  dispose(): void {
    this.collection.clear();
    this.service.dispose();
    for (const d of this.disposables) d.dispose();
    void this.server.dispose();
  }
}

/** The vsix is a zip: its launcher may arrive without the executable bit. */
async function ensureExecutable(file: string, log: Logger): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    const st = await fs.promises.stat(file);
    if ((st.mode & 0o111) !== 0o111) await fs.promises.chmod(file, st.mode | 0o555);
  } catch (e) {
    log.warn(`zendesk-token is not runnable: ${(e as Error).message}`);
  }
}

function sessionsOf(d: LendingDeps): LendSessions {
  return {
    async account(name) {
      await d.accounts.settled();
      const s = name ? accountNamed(d.accounts.all(), name) : d.accounts.inUse();
      if (!s) throw new NotSignedInError();
      return { accountId: s.accountId, subdomain: s.subdomain, label: s.accountLabel };
    },
    // The same path as another extension's getSession('zendesk', scopes): a session with exactly these scopes, found
    // (and refreshed when due) or signed in for.
    async token(account, scopes) {
      const who = { id: account.accountId, label: account.label };
      const [found] = await d.provider.getSessions(scopes, { account: who });
      const session = found ?? (await d.provider.createSession(scopes, { account: who }));
      const stored = await d.store.get(session.id);
      if (!stored) throw new NotSignedInError(account.accountId);
      return {
        accessToken: session.accessToken,
        subdomain: stored.subdomain,
        baseUrl: stored.baseUrl,
        expiresAt: stored.expiresAt ?? null,
        scopes: [...stored.scopes],
      };
    },
  };
}

/** Terminals found by process tree (processTree.ts). */
class ProcessTreeTerminals implements LendTerminals, vscode.Disposable {
  private readonly parentOf = parentOfFor(process.platform);
  private readonly closed = new vscode.EventEmitter<LendTerminal>();
  private readonly listener = vscode.window.onDidCloseTerminal((t) => this.closed.fire(t));

  async terminalOf(pid: number | undefined): Promise<LendTerminal | undefined> {
    if (pid === undefined) return undefined;
    const chain = await ancestry(pid, this.parentOf);
    const shells = await Promise.all(
      vscode.window.terminals.map(async (t) => ({ t, pid: await Promise.race([t.processId, timeout(1000)]) })),
    );
    // The nearest ancestor wins: a terminal's shell started from another terminal's is its own terminal.
    for (const p of chain) {
      const hit = shells.find((s) => s.pid === p);
      if (hit) return hit.t;
    }
    return undefined;
  }

  onDidClose(listener: (t: LendTerminal) => void): vscode.Disposable {
    return this.closed.event(listener);
  }

  dispose(): void {
    this.listener.dispose();
    this.closed.dispose();
  }
}

function timeout(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms).unref());
}
