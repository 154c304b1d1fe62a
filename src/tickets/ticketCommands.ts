import * as vscode from 'vscode';
import type { AccountAccess, AccountInfo } from '../auth/access';
import { Commands, TICKET_PANEL_TYPE } from '../constants';
import type { Logger } from '../log';
import { showError } from '../ui/messages';
import { createTicket, getTicket, previewMacro } from '../zendesk/api';
import type { ZendeskClient } from '../zendesk/http';
import { describePreview, findMacros, type MacroCatalog, type MacroChoice, macroPreview } from './macros';
import {
  newTicketBody,
  parseRequester,
  selectionBlock,
  selectionSubject,
  type EditorSelection,
  type RequesterInput,
} from './newTicket';
import { parseTicketRef } from './ticketRef';
import type { TicketTabs } from './ticketTabs';
import { needFor } from './actions';

/** A ticket of an account, as the commands take it (a tree node has both too). */
export interface TicketTarget {
  accountId: string;
  ticketId?: number;
  ticket?: { id: number };
  /** A "Recently viewed" node. */
  recent?: { ticketId: number };
}

/** What "New Ticket" asks, given at once by a caller that already knows (a test, another command). */
export interface NewTicketInput {
  requester?: string;
  subject?: string;
  body?: string;
  public?: boolean;
}

export interface TicketCommandDeps {
  access: AccountAccess;
  macros: MacroCatalog;
  tabs: TicketTabs;
  log: Logger;
}

/** The ticket of the ticket tab in front, if one is (the tab's title names the ticket, not the account: the account in
 * use first, then any signed-in one). */
export function ticketOfActiveTab(access: AccountAccess): { accountId: string; ticketId: number } | undefined {
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
  const input = tab?.input;
  if (!(input instanceof vscode.TabInputWebview) || !input.viewType.endsWith(TICKET_PANEL_TYPE)) return undefined;
  const n = /^#(\d+)/.exec(tab?.label ?? '');
  if (!n) return undefined;
  const account = access.inUse() ?? access.accounts()[0];
  return account && { accountId: account.accountId, ticketId: Number(n[1]) };
}

