import * as assert from 'node:assert/strict';
import path from 'node:path';
import * as vscode from 'vscode';
import type { ZendeskExtensionApi } from '../../src/api/zendesk-vscode';
import type { Ui } from '../../src/ui/ui';
import type { TestingExports } from '../harness/testMain';
import type { AccountConfig } from '../../src/config';
import { FIXTURES, startSandbox, type Sandbox, type SandboxOptions } from '../sandbox';
import { until } from '../support/wait';

export const EXTENSION_ID = 'zendesk-vscode.zendesk-vscode';
export const LOOPBACK_PORT = 48127;

export async function activateExtension(): Promise<vscode.Extension<ZendeskExtensionApi>> {
  const ext = vscode.extensions.getExtension<ZendeskExtensionApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not loaded`);
  await ext.activate();
  return ext;
}

/**
 * The test build's internals, once the implementation is loaded (the same lazy path as production): the test entry
 * (test/harness/testMain.ts) is the staged extension's dist/main.js, and Node's module cache hands back the one
 * the activation bundle loaded.
 */
export async function testing(): Promise<TestingExports> {
  const main = path.join((await activateExtension()).extensionPath, 'dist', 'main.js');
  const entry = require(main) as Partial<typeof import('../harness/testMain')>;
  if (!entry.testing) {
    throw new Error(`${main} is not the test build's entry: load the extension staged in out`);
  }
  return entry.testing();
}

export async function exportsOf(): Promise<ZendeskExtensionApi> {
  return (await activateExtension()).exports;
}

export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('zendesk').update(key, value, vscode.ConfigurationTarget.Global);
}

/** A sandbox whose public and confidential clients accept the loopback URL as this VS Code forwards it. */
export async function sandboxForVsCode(opts: SandboxOptions = {}): Promise<{ sandbox: Sandbox; loopbackUri: string }> {
  // The suites write far faster than agents do (one test alone sends 30 updates): Update Ticket's per-account limit
  // (100 a minute) would make later tests wait out its 429 in real time. The unit tests hold that limit.
  const sandbox = await startSandbox({ tickets: 50, seed: 1, ticketUpdatesPerMinute: 10_000, ...opts });
  const loopbackUri = (
    await vscode.env.asExternalUri(vscode.Uri.parse(`http://127.0.0.1:${LOOPBACK_PORT}/callback`))
  ).toString(true);
  return { sandbox, loopbackUri };
}

export function registerLoopback(sandbox: Sandbox, loopbackUri: string): void {
  sandbox.admin.registerRedirectUri(FIXTURES.publicClient.identifier, loopbackUri);
  sandbox.admin.registerRedirectUri(FIXTURES.confidentialClient.identifier, loopbackUri);
}

export function publicAccount(sandbox: Sandbox, scopes = ['read']): AccountConfig {
  return {
    subdomain: 'sandbox',
    clientId: FIXTURES.publicClient.identifier,
    clientKind: 'public',
    scopes,
    baseUrl: sandbox.url,
  };
}

export function confidentialAccount(sandbox: Sandbox, scopes = ['read']): AccountConfig {
  return {
    subdomain: 'sandbox',
    clientId: FIXTURES.confidentialClient.identifier,
    clientKind: 'confidential',
    scopes,
    baseUrl: sandbox.url,
  };
}

/** The scripted browsers the running test made; useSandbox's afterEach checks the ones the test did not. */
const browsersOfThisTest = new Set<ScriptedBrowser>();

/** Plays the user's browser over HTTP: the sandbox's scripted login and consent, then back where it redirects. */
export class ScriptedBrowser {
  readonly opened: string[] = [];
  /** Where the sandbox sent the browser last (the redirect URL with code/state or error). */
  lastRedirect: string | undefined;
  private background: Promise<void> = Promise.resolve();
  /** What went wrong in the last visit: a non-redirect answer, or a redirect target that could not be reached. */
  private failure: unknown;
  /** Whether the test looked at the last visit's outcome (settled or failed); if not, useSandbox does. */
  private checked = true;

  constructor(
    private readonly o: {
      login?: string;
      consent?: 'allow' | 'deny';
      /** Changes the redirect before following it (wrong state, ...); or stops there by returning undefined. */
      rewrite?: (location: string) => string | undefined | Promise<string | undefined>;
    } = {},
  ) {
    browsersOfThisTest.add(this);
  }

  /** What the extension calls instead of vscode.env.openExternal. */
  open = async (url: string): Promise<boolean> => {
    this.opened.push(url);
    this.checked = false;
    this.failure = undefined;
    this.background = this.visit(url).catch((e: unknown) => {
      this.failure = e;
    });
    return true;
  };

  private async visit(url: string): Promise<void> {
    const res = await fetch(url, {
      redirect: 'manual',
      headers: {
        'X-Sandbox-Login': this.o.login ?? FIXTURES.users.agent,
        'X-Sandbox-Consent': this.o.consent ?? 'allow',
      },
    });
    assert.equal(res.status, 302, `the sandbox answered ${res.status}, not a redirect: ${await res.text()}`);
    const location = res.headers.get('location') as string;
    this.lastRedirect = location;
    const next = this.o.rewrite ? await this.o.rewrite(location) : location;
    if (next) await (await fetch(next)).arrayBuffer();
  }

