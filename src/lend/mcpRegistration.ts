// The MCP server offered to VS Code's own agent, where VS Code has the MCP server definition API
// (`vscode.lm.registerMcpServerDefinitionProvider`, newer than this extension's `engines.vscode`): feature-detected at
// run time, with the few types it needs declared here, so an older VS Code simply goes without. The server VS Code
// starts is `zendesk-token mcp` run with VS Code's own Node; the channel's handle and secret are added only when
// VS Code is about to start it (resolveMcpServerDefinition), so a definition VS Code keeps holds no secret.
// Plain Node: the `vscode` namespace comes in as a value (main.ts passes it; the unit tests a fake).
import * as path from 'node:path';
import type { Disposable } from '../events';

/** The id in package.json `contributes.mcpServerDefinitionProviders`. */
export const MCP_PROVIDER_ID = 'zendesk.mcp';

/** The part of `vscode.McpStdioServerDefinition` used here. */
export interface StdioDefinition {
  label: string;
  command: string;
  args: string[];
  env: Record<string, string | number | null>;
  version?: string;
}

interface McpApi {
  lm?: {
    registerMcpServerDefinitionProvider?(
      id: string,
      provider: {
        provideMcpServerDefinitions(): Promise<StdioDefinition[]>;
        resolveMcpServerDefinition(server: StdioDefinition): Promise<StdioDefinition | undefined>;
      },
    ): Disposable;
  };
  McpStdioServerDefinition?: new (
    label: string,
    command: string,
    args?: string[],
    env?: Record<string, string | number | null>,
    version?: string,
  ) => StdioDefinition;
}

export interface McpRegistrationDeps {
  /** The terminals' channel's variables, or undefined where this window does not lend (Lending.env()). */
  channel(): Promise<Record<string, string> | undefined>;
  extensionPath: string;
  /** The extension's version: VS Code offers to refresh the tools when it changes. */
  version: string;
  /** The Node VS Code runs extensions with (Electron run as Node on the desktop). */
  node: string;
}

/** Registers the provider where the API exists; undefined (nothing registered, nothing failed) where it does not. */
export function registerMcpServer(vscodeApi: unknown, d: McpRegistrationDeps): Disposable | undefined {
  const api = vscodeApi as McpApi;
  const Definition = api.McpStdioServerDefinition;
  const register = api.lm?.registerMcpServerDefinitionProvider?.bind(api.lm);
  if (!register || typeof Definition !== 'function') return undefined;
  return register(MCP_PROVIDER_ID, {
    async provideMcpServerDefinitions() {
      if (!(await d.channel())) return [];
      return [
        new Definition(
          'Zendesk',
          d.node,
          [path.join(d.extensionPath, 'dist', 'zendesk-token.js'), 'mcp'],
          { ELECTRON_RUN_AS_NODE: '1' },
          d.version,
        ),
      ];
    },
    async resolveMcpServerDefinition(server) {
      const channel = await d.channel();
      if (!channel) return undefined;
      server.env = { ...server.env, ...channel };
      return server;
    },
  });
}
