// Activation, dist/extension.js: registrations only, so VS Code loads and runs a few KB when it activates the
// extension. Everything else (the services, the tree, the status bar, reading the keychain) is the implementation,
// dist/main.js (src/main.ts), loaded on first use or right after activation, whichever comes first. This bundle
// imports nothing of the implementation but its types; a unit test reads the production build to keep it so.
import * as vscode from 'vscode';
import type { ZendeskExtensionApi } from './api/zendesk-vscode';
import { forwardingApi, forwardingProvider, forwardingTool, forwardingUriHandler } from './activation/forwarders';
import { contributions } from './activation/manifest';
import type { Implementation } from './main';

export function activate(context: vscode.ExtensionContext): ZendeskExtensionApi {
  const manifest = contributions(context.extension.packageJSON);
  const sessionsChanged = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();

  let loading: Promise<Implementation> | undefined;
  const load = () =>
    (loading ??= (async () => {
      // A plain require of the other file (esbuild.mjs keeps it apart): synchronous, through the same module loader
      // as this bundle, so `vscode` resolves there as it does here.
      const main = require('./main') as typeof import('./main');
      // The implementation registers the real handlers under the same ids, and VS Code refuses an id registered twice:
      // the placeholders go first, in the same turn, so a command is never without a handler.
      for (const p of placeholders) p.dispose();
      return main.start(context, { sessionsChanged });
    })().catch((e: unknown) => {
      void vscode.window.showErrorMessage(
        vscode.l10n.t(
          'Zendesk could not start: {0}. Reload the window; if this persists, reinstall the extension.',
          e instanceof Error ? e.message : String(e),
        ),
      );
      throw e;
    }));
  // What a failed load does for callers that have nobody to tell: nothing more, the message above was shown.
  const ignore = () => undefined;

  // VS Code runs a command right after activating the extension for it: until the implementation is loaded, each
  // contributed command is a placeholder that loads it, then runs the real handler with the same arguments.
  const placeholders = manifest.commands.map((id) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      await load();
      return vscode.commands.executeCommand(id, ...args);
    }),
  );
  context.subscriptions.push(
    sessionsChanged,
    ...placeholders,
    // VS Code looks for the provider, the URI handler and the chat tools as soon as activation ends.
    vscode.authentication.registerAuthenticationProvider(
      manifest.provider.id,
      manifest.provider.label,
      forwardingProvider(load, sessionsChanged.event),
      { supportsMultipleAccounts: true },
    ),
    vscode.window.registerUriHandler(forwardingUriHandler(load, ignore)),
    ...manifest.tools.map((name) => vscode.lm.registerTool(name, forwardingTool(load, name))),
  );
  // The status bar item and the signed-in state show without the user doing anything: right after activation. The
  // tree and the ticket tab's serializer come with it (VS Code waits for both after activation).
  // Unless VS Code deactivated the extension in between (a window closing right away): nothing may start then.
  let deactivated = false;
  context.subscriptions.push({
    dispose: () => {
      deactivated = true;
    },
  });
  setImmediate(() => {
    if (!deactivated) void load().catch(ignore);
  });

  return forwardingApi(load);
}

export function deactivate(): void {}
