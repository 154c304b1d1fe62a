import { clientCredentialsGrant, refreshTokens, type TokenRequestContext } from '../zendesk/oauth';
import type { Config } from '../config';
import type { TokenGrants } from './tokenManager';

/** The token manager's grants, with the lifetimes from settings (checked against Zendesk's bounds by oauth.ts). */
export function createTokenGrants(ctx: Omit<TokenRequestContext, 'signal'>, config: Config): TokenGrants {
  const lifetimes = () => {
    const o = config.oauth();
    return { expiresIn: o.accessTokenLifetime, refreshTokenExpiresIn: o.refreshTokenLifetime };
  };
  return {
    refresh: (s, signal) =>
      refreshTokens(
        { ...ctx, signal },
        {
          client: { baseUrl: s.baseUrl, clientId: s.clientId },
          refreshToken: s.refreshToken ?? '',
          ...lifetimes(),
        },
      ),
    clientCredentials: (s, clientSecret, signal) =>
      clientCredentialsGrant(
        { ...ctx, signal },
        {
          client: { baseUrl: s.baseUrl, clientId: s.clientId, clientSecret },
          scopes: s.scopes,
          expiresIn: lifetimes().expiresIn,
        },
      ),
  };
}
