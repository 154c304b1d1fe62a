// The account's address: the subdomain the user types, the base URL derived from it, and the one rule that
// decides where this account's token may be sent.
import { HostNotAllowedError, InvalidInputError } from './errors';
import * as l10n from '@vscode/l10n';

const ZENDESK_DOMAIN = '.zendesk.com';
const MAX_LENGTH = 63; // one DNS label

/**
 * Accepts `acme`, `ACME`, `acme.zendesk.com` or any URL on it (`https://acme.zendesk.com/agent/tickets/1`) and
 * returns `acme`. Throws InvalidInputError saying why otherwise. A host-mapped domain (`support.acme.com`) is
 * refused because Zendesk's OAuth endpoints work only on the core `*.zendesk.com` subdomain.
 */
export function parseSubdomain(input: string): string {
  const text = input.trim();
  if (text === '') throw new InvalidInputError(l10n.t('The Zendesk subdomain is empty.'));
  // Checked before URL parsing, which would silently turn non-ASCII names into punycode.
  if (/[^\x21-\x7e]/.test(text)) throw invalidCharacters(text);
  if (!/[./:]/.test(text)) return checkLabel(text.toLowerCase());
  return checkLabel(subdomainOfHost(hostOf(text)));
}

function hostOf(text: string): string {
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
  let url: URL;
  try {
    url = new URL(hasScheme ? text : `https://${text}`);
  } catch {
    throw new InvalidInputError(l10n.t('"{0}" is neither a Zendesk subdomain nor a Zendesk address.', text));
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InvalidInputError(l10n.t('"{0}" is not a web address; give the subdomain, such as "acme".', text));
  }
  return url.hostname;
}

function subdomainOfHost(host: string): string {
  if (host === 'zendesk.com' || host === 'www.zendesk.com') {
    throw new InvalidInputError(
      l10n.t('That is Zendesk\'s own site; give your account\'s subdomain, such as "acme" for acme.zendesk.com.'),
    );
  }
  if (!host.endsWith(ZENDESK_DOMAIN)) {
    throw new InvalidInputError(
      l10n.t(
        '"{0}" is not a zendesk.com address. A host-mapped domain cannot be used to sign in: give the account\'s own subdomain, such as "acme" for acme.zendesk.com.',
        host,
      ),
    );
  }
  const label = host.slice(0, -ZENDESK_DOMAIN.length);
  if (label.includes('.')) {
    throw new InvalidInputError(l10n.t('"{0}" has more than one name before zendesk.com.', host));
  }
  return label;
}

/** A Zendesk subdomain is one DNS label: lowercase letters, digits and inner hyphens, at most 63 characters. */
function checkLabel(label: string): string {
  if (label === '') throw new InvalidInputError(l10n.t('The Zendesk subdomain is empty.'));
  if (!/^[a-z0-9-]+$/.test(label)) throw invalidCharacters(label);
  if (label.length > MAX_LENGTH) {
    throw new InvalidInputError(l10n.t('The Zendesk subdomain is too long: at most {0} characters.', MAX_LENGTH));
  }
  if (label.startsWith('-') || label.endsWith('-')) {
    throw new InvalidInputError(l10n.t('The Zendesk subdomain "{0}" cannot start or end with "-".', label));
  }
  return label;
}

function invalidCharacters(text: string): InvalidInputError {
  return new InvalidInputError(
    l10n.t('"{0}" has invalid characters: a Zendesk subdomain has only letters, digits and "-".', text),
  );
}

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The one rule for which hosts are loopback (the only ones a base URL may reach over plain http): 127.0.0.1,
 * localhost and [::1], as URL.hostname gives them (IPv6 in brackets). */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname.toLowerCase());
}

/**
 * `https://SUB.zendesk.com`, or `override` (a local sandbox or test server) once it is checked: http only on a
 * loopback host, no credentials, path, query or fragment. Returned as an origin, with no trailing slash.
 */
export function accountBaseUrl(subdomain: string, override?: string): string {
  if (override === undefined || override.trim() === '') return `https://${checkLabel(subdomain)}${ZENDESK_DOMAIN}`;
  let url: URL;
  try {
    url = new URL(override.trim());
  } catch {
    throw new InvalidInputError(l10n.t('The base URL "{0}" is not a URL.', override));
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InvalidInputError(l10n.t('The base URL must start with https://.'));
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new InvalidInputError(
      l10n.t(
        'The base URL must use https; plain http is allowed only for 127.0.0.1, localhost and [::1] (a local test server).',
      ),
    );
  }
  if (url.username || url.password) {
    throw new InvalidInputError(l10n.t('The base URL cannot contain a user name or password.'));
  }
  if (url.pathname !== '/' || url.search || url.hash) {
    throw new InvalidInputError(
      l10n.t('The base URL must be only a scheme, host and port, such as https://acme.zendesk.com.'),
    );
  }
  return url.origin;
}

/** The ticket's page in Zendesk's agent workspace ("Open in Zendesk", chat links): no token goes with it. The one
 * place this path is built. */
export function agentTicketUrl(baseUrl: string, id: number): string {
  return `${baseUrl.replace(/\/+$/, '')}/agent/tickets/${id}`;
}

/**
 * The ONE rule deciding whether `url` may receive the token of the account at `baseUrl`: same scheme, host and
 * port, and no user info (which only serves to make a URL read as another host). Anything unparsable is refused.
 */
export function isTokenHostAllowed(url: string, baseUrl: string): boolean {
  let target: URL;
  let base: URL;
  try {
    target = new URL(url);
    base = new URL(baseUrl);
  } catch {
    return false;
  }
  if (target.protocol !== 'https:' && target.protocol !== 'http:') return false;
  if (target.username || target.password) return false;
  return target.protocol === base.protocol && target.hostname === base.hostname && target.port === base.port;
}

/** Throws HostNotAllowedError unless isTokenHostAllowed. The message names hosts, never the path or query. */
export function assertTokenHostAllowed(url: string, baseUrl: string): void {
  if (isTokenHostAllowed(url, baseUrl)) return;
  throw new HostNotAllowedError(l10n.t('Refusing to send the {0} token to {1}.', originOf(baseUrl), originOf(url)));
}

/** `scheme://host[:port]` of a URL, for messages that name hosts but never a path or query. */
export function originOf(url: string, unparsable = l10n.t('an invalid URL')): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return unparsable;
  }
}
