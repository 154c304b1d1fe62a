import * as vscode from 'vscode';
import { AUTHORIZATION_CODE_LIFETIME_SECONDS } from '../zendesk/oauth';
import type { RedirectHost } from './redirect';

/** What only a person does during a sign-in: the browser they sign in with, and the paste box. */
export interface SignInDialogs {
  /** Opens the user's browser (in code-server, a new tab of the same browser). */
  openExternal(url: string): Promise<boolean>;
  /** The paste box: the whole address the browser ended on, or undefined if the user cancels. */
  promptForCallback(redirectUri: string, problem?: string): Promise<string | undefined>;
}

/** The real ones: VS Code's external opener and input box. */
export const vscodeSignInDialogs: SignInDialogs = {
  openExternal: async (url) => vscode.env.openExternal(vscode.Uri.parse(url, true)),
  promptForCallback: async (redirectUri, problem) => {
    // Zendesk's code expires soon after the browser lands there; the sign-in as a whole waits longer (SIGN_IN_TIME_LIMIT_MS).
    const ask = vscode.l10n.t(
      'After you allow access, the browser goes to {0}… Paste the whole address from its address bar (not only the code) within {1} minutes: Zendesk accepts its code for no longer.',
      redirectUri,
      AUTHORIZATION_CODE_LIFETIME_SECONDS / 60,
    );
    return vscode.window.showInputBox({
      title: vscode.l10n.t('Sign in to Zendesk'),
      prompt: problem ? `${problem} ${ask}` : ask,
      placeHolder: `${redirectUri}?code=…&state=…`,
      ignoreFocusOut: true,
      password: false,
    });
  },
};

/** VS Code's side of the redirect strategies, and the extension's one UriHandler. */
export class VsCodeRedirectHost implements RedirectHost, vscode.UriHandler {
  private readonly listeners = new Set<(uri: string) => void>();

  constructor(
    readonly extensionId: string,
    private readonly dialogs: SignInDialogs,
  ) {}

  get uriScheme(): string {
    return vscode.env.uriScheme;
  }

  get inBrowser(): boolean {
    return vscode.env.uiKind === vscode.UIKind.Web;
  }

  async asExternalUri(uri: string): Promise<string> {
    return (await vscode.env.asExternalUri(vscode.Uri.parse(uri, true))).toString(true);
  }

  handleUri(uri: vscode.Uri): void {
    for (const l of [...this.listeners]) l(uri.toString(true));
  }

  onDidReceiveUri(listener: (uri: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  promptForCallback(redirectUri: string, problem?: string): Promise<string | undefined> {
    return this.dialogs.promptForCallback(redirectUri, problem);
  }

  openExternal(url: string): Promise<boolean> {
    return this.dialogs.openExternal(url);
  }
}
