import * as vscode from 'vscode';
import { Settings } from './constants';

export type ClientKind = 'public' | 'confidential';
export type RedirectMode = 'auto' | 'loopback' | 'relay' | 'manual';

/** One Zendesk account as configured by the user: where to sign in and with which OAuth client. No secrets. */
export interface AccountConfig {
  subdomain: string;
  clientId: string;
  clientKind: ClientKind;
  scopes?: string[];
  /** Another base URL than https://SUBDOMAIN.zendesk.com (a sandbox or test server). */
  baseUrl?: string;
}

export interface OAuthSettings {
  redirectMode: RedirectMode;
  loopbackPort: number;
  relayUrl?: string;
  accessTokenLifetime: number;
  refreshTokenLifetime: number;
}

/**
 * Typed access to the `zendesk.*` settings. Values come from user (global) settings or the defaults only:
 * these settings decide where a token is sent, so a workspace's .vscode/settings.json must never change them.
 * (Their manifest scope already keeps VS Code from applying workspace values; reading `globalValue` makes sure.)
 */
export class Config {
  private read<T>(key: string, fallback: T): T {
    return userSetting(key, fallback);
  }

  accounts(): AccountConfig[] {
    const raw = this.read<unknown>(Settings.accounts, []);
    return Array.isArray(raw) ? raw.filter(isAccountConfig) : [];
  }

  async saveAccounts(accounts: AccountConfig[]): Promise<void> {
    await vscode.workspace
      .getConfiguration(Settings.section)
      .update(Settings.accounts, accounts, vscode.ConfigurationTarget.Global);
  }

  oauth(): OAuthSettings {
    const relayUrl = this.read<string>(Settings.relayUrl, '').trim();
    return {
      redirectMode: this.read<RedirectMode>(Settings.redirectMode, 'auto'),
      loopbackPort: this.read<number>(Settings.loopbackPort, 48127),
      relayUrl: relayUrl || undefined,
      accessTokenLifetime: this.read<number>(Settings.accessTokenLifetime, 86400),
      refreshTokenLifetime: this.read<number>(Settings.refreshTokenLifetime, 2592000),
    };
  }
}

/** The one way a `zendesk.*` setting is read: the user's (global) value, else the default; never a workspace's. */
export function userSetting<T>(key: string, fallback: T): T {
  const inspected = vscode.workspace.getConfiguration(Settings.section).inspect<T>(key);
  return inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
}

function isAccountConfig(v: unknown): v is AccountConfig {
  if (!v || typeof v !== 'object') return false;
  const a = v as Record<string, unknown>;
  return (
    typeof a.subdomain === 'string' &&
    typeof a.clientId === 'string' &&
    (a.clientKind === 'public' || a.clientKind === 'confidential')
  );
}
