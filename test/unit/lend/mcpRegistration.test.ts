// The MCP server offered to VS Code where VS Code has the definition API: feature-detected, nothing fails without it,
// and the channel's secret is in the definition only when VS Code starts the server.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { MCP_PROVIDER_ID, registerMcpServer, type StdioDefinition } from '../../../src/lend/mcpRegistration';
import { LEND_ENV } from '../../../src/lend/protocol';

type Provider = {
  provideMcpServerDefinitions(): Promise<StdioDefinition[]>;
  resolveMcpServerDefinition(s: StdioDefinition): Promise<StdioDefinition | undefined>;
};

/** The part of the `vscode` namespace the registration uses, recording what was registered. */
function fakeVscode() {
  const registered: { id: string; provider: Provider; disposed: boolean }[] = [];
  class McpStdioServerDefinition implements StdioDefinition {
    constructor(
      public label: string,
      public command: string,
      public args: string[] = [],
      public env: Record<string, string | number | null> = {},
      public version?: string,
    ) {}
  }
  const api = {
    McpStdioServerDefinition,
    lm: {
      registerMcpServerDefinitionProvider(id: string, provider: Provider) {
        const r = { id, provider, disposed: false };
        registered.push(r);
        return { dispose: () => (r.disposed = true) };
      },
    },
  };
  return { api, registered };
}

const CHANNEL = { [LEND_ENV.handle]: '/tmp/zd/lend.sock', [LEND_ENV.secret]: 's3cret' };
const deps = (channel: Record<string, string> | undefined) => ({
  channel: () => Promise.resolve(channel),
  extensionPath: '/ext',
  version: '1.2.3',
  node: '/usr/bin/node',
});

describe('lend: the MCP server definition for VS Code', () => {
  it('registers nothing, and fails nothing, where VS Code has no MCP API', () => {
    assert.equal(registerMcpServer({ lm: {} }, deps(CHANNEL)), undefined);
    assert.equal(registerMcpServer({}, deps(CHANNEL)), undefined);
    const { api } = fakeVscode();
    assert.equal(registerMcpServer({ lm: api.lm }, deps(CHANNEL)), undefined, 'no definition class');
  });

  it('offers `zendesk-token mcp` with VS Code’s Node, the secret added only when VS Code starts it', async () => {
    const { api, registered } = fakeVscode();
    const d = registerMcpServer(api, deps(CHANNEL));
    assert.equal(registered.length, 1);
    const [r] = registered;
    assert.equal(r?.id, MCP_PROVIDER_ID);
    const defs = (await r?.provider.provideMcpServerDefinitions()) ?? [];
    assert.equal(defs.length, 1);
    const [def] = defs as [StdioDefinition];
    assert.deepEqual(
      { label: def.label, command: def.command, args: def.args, env: def.env, version: def.version },
      {
        label: 'Zendesk',
        command: '/usr/bin/node',
        args: [path.join('/ext', 'dist', 'zendesk-token.js'), 'mcp'],
        env: { ELECTRON_RUN_AS_NODE: '1' },
        version: '1.2.3',
      },
    );
    assert.ok(!JSON.stringify(defs).includes('s3cret'), 'the listed definition holds the secret');
    const started = await r?.provider.resolveMcpServerDefinition(def);
    assert.deepEqual(started?.env, { ELECTRON_RUN_AS_NODE: '1', ...CHANNEL });
    d?.dispose();
    assert.equal(r?.disposed, true);
  });

  it('offers nothing where this window does not lend tokens', async () => {
    const { api, registered } = fakeVscode();
    registerMcpServer(api, deps(undefined));
    const p = registered[0]?.provider;
    assert.deepEqual(await p?.provideMcpServerDefinitions(), []);
    assert.equal(await p?.resolveMcpServerDefinition({ label: 'Zendesk', command: 'x', args: [], env: {} }), undefined);
  });
});
