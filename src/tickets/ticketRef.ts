// "Open Ticket…": what the agent typed or pasted, `1234`, `#1234`, or a ticket's link (the agent workspace's
// https://acme.zendesk.com/agent/tickets/1234 or the API's https://acme.zendesk.com/api/v2/tickets/1234.json), read
// into a ticket of a signed-in account. No `vscode` import.

export type TicketRef =
  /** A number: the caller picks the account (the one in use). */
  | { kind: 'number'; ticketId: number }
  /** A link of a signed-in account. */
  | { kind: 'link'; ticketId: number; accountId: string }
  /** A ticket link of a Zendesk no account here is signed in to: `origin` names it (scheme, host, port only). */
  | { kind: 'foreign'; ticketId: number; origin: string }
  | { kind: 'invalid' };

/** Ticket paths Zendesk links to: the agent workspace, the API (with or without .json), and the older /tickets/N. */
const TICKET_PATH = /^\/(?:agent\/tickets|api\/v2\/tickets|tickets)\/(\d+)(?:\.json)?\/?$/;

function ticketNumber(digits: string): number | undefined {
  const n = Number(digits);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** `1234` or `#1234` (spaces around allowed), else undefined: what makes a search a ticket number. */
export function plainTicketNumber(text: string): number | undefined {
  const m = /^\s*#?\s*(\d{1,15})\s*$/.exec(text);
  return m ? ticketNumber(m[1]) : undefined;
}

/**
 * Reads `text`. A link matches an account by its base URL's scheme, host and port (the account in use first, when
 * several users of one Zendesk are signed in); a link with user info (`https://acme.zendesk.com@evil.example/…`) is
 * read as the host it really names.
 */
export function parseTicketRef(
  text: string,
  accounts: readonly { accountId: string; baseUrl: string }[],
  inUse?: string,
): TicketRef {
  const n = plainTicketNumber(text);
  if (n !== undefined) return { kind: 'number', ticketId: n };
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { kind: 'invalid' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { kind: 'invalid' };
  const m = TICKET_PATH.exec(url.pathname);
  const ticketId = m ? ticketNumber(m[1]) : undefined;
  if (ticketId === undefined) return { kind: 'invalid' };
  const origin = `${url.protocol}//${url.host}`;
  const matching = accounts.filter((a) => {
    try {
      return !url.username && !url.password && new URL(a.baseUrl).origin === url.origin;
    } catch {
      return false;
    }
  });
  const account = matching.find((a) => a.accountId === inUse) ?? matching[0];
  return account ? { kind: 'link', ticketId, accountId: account.accountId } : { kind: 'foreign', ticketId, origin };
}
