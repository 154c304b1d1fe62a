// Completion of ticket references in the commit message box (and in COMMIT_EDITMSG when git edits the message in
// an editor): typing `ZD-` or `#` offers the current ticket and the ones viewed lately, and inserts the reference
// in the pattern's form (`ZD-1234`). Nothing is asked of Zendesk: the subjects are the ones already known.
import * as vscode from 'vscode';
import type { AccountAccess } from '../../auth/access';
import { revealBidi } from '../../tickets/format';
import type { RecentTickets } from '../../tickets/recentTickets';
import { agentTicketUrl } from '../../zendesk/subdomain';
import { completionTarget, referenceText, triggerCharacters, type ReferencePattern } from './referencePatterns';

/** The ticket being worked on here, if any (start work's current ticket: src/code/). */
export interface CurrentTicketSource {
  current(): { accountId: string; ticketId: number; subject: string } | undefined;
}

/** Until start work is wired in: no current ticket. */
export const NO_CURRENT_TICKET: CurrentTicketSource = { current: () => undefined };

/** The commit message box (the SCM input, `vscode-scm:`, language `scminput`) and git's message file in an editor. */
export const COMMIT_MESSAGE_SELECTOR: vscode.DocumentSelector = [
  { scheme: 'vscode-scm' },
  { language: 'scminput' },
  { language: 'git-commit' },
];

/** How many recently viewed tickets are offered. */
const RECENT_OFFERED = 10;

export interface CompletionDeps {
  access: AccountAccess;
  recent: Pick<RecentTickets, 'list'>;
  current: CurrentTicketSource;
  settings: { patterns(): readonly ReferencePattern[] };
}

export class TicketReferenceCompletion implements vscode.CompletionItemProvider {
  constructor(private readonly deps: CompletionDeps) {}

  provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] {
    const before = document.lineAt(position.line).text.slice(0, position.character);
    const target = completionTarget(before, this.deps.settings.patterns());
    if (!target) return [];
    const range = new vscode.Range(position.line, target.start, position.line, position.character);
    const typed = before.slice(target.start);
    const inUse = this.deps.access.inUse();
    const items: vscode.CompletionItem[] = [];
    const seen = new Set<string>();
    const offer = (accountId: string, ticketId: number, untrusted: string, detail: string) => {
      const subject = revealBidi(untrusted.replace(/\s+/g, ' ').trim());
      if (seen.has(`${accountId} ${ticketId}`)) return;
      seen.add(`${accountId} ${ticketId}`);
      // `ZD-1234` names a ticket of the account in use: a ticket of another account is written as its link.
      const other =
        inUse && accountId !== inUse.accountId
          ? this.deps.access.accounts().find((a) => a.accountId === accountId)
          : undefined;
      const insert = other ? agentTicketUrl(other.baseUrl, ticketId) : referenceText(target.pattern, ticketId);
      const label = other ? `#${ticketId}` : insert;
      const item = new vscode.CompletionItem(
        { label, description: subject, detail: ` ${detail}` },
        vscode.CompletionItemKind.Reference,
      );
      item.insertText = insert;
      item.range = range;
      // What is typed (`#`, `ZD-`, `ZD-12`) must match for VS Code to keep the item; the subject helps find it.
      item.filterText = `${typed}${ticketId} ${subject}`;
      item.sortText = String(items.length).padStart(4, '0');
      item.detail = detail;
      items.push(item);
    };
    const current = this.deps.current.current();
    if (current) offer(current.accountId, current.ticketId, current.subject, vscode.l10n.t('Current ticket'));
    if (inUse) {
      for (const r of this.deps.recent.list(inUse.accountId).slice(0, RECENT_OFFERED)) {
        offer(inUse.accountId, r.ticketId, r.subject, vscode.l10n.t('Recently viewed'));
      }
    }
    if (items[0]) items[0].preselect = true;
    return items;
  }
}

/** Registers the completion with the trigger characters of the patterns in force, again when they change. */
export function registerReferenceCompletion(
  deps: CompletionDeps,
  onPatternsChanged: vscode.Event<void>,
): vscode.Disposable {
  const provider = new TicketReferenceCompletion(deps);
  let registration = register();
  const watch = onPatternsChanged(() => {
    registration.dispose();
    registration = register();
  });
  function register(): vscode.Disposable {
    return vscode.languages.registerCompletionItemProvider(
      COMMIT_MESSAGE_SELECTOR,
      provider,
      ...triggerCharacters(deps.settings.patterns()),
    );
  }
  return { dispose: () => (watch.dispose(), registration.dispose()) };
}
