// Issue 11: activation is registration only. VS Code loads and runs dist/extension.js to activate the extension; the
// services, the tree, the status bar and the keychain are dist/main.js, loaded after. These tests read the production
// build and run its activation bundle in plain Node against a recording `vscode` and a stand-in dist/main.js.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { findRoot } from '../../support/repoRoot';
import { productionBuild } from './productionBuild';

/**
 * The most the activation bundle may weigh. It is about 3 KB today (registering placeholders and forwarders); the
 * smallest service module that could slip in brings its imports along (the status bar alone pulls in the account
 * service and the session store, over 10 KB minified), so 8 KB leaves room for more registrations and none for a
 * service. The inputs test below names any source that slips in, whatever its size.
 */
const ACTIVATION_BUDGET_BYTES = 8 * 1024;
/** What the activation bundle may be built from. */
const ACTIVATION_SOURCES = /^src\/(extension\.ts|activation\/[^/]+\.ts)$/;

interface Manifest {
  contributes: {
    commands: { command: string }[];
    languageModelTools: { name: string }[];
    authentication: { id: string; label: string }[];
  };
}
type Handler = (...args: unknown[]) => unknown;
type ProviderLike = {
  onDidChangeSessions: unknown;
  getSessions(s: readonly string[] | undefined, o: object): Promise<unknown>;
  createSession(s: readonly string[], o: object): Promise<unknown>;
  removeSession(id: string): Promise<void>;
};
type ToolLike = {
  invoke(o: unknown, t: unknown): Promise<unknown>;
  prepareInvocation?(o: unknown, t: unknown): Promise<unknown>;
};
interface Api {
  apiVersion: number;
  request(...a: unknown[]): Promise<unknown>;
  testing?: unknown;
}
interface Context {
  subscriptions: { dispose(): void }[];
  extension: { packageJSON: Manifest };
}

/** A `vscode` that records what is registered, and refuses a command id registered twice as VS Code does. */
function recordingVscode() {
  const commands = new Map<string, Handler>();
  const rec = {
    providers: [] as { id: string; label: string; provider: ProviderLike; options: unknown }[],
    uriHandlers: [] as { handleUri(u: unknown): void }[],
    tools: new Map<string, ToolLike>(),
    errors: [] as string[],
    commands,
  };
  class EventEmitter<T> {
    private listeners: ((e: T) => void)[] = [];
    event = (l: (e: T) => void) => {
      this.listeners.push(l);
      return { dispose: () => undefined };
    };
    fire(e: T) {
      for (const l of this.listeners) l(e);
    }
    dispose() {
      this.listeners = [];
    }
  }
  const vscode = {
    EventEmitter,
    commands: {
      registerCommand(id: string, fn: Handler) {
        if (commands.has(id)) throw new Error(`command '${id}' already exists`);
        commands.set(id, fn);
        return {
          dispose: () => {
            if (commands.get(id) === fn) commands.delete(id);
          },
        };
      },
      async executeCommand(id: string, ...args: unknown[]) {
        const fn = commands.get(id);
        if (!fn) throw new Error(`command '${id}' not found`);
        return fn(...args);
      },
    },
    authentication: {
      registerAuthenticationProvider(id: string, label: string, provider: ProviderLike, options: unknown) {
        rec.providers.push({ id, label, provider, options });
        return { dispose: () => undefined };
      },
    },
    window: {
      registerUriHandler(h: { handleUri(u: unknown): void }) {
        rec.uriHandlers.push(h);
        return { dispose: () => undefined };
      },
      showErrorMessage(m: string) {
        rec.errors.push(m);
        return Promise.resolve(undefined);
      },
    },
    lm: {
      registerTool(name: string, tool: ToolLike) {
        rec.tools.set(name, tool);
        return { dispose: () => undefined };
      },
    },
    // VS Code's own, with no translation loaded: the English with its {0} placeholders filled.
    l10n: {
      t: (message: string, ...args: unknown[]) =>
        message.replace(/\{(\d+)\}/g, (_m, i: string) => String(args[Number(i)])),
    },
  };
  return { vscode, rec };
}

