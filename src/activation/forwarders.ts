// Thin objects VS Code gets at activation, each forwarding to the implementation once it is loaded. They hold no
// state and no logic: the checks (which session a caller was given, which scopes a request needs, what a tool's
// input may be) are the implementation's, so there is one copy of each.
import * as vscode from 'vscode';
import type { ZendeskExtensionApi, ZendeskRequestOptions } from '../api/zendesk-vscode';
import type { Implementation } from '../main';

/** Loads the implementation (once; later calls get the same promise). */
export type Load = () => Promise<Implementation>;

export function forwardingProvider(
  load: Load,
  onDidChangeSessions: vscode.Event<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>,
): vscode.AuthenticationProvider {
  return {
    onDidChangeSessions,
    getSessions: async (scopes, options) => (await load()).provider.getSessions(scopes, options),
    createSession: async (scopes, options) => (await load()).provider.createSession(scopes, options),
    removeSession: async (sessionId) => (await load()).provider.removeSession(sessionId),
  };
}

/** `onLoadError`: the implementation did not load (already shown to the user); a failure inside handleUri is not it. */
export function forwardingUriHandler(load: Load, onLoadError: (e: unknown) => void): vscode.UriHandler {
  return { handleUri: (uri) => void load().then((m) => m.uriHandler.handleUri(uri), onLoadError) };
}

/** A chat tool by its contributed name; VS Code asks for it only after activation registered it. */
export function forwardingTool(load: Load, name: string): vscode.LanguageModelTool<unknown> {
  const tool = async () => {
    const t = (await load()).tools.get(name);
    if (!t) {
      throw new Error(
        vscode.l10n.t('The Zendesk chat tool {0} is contributed but not implemented: reinstall the extension.', name),
      );
    }
    return t;
  };
  return {
    prepareInvocation: async (options, token) => (await tool()).prepareInvocation?.(options, token),
    invoke: async (options, token) => (await tool()).invoke(options, token),
  };
}

/** The exported API (apiVersion 1): the same object shape as the implementation's, its calls answered there. */
export function forwardingApi(load: Load): ZendeskExtensionApi {
  return Object.freeze({
    apiVersion: 1 as const,
    request: async <T>(
      session: vscode.AuthenticationSession,
      method: string,
      path: string,
      options?: ZendeskRequestOptions,
    ): Promise<T> => (await load()).api.request<T>(session, method, path, options),
  });
}