  /** Waits for the browser's last visit to end, and throws what went wrong in it. */
  async settled(): Promise<void> {
    await this.background;
    this.checked = true;
    if (this.failure !== undefined) throw this.failure;
  }

  /** For a test that expects a browser step to fail: waits for the visit and returns what went wrong, if anything. */
  async failed(): Promise<unknown> {
    await this.background;
    this.checked = true;
    return this.failure;
  }

  /** useSandbox's afterEach: a visit the test never looked at must not have failed unnoticed. */
  async checkUnsettled(timeoutMs: number): Promise<void> {
    if (this.checked) return;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), timeoutMs);
    });
    const outcome = await Promise.race([this.background.then(() => 'done' as const), late]);
    clearTimeout(timer);
    if (outcome === 'late') {
      throw new Error(
        `the scripted browser was still loading ${this.opened.at(-1) ?? ''} ${timeoutMs} ms after the test ended`,
      );
    }
    await this.settled().catch((e: unknown) => {
      throw new Error(
        `the scripted browser failed and the test never checked it (${this.opened.at(-1) ?? ''}): ${e instanceof Error ? e.message : String(e)}`,
        { cause: e },
      );
    });
  }
}

/** Signs out of everything and resets the answers, the clock and the settings between tests. */
export async function resetExtension(): Promise<void> {
  const t = await testing();
  for (const answer of Object.keys(t.ui) as (keyof typeof t.ui)[]) delete t.ui[answer];
  for (const member of Object.keys(t.clock) as (keyof typeof t.clock)[]) delete t.clock[member];
  for (const s of await t.store.list()) await t.store.remove(s.id);
  await t.provider.syncFromStore();
  // Drafts live in globalState and the sandbox's ids repeat: one test's unsent reply (or a draft a still-open tab
  // saves on close) must not turn up in the next test's composer. Tabs first, or they would save theirs again.
  t.tickets.details.closeAll();
  for (const key of t.globalState.keys()) {
    if (key.startsWith('zendesk.draft/') || key.startsWith('zendesk.recentTickets/')) {
      await t.globalState.update(key, undefined);
    }
  }
  await setSetting('accounts', undefined);
  await setSetting('oauth.redirectMode', undefined);
  await setSetting('oauth.relayUrl', undefined);
}

/** Signs in the sandbox's agent (the scripted browser) with `scopes`; the account's id for commands. */
export async function signedInAgent(scopes = ['read', 'write']): Promise<{ t: TestingExports; accountId: string }> {
  const t = await testing();
  t.ui.openExternal = new ScriptedBrowser().open;
  const session = await t.provider.createSession(scopes, {});
  await until(() => t.accounts.all().length === 1);
  return { t, accountId: session.account.id };
}

/** The one `until` of every suite (test/support/wait.ts), here too for the suites that import it with the rest. */
export { until };

/**
 * Signs in as VS Code does when a caller asks for a session that does not exist yet (the provider's createSession),
 * with the scripted browser allowing, and waits until the extension's features see the account.
 */
export async function signIn(scopes = ['read']): Promise<{ t: TestingExports; session: vscode.AuthenticationSession }> {
  const t = await testing();
  t.ui.openExternal = new ScriptedBrowser().open;
  const session = await t.provider.createSession(scopes, {});
  await until(() => t.accounts.all().some((s) => s.id === session.id));
  return { t, session };
}

/**
 * Mocha hooks for a suite against one sandbox: started once; before each test the extension is signed out and
 * reset, the loopback URL registered, and the sandbox's public client configured as the one account.
 */
export function useSandbox(): { readonly sandbox: Sandbox; readonly loopbackUri: string } {
  const ctx = {} as { sandbox: Sandbox; loopbackUri: string };
  before(async () => {
    Object.assign(ctx, await sandboxForVsCode());
  });
  after(async () => {
    await resetExtension();
    await ctx.sandbox?.close();
  });
  afterEach(async () => {
    const browsers = [...browsersOfThisTest];
    browsersOfThisTest.clear();
    for (const b of browsers) await b.checkUnsettled(5000);
  });
  beforeEach(async () => {
    browsersOfThisTest.clear();
    await resetExtension();
    registerLoopback(ctx.sandbox, ctx.loopbackUri);
    await setSetting('accounts', [publicAccount(ctx.sandbox)]);
  });
  return ctx;
}

/** Answers the dialogs in `answers` while `run` runs, as the person would; VS Code's own ones again afterwards. */
export async function answering<T>(answers: Partial<Ui>, run: () => Thenable<T>): Promise<T> {
  const t = await testing();
  Object.assign(t.ui, answers);
  try {
    return await run();
  } finally {
    for (const name of Object.keys(answers) as (keyof Ui)[]) delete t.ui[name];
  }
}

/** The answer to a modal question (a write's confirmation, Clear Request History): its button, or Cancel. */
export function confirming(yes: boolean): Partial<Ui> {
  return { showWarningMessage: async (_message, _options, ...buttons) => (yes ? buttons[0] : undefined) };
}
