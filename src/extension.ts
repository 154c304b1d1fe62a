// Composition root: builds the objects, injects them, registers them, and hands their disposal to VS Code.
import * as vscode from 'vscode';
import { Commands, ContextKeys, OUTPUT_CHANNEL, PROVIDER_ID, PROVIDER_LABEL, StatusBarId, Views } from './constants';
import { RedactingLogger, SecretRegistry } from './log';
import { AccountStatusBar } from './ui/statusBar';
import { TicketTreeProvider } from './tickets/ticketTree';

export function activate(context: vscode.ExtensionContext) {
  const channel = vscode.window.createOutputChannel(OUTPUT_CHANNEL, { log: true });
  const secrets = new SecretRegistry();
  const log = new RedactingLogger(channel, 'extension', secrets);

  const statusBar = new AccountStatusBar(vscode.window.createStatusBarItem(StatusBarId, vscode.StatusBarAlignment.Left, 50), Commands.signIn);
  const tree = new TicketTreeProvider();
  const emitter = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  const provider: vscode.AuthenticationProvider = {
    onDidChangeSessions: emitter.event,
    getSessions: async () => [],
    createSession: async () => { throw new Error('Sign in is not available yet.'); },
    removeSession: async () => undefined,
  };

  context.subscriptions.push(
    channel,
    emitter,
    statusBar,
    tree,
    vscode.window.createTreeView(Views.tickets, { treeDataProvider: tree }),
    vscode.authentication.registerAuthenticationProvider(PROVIDER_ID, PROVIDER_LABEL, provider, { supportsMultipleAccounts: true }),
    vscode.commands.registerCommand(Commands.signIn, () => vscode.authentication.getSession(PROVIDER_ID, ['read'], { createIfNone: true })),
    vscode.commands.registerCommand(Commands.showLog, () => channel.show()),
  );
  void vscode.commands.executeCommand('setContext', ContextKeys.signedIn, false);
  log.info('activated');
}

export function deactivate(): void {}
