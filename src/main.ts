// The implementation, dist/main.js: the composition root that builds the objects, injects them, registers what
// only it can register and hands their disposal to VS Code. The activation bundle (src/extension.ts) loads it on
// first use, right after activation at the latest, and forwards to what `start` returns: every class and every piece
// of state lives in this bundle and in no other.
import './l10nSetup'; // first: the plain-Node modules' l10n.t reads VS Code's bundle before any of them loads
import * as vscode from 'vscode';
import { createExtensionApi } from './api';
import type { ZendeskExtensionApi } from './api/zendesk-vscode';
import { AccessService } from './auth/accessService';
import { AccountService } from './auth/accounts';
import { AccountSetup } from './auth/accountSetup';
import { ClientRegistry } from './auth/clients';
import { ZendeskAuthenticationProvider } from './auth/provider';
import { VsCodeRedirectHost } from './auth/redirectHost';
import { SessionStore } from './auth/sessionStore';
import { SignInService } from './auth/signIn';
import { createTokenGrants } from './auth/tokenGrants';
import { TokenManager } from './auth/tokenManager';
import { createChatTools, type ChatTools } from './chat';
import { Lending } from './lend';
import { registerMcpServer } from './lend/mcpRegistration';
import { registerCode } from './code';
import { ReferenceSettings, registerTicketReferences } from './code/references';
import { editorCode } from './code/selectionToTicket';
import { Config } from './config';
import { Commands, OUTPUT_CHANNEL, StatusBarId } from './constants';
import { RedactingLogger, SecretRegistry } from './log';
import { systemTimers, type Timers } from './timers';
import { registerRequestFiles } from './requests';
import { RequestHistory } from './requests/history';
import { TicketBadge } from './tickets/badge';
import { TicketDetailPanels } from './tickets/detail/detailPanel';
import { DraftStore } from './tickets/drafts';
import { StatusCatalog } from './tickets/statusCatalog';
import { MacroCatalog } from './tickets/macros';
import { RecentTickets } from './tickets/recentTickets';
import { TicketCommands } from './tickets/ticketCommands';
import { NewTicketPanels } from './tickets/create/formPanel';
import { TicketSettings } from './tickets/ticketSettings';
import { TicketChanges } from './tickets/ticketChanges';
import { TicketsView } from './tickets/ticketsView';
import { AccountCommands } from './ui/accountCommands';
import { AccountIndicator } from './ui/accountIndicator';
import { copyRedirectUrl } from './ui/copyRedirectUrl';
import { SignInNotices } from './ui/signInOutcome';
import { AccountStatusBar } from './ui/statusBar';
import { vscodeUi, type Ui } from './ui/ui';
import { WalkthroughProgress } from './ui/walkthroughProgress';
import { abortableSleep } from './zendesk/http';
import { createUndiciTransport } from './zendesk/transport';

/**
 * What the classes take from outside the extension: a person's answers and the passing of time. VS Code's and the
 * system's by default; the test build's entry (test/harness/testMain.ts) passes its own, which the integration
 * tests drive. A new dialog goes into `Ui` (src/ui/ui.ts), not here.
 */
