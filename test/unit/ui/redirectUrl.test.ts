import * as assert from 'node:assert/strict';
import { RedirectConfigError } from '../../../src/auth/redirect';
import { redirectUrlToRegister } from '../../../src/ui/redirectUrl';

// code-server's asExternalUri: the loopback port through the server's port proxy.
const codeServer = {
  asExternalUri: async (u: string) => u.replace(/^http:\/\/127\.0\.0\.1:(\d+)/, 'https://code.example.com/proxy/$1'),
};
const desktop = { asExternalUri: async (u: string) => u };
const RELAY = 'https://relay.example.com/zendesk/relay.html';

describe('ui: the redirect URL to register (Copy Redirect URL)', () => {
  it('on the desktop: the loopback URL with the configured port', async () => {
    assert.deepEqual(
      await redirectUrlToRegister({ uiKind: 'desktop', mode: 'auto' }, { loopbackPort: 48127 }, desktop),
      { url: 'http://127.0.0.1:48127/callback', strategy: 'loopback' },
    );
  });

  it('in code-server without a relay: the forwarded URL the sign-in sends, not the local one', async () => {
    assert.deepEqual(
      await redirectUrlToRegister(
        { uiKind: 'web', remoteName: 'code.example.com', mode: 'auto' },
        { loopbackPort: 50000 },
        codeServer,
      ),
      { url: 'https://code.example.com/proxy/50000/callback', strategy: 'loopback' },
    );
  });

  it('with a relay page in a browser: the relay page', async () => {
    assert.deepEqual(
      await redirectUrlToRegister(
        { uiKind: 'web', remoteName: 'codespaces', mode: 'auto', relayUrl: RELAY },
        { loopbackPort: 48127, relayUrl: RELAY },
        codeServer,
      ),
      { url: RELAY, strategy: 'relay' },
    );
  });

  it('in vscode.dev without a relay: the plain loopback URL the pasted address starts with', async () => {
    assert.deepEqual(
      await redirectUrlToRegister({ uiKind: 'web', mode: 'auto' }, { loopbackPort: 48127 }, codeServer),
      { url: 'http://127.0.0.1:48127/callback', strategy: 'manual' },
    );
  });

  it('a relay URL that is not https is refused with what to set', async () => {
    await assert.rejects(
      redirectUrlToRegister(
        { uiKind: 'desktop', mode: 'relay', relayUrl: 'http://relay.example.com/r.html' },
        { loopbackPort: 48127, relayUrl: 'http://relay.example.com/r.html' },
        desktop,
      ),
      (e: unknown) => e instanceof RedirectConfigError && /must be an https URL/.test(e.message),
    );
  });
});
