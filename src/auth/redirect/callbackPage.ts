// The page the loopback server answers the browser with. Static HTML and one <style>: no script,
// so it works under the strict Content-Security-Policy sent with it.
import * as l10n from '@vscode/l10n';
import { escapeHtml } from '../../escape';

/**
 * `next` replaces the closing advice: a forged or stale callback is refused while the real sign-in goes on
 * waiting, so "start the sign-in again" would be wrong there.
 */
export type CallbackOutcome = { ok: true } | { ok: false; title: string; detail?: string; next?: string };

export interface CallbackPageOptions {
  /** 'VS Code', 'VS Code Insiders', ... */
  appName?: string;
  /** A link back to the editor, e.g. `vscode://publisher.name/`. Only vscode-like schemes are linked. */
  returnUri?: string;
  /**
   * VS Code itself runs in a tab of this browser (code-server, Codespaces, vscode.dev): a desktop URI scheme
   * leads nowhere there, and the workbench is the tab that opened this one, so the page says to close this tab.
   */
  inBrowser?: boolean;
}

/** Sent with the page: nothing may load, nothing may run. */
export const CALLBACK_PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Which app names a uriScheme stands for, for the page's text. */
// l10n: not user-facing (product names stay as they are)
export function appNameForScheme(uriScheme: string): string {
  switch (uriScheme) {
    case 'vscode-insiders':
      return 'VS Code Insiders';
    case 'vscodium':
      return 'VSCodium';
    default:
      return 'VS Code';
  }
}

const LINKABLE = /^(vscode|vscode-insiders|code-oss|vscodium):\/\//;

export function renderCallbackPage(outcome: CallbackOutcome, opts: CallbackPageOptions = {}): string {
  const app = opts.appName ?? 'VS Code'; // l10n: not user-facing (a product name)
  // Translated text is escaped whole, like any value: neither a value nor a translation can add markup to the page.
  const heading = escapeHtml(
    outcome.ok ? l10n.t('Signed in to Zendesk') : l10n.t('Sign-in failed: {0}', outcome.title),
  );
  const back = opts.inBrowser ? l10n.t('the {0} tab', app) : app;
  const lines = outcome.ok
    ? [
        escapeHtml(
          opts.inBrowser
            ? l10n.t('{0} runs in another tab of this browser: close this tab to return to it.', app)
            : l10n.t('You can close this tab and return to {0}.', app),
        ),
      ]
    : [
        ...(outcome.detail ? [escapeHtml(outcome.detail)] : []),
        escapeHtml(
          outcome.next ? outcome.next : l10n.t('Close this tab, return to {0} and start the sign-in again.', back),
        ),
      ];
  const link =
    !opts.inBrowser && opts.returnUri && LINKABLE.test(opts.returnUri)
      ? `<p><a href="${escapeHtml(opts.returnUri)}">${escapeHtml(l10n.t('Return to {0}', app))}</a></p>`
      : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(outcome.ok ? l10n.t('Signed in to Zendesk') : l10n.t('Zendesk sign-in failed'))}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem; line-height: 1.5; color: #1f2328; background: #fff; }
h1 { font-size: 1.4rem; color: ${outcome.ok ? '#1a7f37' : '#cf222e'}; }
@media (prefers-color-scheme: dark) { body { color: #e6edf3; background: #0d1117; } a { color: #4493f8; } }
</style>
</head>
<body>
<h1>${heading}</h1>
${lines.map((l) => `<p>${l}</p>`).join('\n')}
${link}
</body>
</html>
`;
}
