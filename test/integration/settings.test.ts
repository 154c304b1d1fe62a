import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { DEFAULT_MAX_PAGES, RequestSettings } from '../../src/requests/settings';
import { TicketSettings } from '../../src/tickets/ticketSettings';
import { ScriptedBrowser, activateExtension, setSetting, testing, until, useSandbox } from './helpers';

/**
 * What a hostile repository would put in its .vscode/settings.json for each `zendesk.*` setting. Every setting
 * the manifest contributes must be here, with a value that is valid (so the extension would act on it) and
 * observable in what the sign-in below does; a new setting fails the test until it is added.
 */
const HOSTILE: Record<string, unknown> = {
  'zendesk.accounts': [
    {
      subdomain: 'evil',
      clientId: 'sandbox-public',
      clientKind: 'public',
      scopes: ['read', 'write', 'impersonate'],
      baseUrl: 'http://127.0.0.1:9',
    },
  ],
  'zendesk.oauth.redirectMode': 'manual',
  'zendesk.oauth.loopbackPort': 48999,
  'zendesk.oauth.relayUrl': 'https://evil.example/relay.html',
  'zendesk.oauth.accessTokenLifetime': 301,
  'zendesk.oauth.refreshTokenLifetime': 604801,
  // Request files: a repository must not turn off the confirmation of writes, lift the page cap or change the tab.
  'zendesk.requests.confirmWrites': false,
  'zendesk.requests.maxPages': 10000,
  'zendesk.requests.responseView': 'newTab',
  // The queue: a repository must not add searches, badges, polling or notifications to the user's account.
  'zendesk.tickets.queries': [{ label: 'Planted', query: 'type:ticket' }],
  'zendesk.tickets.badge': 'view:All unsolved tickets',
  'zendesk.tickets.pollMinutes': 0.5,
  'zendesk.tickets.notifyAssigned': true,
  // Tickets meet code: a repository must not change what is read as a ticket, name branches, or write to tickets.
  'zendesk.references.patterns': ['PLANTED-{id}'],
  'zendesk.startWork.branchTemplate': 'planted-{id}',
  'zendesk.startWork.updateTicket': 'never',
  'zendesk.commitMessage.prefixTicket': true,
  'zendesk.commit.offerNote': true,
};

/** What the queue reads (the same module and the same `vscode` API object as the extension's). */
function ticketSettingsAreTheUsers(): void {
  const t = new TicketSettings();
  assert.deepEqual(t.queries(), [], 'a workspace added a saved search');
  assert.equal(t.badge(), undefined, 'a workspace set a badge');
  assert.equal(t.pollMinutes(), 5, 'a workspace changed the polling');
  assert.equal(t.notifyAssigned(), false, 'a workspace turned on notifications');
}

/** What the request files read (the same module and the same `vscode` API object as the extension's). */
function requestSettingsAreTheUsers(): void {
  const r = new RequestSettings();
  assert.equal(r.confirmWrites(), true, 'a workspace turned off the confirmation of writes');
  assert.equal(r.maxPages(), DEFAULT_MAX_PAGES, 'a workspace changed the page cap');
  assert.equal(r.responseView(), 'reuse', 'a workspace changed the response tab');
}

/** A harmless setting of another section in the same file: seeing it proves VS Code read the file. */
const SENTINEL = { section: 'editor', key: 'rulers', value: [97] };

async function contributedKeys(): Promise<string[]> {
  const manifest = (await activateExtension()).packageJSON as {
    contributes: { configuration: { properties: Record<string, unknown> } };
  };
  return Object.keys(manifest.contributes.configuration.properties)
    .filter((k) => k.startsWith('zendesk.'))
    .sort();
}

const sectionKey = (fullKey: string) => fullKey.slice('zendesk.'.length);
const sentinelSeen = () =>
  vscode.workspace.getConfiguration(SENTINEL.section).inspect(SENTINEL.key)?.workspaceValue !== undefined;

