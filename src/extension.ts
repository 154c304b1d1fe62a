// Composition root: builds the objects, injects them, registers them, and hands their disposal to VS Code.
import * as vscode from 'vscode';
import { ZendeskClients, type ZendeskApi } from './api';
import { AccountSetup } from './auth/accountSetup';
import { ZendeskAuthenticationProvider } from './auth/provider';
import { VsCodeRedirectHost, type TestSeams } from './auth/redirectHost';
import { SessionStore } from './auth/sessionStore';
import { SignInService } from './auth/signIn';
import { createTokenGrants } from './auth/tokenGrants';
import { TokenManager } from './auth/tokenManager';
import { Config } from './config';
import { Commands, OUTPUT_CHANNEL, PROVIDER_ID, PROVIDER_LABEL, StatusBarId } from './constants';
import { RedactingLogger, SecretRegistry } from './log';
import { LegacyAccountAccess } from './requests/legacyAccess';
import { registerRequestFiles } from './requests';
import { TicketsView } from './tickets/ticketsView';
import { AccountCommands } from './ui/accountCommands';
import { AccountState } from './ui/accountState';
import { describeError } from './ui/messages';
import { AccountStatusBar } from './ui/statusBar';
import { createUndiciTransport } from './zendesk/transport';

export interface ExtensionExports extends ZendeskApi {
  /** Only when ZENDESK_TEST_MODE=1: seams for the integration tests. */
  testing?: { seams: TestSeams; provider: ZendeskAuthenticationProvider; store: SessionStore; tokens: TokenManager; describeError: typeof describeError; tickets: TicketsView; secrets: vscode.SecretStorage; logUri: vscode.Uri };
}

export function activate(context: vscode.ExtensionContext): ExtensionExports {
  const channel = vscode.window.createOutputChannel(OUTPUT_CHANNEL, { log: true });
  const secrets = new SecretRegistry();
  const log = new RedactingLogger(channel, 'extension', secrets);
  const config = new Config();
  const http = createUndiciTransport();
  const seams: TestSeams = {};

  const store = new SessionStore(context.secrets, log.child('store'), (s) => secrets.add(s.accessToken, s.refreshToken));
  const statusBar = new AccountStatusBar(vscode.window.createStatusBarItem(StatusBarId, vscode.StatusBarAlignment.Left, 50), { signIn: Commands.signIn, menu: Commands.accountMenu });
  const state = new AccountState(store, context.globalState, statusBar, log.child('accounts'));
  const now = () => (seams.now ?? Date.now)();
  const tokens = new TokenManager({
    repo: store,
    now,
    log: log.child('tokens'),
    grants: createTokenGrants({ http, log: log.child('oauth'), now }, config),
    onEnded: (s) => void state.sessionEnded(s),
  });
  const redirectHost = new VsCodeRedirectHost(context.extension.id, seams);
  const setup = new AccountSetup(config, store);
  const signIn = new SignInService({
    config, store, http, setup, redirectHost,
    log: log.child('sign-in'),
    browser: { open: (url) => redirectHost.openExternal(url) },
    registerSecret: (...v) => secrets.add(...v),
    now,
  });
  const provider = new ZendeskAuthenticationProvider(store, tokens, signIn, log.child('provider'));
  const clients = new ZendeskClients(state, tokens, http, log.child('api'));
  const tickets = new TicketsView(state, clients);

  context.subscriptions.push(
    channel, store, statusBar, state, provider, clients, tickets,
    { dispose: () => tokens.dispose() },
    { dispose: () => void http.close?.() },
    vscode.window.registerUriHandler(redirectHost),
    vscode.authentication.registerAuthenticationProvider(PROVIDER_ID, PROVIDER_LABEL, provider, { supportsMultipleAccounts: true }),
    ...new AccountCommands(provider, signIn, setup, store, state, config, log.child('commands')).register(),
    vscode.commands.registerCommand(Commands.showLog, () => channel.show()),
  );

  // Request files (.zendesk) and "Send API Request…"; LegacyAccountAccess is temporary until the account service lands.
  context.subscriptions.push(...registerRequestFiles({
    access: new LegacyAccountAccess(state, clients), memento: context.globalState, log: log.child('requests'), testAnswers: process.env.ZENDESK_TEST_MODE === '1',
  }));

  // Activation stays cheap: the keychain is read after activation, without blocking it.
  void provider.initialize().then(() => state.reload(), (e: unknown) => log.error(e as Error));

  const api = clients.api();
  return process.env.ZENDESK_TEST_MODE === '1' ? { ...api, testing: { seams, provider, store, tokens, describeError, tickets, secrets: context.secrets, logUri: context.logUri } } : api;
}

export function deactivate(): void {}
