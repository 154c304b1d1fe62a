/** Every identifier the manifest and the code share, in one place. */
export const PROVIDER_ID = 'zendesk';
export const PROVIDER_LABEL = 'Zendesk';
export const OUTPUT_CHANNEL = 'Zendesk';

export const Commands = {
  signIn: 'zendesk.signIn',
  signInWithClientCredentials: 'zendesk.signInWithClientCredentials',
  signOut: 'zendesk.signOut',
  accountMenu: 'zendesk.accountMenu',
  updateClientSecret: 'zendesk.updateClientSecret',
  forgetAccount: 'zendesk.forgetAccount',
  refreshTickets: 'zendesk.refreshTickets',
  loadMoreTickets: 'zendesk.loadMoreTickets',
  openTicketInBrowser: 'zendesk.openTicketInBrowser',
  copyTicketLink: 'zendesk.copyTicketLink',
  showLog: 'zendesk.showLog',
  useAccountInWorkspace: 'zendesk.useAccountInWorkspace',
  changeTicketStatus: 'zendesk.changeTicketStatus',
  /** The redirect URL to register in Admin Center, onto the clipboard (the walkthrough's Copy button). */
  copyRedirectUrl: 'zendesk.copyRedirectUrl',
  // The queue: opening tickets, searches, assignment and the ticket detail.
  openTicket: 'zendesk.openTicket',
  searchTickets: 'zendesk.searchTickets',
  clearTicketSearch: 'zendesk.clearTicketSearch',
  assignTicketToMe: 'zendesk.assignTicketToMe',
  assignTicket: 'zendesk.assignTicket',
  // Open by number or link, macros, new tickets.
  openTicketByReference: 'zendesk.openTicketByReference',
  applyMacro: 'zendesk.applyMacro',
  newTicket: 'zendesk.newTicket',
  newTicketFromSelection: 'zendesk.newTicketFromSelection',
  clearRecentTickets: 'zendesk.clearRecentTickets',
  // Tickets meet code (src/code): start work, the current ticket, the commit box, code to a ticket.
  startWork: 'zendesk.startWork',
  stopWork: 'zendesk.stopWork',
  openCurrentTicket: 'zendesk.openCurrentTicket',
  openCurrentTicketInBrowser: 'zendesk.openCurrentTicketInBrowser',
  currentTicketMenu: 'zendesk.currentTicketMenu',
  addTicketToCommitMessage: 'zendesk.addTicketToCommitMessage',
  addSelectionToTicket: 'zendesk.addSelectionToTicket',
} as const;

/** The "Connect to Zendesk" walkthrough: `publisher.name#id`, what workbench.action.openWalkthrough takes. */
export const Walkthrough = {
  id: 'zendesk-vscode.zendesk-vscode#connectToZendesk',
} as const;

/** Request files (`.zendesk`) and "Send API Request…". */
export const RequestCommands = {
  send: 'zendesk.requests.send',
  sendAllPages: 'zendesk.requests.sendAllPages',
  sendApiRequest: 'zendesk.requests.sendApiRequest',
  copyAsCurl: 'zendesk.requests.copyAsCurl',
  saveResponse: 'zendesk.requests.saveResponse',
  history: 'zendesk.requests.history',
  clearHistory: 'zendesk.requests.clearHistory',
  importCurl: 'zendesk.requests.importCurl',
} as const;

export const RequestFiles = {
  languageId: 'zendesk',
  responseScheme: 'zendesk-response',
} as const;

export const Views = {
  container: 'zendesk',
  tickets: 'zendesk.tickets',
} as const;

export const ContextKeys = {
  signedIn: 'zendesk.signedIn',
  /** The Tickets view has been shown at least once (the walkthrough's "Open your tickets" step). */
  ticketsViewSeen: 'zendesk.ticketsViewSeen',
  /** The request history holds a request (the walkthrough's "Send a first API request" step). */
  requestSent: 'zendesk.requestSent',
  /** The checked-out branch has a current ticket (Start Work on Ticket). */
  hasCurrentTicket: 'zendesk.hasCurrentTicket',
} as const;

