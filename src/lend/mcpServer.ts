// The MCP server of `zendesk-token mcp`, on stdio, built on the official MCP TypeScript SDK. Its own bundle
// (dist/zendesk-mcp.js), loaded only by this command, so the plain `zendesk-token` stays small and quick to start.
// The low-level `Server` of the SDK rather than `McpServer`: the tools' input schemas are JSON Schema already
// (src/chat/schemas.ts, the same the chat tools declare), checked by src/chat/validate.ts, not zod shapes.
// stdout belongs to the protocol: nothing else is written there; problems go to stderr.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { version } from '../../package.json';
import { createUndiciTransport } from '../zendesk/http';
import type { Logger } from '../zendesk/types';
import { requestConfirm, requestToken, type LendChannel } from './ipcClient';
import { LentAccess } from './lentAccess';
import { McpTools } from './mcpTools';

/** Warnings and errors on stderr, where an MCP client shows a server's log. Messages never hold a token. */
// l10n: not user-facing (the program's name before a message worded elsewhere)
const stderrLog: Logger = {
  trace() {},
  debug() {},
  info() {},
  warn: (m) => process.stderr.write(`zendesk-token mcp: ${m}\n`),
  error: (m) => process.stderr.write(`zendesk-token mcp: ${m instanceof Error ? m.message : m}\n`),
};

/** A wait for the answers to every request read so far (a request is read before its handler starts). */
function answeredAll(t: StdioServerTransport): () => Promise<void> {
  const open = new Set<string | number>();
  let settle: (() => void) | undefined;
  const read = t.onmessage;
  t.onmessage = (m) => {
    if ('method' in m && 'id' in m) open.add(m.id);
    read?.(m);
  };
  const send = t.send.bind(t);
  t.send = async (m) => {
    await send(m);
    if (!('method' in m) && 'id' in m && m.id !== undefined && open.delete(m.id) && !open.size) settle?.();
  };
  return () => (open.size ? new Promise<void>((resolve) => (settle = resolve)) : Promise.resolve());
}

/** Serves until the client closes stdin. */
export async function runMcpServer(o: { channel: LendChannel; account?: string }): Promise<void> {
  const http = createUndiciTransport();
  const access = new LentAccess({ ask: (r) => requestToken(o.channel, r), transport: http, log: stderrLog });
  const tools = new McpTools({
    access,
    account: o.account,
    confirm: async (title, detail) => (await requestConfirm(o.channel, { title, detail })).allowed,
    log: stderrLog,
  });
  const server = new Server({ name: 'zendesk', version }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: tools.list() }));
  server.setRequestHandler(CallToolRequestSchema, async (req, extra) => {
    const r = await tools.call(req.params.name, req.params.arguments, extra.signal);
    return { content: [{ type: 'text' as const, text: r.text }], isError: r.isError };
  });
  const closed = new Promise<void>((resolve) => {
    server.onclose = resolve;
    // The SDK's stdio transport does not watch for the end of stdin: the client going away ends the server here.
    process.stdin.once('end', resolve);
  });
  const transport = new StdioServerTransport();
  await server.connect(transport);
  const answered = answeredAll(transport);
  await closed;
  // A client that wrote its last call and closed stdin still gets the answer.
  await answered();
  await server.close();
  await http.close?.();
}
