// Zendesk in VS Code's chat: six language model tools over the same account access, client, rate limits and errors
// as the rest of the extension (package.json `contributes.languageModelTools` declares them; the activation bundle
// registers them as forwarders to these).
import type { AccountAccess } from '../auth/access';
import type { StatusCatalog } from '../tickets/statusCatalog';
import type { Logger } from '../zendesk/types';
import { ChatOperations } from './operations';
import { createTools, type ChatTools, type CurrentTicketSource } from './tools';

export type { ChatTools } from './tools';

export interface ChatToolDeps {
  access: AccountAccess;
  log: Logger;
  /** Each account's ticket statuses, shared with the tree and the ticket tab. */
  statuses: StatusCatalog;
  /** The workspace's current ticket (src/code), for zendesk_currentTicket. */
  current?: CurrentTicketSource;
}

export function createChatTools(deps: ChatToolDeps): ChatTools {
  return createTools(new ChatOperations(deps.access, deps.log, deps.statuses), deps.current);
}
