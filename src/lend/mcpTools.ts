// The MCP server's tools: the chat tools' operations (src/chat, the same schemas, checks, words and fencing of ticket
// text) over the lent session (lentAccess.ts). A write is confirmed by the user in VS Code (`/confirm` over the
// lending channel) before anything is sent; without a "yes" nothing reaches Zendesk. Plain Node; mcpServer.ts puts
// these on stdio with the MCP SDK.
import { contributes } from '../../package.json';
import type { AccountInfo } from '../auth/access';
import { ChatOperations } from '../chat/operations';
import { InputSchemas, ToolNames, type JsonSchema } from '../chat/schemas';
import { toolErrorText } from '../chat/toolErrors';
import { invalidInputText, validateInput, type InputOf } from '../chat/validate';
import { NO_LOG, type Logger } from '../zendesk/types';
import type { LentAccess } from './lentAccess';
import { MAX_CONFIRM_DETAIL } from './protocol';
import * as l10n from '@vscode/l10n';

/** What the server offers: the chat tools less zendesk_currentTicket, whose ticket is a VS Code workspace's. */
export const MCP_TOOL_NAMES = [
  ToolNames.searchTickets,
  ToolNames.getTicket,
  ToolNames.listViewTickets,
  ToolNames.addComment,
  ToolNames.updateTicket,
] as const;
type McpToolName = (typeof MCP_TOOL_NAMES)[number];

export interface McpTool {
  name: McpToolName;
  description: string;
  inputSchema: JsonSchema;
}

export interface McpToolResult {
  text: string;
  /** True when the call did nothing (bad input, refused, denied): the client shows it as a failed call. */
  isError: boolean;
}

export interface McpToolsDeps {
  access: Pick<LentAccess, 'know'> & ConstructorParameters<typeof ChatOperations>[0];
  /** Asks the user in VS Code; true only for an explicit Allow. */
  confirm(title: string, detail: string): Promise<boolean>;
  /** `zendesk-token mcp --account NAME`: the account of every call that names none. */
  account?: string;
  log?: Logger;
}

// l10n: not user-facing (tool results and descriptions the model reads, in English like the chat tools')
export class McpTools {
  private readonly ops: ChatOperations;

  constructor(private readonly d: McpToolsDeps) {
    this.ops = new ChatOperations(d.access, d.log ?? NO_LOG);
  }

  list(): McpTool[] {
    return MCP_TOOL_NAMES.map((name) => ({
      name,
      // The chat tools' descriptions (package.json): the same words for the same operations.
      description: contributes.languageModelTools.find((t) => t.name === name)?.modelDescription ?? name,
      inputSchema: InputSchemas[name],
    }));
  }

  async call(name: string, args: unknown, signal?: AbortSignal): Promise<McpToolResult> {
    const tool = MCP_TOOL_NAMES.find((n) => n === name);
    if (!tool) {
      return failed(`There is no tool "${name}". The tools are: ${MCP_TOOL_NAMES.join(', ')}.`);
    }
    const input = withDefaultAccount(args ?? {}, this.d.account);
    const v = validateInput(tool, input);
    if (!v.ok) return failed(invalidInputText(tool, v.problems));
    let account: AccountInfo;
    try {
      account = await this.d.access.know(v.value.account);
    } catch (e) {
      return failed(toolErrorText(e, { doing: 'getting a Zendesk token from VS Code', account: v.value.account }));
    }
    // From here on the account is known by its id: a write goes where its confirmation said.
    return this.run(tool, { ...v.value, account: account.accountId } as InputOf[McpToolName], signal);
  }

  private async run(tool: McpToolName, input: InputOf[McpToolName], signal?: AbortSignal): Promise<McpToolResult> {
    switch (tool) {
      case ToolNames.searchTickets:
        return done(await this.ops.searchTickets(input as InputOf[typeof tool], signal));
      case ToolNames.getTicket:
        return done(await this.ops.getTicket(input as InputOf[typeof tool], undefined, signal));
      case ToolNames.listViewTickets:
        return done(await this.ops.listViewTickets(input as InputOf[typeof tool], signal));
      case ToolNames.addComment: {
        const i = input as InputOf[typeof tool];
        const what =
          i.public === true
            ? `sending a public reply on ticket ${i.ticketId}`
            : `adding a note to ticket ${i.ticketId}`;
        return this.confirmed(what, this.ops.confirmComment(i, 'plain'), () => this.ops.addComment(i, signal));
      }
      case ToolNames.updateTicket: {
        const i = input as InputOf[typeof tool];
        return this.confirmed(`changing ticket ${i.ticketId}`, await this.ops.confirmUpdate(i, signal, 'plain'), () =>
          this.ops.updateTicket(i, signal),
        );
      }
    }
  }

  /** The write runs only after the user's Allow in VS Code. */
  private async confirmed(
    what: string,
    c: { title: string; message: string } | { refused: string },
    write: () => Promise<string>,
  ): Promise<McpToolResult> {
    if ('refused' in c) return failed(c.refused);
    let allowed: boolean;
    try {
      allowed = await this.d.confirm(c.title, fitDetail(c.message));
    } catch (e) {
      return failed(toolErrorText(e, { doing: `asking the user to confirm ${what}`, write: true }));
    }
    if (!allowed) {
      return failed(
        `The user did not allow ${what} in VS Code. Nothing was changed. Do not retry unless the user asks.`,
      );
    }
    return done(await write());
  }
}

function done(text: string): McpToolResult {
  return { text, isError: false };
}

function failed(text: string): McpToolResult {
  return { text, isError: true };
}

/** The call's input with `--account` filled in where it names no account; anything else is left to the checks. */
function withDefaultAccount(args: unknown, account: string | undefined): unknown {
  if (account === undefined || typeof args !== 'object' || args === null || Array.isArray(args)) return args;
  const o = args as Record<string, unknown>;
  return o.account === undefined ? { ...o, account } : o;
}

/**
 * The confirmation as the dialog can show it. The channel cuts a detail at MAX_CONFIRM_DETAIL characters; cut here
 * instead, saying so, so the user never confirms a text that silently ends early.
 */
export function fitDetail(detail: string): string {
  if (detail.length <= MAX_CONFIRM_DETAIL) return detail;
  const rest = (n: number) => `\n${l10n.t('[… {0} more characters not shown here; the whole text is sent]', n)}`;
  const keep = MAX_CONFIRM_DETAIL - rest(detail.length).length;
  return detail.slice(0, keep) + rest(detail.length - keep);
}