/** The implementation's stand-in: what src/main.ts's start() registers and returns, recorded. */
function fakeImplementation(vscode: ReturnType<typeof recordingVscode>['vscode'], manifest: Manifest) {
  const calls: { command: string; args: unknown[] }[] = [];
  const starts: { context: unknown; host: { sessionsChanged: { fire(e: unknown): void } } }[] = [];
  class ImplementationError extends Error {
    override name = 'SessionNotGrantedError';
  }
  const requests: unknown[][] = [];
  const main = {
    start(context: unknown, host: { sessionsChanged: { fire(e: unknown): void } }) {
      starts.push({ context, host });
      // As the real one does: every contributed command, under its own id.
      for (const { command } of manifest.contributes.commands) {
        vscode.commands.registerCommand(command, (...args: unknown[]) => {
          calls.push({ command, args });
          return `${command} done`;
        });
      }
      return {
        provider: {
          getSessions: async (scopes: unknown) => [{ id: 's1', scopes }],
          createSession: async () => ({ id: 's2' }),
          removeSession: async () => undefined,
        },
        uriHandler: { handleUri: (u: unknown) => calls.push({ command: 'uri', args: [u] }) },
        tools: new Map(
          manifest.contributes.languageModelTools.map((t) => [
            t.name,
            { invoke: async (o: unknown) => ({ tool: t.name, o }) },
          ]),
        ),
        api: {
          apiVersion: 1,
          request: async (...a: unknown[]) => {
            requests.push(a);
            throw new ImplementationError('not given');
          },
        },
      };
    },
  };
  return { main, calls, starts, requests, ImplementationError };
}

