// Runs a sign-in: the authorization code flow with PKCE through one of the redirect strategies, or the client
// credentials grant; then identifies the user (users/me) and stores the session. The UI steps come from AccountSetup.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { AccountConfig, Config } from '../config';
import type { Logger } from '../log';
import { getCurrentToken, getMe } from '../zendesk/api';
import { HostNotFoundError } from '../zendesk/errors';
import { ZendeskClient } from '../zendesk/http';
import {
  buildAuthorizeUrl,
  checkLifetimes,
  clientCredentialsGrant,
  exchangeCode,
  revokeCurrentToken,
  type OAuthClient,
  type TokenSet,
} from '../zendesk/oauth';
import { codeChallengeS256, createCodeVerifier, createState } from '../zendesk/pkce';
import { parseScopes, sameScopes, scopesCover } from '../zendesk/scopes';
import type { HttpTransport } from '../zendesk/transport';
import type { AccountSetup, ChosenAccount } from './accountSetup';
import { accountIdOf, baseUrlOf, configOfSession, replacedBy } from './accounts';
import { AuthError, NoClientSecretError } from './errors';
import { checkAuthorizeRequest } from './preflight';
import { signInProgress } from './signInProgress';
import type { SignInRunner } from './provider';
import {
  chooseStrategies,
  createStrategy,
  PortInUseError,
  RedirectCancelledError,
  RedirectConfigError,
  RedirectTimeoutError,
  type RedirectHost,
  type StrategyId,
} from './redirect';
import type { SessionStore, StoredSession } from './sessionStore';

/** The whole round trip in the browser: log in, allow, come back. The code that comes back is then good for
 * AUTHORIZATION_CODE_LIFETIME_SECONDS, which the paste box says. */
const SIGN_IN_TIME_LIMIT_MS = 5 * 60_000;

export interface BrowserOpener {
  open(url: string): Promise<boolean>;
}

export interface SignInDeps {
  config: Config;
  store: SessionStore;
  http: HttpTransport;
  log: Logger;
  redirectHost: RedirectHost;
  browser: BrowserOpener;
  setup: AccountSetup;
  /** Tokens the logger must redact from every line. */
  registerSecret(...values: (string | undefined)[]): void;
  now?: () => number;
}

export class SignInService implements SignInRunner {
  private readonly now: () => number;
  constructor(private readonly d: SignInDeps) {
    this.now = d.now ?? Date.now;
  }

  /** The browser sign-in (createSession). `strategy`: the way back the user picked after a failed sign-in ("Try Another Way"). */
  /**
   * The browser sign-in. `strategy`: the way back the user picked after a failed sign-in ("Try Another Way").
   * `forCaller`: another extension's sign-in (createSession), for exactly `scopes` and nothing more.
   */
  async signIn(
    scopes: readonly string[],
    options: {
      account?: vscode.AuthenticationSessionAccountInformation;
      addAccount?: boolean;
      strategy?: StrategyId;
      forCaller?: boolean;
    } = {},
  ): Promise<StoredSession> {
    const chosen = await this.d.setup.chooseAccount({ accountId: options.account?.id, addNew: options.addAccount });
    try {
      return await this.signInTo(chosen, scopes, options.strategy, options.forCaller);
    } catch (e) {
      // A new account whose host does not resolve never worked and never will as typed: it is not kept for the
      // Sign In picker to offer again (the error names the host).
      if (chosen.isNew && e instanceof HostNotFoundError) await this.d.setup.forget(chosen.config);
      throw e;
    }
  }

  private async signInTo(
    chosen: ChosenAccount,
    scopes: readonly string[],
    strategy?: StrategyId,
    forCaller?: boolean,
  ): Promise<StoredSession> {
    const baseUrl = baseUrlOf(chosen.config);
    // The extension's own session asks for what the feature needs plus what the account is set up for and what
    // its own session already holds (re-signing in, or asking for more, must not narrow it). Another extension's
    // gets exactly what it asked for.
    const held = (await this.d.store.list())
      .filter((s) => !s.forCaller && configOfSession([chosen.config], s))
      .flatMap((s) => s.scopes);
    const wanted = forCaller
      ? parseScopes(scopes)
      : parseScopes([...(chosen.config.scopes ?? ['read']), ...scopes, ...held]);
    const client: OAuthClient = {
      baseUrl,
      clientId: chosen.config.clientId,
      clientSecret: await this.d.setup.clientSecret(chosen, baseUrl),
    };
    const tokens = await this.codeFlow(chosen, client, wanted, strategy);
    return this.finish(chosen.config, client, 'authorization_code', tokens, forCaller ? wanted : undefined);
  }

