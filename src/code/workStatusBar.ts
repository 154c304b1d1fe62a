// The current ticket in the status bar: `#1234 Printer on fire` (the subject as plain text), a click opens its tab,
// the hover and "Current Ticket…" offer opening it in Zendesk and Stop Work. Hidden while there is none.
import * as vscode from 'vscode';
import type { CurrentTicket, WorkTicket } from './currentTicket';
import { statusLabel } from './workText';

export const WORK_STATUS_BAR_ID = 'zendesk.currentTicket';

export interface WorkStatusBarCommands {
  open: string;
  openInBrowser: string;
  stop: string;
}

export class WorkStatusBar implements vscode.Disposable {
  private readonly sub: { dispose(): void };

  constructor(
    private readonly item: vscode.StatusBarItem,
    current: CurrentTicket,
    private readonly commands: WorkStatusBarCommands,
  ) {
    item.name = vscode.l10n.t('Zendesk Current Ticket');
    this.sub = current.onDidChange((t) => this.show(t));
    this.show(current.current());
  }

  private show(t: WorkTicket | undefined): void {
    if (!t) {
      this.item.hide();
      return;
    }
    const label = statusLabel(t);
    this.item.text = `$(issues) ${label}`;
    this.item.command = { title: vscode.l10n.t('Open Ticket'), command: this.commands.open };
    this.item.accessibilityInformation = {
      label: vscode.l10n.t('Current Zendesk ticket {0}: {1}. Open it.', t.ticketId, t.subject),
    };
    // Markdown for the command links, the subject appended as text: Zendesk's text never becomes markup or a link.
    const tip = new vscode.MarkdownString(undefined, false);
    tip.isTrusted = { enabledCommands: [this.commands.open, this.commands.openInBrowser, this.commands.stop] };
    tip.appendMarkdown(`**#${t.ticketId}** `);
    tip.appendText(t.subject.replace(/\s+/g, ' '));
    tip.appendMarkdown('\n\n');
    const link = (title: string, command: string) => `[${title}](command:${command})`;
    tip.appendMarkdown(
      [
        link(vscode.l10n.t('Open Ticket'), this.commands.open),
        link(vscode.l10n.t('Open in Zendesk'), this.commands.openInBrowser),
        link(vscode.l10n.t('Stop Work'), this.commands.stop),
      ].join(' · '),
    );
    this.item.tooltip = tip;
    this.item.show();
  }

  dispose(): void {
    this.sub.dispose();
    this.item.dispose();
  }
}
