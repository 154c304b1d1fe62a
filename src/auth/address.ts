// What the first step of "Add a Zendesk Account" accepts. No `vscode` import: unit-tested in plain Node.
import { InvalidInputError } from '../zendesk/errors';
import { accountBaseUrl, isLoopbackHost, parseSubdomain } from '../zendesk/subdomain';
import * as l10n from '@vscode/l10n';

/** The subdomain a local test server (the sandbox) stands in for. */
export const TEST_SERVER_SUBDOMAIN = 'sandbox';

/**
 * The first step accepts a subdomain (`acme`), a zendesk.com address (`acme.zendesk.com`, or a pasted
 * `https://acme.zendesk.com/agent/...` URL), or a local test server's `http://127.0.0.1:PORT`, which becomes an
 * account with that base URL, marked as a test server wherever it is shown.
 */
export function parseAddress(value: string): { subdomain: string; baseUrl?: string } {
  const text = value.trim();
  const local = /^http:\/\/([^/?#]+)\/?$/i.exec(text);
  if (local && isLoopbackHost(hostOf(text))) {
    return {
      subdomain: TEST_SERVER_SUBDOMAIN,
      baseUrl: accountBaseUrl(TEST_SERVER_SUBDOMAIN, text.replace(/\/$/, '')),
    };
  }
  if (/^http:/i.test(text)) {
    throw new InvalidInputError(
      l10n.t('Zendesk needs https; only a local test server (127.0.0.1, localhost or [::1]) may use http.'),
    );
  }
  return { subdomain: parseSubdomain(text) };
}

function hostOf(text: string): string {
  try {
    return new URL(text).hostname;
  } catch {
    return '';
  }
}
