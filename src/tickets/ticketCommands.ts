import * as vscode from 'vscode';
import type { AccountAccess } from '../auth/access';
import { Commands, TICKET_PANEL_TYPE } from '../constants';
import type { Logger } from '../log';
import type { Dialogs } from '../dialogs';
import { showError } from '../ui/messages';
import { getTicket, previewMacro } from '../zendesk/api';
import type { ZendeskClient } from '../zendesk/http';
import { describePreview, findMacros, type MacroCatalog, type MacroChoice, macroPreview } from './macros';
import type { SelectedCode } from './newTicket';
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

export interface TicketCommandDeps {
  access: AccountAccess;
  macros: MacroCatalog;
  tabs: TicketTabs;
  /** The New Ticket tab. */
  newTickets: { open(selection?: SelectedCode): Promise<unknown> };
  /** The active editor's selected code, as "Add Selection to Ticket…" reads it (code/selectionToTicket.ts). */
  selectedCode(): Promise<SelectedCode | undefined>;
  log: Logger;
  ui: Dialogs;
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

  constructor(private readonly deps: TicketCommandDeps) {
    this.disposables = [
      vscode.commands.registerCommand(Commands.openTicketByReference, (text?: string) => this.openByReference(text)),
      vscode.commands.registerCommand(Commands.applyMacro, (target?: TicketTarget, macroId?: number) =>
        this.applyMacro(target, macroId),
      ),
      vscode.commands.registerCommand(Commands.newTicket, () => this.newTicket()),
      vscode.commands.registerCommand(Commands.newTicketFromSelection, () => this.newTicketFromSelection()),
    ];
  }

  private signedIn(): boolean {
    if (this.deps.access.accounts().length) return true;
    void this.deps.ui
      .showInformationMessage(vscode.l10n.t('Sign in to Zendesk first.'), {}, vscode.l10n.t('Sign In'))
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
      (await this.deps.ui.showInputBox({
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
        void this.deps.ui.showWarningMessage(
          vscode.l10n.t('"{0}" is not a ticket number or link. Type a number such as 1234.', typed.trim().slice(0, 80)),
          {},
        );
        return;
      case 'foreign': {
        // Not awaited: the command is done; the button signs in if the agent wants.
        void this.deps.ui
          .showWarningMessage(
            vscode.l10n.t(
              'No account signed in here belongs to {0}. Sign in to that Zendesk to open #{1}.',
              ref.origin,
              ref.ticketId,
            ),
            {},
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
      void this.deps.ui.showInformationMessage(
        vscode.l10n.t('Open a ticket first, then apply a macro to it (or use Apply Macro… on a ticket in the tree).'),
        {},
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
          void this.deps.ui.showWarningMessage(
            vscode.l10n.t('Macro {0} is not one of your active macros. Choose one with Apply Macro….', macroId),
            {},
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
        const ok = await this.deps.ui.showInformationMessage(
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
        void this.deps.ui.showWarningMessage(
          vscode.l10n.t(
            '"{0}" is in the draft of #{1}. Set these in the tab before you submit: {2}',
            chosen.name,
            ticketId,
            left,
          ),
          {},
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
      void this.deps.ui.showInformationMessage(vscode.l10n.t('You have no active macros on this account.'), {});
      return undefined;
    }
    return (
      await this.deps.ui.showQuickPick(items, {
        title: vscode.l10n.t('Apply a macro to #{0}', ticketId),
        placeHolder: vscode.l10n.t('Search macros by title or category'),
        matchOnDescription: true,
        matchOnDetail: true,
      })
    )?.macro;
  }

  /** The New Ticket tab (its draft, if one is kept). */
  async newTicket(): Promise<void> {
    if (!this.signedIn()) return;
    await this.deps.newTickets.open();
  }

  /** The New Ticket tab with the editor's selection as a fenced code block (its language, path and lines) in the
   * description. */
  async newTicketFromSelection(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.selection.isEmpty) {
      void this.deps.ui.showInformationMessage(vscode.l10n.t('Select some code first, then create the ticket.'), {});
      return;
    }
    if (!this.signedIn()) return;
    await this.deps.newTickets.open(await this.deps.selectedCode());
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
