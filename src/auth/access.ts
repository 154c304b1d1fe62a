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
}

export interface AccountAccess {
  /** The signed-in accounts, in a stable order. */
  accounts(): readonly AccountInfo[];
  /** The account in use in this workspace: the workspace's choice, else the active account, else the first. */
  inUse(): AccountInfo | undefined;
  readonly onDidChange: Event<void>;
  /**
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
