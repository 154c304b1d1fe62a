// The chat tools as VS Code sees them: each checks its input against its schema, asks for confirmation before a
// write (prepareInvocation), and answers with text; failures come back as text too (operations.ts, toolErrors.ts),
// never as a thrown error. The work itself is in operations.ts, in plain Node.
import * as vscode from 'vscode';
import { limitsForBudget } from './conversation';
import type { ChatOperations } from './operations';
import { ToolNames, type ToolName } from './schemas';
import { toolErrorText } from './toolErrors';
import { invalidInputText, validateInput, type InputOf } from './validate';

type Input<N extends ToolName> = InputOf[N];

interface ToolSpec<N extends ToolName> {
  name: N;
  run(
    input: Input<N>,
    options: vscode.LanguageModelToolInvocationOptions<unknown>,
    signal: AbortSignal,
  ): Promise<string>;
  /** Shown while it runs. */
  progress(input: Input<N>): string;
  /** Writes only: the confirmation, or why the call will not go ahead. */
  confirm?(
    input: Input<N>,
    signal: AbortSignal,
  ):
    | { title: string; message: string }
    | { refused: string }
    | Promise<{ title: string; message: string } | { refused: string }>;
}

export class ZendeskTool<N extends ToolName> implements vscode.LanguageModelTool<unknown> {
  constructor(private readonly spec: ToolSpec<N>) {}

  get name(): N {
    return this.spec.name;
  }

  async prepareInvocation(
    options: vscode.LanguageModelToolInvocationPrepareOptions<unknown>,
    token?: vscode.CancellationToken,
  ): Promise<vscode.PreparedToolInvocation> {
    const v = validateInput(this.spec.name, options.input);
    // Bad input: no confirmation to ask, invoke() answers with the problems and changes nothing.
    if (!v.ok) return { invocationMessage: vscode.l10n.t('Checking the input of {0}', this.spec.name) };
    const invocationMessage = this.spec.progress(v.value);
    const abort = new AbortController();
    const sub = token?.onCancellationRequested(() => abort.abort());
    let c: Awaited<ReturnType<NonNullable<ToolSpec<N>['confirm']>>> | undefined;
    try {
      c = await this.spec.confirm?.(v.value, abort.signal);
    } finally {
      sub?.dispose();
    }
    if (!c || 'refused' in c) return { invocationMessage };
    const message = new vscode.MarkdownString(c.message);
    return { invocationMessage, confirmationMessages: { title: c.title, message } };
  }

  async invoke(
    options: vscode.LanguageModelToolInvocationOptions<unknown>,
    token: vscode.CancellationToken,
  ): Promise<vscode.LanguageModelToolResult> {
    const v = validateInput(this.spec.name, options.input);
    if (!v.ok) return textResult(invalidInputText(this.spec.name, v.problems));
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    try {
      return textResult(await this.spec.run(v.value, options, abort.signal));
    } catch (e) {
      // operations.ts answers every Zendesk and account failure with text; this is the last net.
      return textResult(toolErrorText(e, { doing: `running ${this.spec.name}` }));
    } finally {
      sub.dispose();
    }
  }
}

function textResult(text: string): vscode.LanguageModelToolResult {
  return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(text)]);
}

export interface ChatTools {
  searchTickets: ZendeskTool<typeof ToolNames.searchTickets>;
  getTicket: ZendeskTool<typeof ToolNames.getTicket>;
  listViewTickets: ZendeskTool<typeof ToolNames.listViewTickets>;
  addComment: ZendeskTool<typeof ToolNames.addComment>;
  updateTicket: ZendeskTool<typeof ToolNames.updateTicket>;
  currentTicket: ZendeskTool<typeof ToolNames.currentTicket>;
}

/** The workspace's current ticket, for zendesk_currentTicket (none until "Start Work on Ticket"). */
export type CurrentTicketSource = () => { accountId: string; ticketId: number } | undefined;

export function createTools(ops: ChatOperations, current: CurrentTicketSource = () => undefined): ChatTools {
  return {
    searchTickets: new ZendeskTool({
      name: ToolNames.searchTickets,
      progress: (i) => vscode.l10n.t('Searching Zendesk tickets: {0}', i.query),
      run: (i, _o, signal) => ops.searchTickets(i, signal),
    }),
    getTicket: new ZendeskTool({
      name: ToolNames.getTicket,
      progress: (i) => vscode.l10n.t('Reading Zendesk ticket #{0}', i.ticketId),
      run: (i, o, signal) => ops.getTicket(i, limitsForBudget(o.tokenizationOptions?.tokenBudget), signal),
    }),
    listViewTickets: new ZendeskTool({
      name: ToolNames.listViewTickets,
      progress: (i) =>
        i.viewId !== undefined
          ? vscode.l10n.t('Listing the tickets of Zendesk view {0}', i.viewId)
          : i.viewTitle !== undefined
            ? vscode.l10n.t('Listing the tickets of the Zendesk view "{0}"', i.viewTitle)
            : vscode.l10n.t('Listing Zendesk views'),
      run: (i, _o, signal) => ops.listViewTickets(i, signal),
    }),
    addComment: new ZendeskTool({
      name: ToolNames.addComment,
      progress: (i) =>
        i.public === true
          ? vscode.l10n.t('Sending a public reply on Zendesk ticket #{0}', i.ticketId)
          : vscode.l10n.t('Adding an internal note to Zendesk ticket #{0}', i.ticketId),
      confirm: (i) => ops.confirmComment(i),
      run: (i, _o, signal) => ops.addComment(i, signal),
    }),
    updateTicket: new ZendeskTool({
      name: ToolNames.updateTicket,
      progress: (i) => vscode.l10n.t('Changing Zendesk ticket #{0}', i.ticketId),
      confirm: (i, signal) => ops.confirmUpdate(i, signal),
      run: (i, _o, signal) => ops.updateTicket(i, signal),
    }),
    currentTicket: new ZendeskTool({
      name: ToolNames.currentTicket,
      progress: () => vscode.l10n.t('Reading the current Zendesk ticket'),
      run: (_i, o, signal) => ops.currentTicket(current(), limitsForBudget(o.tokenizationOptions?.tokenBudget), signal),
    }),
  };
}
