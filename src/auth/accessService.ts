// The one path every feature takes to act as an account, for reads and writes alike: find the account, ask for
// missing scopes first (and again when Zendesk answers 403 naming one), then run the action with that account's
// client. No `vscode` import: the question and the sign-in are injected.
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
  /** The question under way per account, shared by the actions that need more at the same time. */
  private readonly asking = new Map<string, Promise<StoredSession>>();

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
    if (missing.length) session = await this.askForMore(session, need, missing);
    try {
      return await action(this.clients.forSession(session), accountInfo(session));
    } catch (e) {
      // Zendesk knows better than our scope table (a custom role, an endpoint's own scope): ask once, try once more.
      if (!(e instanceof ScopeMissingError) || !e.missing.length) throw e;
      session = await this.askForMore(session, need, e.missing);
      return action(this.clients.forSession(session), accountInfo(session));
    }
  }

  /** The session of the account asked for (or the one in use), once the cache has taken in a sign-in just ended. */
  private async session(accountId: string | undefined): Promise<StoredSession> {
    const find = () => (accountId ? this.accountsService.find(accountId) : this.accountsService.inUse());
    let s = find();
    if (!s) {
      await this.accountsService.settled();
      s = find();
    }
    if (!s) throw new NotSignedInError(accountId);
    return s;
  }

  /**
   * Asks for `missing` and signs in with them. Actions that meet the same gap at once (the tree's lists loading side
   * by side) share one question: a second asks only for what the first's answer did not bring.
   */
  private async askForMore(
    session: StoredSession,
    need: AccessNeed,
    missing: readonly string[],
  ): Promise<StoredSession> {
    const pending = this.asking.get(session.accountId);
    if (pending) {
      const next = await pending;
      const still = missingScopes(next.scopes, missing);
      return still.length ? this.askForMore(next, need, still) : next;
    }
    const asked = this.ask(session, need, missing).finally(() => this.asking.delete(session.accountId));
    this.asking.set(session.accountId, asked);
    return asked;
  }

  private async ask(session: StoredSession, need: AccessNeed, missing: readonly string[]): Promise<StoredSession> {
    if (need.interactive === false) {
      // Nobody asked for this one (a poll): it does not interrupt the user; the next action they take asks.
      throw new ScopeMissingError(l10n.t('{0} needs {1}.', need.purpose, missing.join(' ')), [...missing]);
    }
    const purpose = need.purpose;
    if (!(await this.prompts.allowMoreAccess(moreAccessQuestion(purpose, missing, session.subdomain)))) {
      throw new AccessDeclinedError(missing);
    }
    const next = await this.prompts.signInWithScopes(session, unionScopes(session.scopes, missing));
    // The sign-in wrote the store, whose change event the account cache follows: wait for it to be taken in, so
    // the next action finds the new session.
    await this.accountsService.settled();
    if (next.accountId !== session.accountId) throw new WrongUserError(session.accountLabel, next.accountLabel);
    return next;
  }
}
