// Before opening the browser, asks Zendesk's authorization endpoint (without following redirects) whether it
// accepts the request. An unknown client or an unregistered redirect URL gets an error page there, never a
// redirect back, so without this check the user would wait in vain; with it they get the exact URL to register.
import { OAuthError } from '../zendesk/errors';
import { RedirectError } from './redirect/errors';
import type { HttpTransport } from '../zendesk/transport';
import * as l10n from '@vscode/l10n';

/** Zendesk refused the redirect URL: it is not registered on the OAuth client exactly as sent. */
export class RedirectUriNotRegisteredError extends RedirectError {
  override readonly name = 'RedirectUriNotRegisteredError';
  constructor(readonly redirectUri: string) {
    super(
      l10n.t(
        "Zendesk does not accept the redirect URL {0}. Add it to the OAuth client's redirect URLs in Admin Center exactly as shown: scheme, host, port and trailing slash must all match.",
        redirectUri,
      ),
    );
  }
}

export async function checkAuthorizeRequest(
  http: HttpTransport,
  authorizeUrl: string,
  redirectUri: string,
  signal?: AbortSignal,
): Promise<void> {
  const res = await http.send({ method: 'GET', url: authorizeUrl, headers: { accept: 'text/html' }, signal });
  // 200 (login or consent page) and 3xx (to the login page, or straight back) are both fine.
  if (res.status < 400) return;
  const text = res.body.replace(/<[^>]+>/g, ' ');
  if (/redirect/i.test(text)) throw new RedirectUriNotRegisteredError(redirectUri);
  if (/client/i.test(text)) {
    throw new OAuthError(
      'invalid_client',
      l10n.t(
        'Zendesk does not know this OAuth client. Check the client identifier (the unique identifier, not the numeric id).',
      ),
      res.status,
    );
  }
  throw new OAuthError(
    'invalid_request',
    l10n.t('Zendesk refused the sign-in request (HTTP {0}).', res.status),
    res.status,
  );
}