export interface StartDeps {
  /** The dialogs, questions and the browser. */
  ui: Ui;
  /** The clock and timers. */
  timers: Timers;
  /** How the API client's retry waits pass (a 429's Retry-After). */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export const defaultDeps: StartDeps = { ui: vscodeUi, timers: systemTimers, sleep: abortableSleep };

/** What the activation bundle gives the implementation: the VS Code objects it registered with. */
export interface ActivationHost {
  /** The event of the authentication provider registered at activation: the real provider's changes go to it. */
  sessionsChanged: vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>;
}

/** What the activation bundle's registrations forward to. */
export interface Implementation {
  provider: vscode.AuthenticationProvider;
  uriHandler: vscode.UriHandler;
  /** The chat tools by their contributed name. */
  tools: ReadonlyMap<string, vscode.LanguageModelTool<unknown>>;
  api: ZendeskExtensionApi;
  /** What start built, for a composition root that wraps this one (the test build's entry looks inside). */
  services: {
    provider: ZendeskAuthenticationProvider;
    store: SessionStore;
    tokens: TokenManager;
    accounts: AccountService;
    access: AccessService;
    tickets: TicketsView;
    badge: TicketBadge;
    drafts: DraftStore;
    chatTools: ChatTools;
    newTickets: NewTicketPanels;
    /** The terminals' channel once started (undefined where it does not lend). */
    lending: Promise<Lending | undefined>;
  };
}

/**
 * Builds everything. The commands, the tree, the ticket tab's serializer, the request files' language features and
 * the status bar register here; the activation bundle disposed its placeholder commands just before.
 */
export function start(
  context: vscode.ExtensionContext,
  host: ActivationHost,
  { ui, timers, sleep }: StartDeps = defaultDeps,
): Implementation {
  const channel = vscode.window.createOutputChannel(OUTPUT_CHANNEL, { log: true });
  const secrets = new SecretRegistry();
  const log = new RedactingLogger(channel, 'extension', secrets);
  const config = new Config();
  const http = createUndiciTransport();
  const now = () => timers.now();

  const store = new SessionStore(context.secrets, log.child('store'), (s) =>
    secrets.add(s.accessToken, s.refreshToken),
  );
  const accounts = new AccountService(store, context.globalState, context.workspaceState, log.child('accounts'));
  const indicator = new AccountIndicator(
    accounts,
    new AccountStatusBar(vscode.window.createStatusBarItem(StatusBarId, vscode.StatusBarAlignment.Left, 50), {
      signIn: Commands.signIn,
      menu: Commands.accountMenu,
    }),
    log.child('accounts'),
  );
  const tokens = new TokenManager({
    repo: store,
    timers,
    log: log.child('tokens'),
    grants: createTokenGrants({ http, log: log.child('oauth'), now }, config),
    onEnded: (s) => void indicator.sessionEnded(s).catch((e: unknown) => log.error(e as Error)),
  });
  const redirectHost = new VsCodeRedirectHost(context.extension.id, ui);
  const setup = new AccountSetup(config, store, ui);
  const signIn = new SignInService({
    config,
    store,
    http,
    setup,
    redirectHost,
    log: log.child('sign-in'),
    browser: { open: (url) => redirectHost.openExternal(url) },
    registerSecret: (...v) => secrets.add(...v),
    now,
  });
  const notices = new SignInNotices(ui, log.child('sign-in'));
  const provider = new ZendeskAuthenticationProvider(store, tokens, signIn, log.child('provider'), {
    outcome: notices.outcome(),
  });
  const clients = new ClientRegistry(accounts, tokens, http, log.child('api'), {
    now,
    sleep,
  });
  const access = new AccessService(accounts, clients, {
    allowMoreAccess: (q) => ui.allowMoreAccess(q),
    signInWithScopes: (s, scopes) => signIn.signIn(scopes, { account: { id: s.accountId, label: s.accountLabel } }),
  });
  const ticketSettings = new TicketSettings();
  const drafts = new DraftStore(context.globalState, now);
  // One cache of each account's ticket statuses for the tree, the ticket tab and the chat tools.
  const statuses = new StatusCatalog(log.child('statuses'));
  // The tree and the ticket tabs hear of each other's writes and reads through this, not through each other.
  const changes = new TicketChanges();
  const details = new TicketDetailPanels({
    access,
    drafts,
    statuses,
    extensionUri: context.extensionUri,
    log: log.child('ticket'),
    ui: { pickAgent: ui.pickAgent, showOpenDialog: ui.showOpenDialog, openExternal: ui.openLink },
    now,
    changes,
  });
  const recent = new RecentTickets(context.globalState, now);
  const tickets = new TicketsView(access, ticketSettings, details, log.child('tickets'), statuses, changes, ui, recent);
  // The New Ticket tab: a form with its draft in globalState, one POST when the agent creates.
  const newTickets = new NewTicketPanels({
    access,
    statuses,
    memento: context.globalState,
    extensionUri: context.extensionUri,
    log: log.child('newTicket'),
    definitions: details.definitions,
    changes,
  });
  const ticketCommands = new TicketCommands({
    access,
    macros: new MacroCatalog(log.child('macros')),
    tabs: details,
    newTickets,
    // New Ticket from Selection reads the code as Add Selection to Ticket does (repo path, permalink); `code` is
    // registered below, before any command can run.
    selectedCode: () => editorCode(vscode.window.activeTextEditor, code.git),
    log: log.child('tickets'),
    ui,
  });
  const badge = new TicketBadge({
    access,
    model: (id) => tickets.model(id),
    view: tickets.view,
    settings: ticketSettings,
    log: log.child('badge'),
    ui,
  });

  context.subscriptions.push(
    channel,
    store,
    accounts,
    indicator,
    provider,
    clients,
    tickets,
    ticketCommands,
    newTickets,
    recent,
    details,
    changes,
    badge,
    { dispose: () => tokens.dispose() },
    { dispose: () => void http.close?.() },
    provider.onDidChangeSessions((e) => host.sessionsChanged.fire(e)),
    notices,
    ...new AccountCommands(
      provider,
      signIn,
      setup,
      store,
      accounts,
      config,
      notices,
      ui,
      log.child('commands'),
    ).register(),
    vscode.commands.registerCommand(Commands.showLog, () => channel.show()),
    vscode.commands.registerCommand(Commands.copyRedirectUrl, () =>
      copyRedirectUrl(config, redirectHost, ui, log.child('commands')),
    ),
    new WalkthroughProgress({
      setContext: (key, value) => vscode.commands.executeCommand('setContext', key, value),
      ticketsView: tickets.view,
      memento: context.globalState,
      requestSent: () => new RequestHistory(context.globalState).entries().length > 0,
      log: log.child('walkthrough'),
    }),
  );

  // Tickets meet code: start work (a branch per ticket), the current ticket per branch in the status bar, the commit
  // box's reference, a commit or a selection staged as a note in the ticket's tab. Git through VS Code's git extension.
  // The ticket reference patterns (zendesk.references.patterns), read once for the commit box and the references.
  const referencePatterns = new ReferenceSettings({
    showWarningMessage: (m, ...items) => ui.showWarningMessage(m, {}, ...items),
  });
  context.subscriptions.push(referencePatterns);
  const code = registerCode({
    access,
    patterns: referencePatterns,
    statuses,
    changes,
    recent,
    tabs: details,
    workspaceState: context.workspaceState,
    ui,
    log: log.child('code'),
  });
  context.subscriptions.push(...code.disposables);

  // Ticket references (ZD-1234, ticket links) in every editor and the commit box: links, hovers, completion.
  context.subscriptions.push(
    registerTicketReferences({
      access,
      statuses,
      changes,
      recent,
      current: code.current,
      now,
      log: log.child('references'),
      settings: referencePatterns,
    }),
  );

  // Request files (.zendesk) and "Send API Request…".
  context.subscriptions.push(
    ...registerRequestFiles({
      access,
      memento: context.globalState,
      log: log.child('requests'),
      ui,
    }),
  );

  // Chat: language model tools that act through the same account access (scopes asked for, errors as text). VS Code
  // needs them registered during activation, so the activation bundle registered them and forwards here.
  const chatTools = createChatTools({
    access,
    log: log.child('chat'),
    statuses,
    current: () => code.current.current(),
  });
  const tools = new Map<string, vscode.LanguageModelTool<unknown>>(
    Object.values(chatTools).map((t: ChatTools[keyof ChatTools]) => [t.name, t]),
  );

  // Tokens for what runs in the integrated terminals (`zendesk-token`, src/lend/): a socket only this user opens,
  // a secret in the terminals' environment, the user's consent per terminal.
  const lending = Lending.start({
    context,
    provider,
    store,
    accounts,
    log: log.child('lend'),
    dialogs: ui,
  }).catch((e: unknown) => {
    log.error(e as Error);
    return undefined;
  });
  context.subscriptions.push({ dispose: () => void lending.then((l) => l?.dispose()) });
  // The same operations as an MCP server (`zendesk-token mcp`) for VS Code's agent, where VS Code has the API.
  const mcp = registerMcpServer(vscode, {
    channel: async () => (await lending)?.env(),
    extensionPath: context.extensionPath,
    version: String((context.extension.packageJSON as { version?: unknown }).version ?? ''),
    node: process.execPath,
  });
  if (mcp) context.subscriptions.push(mcp);

  // The keychain is read without blocking whoever loaded the implementation (the account service reads it itself
  // when made, and follows the store's changes from then on).
  provider.initialize().catch((e: unknown) => log.error(e as Error));

  const api = createExtensionApi({ handedOut: provider.handedOut, sessions: store, clients });
  return {
    provider,
    uriHandler: redirectHost,
    tools,
    api,
    services: { provider, store, tokens, accounts, access, tickets, badge, drafts, chatTools, newTickets, lending },
  };
}
