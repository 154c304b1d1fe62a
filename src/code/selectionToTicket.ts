// "Add Selection to Ticket…": the editor's selection as a code block (codeBlock.ts: the file relative to the
// repository, the lines, a permalink to the pushed commit when the remote is known, the code fenced with its
// language), staged as an internal note in the ticket's tab. Nothing is sent: the agent reads it and submits.
import * as vscode from 'vscode';
import type { AccountAccess } from '../auth/access';
import type { Logger } from '../log';
import type { RecentTickets } from '../tickets/recentTickets';
import type { TicketTabs } from '../tickets/ticketTabs';
import { showError } from '../ui/messages';
import { codeBlock, type CodeSelection } from './codeBlock';
import type { CodeUi, TicketPick } from './codeUi';
import type { CurrentTicket } from './currentTicket';
import type { GitAccess } from './gitApi';
import { permalink } from './remoteLinks';
import { askForTicket } from './startWork';

/**
 * The editor's selection as a block reads it, and the permalink to its lines when they are the pushed commit's
 * (the file saved and unchanged since HEAD, HEAD on a remote of a known host). New Ticket from Selection uses this
 * too. Undefined with no selection.
 */
export async function editorCode(
  editor: vscode.TextEditor | undefined,
  git: GitAccess,
): Promise<{ selection: CodeSelection; permalink?: string } | undefined> {
  if (!editor || editor.selection.isEmpty) return undefined;
  const doc = editor.document;
  const sel = editor.selection;
  // A selection ending at the start of a line does not take that line.
  const endLine = sel.end.character === 0 && sel.end.line > sel.start.line ? sel.end.line : sel.end.line + 1;
  const repo = doc.uri.scheme === 'file' ? await git.repository(doc.uri).catch(() => undefined) : undefined;
  const inRepo = repo?.relativePath(doc.uri);
  const selection: CodeSelection = {
    text: doc.getText(sel),
    languageId: doc.languageId,
    path: inRepo ?? vscode.workspace.asRelativePath(doc.uri, false),
    startLine: sel.start.line + 1,
    endLine,
  };
  const head = repo?.head;
  if (!repo || !inRepo || !head || doc.isDirty || repo.hasChanges(doc.uri)) return { selection };
  const web = repo.webRepository();
  if (!web || !(await repo.isPushed(head).catch(() => false))) return { selection };
  return { selection, permalink: permalink(web, head, inRepo, selection.startLine, selection.endLine) };
}

export interface SelectionToTicketDeps {
  access: AccountAccess;
  git: GitAccess;
  current: CurrentTicket;
  recent: RecentTickets;
  tabs: TicketTabs;
  ui: CodeUi;
  log: Logger;
}

export class SelectionToTicket {
  constructor(private readonly d: SelectionToTicketDeps) {}

  async run(): Promise<void> {
    const code = await editorCode(vscode.window.activeTextEditor, this.d.git);
    if (!code) {
      void this.d.ui.showInformationMessage(vscode.l10n.t('Select some code first, then add it to a ticket.'), {});
      return;
    }
    if (!this.d.access.accounts().length) {
      void this.d.ui.showInformationMessage(vscode.l10n.t('Sign in to Zendesk first.'), {});
      return;
    }
    const title = vscode.l10n.t('Add Selection to Ticket');
    const picked = await this.d.ui.pickTicket(title, this.picks());
    if (!picked) return;
    const target = picked === 'other' ? await askForTicket(this.d.access, this.d.ui, title) : picked;
    if (!target) return;
    const body = codeBlock(code.selection, code.permalink);
    try {
      await this.d.tabs.stage(target.accountId, target.ticketId, { comment: { body, public: false }, fields: {} });
      this.d.log.info(`selection staged as a note on ticket ${target.ticketId} of ${target.accountId}`);
      void vscode.window.setStatusBarMessage(
        vscode.l10n.t('The code is in the draft of #{0} as an internal note: submit it there.', target.ticketId),
        5000,
      );
    } catch (e) {
      await showError(e, this.d.log, vscode.l10n.t('Opening #{0}', target.ticketId));
    }
  }

  /** The current ticket first, then the account's recently viewed ones. */
  private picks(): TicketPick[] {
    const out: TicketPick[] = [];
    const cur = this.d.current.current();
    if (cur) {
      out.push({
        accountId: cur.accountId,
        ticketId: cur.ticketId,
        label: `#${cur.ticketId} ${cur.subject}`,
        description: vscode.l10n.t('current ticket'),
      });
    }
    const account = this.d.access.inUse() ?? this.d.access.accounts()[0];
    if (account) {
      for (const r of this.d.recent.list(account.accountId)) {
        if (cur?.accountId === account.accountId && cur.ticketId === r.ticketId) continue;
        out.push({
          accountId: account.accountId,
          ticketId: r.ticketId,
          label: `#${r.ticketId} ${r.subject}`,
          description: vscode.l10n.t('recently viewed'),
        });
      }
    }
    return out;
  }
}
