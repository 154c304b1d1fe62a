// Runs the shipped media/relay.html script in node:vm with a fake location and document
// (test/relayPageRunner.ts), so the page itself is what is tested.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { encodeRelayState, RelayStrategy } from '../../../src/auth/redirect/relay';
import { loadRelayPage, runRelayPage } from '../../relayPageRunner';
import { context, FakeHost } from './fakeHost';

const page = loadRelayPage();
const { html, script, style } = page;

function runPage(search: string, allowedHosts?: string) {
  return runRelayPage(page, search, allowedHosts);
}

function zendeskRedirect(
  cb: string,
  params: Record<string, string> = { code: 'abc123' },
): { search: string; state: string } {
  const state = encodeRelayState({ v: 1, s: 'flow-state', cb });
  return { search: `?${new URLSearchParams({ ...params, state })}`, state };
}

const CODE_SERVER_CB =
  'https://code.example.com/stable-0123abcd/callback?vscode-reqid=1&vscode-scheme=code-oss&vscode-authority=zendesk-vscode.zendesk-vscode&vscode-path=%2Fcallback&vscode-query=nonce%3Dabc';

describe('redirect: relay page (media/relay.html)', () => {
  it('its CSP allows exactly its own inline script and style', () => {
    const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('base64');
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1];
    assert.match(csp, /default-src 'none'/);
    assert.ok(
      csp.includes(`script-src 'sha256-${sha(script)}'`),
      'update the script hash in the CSP after editing the script',
    );
    assert.ok(
      csp.includes(`style-src 'sha256-${sha(style)}'`),
      'update the style hash in the CSP after editing the style',
    );
    assert.match(html, /<meta name="referrer" content="no-referrer">/);
    assert.ok(!/\b(src|href)="https?:/.test(html.replace(/<!--[\s\S]*?-->/, '')), 'loads nothing external');
  });

  const allowed: Array<[string, string, string?]> = [
    ['desktop VS Code', 'vscode://zendesk-vscode.zendesk-vscode/callback?nonce=abc'],
    ['VS Code Insiders', 'vscode-insiders://zendesk-vscode.zendesk-vscode/callback?nonce=abc'],
    ['code-oss', 'code-oss://zendesk-vscode.zendesk-vscode/callback?nonce=abc'],
    ['VSCodium', 'vscodium://zendesk-vscode.zendesk-vscode/callback?nonce=abc'],
    [
      'vscode.dev',
      'https://vscode.dev/callback?vscode-reqid=2&vscode-scheme=vscode&vscode-authority=a.b&vscode-path=%2Fcallback&vscode-query=nonce%3Dabc',
    ],
    ['Codespaces', 'https://fluffy-space-abc123.github.dev/extension-auth-callback?state=platform%2Bstate'],
    [
      'local code-server over http',
      'http://127.0.0.1:8080/stable-0123abcd/callback?vscode-reqid=1&vscode-scheme=code-oss&vscode-authority=a.b&vscode-path=%2Fcallback&vscode-query=nonce%3Dabc',
    ],
    ['localhost code-server', 'http://localhost:8080/callback?vscode-scheme=code-oss&vscode-query=nonce%3Dabc'],
    ['a code-server host listed in the meta tag', CODE_SERVER_CB, 'code.example.com'],
    [
      'a listed host with its port',
      CODE_SERVER_CB.replace('code.example.com', 'code.example.com:8443'),
      'other.example.org code.example.com:8443',
    ],
    ['a listed host given with the default port', CODE_SERVER_CB, 'CODE.example.com:443'],
    [
      'a Codespace with the default port written out',
      'https://fluffy-space-abc123.github.dev:443/extension-auth-callback?state=platform%2Bstate',
    ],
  ];
  for (const [name, cb, hosts] of allowed) {
    it(`forwards to ${name} with zd_* appended to the callback as it is`, () => {
      const { search, state } = zendeskRedirect(cb);
      const run = runPage(search, hosts);
      assert.equal(run.replacedWith, `${cb}&zd_code=abc123&zd_state=${state}`);
      assert.equal(run.link, run.replacedWith);
      assert.equal(run.message, undefined);
    });
  }

  it('forwards an error and its description', () => {
    const cb = 'vscode://zendesk-vscode.zendesk-vscode/callback?nonce=abc';
    const { search, state } = zendeskRedirect(cb, {
      error: 'access_denied',
      error_description: 'The end-user denied & left',
    });
    const run = runPage(search);
    assert.equal(
      run.replacedWith,
      `${cb}&zd_error=access_denied&zd_error_description=The%20end-user%20denied%20%26%20left&zd_state=${state}`,
    );
  });

  it('adds a ? when the callback has no query, and keeps a fragment last', () => {
    const { search, state } = zendeskRedirect('vscode://a.b/callback#frag');
    assert.equal(runPage(search).replacedWith, `vscode://a.b/callback?zd_code=abc123&zd_state=${state}#frag`);
  });

  const refused: Array<[string, string, string?]> = [
    ['an arbitrary https host', 'https://evil.example/callback'],
    ['an https host with only the query shape', 'https://evil.example/x?vscode-scheme=vscode'],
    [
      'an https host with the full callback shape but not listed',
      'https://evil.example/stable-1/callback?vscode-reqid=1&vscode-scheme=vscode',
    ],
    ['javascript:', 'javascript:alert(document.domain)//callback?vscode-scheme=vscode'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['http to a LAN address', 'http://10.0.0.1/callback?vscode-scheme=vscode'],
    ['http to a listed host', 'http://code.example.com/callback?vscode-scheme=vscode', 'code.example.com'],
    ['http loopback without the callback shape', 'http://127.0.0.1:9999/steal'],
    ['a look-alike of vscode.dev', 'https://vscode.dev.evil.example/callback?vscode-scheme=vscode'],
    ['vscode.dev without the callback shape', 'https://vscode.dev/somewhere?x=1'],
    ['a Codespaces forwarded port', 'https://fluffy-space-abc123-8080.app.github.dev/callback'],
    ['credentials in the URL', 'https://user:pw@vscode.dev/callback?vscode-scheme=vscode'],
    ['a relative URL', '/callback?vscode-scheme=vscode'],
    // A listed host matches whole, never as a suffix, a prefix or a parent.
    [
      'a host ending with a listed host',
      CODE_SERVER_CB.replace('code.example.com', 'evilcode.example.com'),
      'code.example.com',
    ],
    [
      'a subdomain of a listed host',
      CODE_SERVER_CB.replace('code.example.com', 'a.code.example.com'),
      'code.example.com',
    ],
    [
      'a listed host as a prefix of another host',
      CODE_SERVER_CB.replace('code.example.com', 'code.example.com.evil.example'),
      'code.example.com',
    ],
    ['the parent of a listed host', CODE_SERVER_CB.replace('code.example.com', 'example.com'), 'code.example.com'],
    [
      'a host ending with a listed host and port',
      CODE_SERVER_CB.replace('code.example.com', 'evilcode.example.com:8443'),
      'code.example.com:8443',
    ],
    [
      'a listed host on a port it is not listed with',
      CODE_SERVER_CB.replace('code.example.com', 'code.example.com:9999'),
      'code.example.com',
    ],
    [
      'a listed host and port on another port',
      CODE_SERVER_CB.replace('code.example.com', 'code.example.com:8444'),
      'code.example.com:8443',
    ],
    ['a host ending with vscode.dev', 'https://evilvscode.dev/callback?vscode-scheme=vscode'],
    ['a subdomain of vscode.dev', 'https://evil.vscode.dev/callback?vscode-scheme=vscode'],
    ['vscode.dev on another port', 'https://vscode.dev:8443/callback?vscode-scheme=vscode'],
    // A Codespace only as https://NAME.github.dev/...callback.
    ['a Codespace on a port', 'https://fluffy-space-abc123.github.dev:8443/extension-auth-callback?state=x'],
    ['a Codespace on port 80', 'https://fluffy-space-abc123.github.dev:80/extension-auth-callback'],
    ['a Codespace over http', 'http://fluffy-space-abc123.github.dev/extension-auth-callback'],
    ['a forwarded port of a Codespace', 'https://fluffy-space-abc123-3000.app.github.dev/extension-auth-callback'],
    [
      'a forwarded port under preview',
      'https://fluffy-space-abc123-3000.preview.app.github.dev/extension-auth-callback',
    ],
    ['github.dev itself', 'https://github.dev/extension-auth-callback'],
    ['a host ending with github.dev', 'https://evilgithub.dev/extension-auth-callback'],
    ['github.dev inside another host', 'https://x.github.dev.evil.example/extension-auth-callback'],
    ['a Codespace host with credentials', 'https://user@fluffy-space-abc123.github.dev/extension-auth-callback'],
    ['a Codespace address that is not a callback', 'https://fluffy-space-abc123.github.dev/steal'],
  ];
  for (const [name, cb, hosts] of refused) {
    it(`refuses ${name}`, () => {
      const run = runPage(zendeskRedirect(cb).search, hosts);
      assert.equal(run.replacedWith, undefined);
      assert.equal(run.link, undefined);
      assert.equal(run.title, 'Sign-in could not return to VS Code');
      assert.match(run.message ?? '', /Refused to forward/);
    });
  }

  it('explains when opened without a state, or with a state it cannot read', () => {
    assert.match(runPage('').message ?? '', /start the sign-in there/);
    assert.match(runPage('?error=access_denied').message ?? '', /access_denied/);
    assert.match(runPage('?code=abc&state=not-base64-json').message ?? '', /not started by VS Code/);
    assert.equal(runPage('?code=abc&state=not-base64-json').replacedWith, undefined);
    const noCode = runPage(zendeskRedirect('vscode://a.b/callback', {}).search);
    assert.match(noCode.message ?? '', /no authorization code/);
  });

  it("end to end: the extension receives what the page forwards, through code-server's callback", async () => {
    // asExternalUri in code-server: the vscode:// callback becomes an https .../callback?vscode-*= URL.
    const host = new FakeHost((uri) => {
      const u = new URL(uri);
      return `https://code.example.com/stable-1/callback?vscode-reqid=7&vscode-scheme=${u.protocol.slice(0, -1)}&vscode-authority=${u.host}&vscode-path=${encodeURIComponent(u.pathname)}&vscode-query=${encodeURIComponent(u.search.slice(1))}`;
    });
    const pending = await new RelayStrategy().start(
      context(host, { config: { loopbackPort: 0, relayUrl: 'https://relay.example.com/r.html' } }),
    );
    const run = runPage(`?code=e2e-code&state=${pending.stateParam}`, 'code.example.com');
    assert.ok(run.replacedWith);
    // What code-server hands the UriHandler: the inner URI with the appended top-level parameters merged in.
    const browser = new URL(run.replacedWith);
    const merged = new URLSearchParams([...browser.searchParams].filter(([k]) => !k.startsWith('vscode-')));
    const inner = `${browser.searchParams.get('vscode-scheme')}://${browser.searchParams.get('vscode-authority')}${browser.searchParams.get('vscode-path')}`;
    host.fire(`${inner}?${merged}&${browser.searchParams.get('vscode-query')}`);
    assert.deepEqual(await pending.wait(), { code: 'e2e-code' });
  });
});
