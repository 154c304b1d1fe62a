import assert from 'node:assert/strict';
import { appNameForScheme, renderCallbackPage } from '../../../src/auth/redirect/callbackPage';
import { escapeHtml } from '../../../src/escape';
import { AuthorizationDeniedError, InvalidCallbackError, StateMismatchError } from '../../../src/auth/redirect/errors';
import { parseCallback, RELAY_PARAM_NAMES, sameSecret } from '../../../src/auth/redirect/parseCallback';
import { createState } from '../../../src/zendesk/pkce';

describe('redirect: callback page', () => {
  it('says signed in and links back to the editor', () => {
    const page = renderCallbackPage(
      { ok: true },
      { appName: 'VS Code Insiders', returnUri: 'vscode-insiders://zendesk-vscode.zendesk-vscode/' },
    );
    assert.match(page, /Signed in to Zendesk/);
    assert.match(page, /You can close this tab and return to VS Code Insiders\./);
    assert.match(
      page,
      /<a href="vscode-insiders:\/\/zendesk-vscode\.zendesk-vscode\/">Return to VS Code Insiders<\/a>/,
    );
    assert.ok(!/<script/i.test(page), 'no script: works under a strict CSP');
  });

  it('escapes every interpolated value', () => {
    const evil = `<script>alert("x")</script>' onmouseover='y`;
    const page = renderCallbackPage({ ok: false, title: evil, detail: evil }, { appName: evil });
    assert.ok(!page.includes('<script>'));
    assert.ok(!page.includes(`' onmouseover='`));
    assert.ok(page.includes(`Sign-in failed: ${escapeHtml(evil)}`));
    assert.equal(escapeHtml(`<>&"'\``), '&#60;&#62;&#38;&#34;&#39;&#96;');
  });

  it('in browser-based VS Code: no desktop link; close this tab, the VS Code tab is the one to return to', () => {
    const ok = renderCallbackPage(
      { ok: true },
      { returnUri: 'vscode://zendesk-vscode.zendesk-vscode/', inBrowser: true },
    );
    assert.ok(!ok.includes('href'));
    assert.match(ok, /VS Code runs in another tab of this browser: close this tab to return to it\./);
    const failed = renderCallbackPage(
      { ok: false, title: 'access was denied' },
      { returnUri: 'vscode://zendesk-vscode.zendesk-vscode/', inBrowser: true },
    );
    assert.ok(!failed.includes('href'));
    assert.match(failed, /Close this tab, return to the VS Code tab and start the sign-in again\./);
  });

  it('links back only to editor schemes', () => {
    assert.ok(!renderCallbackPage({ ok: true }, { returnUri: 'javascript:alert(1)' }).includes('href'));
    assert.ok(!renderCallbackPage({ ok: true }, { returnUri: 'https://evil.example/' }).includes('href'));
    assert.ok(!renderCallbackPage({ ok: true }).includes('href'));
  });

  it('names the app from the uri scheme', () => {
    assert.equal(appNameForScheme('vscode'), 'VS Code');
    assert.equal(appNameForScheme('vscode-insiders'), 'VS Code Insiders');
    assert.equal(appNameForScheme('code-oss'), 'VS Code');
  });
});

describe('redirect: parseCallback', () => {
  const p = (q: string) => new URLSearchParams(q);

  it('checks state before error and code', () => {
    assert.throws(() => parseCallback(p('error=access_denied&code=x&state=other'), 'mine'), StateMismatchError);
    assert.throws(() => parseCallback(p('code=x'), 'mine'), StateMismatchError);
    assert.throws(() => parseCallback(p('code=x&state='), 'mine'), StateMismatchError);
    assert.throws(() => parseCallback(p('code=x&state=mine&error=access_denied'), 'mine'), AuthorizationDeniedError);
    assert.throws(() => parseCallback(p('state=mine&code='), 'mine'), InvalidCallbackError);
    assert.deepEqual(parseCallback(p('state=mine&code=x'), 'mine'), { code: 'x' });
  });

  it('reads the relay names', () => {
    assert.deepEqual(parseCallback(p('zd_state=mine&zd_code=x&code=ignored'), 'mine', RELAY_PARAM_NAMES), {
      code: 'x',
    });
    assert.throws(() => parseCallback(p('state=mine&code=x'), 'mine', RELAY_PARAM_NAMES), StateMismatchError);
  });

  it('keeps an unknown error code and its description', () => {
    const err = (() => {
      try {
        parseCallback(p('state=s&error=invalid_scope&error_description=bad+scope'), 's');
      } catch (e) {
        return e;
      }
    })();
    assert.ok(err instanceof AuthorizationDeniedError);
    assert.equal(err.error, 'invalid_scope');
    assert.equal(err.description, 'bad scope');
    assert.match(err.message, /invalid_scope/);
  });

  // A state compared on a prefix (or on its first N characters) would accept a forged state that only
  // needs to match part of it. Every position counts, the last one included.
  it('refuses a state that differs from the expected one at any single position, the last included', () => {
    for (const expected of [createState(), createState(), 'st_4f9c2a7e1b8d6053a1c9e7f2b4d8a6c0', 'ab', 'x']) {
      for (let i = 0; i < expected.length; i++) {
        const other = expected[i] === 'A' ? 'B' : 'A';
        const forged = expected.slice(0, i) + other + expected.slice(i + 1);
        assert.ok(!sameSecret(forged, expected), `equal at position ${i} of ${expected.length}`);
        assert.throws(
          () => parseCallback(p(`code=x&state=${encodeURIComponent(forged)}`), expected),
          StateMismatchError,
          `position ${i}`,
        );
      }
      const lastChanged = expected.slice(0, -1) + (expected.endsWith('0') ? '1' : '0');
      assert.throws(
        () => parseCallback(p(`code=x&state=${encodeURIComponent(lastChanged)}`), expected),
        StateMismatchError,
      );
      assert.deepEqual(parseCallback(p(`code=x&state=${encodeURIComponent(expected)}`), expected), { code: 'x' });
    }
  });

  it('refuses a state that is a prefix of the expected one, or has more after it, or differs in case', () => {
    const expected = createState();
    for (const forged of [
      expected.slice(0, -1),
      expected.slice(0, 22),
      expected.slice(0, 1),
      `${expected}x`,
      `${expected}${expected}`,
      expected.toUpperCase(),
      ` ${expected}`,
      `${expected} `,
    ]) {
      if (forged === expected) continue;
      assert.ok(!sameSecret(forged, expected), JSON.stringify(forged));
      assert.ok(!sameSecret(expected, forged), JSON.stringify(forged));
      assert.throws(
        () => parseCallback(p(`code=x&state=${encodeURIComponent(forged)}`), expected),
        StateMismatchError,
        JSON.stringify(forged),
      );
    }
  });

  it('compares secrets of any length', () => {
    assert.ok(sameSecret('abc', 'abc'));
    assert.ok(!sameSecret('abc', 'abcd'));
    assert.ok(!sameSecret('', 'a'));
  });
});
