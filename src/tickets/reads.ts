// What reading tickets needs, for the tree, the ticket tab and the badge alike: the `read` scope, which gives every
// GET (https://developer.zendesk.com/api-reference/ticketing/oauth/oauth_tokens/#scopes). Reads go through the
// account access like writes, so a session without it (one signed in for another extension) is offered it.
import * as l10n from '@vscode/l10n';
import type { AccessNeed } from '../auth/access';

/** `interactive: false` for a read nobody asked for (the badge's poll): it fails instead of asking. */
export function readTickets(o: { interactive?: boolean } = {}): AccessNeed {
  return { scopes: ['read'], purpose: l10n.t('Reading tickets'), ...o };
}
