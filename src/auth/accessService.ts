// The one path every feature takes to act as an account: find the account, ask for missing scopes first (and again
// when Zendesk answers 403 naming one), then run the action with that account's client. No `vscode` import: the
// question and the sign-in are injected.
import type { Event } from '../events';
import { ScopeMissingError } from '../zendesk/errors';
import type { ZendeskClient } from '../zendesk/http';
import { missingScopes, unionScopes } from '../zendesk/scopes';
import type { AccessNeed, AccountAccess, AccountInfo } from './access';
import { accountInfo, type AccountService } from './accounts';
import type { ClientRegistry } from './clients';
import { AccessDeclinedError, NotSignedInError, WrongUserError } from './errors';
import type { StoredSession } from './session';
import * as l10n from '@vscode/l10n';

export interface AccessPrompts {
  /** Asks "Changing tickets needs write access to acme. Allow it?"; true for Allow. */
  allowMoreAccess(question: string): Promise<boolean>;
  /** Signs in to the session's account with `scopes`, replacing the session (the old token revoked). */
  signInWithScopes(session: StoredSession, scopes: readonly string[]): Promise<StoredSession>;
}

/** The question asked before signing in with more scopes. */
export function moreAccessQuestion(purpose: string, missing: readonly string[], subdomain: string): string {
  const words = missing.map((s) => (s === 'read' || s === 'write' ? s : `"${s}"`));
  const what =
    words.length === 1 ? words[0] : l10n.t('{0} and {1}', words.slice(0, -1).join(', '), words[words.length - 1]);
  return l10n.t('{0} needs {1} access to {2}. Allow it?', purpose, what, subdomain);
}

export class AccessService implements AccountAccess {
  readonly onDidChange: Event<void>;

  constructor(
    private readonly accountsService: AccountService,
    private readonly clients: ClientRegistry,
    private readonly prompts: AccessPrompts,
  ) {
    this.onDidChange = accountsService.onDidChange;
  }

  accounts(): readonly AccountInfo[] {
    return this.accountsService.all().map(accountInfo);
  }

  inUse(): AccountInfo | undefined {
    const s = this.accountsService.inUse();
    return s && accountInfo(s);
  }

  async withClient<T>(
    accountId: string | undefined,
    need: AccessNeed,
    action: (client: ZendeskClient, account: AccountInfo) => Promise<T>,
  ): Promise<T> {
    let session = await this.session(accountId);
    const missing = missingScopes(session.scopes, need.scopes);
    if (missing.length) session = await this.askForMore(session, need.purpose, missing);
    try {
      return await action(this.clients.forSession(session), accountInfo(session));
    } catch (e) {
      // Zendesk knows better than our scope table (a custom role, an endpoint's own scope): ask once, try once more.
      if (!(e instanceof ScopeMissingError) || !e.missing.length) throw e;
      session = await this.askForMore(session, need.purpose, e.missing);
      return action(this.clients.forSession(session), accountInfo(session));
    }
  }

  /** The session of the account asked for (or the one in use), after one more read for a sign-in that just ended. */
  private async session(accountId: string | undefined): Promise<StoredSession> {
    const find = () => (accountId ? this.accountsService.find(accountId) : this.accountsService.inUse());
    let s = find();
    if (!s) {
      await this.accountsService.reload();
      s = find();
    }
    if (!s) throw new NotSignedInError(accountId);
    return s;
  }

  private async askForMore(
    session: StoredSession,
    purpose: string,
    missing: readonly string[],
  ): Promise<StoredSession> {
    if (!(await this.prompts.allowMoreAccess(moreAccessQuestion(purpose, missing, session.subdomain)))) {
      throw new AccessDeclinedError(missing);
    }
    const next = await this.prompts.signInWithScopes(session, unionScopes(session.scopes, missing));
    await this.accountsService.reload();
    if (next.accountId !== session.accountId) throw new WrongUserError(session.accountLabel, next.accountLabel);
    return next;
  }
}
