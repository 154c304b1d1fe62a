/**
 * The HTML pages of the authorization endpoint. Every link and form action is relative: the pages are also
 * reached through a proxy (http://HOST/proxy/PORT/oauth/...), where an absolute path would miss the sandbox.
 * The login form posts to `new`, i.e. /oauth/authorizations/new relative to the page itself.
 */

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: system-ui, sans-serif; background: #f3f4f6; margin: 0; }
main { max-width: 24rem; margin: 4rem auto; background: #fff; padding: 2rem; border-radius: 8px; box-shadow: 0 1px 4px #0002; }
label { display: block; margin-top: 1rem; font-weight: 600; }
input[type=email], input[type=password] { width: 100%; box-sizing: border-box; padding: .5rem; margin-top: .25rem; }
button { margin-top: 1.25rem; margin-right: .5rem; padding: .5rem 1.25rem; }
.error { color: #b00020; }
.sandbox { color: #555; font-size: .85rem; }
</style>
</head>
<body>
<main>
${body}
<p class="sandbox">This is the local Zendesk sandbox, not Zendesk.</p>
</main>
</body>
</html>
`;
}

export function loginPage(opts: {
  pendingId: string;
  clientName: string;
  subdomain: string;
  email?: string;
  failed?: boolean;
}): string {
  return page(
    'Sign in to Zendesk',
    `<h1>Sign in to Zendesk</h1>
<p>Sign in to <strong>${escapeHtml(opts.subdomain)}</strong> to continue to <strong>${escapeHtml(opts.clientName)}</strong>.</p>
${opts.failed ? '<p class="error" role="alert">Invalid email or password.</p>' : ''}
<form method="post" action="new">
<input type="hidden" name="pending" value="${escapeHtml(opts.pendingId)}">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(opts.email ?? '')}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>`,
  );
}

const SCOPE_TEXT: Record<string, string> = {
  read: 'Read all the data you can see (all GET requests)',
  write: 'Create, change and delete data (POST, PUT and DELETE requests)',
  impersonate: 'Make requests on behalf of end users',
};

function describeScope(scope: string): string {
  const known = SCOPE_TEXT[scope];
  if (known) return known;
  const [resource, verb] = scope.split(':');
  if (verb === 'read') return `Read ${resource}`;
  if (verb === 'write') return `Change ${resource}`;
  return `Read and change ${resource}`;
}

export function consentPage(opts: {
  pendingId: string;
  clientName: string;
  userEmail: string;
  scopes: readonly string[];
}): string {
  const items = opts.scopes
    .map((s) => `<li><code>${escapeHtml(s)}</code>: ${escapeHtml(describeScope(s))}</li>`)
    .join('\n');
  return page(
    'Authorize access',
    `<h1>Authorize access</h1>
<p><strong>${escapeHtml(opts.clientName)}</strong> wants to access your Zendesk account (${escapeHtml(opts.userEmail)}).</p>
<p>It asks for these scopes:</p>
<ul>
${items}
</ul>
<form method="post" action="new">
<input type="hidden" name="pending" value="${escapeHtml(opts.pendingId)}">
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>`,
  );
}

export function errorPage(message: string): string {
  return page(
    'Authorization error',
    `<h1>Authorization error</h1>\n<p class="error" role="alert">${escapeHtml(message)}</p>`,
  );
}
