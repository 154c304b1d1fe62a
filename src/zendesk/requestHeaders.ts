// Which headers a caller (a request file, "Send API Request…", the history) may send next to the account's token.
// An allowlist, not a denylist: a header that rewrites where or how a request is routed (Host, Forwarded,
// X-Forwarded-*, X-Original-URL, ...), which method a server runs (X-HTTP-Method-Override and its kin) or how the
// message is framed (Content-Length, Transfer-Encoding, Connection, Expect, Upgrade, ...) could reach around host
// pinning in a proxy or at Zendesk's edge, and no list of such headers is ever complete. What Zendesk documents for
// its REST API fits in a short list, so everything else is refused. Used by the request-file parser (a diagnostic
// on the header line) and by the client before anything is sent (whatever the caller). No `vscode` import.
import * as l10n from '@vscode/l10n';

/** Lower-case names a caller may set. Zendesk reads Accept, Content-Type, Accept-Language (the language of its
 * messages), Idempotency-Key (https://developer.zendesk.com/api-reference/ticketing/introduction/#idempotency) and
 * X-On-Behalf-Of (https://developer.zendesk.com/api-reference/introduction/security-and-auth/). */
export const ALLOWED_REQUEST_HEADERS: readonly string[] = [
  'accept',
  'accept-language',
  'content-type',
  'idempotency-key',
  'x-on-behalf-of',
];

const ALLOWED: ReadonlySet<string> = new Set(ALLOWED_REQUEST_HEADERS);

/** The allowed headers as a user writes them (`X-On-Behalf-Of`), for messages. */
export function allowedHeadersText(): string {
  return ALLOWED_REQUEST_HEADERS.map((h) =>
    h.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase()),
  ).join(', ');
}

/** Why a caller may not send this header (a sentence saying what to do instead), or undefined when it may. */
export function headerRefusal(name: string, value = ''): string | undefined {
  const key = name.toLowerCase();
  if (key === 'authorization') {
    return l10n.t(
      'Remove this Authorization header: the token is added from your signed-in Zendesk session when the request is sent, so it never has to be written in a file.',
    );
  }
  if (!ALLOWED.has(key)) {
    if (
      key === 'host' ||
      key === 'forwarded' ||
      key.startsWith('x-forwarded-') ||
      key === 'x-host' ||
      key === 'x-original-url' ||
      key === 'x-rewrite-url'
    ) {
      return l10n.t(
        "Remove the {0} header: the request goes to the address on the request line, on the signed-in account's host. To reach another account, sign in to it and write its https://SUBDOMAIN.zendesk.com/... address.",
        name,
      );
    }
    if (/^x-(http-)?method(-override)?$/.test(key)) {
      return l10n.t(
        'Remove the {0} header: write the method you want at the start of the request line, such as "PUT /api/v2/tickets/1.json".',
        name,
      );
    }
    if (key === 'content-length' || key === 'transfer-encoding' || key === 'connection') {
      return l10n.t('Remove the {0} header: it is computed when the request is sent.', name);
    }
    return l10n.t('Remove the {0} header: only {1} are sent with your Zendesk token.', name, allowedHeadersText());
  }
  if (/[\r\n\0]/.test(value)) return l10n.t('The value of the {0} header cannot hold a line break.', name);
  return undefined;
}
