// The dialogs of working on a ticket in code, as one small interface: the real one here, a test's answers in the
// test build (main.ts chooses, as for the ticket tab's dialogs).
import * as vscode from 'vscode';
import type { Dialogs } from '../dialogs';
import type { TicketBranch } from './gitApi';
import type { TicketUpdateChoice } from './ticketUpdate';
import { noIcons } from './workText';

/** A ticket to send code to: the current one, a recent one, or one typed. */
export interface TicketPick {
  accountId: string;
  ticketId: number;
  label: string;
  description?: string;
}

/** The code's own questions, and the notices and quick pick every command asks (Dialogs, answered by `ui`). */
export interface CodeUi extends Pick<Dialogs, 'showInformationMessage' | 'showWarningMessage' | 'showQuickPick'> {
  /** A ticket's number or link, as typed (the palette's "Start Work on Ticket", "Another Ticket…"). */
  askTicket(title: string, validate: (text: string) => string | undefined): Promise<string | undefined>;
  /** Several branches belong to the ticket: which to check out, or a new one (`'new'`). */
  pickBranch(ticketId: number, branches: TicketBranch[]): Promise<TicketBranch | 'new' | undefined>;
  /** The new branch's name, proposed from the template; `from` is the branch it starts from. */
  nameBranch(
    proposed: string,
    from: string | undefined,
    validate: (name: string) => string | undefined,
  ): Promise<string | undefined>;
  /** What to change on the ticket, if anything. */
  pickTicketUpdate(ticketId: number, choices: TicketUpdateChoice[]): Promise<TicketUpdateChoice | undefined>;
  /** A modal question with one button; true when it was chosen. */
  confirm(message: string, detail: string, button: string): Promise<boolean>;
  /** A notification offering one action; true when it was chosen. */
  offer(message: string, button: string): Promise<boolean>;
  /** Which ticket gets the code. */
  pickTicket(title: string, picks: TicketPick[]): Promise<TicketPick | 'other' | undefined>;
}

/** The code's own questions; the notices and quick pick are vscodeUi's (ui.ts). */
export const vscodeCodeUi: Omit<CodeUi, keyof Dialogs> = {
  askTicket: (title, validate) =>
    Promise.resolve(
      vscode.window.showInputBox({
        title,
        prompt: vscode.l10n.t('A ticket number (1234 or #1234) or a ticket link'),
        placeHolder: '1234',
        validateInput: (v) => (v.trim() ? validate(v) : undefined),
      }),
    ),
  pickBranch: async (ticketId, branches) => {
    type Item = vscode.QuickPickItem & { pick: TicketBranch | 'new' };
    const items: Item[] = [
      ...branches.map((b) => ({
        label: `$(git-branch) ${b.name}`,
        description: b.remote ? vscode.l10n.t('on {0}', b.remote) : vscode.l10n.t('local'),
        pick: b,
      })),
      { label: `$(add) ${vscode.l10n.t('Create a New Branch…')}`, pick: 'new' as const },
    ];
    return (
      await vscode.window.showQuickPick(items, {
        title: vscode.l10n.t('Branches for #{0}', ticketId),
        placeHolder: vscode.l10n.t('Check out a branch of this ticket, or create a new one'),
      })
    )?.pick;
  },
  nameBranch: (proposed, from, validate) =>
    Promise.resolve(
      vscode.window.showInputBox({
        title: vscode.l10n.t('New Branch'),
        prompt: from
          ? vscode.l10n.t('Branch name (created from {0} and checked out)', from)
          : vscode.l10n.t('Branch name (created from the current commit and checked out)'),
        value: proposed,
        validateInput: validate,
      }),
    ),
  pickTicketUpdate: async (ticketId, choices) =>
    (await vscode.window.showQuickPick(
      choices.map((c) => ({ ...c, label: noIcons(c.label) })),
      {
        title: vscode.l10n.t('Update #{0}?', ticketId),
        placeHolder: vscode.l10n.t('Nothing is sent until you confirm'),
      },
    )) ?? undefined,
  confirm: async (message, detail, button) =>
    (await vscode.window.showInformationMessage(message, { modal: true, detail }, button)) === button,
  offer: async (message, button) => (await vscode.window.showInformationMessage(message, button)) === button,
  pickTicket: async (title, picks) => {
    type Item = vscode.QuickPickItem & { pick: TicketPick | 'other' };
    const items: Item[] = [
      ...picks.map((p) => ({ label: noIcons(p.label), description: p.description && noIcons(p.description), pick: p })),
      { label: `$(search) ${vscode.l10n.t('Another Ticket…')}`, pick: 'other' as const },
    ];
    return (await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('Choose the ticket') }))?.pick;
  },
};
