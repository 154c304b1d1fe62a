// The sandbox over raw HTTP, for its conformance tests and the suites that drive it without the extension's client:
// fetch, PKCE, and sign-in shortcuts.
import { createHash, randomBytes } from 'node:crypto';
import { FIXTURES, Sandbox, SandboxOptions, startSandbox } from '../sandbox/index';

export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
  json<T = Record<string, unknown>>(): T;
}

/** fetch without following redirects, with the body read as text. */
export async function http(url: string, init: RequestInit = {}): Promise<HttpResult> {
  const res = await fetch(url, { redirect: 'manual', ...init });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: <T>() => JSON.parse(text) as T };
}

/** Starts one sandbox for a describe block and closes it afterwards. */
export function useSandbox(opts: SandboxOptions = {}): () => Sandbox {
  let sb: Sandbox | undefined;
  before(async () => {
    sb = await startSandbox({ tickets: 50, ...opts });
  });
  after(async () => {
    await sb?.close();
  });
  return () => {
    if (!sb) throw new Error('sandbox not started');
    return sb;
  };
}

export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export interface AuthorizeParams {
  clientId?: string;
  redirectUri?: string;
  scope?: string;
  state?: string;
  challenge?: string;
  /** Defaults to S256 when there is a challenge; null sends no method. */
  method?: string | null;
  responseType?: string;
}

export function authorizeUrl(sb: Sandbox, p: AuthorizeParams = {}): string {
  const q = new URLSearchParams({
    response_type: p.responseType ?? 'code',
    client_id: p.clientId ?? FIXTURES.publicClient.identifier,
    redirect_uri: p.redirectUri ?? FIXTURES.defaultRedirectUri,
    scope: p.scope ?? 'read write',
    state: p.state ?? 'st-123',
  });
  // A challenge comes with method S256 unless the test says otherwise; no challenge, no method.
  if (p.challenge) q.set('code_challenge', p.challenge);
  const method = p.method === undefined ? (p.challenge ? 'S256' : null) : p.method;
  if (method !== null) q.set('code_challenge_method', method);
  return `${sb.url}/oauth/authorizations/new?${q.toString()}`;
}

/** The scripted browser: signs in and decides at once, answering the redirect. */
export async function scriptedAuthorize(
  sb: Sandbox,
  p: AuthorizeParams & { login?: string; consent?: 'allow' | 'deny' } = {},
): Promise<HttpResult & { location: URL | null }> {
  const res = await http(authorizeUrl(sb, p), {
    headers: { 'X-Sandbox-Login': p.login ?? FIXTURES.users.agent, 'X-Sandbox-Consent': p.consent ?? 'allow' },
  });
  const loc = res.headers.get('location');
  return { ...res, location: loc ? new URL(loc) : null };
}

export async function tokenRequest(
  sb: Sandbox,
  params: Record<string, string | number>,
  encoding: 'json' | 'form' = 'json',
): Promise<HttpResult> {
  const body =
    encoding === 'json'
      ? JSON.stringify(params)
      : new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString();
  return http(`${sb.url}/oauth/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': encoding === 'json' ? 'application/json' : 'application/x-www-form-urlencoded' },
    body,
  });
}

export interface TokenBody {
  access_token: string;
  token_type: string;
  scope: string;
  expires_in: number | null;
  refresh_token?: string;
  refresh_token_expires_in?: number;
}

/** The whole public-client PKCE flow through the scripted browser; answers the token response. */
export async function signIn(
  sb: Sandbox,
  email: string = FIXTURES.users.agent,
  scope = 'read write',
  extra: Record<string, string | number> = {},
): Promise<TokenBody> {
  const { verifier, challenge } = pkce();
  const auth = await scriptedAuthorize(sb, { login: email, scope, challenge });
  const code = auth.location?.searchParams.get('code');
  if (!code) throw new Error(`no code: ${auth.status} ${auth.headers.get('location') ?? auth.text.slice(0, 200)}`);
  const res = await tokenRequest(sb, {
    grant_type: 'authorization_code',
    code,
    client_id: FIXTURES.publicClient.identifier,
    redirect_uri: FIXTURES.defaultRedirectUri,
    code_verifier: verifier,
    ...extra,
  });
  if (res.status !== 201) throw new Error(`token exchange failed: ${res.status} ${res.text}`);
  return res.json<TokenBody>();
}

export async function api(
  sb: Sandbox,
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<HttpResult> {
  const h: Record<string, string> = { Accept: 'application/json', ...headers };
  if (token !== null) h.Authorization = `Bearer ${token}`;
  if (body !== undefined) h['Content-Type'] = 'application/json';
  return http(path.startsWith('http') ? path : `${sb.url}${path}`, {
    method,
    headers: h,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** Reads one hidden input's value from an HTML page. */
export function hiddenField(html: string, name: string): string {
  const m = new RegExp(`<input type="hidden" name="${name}" value="([^"]*)"`).exec(html);
  if (!m?.[1]) throw new Error(`no hidden field ${name} in page`);
  return m[1];
}

export function formAction(html: string): string {
  const m = /<form method="post" action="([^"]*)"/.exec(html);
  if (!m?.[1]) throw new Error('no form in page');
  return m[1];
}
