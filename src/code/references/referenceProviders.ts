// Ticket references in any editor and in the commit message box: a link that opens the ticket tab, and a hover
// with the ticket's subject, status, people and last update. The parsing is referencePatterns.ts; the reads and
// their brief cache ticketPreviews.ts; the words hoverText.ts.
import * as vscode from 'vscode';
import type { AccountAccess } from '../../auth/access';
import { Commands, Settings } from '../../constants';
import { userSetting } from '../../config';
import type { Logger } from '../../log';
import { describeError } from '../../ui/errorText';
import { isCancellation } from '../../zendesk/errors';
import { failureMarkdown, HOVER_COMMAND, previewMarkdown } from './hoverText';
import {
  compilePatterns,
  DEFAULT_PATTERNS,
  findReferences,
  referenceAt,
  type ReferencePattern,
} from './referencePatterns';
import type { TicketPreviews } from './ticketPreviews';

/** What the settings' problems are shown with (issue 23's style: the real one made in main.ts). */
export interface ReferenceUi {
  showWarningMessage(message: string, ...items: string[]): Thenable<string | undefined>;
}

/**
 * `zendesk.references.patterns`, checked. Read from the user's settings only (userSetting): a workspace cannot
 * change which text names a ticket of the user's account. A pattern that cannot be used is said once, with the fix.
 */
export class ReferenceSettings implements vscode.Disposable {
  private current: ReferencePattern[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly watch: vscode.Disposable;

  constructor(private readonly ui: ReferenceUi) {
    this.load();
    this.watch = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(`${Settings.section}.${Settings.referencePatterns}`)) return;
      this.load();
      this.changed.fire();
    });
  }

  patterns(): readonly ReferencePattern[] {
    return this.current;
  }

  private load(): void {
    const { patterns, problems } = compilePatterns(userSetting<unknown>(Settings.referencePatterns, DEFAULT_PATTERNS));
    this.current = patterns;
    if (!problems.length) return;
    const open = vscode.l10n.t('Open Settings');
    void this.ui
      .showWarningMessage(
        vscode.l10n.t('Zendesk ticket references: {0} The other patterns are used.', problems.join(' ')),
        open,
      )
      .then((c) =>
        c === open
          ? vscode.commands.executeCommand(
              'workbench.action.openSettings',
              `${Settings.section}.${Settings.referencePatterns}`,
            )
          : undefined,
      );
  }

  dispose(): void {
    this.watch.dispose();
    this.changed.dispose();
  }
}

/** Documents whose text is not the user's (this extension's own log): no references looked for. */
const SKIPPED_SCHEMES = new Set(['output']);

/** The `command:` link a document link runs: "Open Ticket…" with the reference, which resolves the account when the
 * link is followed (signed out, it says to sign in) and opens the ticket tab. */
function openByReferenceUri(text: string): vscode.Uri {
  return vscode.Uri.parse(`command:${Commands.openTicketByReference}?${encodeURIComponent(JSON.stringify([text]))}`);
}

export interface ReferenceProviderDeps {
  access: AccountAccess;
  settings: { patterns(): readonly ReferencePattern[] };
  previews: TicketPreviews;
  now: () => number;
  log: Logger;
}

export class TicketReferenceLinks implements vscode.DocumentLinkProvider {
  constructor(private readonly deps: ReferenceProviderDeps) {}

  provideDocumentLinks(document: vscode.TextDocument): vscode.DocumentLink[] {
    if (SKIPPED_SCHEMES.has(document.uri.scheme)) return [];
    const { access, settings } = this.deps;
    const refs = findReferences(document.getText(), settings.patterns(), access.accounts(), access.inUse()?.accountId);
    return refs
      .filter((r) => r.kind === 'pattern') // a ticket link already is a link (VS Code's own); its hover says more
      .map((r) => {
        const link = new vscode.DocumentLink(
          new vscode.Range(document.positionAt(r.start), document.positionAt(r.end)),
          openByReferenceUri(`#${r.ticketId}`),
        );
        link.tooltip = vscode.l10n.t('Open Zendesk ticket #{0}', r.ticketId);
        return link;
      });
  }
}

export class TicketReferenceHovers implements vscode.HoverProvider {
  constructor(private readonly deps: ReferenceProviderDeps) {}

  async provideHover(
    document: vscode.TextDocument,
    position: vscode.Position,
    token: vscode.CancellationToken,
  ): Promise<vscode.Hover | undefined> {
    if (SKIPPED_SCHEMES.has(document.uri.scheme)) return undefined;
    const { access, settings } = this.deps;
    // Signed out: nothing to show and nothing is asked.
    const accounts = access.accounts();
    if (!accounts.length) return undefined;
    const line = document.lineAt(position.line).text;
    const inUse = access.inUse()?.accountId;
    const ref = referenceAt(line, position.character, settings.patterns(), accounts, inUse);
    if (!ref) return undefined;
    const accountId = ref.kind === 'link' ? ref.accountId : inUse;
    if (!accountId) return undefined;
    const range = new vscode.Range(position.line, ref.start, position.line, ref.end);
    let text: string;
    try {
      text = previewMarkdown(await this.deps.previews.get(accountId, ref.ticketId), this.deps.now());
    } catch (e) {
      if (isCancellation(e) || token.isCancellationRequested) return undefined;
      this.deps.log.warn(
        `[references] #${ref.ticketId} of ${accountId} not shown: ${e instanceof Error ? e.name : 'error'}`,
      );
      text = failureMarkdown(
        accountId,
        ref.ticketId,
        describeError(e, vscode.l10n.t('Reading #{0}', ref.ticketId)).text,
      );
    }
    if (token.isCancellationRequested) return undefined;
    return new vscode.Hover(trustedForOpenTicket(text), range);
  }
}

/** Markdown that may run the one command the hover builds, and nothing else: no other command, no HTML, no icons
 * (`$(…)` in a subject stays text). */
export function trustedForOpenTicket(text: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(text, false);
  md.isTrusted = { enabledCommands: [HOVER_COMMAND] };
  md.supportHtml = false;
  return md;
}
