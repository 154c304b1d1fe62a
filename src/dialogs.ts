// The four questions and notices most commands ask, as VS Code's own signatures: a class that only asks these takes
// `Dialogs` (or a Pick of it) through its constructor, main.ts passes `ui` (ui.ts), and an integration test answers
// them through `t.ui` in place of the person. A notice that is not modal passes `{}` as its options.
import type * as vscode from 'vscode';

export interface Dialogs {
  showQuickPick<T extends vscode.QuickPickItem>(
    items: readonly T[],
    options: vscode.QuickPickOptions,
  ): Thenable<T | undefined>;
  showInputBox(o: vscode.InputBoxOptions): Thenable<string | undefined>;
  showWarningMessage(message: string, options: vscode.MessageOptions, ...items: string[]): Thenable<string | undefined>;
  showInformationMessage(
    message: string,
    options: vscode.MessageOptions,
    ...items: string[]
  ): Thenable<string | undefined>;
  showErrorMessage(message: string, options: vscode.MessageOptions, ...items: string[]): Thenable<string | undefined>;
}
