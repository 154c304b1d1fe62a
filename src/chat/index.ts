// Zendesk in VS Code's chat: five language model tools over the same account access, client, rate limits and errors
// as the rest of the extension (package.json `contributes.languageModelTools` declares them).
import * as vscode from 'vscode';
import type { AccountAccess } from '../auth/access';
import type { Logger } from '../zendesk/types';
import { ChatOperations } from './operations';
import { createTools, type ChatTools } from './tools';

export type { ChatTools } from './tools';

export interface ChatToolDeps {
  access: AccountAccess;
  log: Logger;
}

export function createChatTools(deps: ChatToolDeps): ChatTools {
  return createTools(new ChatOperations(deps.access, deps.log));
}

/** Registers the tools; `tools` is passed in when the caller keeps them (the test build's exports). */
export function registerChatTools(deps: ChatToolDeps, tools: ChatTools = createChatTools(deps)): vscode.Disposable[] {
  return Object.values(tools).map((tool: ChatTools[keyof ChatTools]) => vscode.lm.registerTool(tool.name, tool));
}
