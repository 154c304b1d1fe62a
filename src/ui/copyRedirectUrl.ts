// "Zendesk: Copy Redirect URL" (the walkthrough's Copy button): puts the URL to register in Admin Center on the
// clipboard and says what to do with it.
import * as vscode from 'vscode';
import type { Config } from '../config';
import type { Logger } from '../log';
import type { RedirectHost } from '../auth/redirect';
import { showError } from './messages';
import { redirectUrlToRegister } from './redirectUrl';
import type { Dialogs } from '../dialogs';

export async function copyRedirectUrl(
  config: Config,
  host: Pick<RedirectHost, 'asExternalUri'>,
  ui: Pick<Dialogs, 'showInformationMessage'>,
  log: Logger,
): Promise<string | undefined> {
  try {
    const oauth = config.oauth();
    const { url } = await redirectUrlToRegister(
      {
        uiKind: vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop',
        remoteName: vscode.env.remoteName,
        mode: oauth.redirectMode,
        relayUrl: oauth.relayUrl,
      },
      oauth,
      host,
    );
    await vscode.env.clipboard.writeText(url);
    log.info(`copied the redirect URL ${url}`);
    void ui.showInformationMessage(
      vscode.l10n.t(
        "Copied {0}. Paste it into the OAuth client's Redirect URLs in Zendesk Admin Center exactly as it is (scheme, host, port, no trailing slash).",
        url,
      ),
      {},
    );
    return url;
  } catch (e) {
    await showError(e, log, vscode.l10n.t('Copy the redirect URL'));
    return undefined;
  }
}
