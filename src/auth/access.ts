// What the features (tickets, request files, chat tools) get from auth/: the signed-in accounts, the one in use
// here, and one way to act as an account with the scopes an action needs. No `vscode` import.
import type { Event } from '../events';
import type { ZendeskClient } from '../zendesk/http';

/** A signed-in account as the features see it: no token. */
export interface AccountInfo {
  /** `SUBDOMAIN/USER_ID`: the account's identity everywhere (tree nodes, command arguments, request files). */
  accountId: string;
  /** `Name (subdomain)` */
  label: string;
  subdomain: string;
  /** Where this account's token may be sent, and nowhere else. */
  baseUrl: string;
  user: { id: number; name: string; email: string; role: string };
  /** The scopes Zendesk granted this session. */
  scopes: readonly string[];
}

/** Why an action asks for scopes, worded for the prompt: "Changing tickets needs write access to acme. Allow it?" */
export interface AccessNeed {
  scopes: readonly string[];
  /** A gerund phrase, capitalised: "Changing tickets", "Sending POST /api/v2/tickets.json". */
  purpose: string;
  /** False for what runs on its own (the badge's poll): a missing scope fails with ScopeMissingError instead of
   * interrupting the user with a question; the next action the user takes asks. Default true. */
  interactive?: boolean;
}

export interface AccountAccess {
  /** The signed-in accounts, in a stable order. */
  accounts(): readonly AccountInfo[];
  /** The account in use in this workspace: the workspace's choice, else the active account, else the first. */
  inUse(): AccountInfo | undefined;
  readonly onDidChange: Event<void>;
  /**
   * The one way a feature acts as an account, reads included: there is no other path to a client.
   * Runs `action` with the account's API client (the account in use when `accountId` is undefined). When the
   * session lacks `need.scopes`, asks the user first and signs in with the union of the held and needed scopes;
   * when Zendesk answers 403 naming a missing scope, asks the same and runs `action` once more.
   * Rejects with the client's typed errors; with AccessDeclinedError when the user says no.
   */
  withClient<T>(
    accountId: string | undefined,
    need: AccessNeed,
    action: (client: ZendeskClient, account: AccountInfo) => Promise<T>,
  ): Promise<T>;
}

/** Reads as one account, for what reads over time (the tree's model): each read through withClient. */
export interface AccountReads {
  /** False while the account is signed out: nothing is asked of Zendesk then. */
  signedIn(): boolean;
  read<T>(fn: (c: ZendeskClient) => Promise<T>): Promise<T>;
}

/** The account's reads through `access`, so a read the session lacks a scope for is offered more access too. */
export function readsAs(access: AccountAccess, accountId: string, need: AccessNeed): AccountReads {
  return {
    signedIn: () => access.accounts().some((a) => a.accountId === accountId),
    read: (fn) => access.withClient(accountId, need, (c) => fn(c)),
  };
}