export const Settings = {
  section: 'zendesk',
  accounts: 'accounts',
  redirectMode: 'oauth.redirectMode',
  loopbackPort: 'oauth.loopbackPort',
  relayUrl: 'oauth.relayUrl',
  accessTokenLifetime: 'oauth.accessTokenLifetime',
  refreshTokenLifetime: 'oauth.refreshTokenLifetime',
  // The queue (all application scope: they decide what is fetched for which account, never a workspace's call).
  ticketQueries: 'tickets.queries',
  badge: 'tickets.badge',
  pollMinutes: 'tickets.pollMinutes',
  notifyAssigned: 'tickets.notifyAssigned',
  /** `ZD-{id}`-style templates that name a ticket of the account in use (application scope, like the rest). */
  referencePatterns: 'references.patterns',
  // Tickets meet code (src/code).
  branchTemplate: 'startWork.branchTemplate',
  startWorkUpdateTicket: 'startWork.updateTicket',
  prefixTicket: 'commitMessage.prefixTicket',
  offerNote: 'commit.offerNote',
} as const;

/** Request-file settings, under the same `zendesk` section. */
export const RequestSettings = {
  maxPages: 'requests.maxPages',
  confirmWrites: 'requests.confirmWrites',
  responseView: 'requests.responseView',
} as const;

/** Keys in SecretStorage. Everything secret lives under this prefix and nowhere else. */
export const SecretKeys = {
  prefix: 'zendesk.',
  sessionIndex: 'zendesk.sessions',
  session: (id: string) => `zendesk.session/${id}`,
  clientSecret: (baseUrl: string, clientId: string) => `zendesk.clientSecret/${baseUrl}/${clientId}`,
  /** Which window is refreshing the session right now (not a secret: an owner id and an expiry). */
  refreshLease: (id: string) => `zendesk.refreshLease/${id}`,
} as const;

export const StatusBarId = 'zendesk.account';

/** Keys in globalState (user-wide) and workspaceState (this workspace). Never secrets. */
export const MementoKeys = {
  /** globalState: the account id chosen last in the account menu. */
  activeAccount: 'zendesk.activeAccount',
  /** workspaceState: the account id this workspace uses ("Use This Account in This Workspace"). */
  workspaceAccount: 'zendesk.workspaceAccount',
  /** globalState: the last 50 requests sent (method, path, account, status, time; never a body or a token). */
  requestHistory: 'zendesk.requests.history',
  /** globalState: true once the Tickets view has been shown (the walkthrough's step stays checked). */
  ticketsViewSeen: 'zendesk.ticketsViewSeen',
  /** globalState: an unsent reply per account and ticket, kept until Zendesk accepted it. */
  ticketDraft: (accountId: string, ticketId: number) => `zendesk.draft/${accountId}/${ticketId}`,
  /** globalState: the composer's mode last used on a ticket (public reply or internal note), kept after a send. */
  composerMode: (accountId: string, ticketId: number) => `zendesk.composerMode/${accountId}/${ticketId}`,
  /** globalState: the account's last tickets opened ("Recently viewed"): ids and subjects, newest first. */
  recentTickets: (accountId: string) => `zendesk.recentTickets/${accountId}`,
  /** globalState: the New Ticket form's draft (one form), kept until Zendesk created the ticket or it was cleared. */
  newTicketDraft: 'zendesk.newTicketDraft',
} as const;

/** The ticket detail's webview panel type (one panel per account and ticket). */
export const TICKET_PANEL_TYPE = 'zendesk.ticket';

/** The New Ticket form's webview panel type (one form). */
export const NEW_TICKET_PANEL_TYPE = 'zendesk.newTicketForm';