/** "Open Ticket…", "Apply Macro…", "New Ticket" and "New Ticket from Selection". */
export class TicketCommands implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[];
  /** What the agent typed for a ticket Zendesk did not take: offered again on the next try, never lost. */
  private unsent: { requester: string; subject: string; note: string } | undefined;

  constructor(private readonly deps: TicketCommandDeps) {
    this.disposables = [
      vscode.commands.registerCommand(Commands.openTicketByReference, (text?: string) => this.openByReference(text)),
      vscode.commands.registerCommand(Commands.applyMacro, (target?: TicketTarget, macroId?: number) =>
        this.applyMacro(target, macroId),
      ),
      vscode.commands.registerCommand(Commands.newTicket, (input?: NewTicketInput) => this.newTicket(input)),
      vscode.commands.registerCommand(Commands.newTicketFromSelection, (input?: NewTicketInput) =>
        this.newTicketFromSelection(input),
      ),
    ];
  }

  private signedIn(): boolean {
    if (this.deps.access.accounts().length) return true;
    void vscode.window
      .showInformationMessage(vscode.l10n.t('Sign in to Zendesk first.'), vscode.l10n.t('Sign In'))
      .then((c) => (c ? vscode.commands.executeCommand(Commands.signIn) : undefined));
    return false;
  }

  /** `1234`, `#1234` or a ticket link of a signed-in account. */
  async openByReference(text?: string): Promise<void> {
    if (!this.signedIn()) return;
    const accounts = this.deps.access.accounts();
    const inUse = this.deps.access.inUse()?.accountId;
    const typed =
      text ??
      (await vscode.window.showInputBox({
        title: vscode.l10n.t('Open Zendesk Ticket'),
        prompt: vscode.l10n.t('A ticket number (1234 or #1234) or a ticket link'),
        placeHolder: '1234',
        validateInput: (v) =>
          !v.trim() || parseTicketRef(v, accounts, inUse).kind !== 'invalid'
            ? undefined
            : vscode.l10n.t('Type a ticket number such as 1234, or paste a ticket link.'),
      }));
    if (typed === undefined || !typed.trim()) return;
    const ref = parseTicketRef(typed, accounts, inUse);
    switch (ref.kind) {
      case 'invalid':
        void vscode.window.showWarningMessage(
          vscode.l10n.t('"{0}" is not a ticket number or link. Type a number such as 1234.', typed.trim().slice(0, 80)),
        );
        return;
      case 'foreign': {
        // Not awaited: the command is done; the button signs in if the agent wants.
        void vscode.window
          .showWarningMessage(
            vscode.l10n.t(
              'No account signed in here belongs to {0}. Sign in to that Zendesk to open #{1}.',
              ref.origin,
              ref.ticketId,
            ),
            vscode.l10n.t('Sign In'),
          )
          .then((choice) => (choice ? vscode.commands.executeCommand(Commands.signIn) : undefined));
        return;
      }
      case 'link':
        await vscode.commands.executeCommand(Commands.openTicket, {
          accountId: ref.accountId,
          ticketId: ref.ticketId,
        });
        return;
      case 'number': {
        const account = this.deps.access.inUse() ?? accounts[0];
        await vscode.commands.executeCommand(Commands.openTicket, {
          accountId: account.accountId,
          ticketId: ref.ticketId,
        });
      }
    }
  }

  /** The ticket a command acts on: the one given, else the ticket tab in front. */
  private target(t?: TicketTarget): { accountId: string; ticketId: number } | undefined {
    const id = t?.ticketId ?? t?.ticket?.id ?? t?.recent?.ticketId;
    if (t && id) return { accountId: t.accountId, ticketId: id };
    return ticketOfActiveTab(this.deps.access);
  }

  /** Picks a macro (title, category, personal or shared), shows what it would change, and stages it in the tab. */
  async applyMacro(t?: TicketTarget, macroId?: number): Promise<void> {
    if (!this.signedIn()) return;
    const target = this.target(t);
    if (!target) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('Open a ticket first, then apply a macro to it (or use Apply Macro… on a ticket in the tree).'),
      );
      return;
    }
    const { accountId, ticketId } = target;
    // Reads as the account, through the one access path (it asks for a scope the session lacks).
    const read = <T>(fn: (c: ZendeskClient) => Promise<T>) =>
      this.deps.access.withClient(accountId, needFor('previewMacro'), fn);
    try {
      const macros = await read((c) => this.deps.macros.get(accountId, c));
      let macro: MacroChoice | undefined;
      if (macroId !== undefined) {
        macro = macros.find((m) => m.id === macroId);
        if (!macro) {
          void vscode.window.showWarningMessage(
            vscode.l10n.t('Macro {0} is not one of your active macros. Choose one with Apply Macro….', macroId),
          );
          return;
        }
      } else macro = await this.pickMacro(macros, ticketId);
      if (!macro) return;
      const chosen = macro;
      const [ticket, result] = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Previewing {0}', chosen.name) },
        () => read((c) => Promise.all([getTicket(c, ticketId), previewMacro(c, ticketId, chosen.id)])),
      );
      const account = this.deps.access.accounts().find((a) => a.accountId === accountId);
      const preview = macroPreview(ticket, result, chosen, {
        person: (id) => (id === account?.user.id ? vscode.l10n.t('you') : vscode.l10n.t('user {0}', id)),
        group: (id) => vscode.l10n.t('group {0}', id),
        status: (key) => String(key),
      });
      const summary = describePreview(preview);
      if (macroId === undefined) {
        const stage = vscode.l10n.t('Stage in #{0}', ticketId);
        const detail = [summary, preview.comment ? `\n${preview.comment.body.slice(0, 600)}` : ''].join('\n');
        const ok = await vscode.window.showInformationMessage(
          vscode.l10n.t('Apply "{0}" to #{1}? Nothing is sent until you submit.', chosen.title, ticketId),
          { modal: true, detail },
          stage,
        );
        if (ok !== stage) return;
      }
      const outcome = await this.deps.tabs.stage(accountId, ticketId, preview.staged);
      this.deps.log.info(`macro ${chosen.id} staged on ticket ${ticketId} of ${accountId}`);
      if (outcome.notStaged.length) {
        const left = preview.changes
          .filter((ch) => outcome.notStaged.includes(ch.field))
          .map((ch) => `${ch.label}: ${ch.after}`)
          .join(', ');
        void vscode.window.showWarningMessage(
          vscode.l10n.t(
            '"{0}" is in the draft of #{1}. Set these in the tab before you submit: {2}',
            chosen.name,
            ticketId,
            left,
          ),
        );
      } else {
        void vscode.window.setStatusBarMessage(
          vscode.l10n.t('"{0}" staged in #{1}: {2}', chosen.name, ticketId, summary),
          6000,
        );
      }
    } catch (e) {
      await showError(e, this.deps.log, vscode.l10n.t('Applying a macro to #{0}', ticketId));
    }
  }

  private async pickMacro(macros: MacroChoice[], ticketId: number): Promise<MacroChoice | undefined> {
    type Item = vscode.QuickPickItem & { macro: MacroChoice };
    const items: Item[] = findMacros(macros, '').map((m) => ({
      label: m.personal ? `$(account) ${m.name}` : m.name,
      description: [m.category, m.personal ? vscode.l10n.t('personal') : vscode.l10n.t('shared')]
        .filter(Boolean)
        .join(' · '),
      detail: m.description,
      macro: m,
    }));
    if (!items.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t('You have no active macros on this account.'));
      return undefined;
    }
    return (
      await vscode.window.showQuickPick(items, {
        title: vscode.l10n.t('Apply a macro to #{0}', ticketId),
        placeHolder: vscode.l10n.t('Search macros by title or category'),
        matchOnDescription: true,
        matchOnDetail: true,
      })
    )?.macro;
  }

  async newTicket(input?: NewTicketInput): Promise<void> {
    await this.create(input, undefined);
  }

  /** The editor's selection as a fenced code block with its language, path and lines, in the description. */
  async newTicketFromSelection(input?: NewTicketInput): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.selection.isEmpty) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Select some code first, then create the ticket.'));
      return;
    }
    const doc = editor.document;
    const sel = editor.selection;
    // A selection ending at the start of a line does not take that line.
    const endLine = sel.end.character === 0 && sel.end.line > sel.start.line ? sel.end.line : sel.end.line + 1;
    const selection: EditorSelection = {
      text: doc.getText(sel),
      languageId: doc.languageId,
      path: vscode.workspace.asRelativePath(doc.uri, false),
      startLine: sel.start.line + 1,
      endLine,
    };
    await this.create(input, selection);
  }

  private async create(input: NewTicketInput | undefined, selection: EditorSelection | undefined): Promise<void> {
    if (!this.signedIn()) return;
    const account: AccountInfo | undefined = this.deps.access.inUse() ?? this.deps.access.accounts()[0];
    if (!account) return;
    const title = vscode.l10n.t('New Zendesk Ticket ({0})', account.label);
    const requesterText =
      input?.requester ??
      (await vscode.window.showInputBox({
        title,
        prompt: vscode.l10n.t('Requester: an email, or a name and email for someone new. Empty: yourself.'),
        placeHolder: vscode.l10n.t('Ada Lovelace <ada@example.com>'),
        value: this.unsent?.requester,
        validateInput: (v) => {
          const r = parseRequester(v);
          return r.kind === 'invalid' ? r.reason : undefined;
        },
      }));
    if (requesterText === undefined) return;
    const requester: RequesterInput = parseRequester(requesterText);
    if (requester.kind === 'invalid') {
      void vscode.window.showWarningMessage(requester.reason);
      return;
    }
    const subject =
      input?.subject ??
      (await vscode.window.showInputBox({
        title,
        prompt: vscode.l10n.t('Subject'),
        value: this.unsent?.subject ?? (selection ? selectionSubject(selection) : undefined),
        validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('A ticket needs a subject.')),
      }));
    if (subject === undefined || !subject.trim()) return;
    const note =
      input?.body ??
      (await vscode.window.showInputBox({
        title,
        prompt: selection
          ? vscode.l10n.t('A note above the selected code (optional)')
          : vscode.l10n.t('Description: the first comment (Markdown)'),
        value: this.unsent?.note,
        validateInput: (v) => (selection || v.trim() ? undefined : vscode.l10n.t('A ticket needs a description.')),
      }));
    if (note === undefined) return;
    const body = selection ? [note.trim(), selectionBlock(selection)].filter(Boolean).join('\n\n') : note;
    if (!body.trim()) return;
    let isPublic = input?.public;
    if (isPublic === undefined) {
      // Internal note first: the harmless choice, as in the ticket tab.
      const internal = vscode.l10n.t('Internal note');
      const pub = vscode.l10n.t('Public reply');
      const picked = await vscode.window.showQuickPick(
        [
          { label: internal, description: vscode.l10n.t('Only agents see the first comment') },
          { label: pub, description: vscode.l10n.t('The requester is sent the first comment') },
        ],
        { title, placeHolder: vscode.l10n.t('How the first comment goes out') },
      );
      if (!picked) return;
      isPublic = picked.label === pub;
    }
    try {
      const ticket = await this.deps.access.withClient(
        account.accountId,
        { scopes: ['write'], purpose: vscode.l10n.t('Creating tickets') },
        (c) => createTicket(c, newTicketBody({ requester, subject, body, public: isPublic })),
      );
      this.unsent = undefined;
      this.deps.log.info(`ticket ${ticket.id} created on ${account.accountId}`);
      void vscode.window.setStatusBarMessage(vscode.l10n.t('Created #{0}', ticket.id), 5000);
      await vscode.commands.executeCommand(Commands.openTicket, { accountId: account.accountId, ticketId: ticket.id });
      await vscode.commands.executeCommand(Commands.refreshTickets);
    } catch (e) {
      this.unsent = { requester: requesterText, subject, note };
      await showError(
        e,
        this.deps.log,
        vscode.l10n.t('Creating the ticket (what you typed is offered again next time)'),
      );
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
