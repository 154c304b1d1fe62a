import * as vscode from 'vscode';
import { exportsOf, testing } from './helpers';

/**
 * The session VS Code hands a caller of getSession('zendesk', scopes): the provider's answer to VS Code. (The test
 * code's own getSession needs the user's consent first, which the e2e suite gives through the dialog.)
 */
export async function callerSession(scopes: string[] = ['read']): Promise<vscode.AuthenticationSession> {
  const [s] = await (await testing()).provider.getSessions(scopes, {});
  if (!s) throw new Error(`no zendesk session covers ${scopes.join(' ')}`);
  return s;
}

/** A GET through the exported API, on the session VS Code gives for `read`. */
export async function apiGet<T>(path: string): Promise<T> {
  return (await exportsOf()).request<T>(await callerSession(['read']), 'GET', path);
}

/** A GET as the account in use in this workspace (or the one named), the way the extension's own features call. */
export async function getAs<T>(path: string, accountId?: string): Promise<T> {
  const t = await testing();
  return t.access.withClient(accountId, { scopes: ['read'], purpose: 'Reading' }, (c) => c.request<T>('GET', path));
}