describe('the activation bundle (production build)', function () {
  this.timeout(60_000);
  const manifest = JSON.parse(fs.readFileSync(path.join(findRoot(), 'package.json'), 'utf8')) as Manifest;
  let code = '';
  let inputs: Record<string, string[]> = {};

  before(() => {
    const build = productionBuild();
    code = build.read('dist/extension.js');
    inputs = Object.fromEntries(Object.entries(build.meta.outputs).map(([file, o]) => [file, Object.keys(o.inputs)]));
    build.remove();
  });

  /** Runs dist/extension.js as VS Code would, except that `require` knows only `vscode` and the implementation. */
  function load() {
    const { vscode, rec } = recordingVscode();
    const impl = fakeImplementation(vscode, manifest);
    const required: string[] = [];
    const module = { exports: {} as { activate(c: Context): Api; deactivate(): void } };
    const requireIn = (id: string): unknown => {
      // Each module of the bundle that imports vscode requires it: what matters is which modules, not how often.
      if (!required.includes(id)) required.push(id);
      if (id === 'vscode') return vscode;
      if (id === './main.js') return impl.main;
      throw new Error(`the activation bundle required ${id}`);
    };
    new Function('exports', 'require', 'module', '__filename', '__dirname', code)(
      module.exports,
      requireIn,
      module,
      '/ext/dist/extension.js',
      '/ext/dist',
    );
    const context: Context = { subscriptions: [], extension: { packageJSON: manifest } };
    return { ext: module.exports, vscode, rec, impl, required, context };
  }
  const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

  it("is built from the activation code only: none of the implementation's sources, and a few KB", () => {
    assert.ok(
      inputs['dist/main.js']?.includes('src/auth/provider.ts'),
      'the metafile does not describe the implementation bundle',
    );
    assert.deepEqual(
      inputs['dist/extension.js']?.filter((f) => !ACTIVATION_SOURCES.test(f)),
      [],
      'dist/extension.js bundles implementation code',
    );
    assert.ok(
      code.length <= ACTIVATION_BUDGET_BYTES,
      `dist/extension.js is ${code.length} bytes, over its budget of ${ACTIVATION_BUDGET_BYTES}`,
    );
  });

  it('activating registers every contributed command, the provider, the URI handler and the chat tools, and loads nothing else', () => {
    const { ext, rec, required, context, impl } = load();
    const api = ext.activate(context);
    assert.deepEqual(required, ['vscode'], 'activation required more than vscode');
    assert.equal(impl.starts.length, 0, 'the implementation started during activation');
    assert.deepEqual([...rec.commands.keys()].sort(), manifest.contributes.commands.map((c) => c.command).sort());
    assert.deepEqual(
      rec.providers.map((p) => [p.id, p.label, p.options]),
      [['zendesk', 'Zendesk', { supportsMultipleAccounts: true }]],
    );
    assert.equal(rec.uriHandlers.length, 1);
    assert.deepEqual([...rec.tools.keys()].sort(), manifest.contributes.languageModelTools.map((t) => t.name).sort());
    assert.equal(api.apiVersion, 1);
    // Everything registered is VS Code's to dispose.
    assert.ok(context.subscriptions.length >= rec.commands.size + 2 + rec.tools.size);
  });

  it('loads the implementation right after activation, once, and the user sees it without doing anything', async () => {
    const { ext, required, context, impl } = load();
    ext.activate(context);
    await nextTurn();
    assert.deepEqual(required, ['vscode', './main.js']);
    assert.equal(impl.starts.length, 1);
    assert.equal(impl.starts[0].context, context, 'the implementation got another context');
  });

  it('a window that deactivates the extension before the next turn never starts the implementation', async () => {
    const { ext, required, context, impl } = load();
    ext.activate(context);
    for (const d of context.subscriptions) d.dispose();
    await nextTurn();
    assert.deepEqual(required, ['vscode'], 'the implementation was loaded after deactivation');
    assert.equal(impl.starts.length, 0);
  });

  it('a command run before the implementation loaded runs the real handler, with the same arguments, once', async () => {
    const { ext, vscode, context, impl } = load();
    ext.activate(context);
    const node = { kind: 'ticket', ticket: { id: 7 } };
    // Called as VS Code calls a handler: the placeholder must give way to the implementation's own registration.
    const result = await vscode.commands.executeCommand('zendesk.changeTicketStatus', node, 'solved');
    assert.equal(result, 'zendesk.changeTicketStatus done');
    assert.deepEqual(impl.calls, [{ command: 'zendesk.changeTicketStatus', args: [node, 'solved'] }]);
    assert.equal(impl.calls[0].args[0], node, 'the tree node was copied, not passed');
    await vscode.commands.executeCommand('zendesk.signIn');
    await nextTurn();
    assert.equal(impl.starts.length, 1, 'the implementation started twice');
  });

  it('the provider, the URI handler and the tools answer through the implementation; its session events reach VS Code', async () => {
    const { ext, rec, context, impl } = load();
    ext.activate(context);
    const { provider } = rec.providers[0];
    assert.deepEqual(await provider.getSessions(['read'], {}), [{ id: 's1', scopes: ['read'] }]);
    const seen: unknown[] = [];
    (provider.onDidChangeSessions as (l: (e: unknown) => void) => unknown)((e) => seen.push(e));
    impl.starts[0].host.sessionsChanged.fire({ added: [{ id: 's2' }] });
    assert.deepEqual(seen, [{ added: [{ id: 's2' }] }]);
    rec.uriHandlers[0].handleUri('vscode://zendesk-vscode.zendesk-vscode/callback?code=x');
    await nextTurn();
    assert.deepEqual(impl.calls.at(-1), {
      command: 'uri',
      args: ['vscode://zendesk-vscode.zendesk-vscode/callback?code=x'],
    });
    assert.deepEqual(await rec.tools.get('zendesk_getTicket')?.invoke({ input: { ticketId: 1 } }, {}), {
      tool: 'zendesk_getTicket',
      o: { input: { ticketId: 1 } },
    });
  });

  it("the exported API keeps its shape, forwards each call unchanged and rejects with the implementation's own error", async () => {
    const { ext, context, impl } = load();
    const api = ext.activate(context);
    assert.deepEqual(
      Object.keys(api).sort(),
      ['apiVersion', 'request'],
      'the production API has another shape (a test export?)',
    );
    assert.ok(Object.isFrozen(api));
    const session = { id: 's1', accessToken: 't', scopes: ['read'] };
    const options = { query: { page: 2 } };
    const error = await api.request(session, 'GET', '/api/v2/users/me.json', options).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(
      error instanceof impl.ImplementationError,
      "the error is not the implementation's (a second copy of the class?)",
    );
    assert.equal(impl.requests[0][0], session);
    assert.deepEqual(impl.requests[0].slice(1), ['GET', '/api/v2/users/me.json', options]);
  });

  it('a damaged install (no dist/main.js) says so once, and commands fail instead of hanging', async () => {
    const { vscode, rec } = recordingVscode();
    const module = { exports: {} as { activate(c: Context): Api } };
    const requireIn = (id: string): unknown => {
      if (id === 'vscode') return vscode;
      throw new Error(`Cannot find module '${id}'`);
    };
    new Function('exports', 'require', 'module', '__filename', '__dirname', code)(
      module.exports,
      requireIn,
      module,
      '/ext/dist/extension.js',
      '/ext/dist',
    );
    module.exports.activate({ subscriptions: [], extension: { packageJSON: manifest } });
    await nextTurn();
    await assert.rejects(vscode.commands.executeCommand('zendesk.signIn'), /Cannot find module '\.\/main\.js'/);
    assert.equal(rec.errors.length, 1);
    assert.match(
      rec.errors[0],
      /^Zendesk could not start: Cannot find module '\.\/main\.js'\. Reload the window; if this persists, reinstall the extension\.$/,
    );
  });
});