  /** "Sign in with client credentials": a confidential client's own token, no browser. */
  async signInWithClientCredentials(): Promise<StoredSession> {
    const chosen = await this.d.setup.chooseAccount({ kind: 'confidential' });
    const baseUrl = baseUrlOf(chosen.config);
    const secret = await this.d.setup.clientSecret(chosen, baseUrl);
    if (!secret) throw new NoClientSecretError(chosen.config.clientId);
    const client: OAuthClient = { baseUrl, clientId: chosen.config.clientId, clientSecret: secret };
    this.d.registerSecret(secret);
    const oauth = this.d.config.oauth();
    checkLifetimes({ expiresIn: oauth.accessTokenLifetime });
    const scopes = parseScopes(chosen.config.scopes ?? ['read']);
    const tokens = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Signing in to Zendesk with client credentials…'),
      },
      () => clientCredentialsGrant(this.ctx(), { client, scopes, expiresIn: oauth.accessTokenLifetime }),
    );
    return this.finish(chosen.config, client, 'client_credentials', tokens);
  }

  async revoke(s: StoredSession): Promise<void> {
    await revokeCurrentToken(
      { ...this.ctx(), signal: AbortSignal.timeout(10_000) },
      { baseUrl: s.baseUrl, accessToken: s.accessToken },
    );
  }

  private ctx() {
    return { http: this.d.http, log: this.d.log, now: this.now };
  }

  private async codeFlow(
    chosen: ChosenAccount,
    client: OAuthClient,
    scopes: string[],
    preferred?: StrategyId,
  ): Promise<TokenSet> {
    const oauth = this.d.config.oauth();
    checkLifetimes({ expiresIn: oauth.accessTokenLifetime, refreshTokenExpiresIn: oauth.refreshTokenLifetime });
    const order = chooseStrategies({
      uiKind: vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop',
      remoteName: vscode.env.remoteName,
      mode: oauth.redirectMode,
      relayUrl: oauth.relayUrl,
    });
    let strategy: StrategyId = preferred && order.includes(preferred) ? preferred : order[0];
    // Another way than the usual may need another redirect URL registered: show it first.
    let confirmRedirect = chosen.isNew || strategy !== order[0];
    for (;;) {
      try {
        return await this.attempt(strategy, client, scopes, { confirmRedirect });
      } catch (e) {
        // Cancel, Deny, a state mismatch or a Zendesk error is an answer; a time-out or a strategy that cannot
        // run here is a way that did not work: offer the others.
        const another =
          e instanceof RedirectTimeoutError || e instanceof PortInUseError || e instanceof RedirectConfigError;
        if (!another) throw e;
        this.d.log.warn(`${strategy} did not work: ${(e as Error).message}`);
        const next = await this.d.setup.tryAnotherWay(
          e as Error,
          order.filter((s) => s !== strategy),
        );
        if (!next) throw e;
        strategy = next;
        confirmRedirect = true;
      }
    }
  }

  private attempt(
    id: StrategyId,
    client: OAuthClient,
    scopes: string[],
    o: { confirmRedirect: boolean },
  ): Promise<TokenSet> {
    const oauth = this.d.config.oauth();
    return Promise.resolve(
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: signInProgress.title(), cancellable: true },
        async (progress, cancel) => {
          const abort = new AbortController();
          const onCancel = cancel.onCancellationRequested(() => abort.abort(new RedirectCancelledError()));
          let timer: NodeJS.Timeout | undefined;
          const strategy = createStrategy(id);
          this.d.log.info(
            `signing in to ${client.baseUrl} as client ${client.clientId}, back from the browser by ${id}`,
          );
          const pending = await strategy.start({
            host: this.d.redirectHost,
            config: { loopbackPort: oauth.loopbackPort, relayUrl: oauth.relayUrl },
            state: createState(),
            signal: abort.signal,
            log: this.d.log,
          });
          try {
            // A new account (or another way back) shows the URL to register before the browser opens. A known
            // account is not stopped: the preflight below asks Zendesk whether it accepts the URL, and only a
            // refusal is news to the user (its error names the exact URL to register).
            if (o.confirmRedirect) {
              const go = await this.d.setup.confirmRedirectUrl(pending.redirectUri, pending.registrationNote);
              if (!go) throw new RedirectCancelledError();
            }
            timer = setTimeout(() => abort.abort(new RedirectTimeoutError()), SIGN_IN_TIME_LIMIT_MS);
            const verifier = createCodeVerifier();
            // Every secret of this attempt, so the logger redacts it wherever it turns up (an error quoting it).
            this.d.registerSecret(verifier, pending.stateParam, client.clientSecret);
            const url = buildAuthorizeUrl({
              baseUrl: client.baseUrl,
              clientId: client.clientId,
              redirectUri: pending.redirectUri,
              scopes,
              state: pending.stateParam,
              codeChallenge: codeChallengeS256(verifier),
            });
            await checkAuthorizeRequest(this.d.http, url, pending.redirectUri, abort.signal);
            if (pending.registrationNote) this.d.log.info(`Zendesk accepts the redirect URL ${pending.redirectUri}`);
            progress.report({ message: signInProgress.inBrowser() });
            this.d.log.info(`opening the browser for ${client.baseUrl} (${strategy.label})`);
            if (!(await this.d.browser.open(url))) {
              throw new RedirectCancelledError(
                vscode.l10n.t('The browser did not open. Try again, or choose another way to sign in.'),
              );
            }
            const { code } = await pending.wait();
            this.d.registerSecret(code);
            progress.report({ message: signInProgress.gettingTokens() });
            return await exchangeCode(
              { ...this.ctx(), signal: abort.signal },
              {
                client,
                code,
                redirectUri: pending.redirectUri,
                codeVerifier: verifier,
                expiresIn: oauth.accessTokenLifetime,
                refreshTokenExpiresIn: oauth.refreshTokenLifetime,
              },
            );
          } finally {
            if (timer) clearTimeout(timer);
            onCancel.dispose();
            pending.dispose();
          }
        },
      ),
    );
  }

  /**
   * Identifies the user and stores the session; it replaces the session it stands for (the same user's own
   * session on the account, or another extension's session for the same scope set). `forCaller`: the exact scope
   * set another extension asked for, which the token must carry.
   */
  private async finish(
    config: AccountConfig,
    client: OAuthClient,
    grant: StoredSession['grant'],
    tokens: TokenSet,
    forCaller?: readonly string[],
  ): Promise<StoredSession> {
    this.d.registerSecret(tokens.accessToken, tokens.refreshToken);
    let session: StoredSession;
    let replaced: StoredSession[];
    try {
      // A token other than the one asked for is never handed to another extension (nor kept).
      if (forCaller && !sameScopes(tokens.scopes, forCaller)) {
        throw new AuthError(
          vscode.l10n.t(
            'Zendesk granted "{0}" instead of the "{1}" asked for; nothing was kept.',
            tokens.scopes.join(' '),
            forCaller.join(' '),
          ),
        );
      }
      const api = new ZendeskClient({
        baseUrl: client.baseUrl,
        transport: this.d.http,
        tokens: { getAccessToken: async () => tokens.accessToken },
        log: this.d.log,
      });
      const user = await this.identify(api, config, client.baseUrl, tokens.scopes);
      session = {
        id: randomUUID(),
        accountId: accountIdOf(config.subdomain, user.id),
        accountLabel: user.name
          ? `${user.name} (${config.subdomain})`
          : vscode.l10n.t('User {0} ({1})', user.id, config.subdomain),
        subdomain: config.subdomain,
        baseUrl: client.baseUrl,
        clientId: client.clientId,
        grant,
        scopes: tokens.scopes,
        user,
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        issuedAt: this.now(),
        expiresAt: tokens.expiresAt,
        refreshTokenExpiresAt: tokens.refreshTokenExpiresAt,
        ...(forCaller ? { forCaller: true } : {}),
      };
      replaced = replacedBy(session, await this.d.store.list());
      await this.d.store.save(session);
    } catch (e) {
      // Users/me refused (scopes) or the keychain failed: the token is not kept, so give it back rather than
      // leave a live token nobody holds.
      await revokeCurrentToken(
        { ...this.ctx(), signal: AbortSignal.timeout(10_000) },
        { baseUrl: client.baseUrl, accessToken: tokens.accessToken },
      ).catch((r: unknown) => this.d.log.warn(`could not revoke the unused token: ${(r as Error).message}`));
      throw e;
    }
    for (const old of replaced) {
      await this.revoke(old).catch((e: unknown) =>
        this.d.log.warn(`could not revoke the replaced token: ${(e as Error).message}`),
      );
      await this.d.store.remove(old.id);
    }
    this.d.log.info(
      `signed in to ${session.accountLabel} with scopes ${session.scopes.join(' ')}${forCaller ? ' for another extension' : ''}`,
    );
    return session;
  }

  /**
   * Who the token belongs to, without asking for more than it carries. A token that may read users (`read`,
   * `users:read`) reads `/users/me`. A narrower one (`tickets:read`) may not, but may show itself ("Show Token",
   * https://developer.zendesk.com/api-reference/ticketing/oauth/oauth_tokens/#show-token): its user id, and the
   * name, email and role of that user's session already signed in here; a user never signed in here is known by id.
   */
  private async identify(
    api: ZendeskClient,
    config: AccountConfig,
    baseUrl: string,
    scopes: readonly string[],
  ): Promise<StoredSession['user']> {
    if (scopesCover(scopes, ['users:read'])) {
      const me = await getMe(api);
      // An agent always has an email; a user without one (possible on Zendesk) keeps an empty one, shown as the name alone.
      return { id: me.id, name: me.name, email: me.email ?? '', role: me.role };
    }
    const { userId } = await getCurrentToken(api);
    const accountId = accountIdOf(config.subdomain, userId);
    const known = (await this.d.store.list()).find(
      (s) => s.accountId === accountId && s.baseUrl === baseUrl && s.user.name,
    );
    return known ? { ...known.user } : { id: userId, name: '', email: '', role: '' };
  }
}