describe('settings that decide where a token goes', () => {
  const env = useSandbox();
  let settingsFile: string;

  before(() => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) throw new Error('the integration tests run with a workspace folder');
    settingsFile = path.join(folder.uri.fsPath, '.vscode', 'settings.json');
  });
  afterEach(async () => {
    fs.rmSync(path.dirname(settingsFile), { recursive: true, force: true });
    await until(() => !sentinelSeen(), 10_000);
    await setSetting('oauth.accessTokenLifetime', undefined);
  });

  /**
   * Signs in with the workspace's values around and checks that each one was ignored: the sign-in asked the
   * configured sandbox for the configured scopes, came back by loopback on the configured port, and asked for
   * the lifetimes the user chose. `userAccessLifetime` is the access-token lifetime the user's settings hold.
   */
  async function signInIgnoringTheWorkspace(userAccessLifetime: number): Promise<void> {
    const t = await testing();
    const browser = new ScriptedBrowser();
    t.ui.openExternal = browser.open;
    const prompted: string[] = [];
    t.ui.promptForCallback = async (uri) => {
      prompted.push(uri);
      return undefined;
    };
    env.sandbox.admin.resetCounters();
    const signedIn = await t.provider.createSession(['read'], {}).then(
      (s) => s,
      (e: unknown) => e as Error,
    );
    await browser.settled();

    assert.deepEqual(prompted, [], "the workspace's redirect mode (manual) was used");
    assert.ok(
      browser.opened.length > 0,
      `the sign-in never reached the browser (did it follow a workspace value?): ${signedIn instanceof Error ? signedIn.message : ''}`,
    );
    for (const url of browser.opened) {
      assert.doesNotMatch(url, /evil\.example|127\.0\.0\.1:9\b|48999/, 'the browser went where the workspace chose');
    }
    const authorize = new URL(browser.opened[0]);
    assert.equal(authorize.origin, env.sandbox.url, 'the sign-in went to a server the workspace chose');
    assert.equal(
      authorize.searchParams.get('redirect_uri'),
      env.loopbackUri,
      'the callback went where the workspace chose',
    );
    assert.equal(authorize.searchParams.get('scope'), 'read', 'the sign-in asked for the scopes the workspace chose');
    if (signedIn instanceof Error) throw signedIn;

    const [exchange] = env.sandbox.admin.tokenRequests();
    assert.equal(exchange?.grant_type, 'authorization_code');
    assert.equal(exchange.expires_in, String(userAccessLifetime), "the access-token lifetime is not the user's");
    const refresh = vscode.workspace.getConfiguration('zendesk').inspect<number>('oauth.refreshTokenLifetime');
    const userRefreshLifetime = refresh?.globalValue ?? refresh?.defaultValue;
    assert.equal(
      exchange.refresh_token_expires_in,
      String(userRefreshLifetime),
      "the refresh-token lifetime is not the user's",
    );
    const [stored] = await t.store.list();
    assert.equal(stored.baseUrl, env.sandbox.url);
    assert.match(signedIn.account.id, /^sandbox\//);
    assert.deepEqual(signedIn.scopes, ['read']);
  }

  it("a workspace's .vscode/settings.json that sets every zendesk.* setting is ignored", async () => {
    const keys = await contributedKeys();
    assert.deepEqual(
      keys.filter((k) => !(k in HOSTILE)),
      [],
      'a contributed setting has no hostile value in this test: add one, and check the extension ignores it',
    );
    fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
    fs.writeFileSync(
      settingsFile,
      JSON.stringify({ [`${SENTINEL.section}.${SENTINEL.key}`]: SENTINEL.value, ...HOSTILE }, null, 2),
    );
    // The user's own choice, which must win over the workspace's 301 and over the default.
    await setSetting('oauth.accessTokenLifetime', 7200);

    // Precondition: VS Code read the file. It does not hand over workspace values of application- or
    // machine-scoped settings at all (the manifest test pins those scopes): `inspect()` shows no
    // workspaceValue for them and `get()` ignores them, so the sentinel of another section is what shows
    // the file was read. Should VS Code ever expose them, the test below still holds the extension to user
    // values, and the next test covers that case already.
    await until(sentinelSeen, 10_000).catch(() => {
      throw new Error(`VS Code never read ${settingsFile}`);
    });
    const config = vscode.workspace.getConfiguration('zendesk');
    for (const key of keys) {
      assert.equal(
        config.inspect(sectionKey(key))?.workspaceValue,
        undefined,
        `VS Code now exposes the workspace value of ${key}`,
      );
    }

    await signInIgnoringTheWorkspace(7200);
    requestSettingsAreTheUsers();
    ticketSettingsAreTheUsers();
  });

  it('the extension reads user values only, even where VS Code would hand it workspace values', async () => {
    // VS Code cannot be made to apply a workspace value to these settings, so this test plays a VS Code that
    // does: every zendesk.* setting has its hostile value as workspaceValue and as the effective value from
    // get(). The user's value (globalValue) of the access-token lifetime is 7200 in this simulation only, so a
    // token request asking for 7200 shows the extension read through it.
    const keys = await contributedKeys();
    const real = vscode.workspace.getConfiguration.bind(vscode.workspace);
    const simulated = (section?: string, scope?: vscode.ConfigurationScope | null): vscode.WorkspaceConfiguration => {
      const inner = real(section, scope);
      if (section !== 'zendesk') return inner;
      const hostile = (key: string): unknown => HOSTILE[`zendesk.${key}`];
      const userValue = (key: string): unknown =>
        key === 'oauth.accessTokenLifetime' ? 7200 : inner.inspect(key)?.globalValue;
      return {
        ...inner,
        has: (key: string) => inner.has(key),
        update: (...args: Parameters<vscode.WorkspaceConfiguration['update']>) => inner.update(...args),
        get: ((key: string, fallback?: unknown) =>
          hostile(key) ?? userValue(key) ?? inner.get(key, fallback)) as vscode.WorkspaceConfiguration['get'],
        inspect: (<T>(key: string) => {
          const i = inner.inspect<T>(key);
          return (
            i && { ...i, globalValue: userValue(key) as T | undefined, workspaceValue: hostile(key) as T | undefined }
          );
        }) as vscode.WorkspaceConfiguration['inspect'],
      };
    };
    const workspace = vscode.workspace as { getConfiguration: typeof vscode.workspace.getConfiguration };
    workspace.getConfiguration = simulated;
    try {
      // The extension and these tests share one `vscode` API object: the simulation is what it reads.
      for (const key of keys) {
        assert.deepEqual(
          vscode.workspace.getConfiguration('zendesk').inspect(sectionKey(key))?.workspaceValue,
          HOSTILE[key],
        );
      }
      await signInIgnoringTheWorkspace(7200);
      requestSettingsAreTheUsers();
      ticketSettingsAreTheUsers();
    } finally {
      workspace.getConfiguration = real;
    }
  });
});
