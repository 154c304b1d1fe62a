// What the lending channel answers, and the user's consent: the first request from a terminal asks in VS Code, the
// answer lasts as long as that terminal; write scopes ask every time unless the user chose otherwise; a process in
// no known terminal is asked about every time. Plain Node: the dialogs, the terminals and the sessions are injected.
import type { Disposable } from '../events';
import type { Logger } from '../log';
import { sameScopes } from '../zendesk/scopes';
import {
  LendError,
  writesWith,
  type ConfirmAnswer,
  type ConfirmRequest,
  type TokenAnswer,
  type TokenRequest,
} from './protocol';
import type { LendHandler } from './ipcServer';
import * as l10n from '@vscode/l10n';

/** A terminal, by identity (the same object for the same terminal). */
export interface LendTerminal {
  readonly name: string;
}

export interface LendTerminals {
  /** The terminal whose shell is an ancestor of `pid`, if any. */
  terminalOf(pid: number | undefined): Promise<LendTerminal | undefined>;
  /** Fires when a terminal closes: its answers go with it. */
  onDidClose(listener: (t: LendTerminal) => void): Disposable;
}

/** The modal question (showWarningMessage with `modal: true` in VS Code); the choice's text, or undefined. */
export interface LendDialogs {
  /** "A process in terminal 'bash' asks for a Zendesk token…": the choice made, or undefined. */
  askToLend(message: string, detail: string, choices: readonly string[]): Promise<string | undefined>;
}

export interface LendAccount {
  accountId: string;
  subdomain: string;
  label: string;
}

export interface LendSessions {
  /** The account named (an account id or a subdomain), or the one in use; throws NotSignedInError and the like. */
  account(name: string | undefined): Promise<LendAccount>;
  /** A fresh token of a session with exactly `scopes` (signing in for that set when there is none). */
  token(account: LendAccount, scopes: readonly string[]): Promise<TokenAnswer>;
}

interface Grants {
  /** `accountId scope scope…` of the sets this terminal may have without asking. */
  allowed: Set<string>;
}

export class LendService implements LendHandler, Disposable {
  private readonly grants = new Map<LendTerminal, Grants>();
  /** One question per terminal, account and scope set at a time: a script's parallel requests share it. */
  private readonly asking = new Map<string, Promise<boolean>>();
  private readonly closing: Disposable;

  constructor(
    private readonly o: { terminals: LendTerminals; dialogs: LendDialogs; sessions: LendSessions; log: Logger },
  ) {
    this.closing = o.terminals.onDidClose((t) => this.grants.delete(t));
  }

  async token(r: TokenRequest): Promise<TokenAnswer> {
    const terminal = await this.o.terminals.terminalOf(r.pid);
    let account: LendAccount;
    try {
      account = await this.o.sessions.account(r.account);
    } catch (e) {
      this.record(terminal, r.pid, r.account, r.scopes, (e as Error).message);
      throw new LendError(
        'not_signed_in',
        l10n.t("{0} Sign in with 'Zendesk: Sign In' in VS Code, then run this again.", (e as Error).message),
      );
    }
    if (!(await this.consent(terminal, r.pid, account, r.scopes))) {
      this.record(terminal, r.pid, account.accountId, r.scopes, 'denied');
      throw new LendError('denied', l10n.t('Denied in VS Code.'));
    }
    const answer = await this.o.sessions.token(account, r.scopes);
    if (!sameScopes(answer.scopes, r.scopes)) {
      // Never a broader token than asked: the session source is meant to guarantee it; this holds it.
      this.o.log.error(
        `the session found for ${r.scopes.join(' ')} has ${answer.scopes.join(' ')}: nothing handed out`,
      );
      throw new LendError('failed', l10n.t('No session with exactly {0} could be made.', r.scopes.join(' ')));
    }
    this.record(terminal, r.pid, account.accountId, r.scopes, 'given');
    return answer;
  }

  /** The log line of a token request: who asked (terminal and pid), for which account and scopes, and the outcome. */
  private record(
    terminal: LendTerminal | undefined,
    pid: number | undefined,
    account: string | undefined,
    scopes: readonly string[],
    outcome: string,
  ): void {
    this.o.log.info(
      `${terminal ? `terminal '${terminal.name}'` : 'a process in no known terminal'} (pid ${pid ?? '?'}) asked for a token for ${account ?? 'the account in use'} with ${scopes.join(' ')}: ${outcome}`,
    );
  }

  async confirm(r: ConfirmRequest): Promise<ConfirmAnswer> {
    const terminal = await this.o.terminals.terminalOf(r.pid);
    const allow = l10n.t('Allow');
    const message = terminal
      ? l10n.t("A process in terminal '{0}' asks: {1}", terminal.name, r.title)
      : l10n.t('A process started by VS Code asks: {0}', r.title);
    const allowed = (await this.o.dialogs.askToLend(message, r.detail, [allow])) === allow;
    this.o.log.info(
      `${terminal ? `terminal '${terminal.name}'` : 'a process in no known terminal'} (pid ${r.pid ?? '?'}) asked to confirm "${r.title}": ${allowed ? 'allowed' : 'denied'}`,
    );
    return { allowed };
  }

  private consent(
    terminal: LendTerminal | undefined,
    pid: number | undefined,
    account: LendAccount,
    scopes: readonly string[],
  ): Promise<boolean> {
    const key = `${account.accountId} ${[...scopes].sort().join(' ')}`;
    if (terminal && this.grants.get(terminal)?.allowed.has(key)) return Promise.resolve(true);
    const askingKey = `${terminal ? terminal.name : `pid ${pid ?? '?'}`}\n${key}`;
    // Requests from unknown processes never share an answer: each is its own question.
    const pending = terminal ? this.asking.get(askingKey) : undefined;
    if (pending) return pending;
    const asked = this.ask(terminal, account, scopes, key).finally(() => this.asking.delete(askingKey));
    if (terminal) this.asking.set(askingKey, asked);
    return asked;
  }

  private async ask(
    terminal: LendTerminal | undefined,
    account: LendAccount,
    scopes: readonly string[],
    key: string,
  ): Promise<boolean> {
    const scopeText = scopes.join(' ');
    const writes = writesWith(scopes);
    const forTerminal = l10n.t('Allow for This Terminal');
    const once = l10n.t('Allow Once');
    let message: string;
    let choices: string[];
    if (!terminal) {
      message = l10n.t(
        'A process outside the known terminals asks for a Zendesk token for {0} with {1}. Allow it?',
        account.subdomain,
        scopeText,
      );
      choices = [once];
    } else if (writes) {
      message = l10n.t(
        "A process in terminal '{0}' asks for a Zendesk token for {1} with {2}, which can change data. Allow it?",
        terminal.name,
        account.subdomain,
        scopeText,
      );
      choices = [once, forTerminal];
    } else {
      message = l10n.t(
        "A process in terminal '{0}' asks for a Zendesk token for {1} with {2}. Allow for this terminal?",
        terminal.name,
        account.subdomain,
        scopeText,
      );
      choices = [forTerminal];
    }
    const detail = l10n.t(
      'Signed in as {0}. The token is valid until it expires, wherever the process sends it.',
      account.label,
    );
    const choice = await this.o.dialogs.askToLend(message, detail, choices);
    if (choice === forTerminal && terminal) {
      const g = this.grants.get(terminal) ?? { allowed: new Set<string>() };
      g.allowed.add(key);
      this.grants.set(terminal, g);
    }
    return choice === forTerminal || choice === once;
  }

  dispose(): void {
    this.closing.dispose();
    this.grants.clear();
  }
}
