// What only a person does, in one interface: the dialogs and questions they answer and the browser the extension
// opens. Each class declares the small part it uses (SignInDialogs, DetailUi, RequestDialogs, ...) and takes it
// through its constructor; main.ts passes VS Code's (vscodeUi, below). The test build's entry
// (test/harness/testMain.ts) passes the same object wrapped member by member, so an integration test answers any
// member in place of the person, and a member it leaves alone is VS Code's own dialog.
// A new dialog a test must answer: a member here (or in the small interface Ui extends) and its real one in vscodeUi.
import * as vscode from 'vscode';
import type { AccountSetupDialogs } from '../auth/accountSetup';
import { vscodeSignInDialogs, type SignInDialogs } from '../auth/redirectHost';
import { pickPath } from '../requests/pathPick';
import type { RequestDialogs } from '../requests/commands';
import { pickAgent } from '../tickets/assignPicker';
import type { DetailUi } from '../tickets/detail/detailPanel';
import type { Dialogs } from '../dialogs';
import { askForMoreAccess } from './moreAccess';
import { vscodeCodeUi, type CodeUi } from '../code/codeUi';
import { vscodeLendDialogs } from '../lend';
import type { LendDialogs } from '../lend/lendService';

export interface Ui
  extends
    SignInDialogs,
    AccountSetupDialogs,
    Dialogs,
    Pick<DetailUi, 'pickAgent' | 'showOpenDialog'>,
    RequestDialogs,
    LendDialogs,
    CodeUi {
  /** "Changing tickets needs write access to acme. Allow it?" */
  allowMoreAccess(question: string): Promise<boolean>;
  /** A link clicked in a ticket, once its scheme passed: opened outside VS Code. */
  openLink(uri: vscode.Uri): Thenable<boolean>;
}

/** The real ones: VS Code's dialogs, quick picks, progress notifications and external opener. */
export const vscodeUi: Ui = {
  ...vscodeCodeUi,
  ...vscodeSignInDialogs,
  allowMoreAccess: askForMoreAccess,
  pickAgent,
  showOpenDialog: (o) => vscode.window.showOpenDialog(o),
  openLink: (uri) => vscode.env.openExternal(uri),
  showWarningMessage: (message, options, ...items) => vscode.window.showWarningMessage(message, options, ...items),
  showInformationMessage: (message, options, ...items) =>
    vscode.window.showInformationMessage(message, options, ...items),
  showErrorMessage: (message, options, ...items) => vscode.window.showErrorMessage(message, options, ...items),
  showQuickPick: (items, options) => vscode.window.showQuickPick(items, options),
  showSaveDialog: (options) => vscode.window.showSaveDialog(options),
  withProgress: (options, task) => vscode.window.withProgress(options, task),
  pickRequestPath: pickPath,
  askToLend: vscodeLendDialogs.askToLend,
  showInputBox: (o) => vscode.window.showInputBox(o),
  confirmSendFirst: async (question, detail) => {
    const send = vscode.l10n.t('Send It First');
    return (await vscode.window.showInformationMessage(question, { modal: true, detail }, send)) === send;
  },
};
