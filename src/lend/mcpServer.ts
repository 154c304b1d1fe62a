// The MCP server (`zendesk-token mcp`): not built yet; the helper says so instead of failing obscurely.
import type { LendChannel } from './ipcClient';
import { LendError } from './protocol';
import * as l10n from '@vscode/l10n';

export function runMcpServer(_o: { channel: LendChannel; account?: string }): Promise<void> {
  return Promise.reject(new LendError('not_found', l10n.t('The MCP server is not in this version yet.')));
}
