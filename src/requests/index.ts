// Request files (`.zendesk`) and "Send API Request…", wired in one place: the composition root calls
// registerRequestFiles and pushes what it returns.
import * as vscode from 'vscode';
import type { AccountAccess } from '../auth/access';
import { RequestCommands as Ids } from '../constants';
import type { Logger } from '../log';
import { RequestCommands, vscodeRequestDialogs, type RequestDialogs } from './commands';
import { RequestHistory } from './history';
import { ParseCache, registerLanguageFeatures, type ResponseMemory } from './language';
import { ResponseView } from './responseView';
import { RequestSender } from './sender';
import { RequestSettings } from './settings';

export interface RequestFileDeps {
  access: AccountAccess;
  /** Where the history lives (the extension's globalState). */
  memento: vscode.Memento;
  log: Logger;
  /** The questions asked when sending (`# @prompt`, "send it first?") and importing; VS Code's by default. */
  dialogs?: RequestDialogs;
  /** Honour the answers tests pass as a last command argument (see TestAnswers). Test builds only. */
  testAnswers: boolean;
}

export function registerRequestFiles(deps: RequestFileDeps): vscode.Disposable[] {
  const settings = new RequestSettings();
  const parses = new ParseCache();
  const responses: ResponseMemory = new Map();
  const view = new ResponseView(() => settings.responseView());
  const history = new RequestHistory(deps.memento);
  const sender = new RequestSender(
    deps.access,
    {
      trusted: () => vscode.workspace.isTrusted,
      confirmWrites: () => settings.confirmWrites(),
      confirm: async (question, detail) =>
        (await vscode.window.showWarningMessage(question, { modal: true, detail }, vscode.l10n.t('Send'))) ===
        vscode.l10n.t('Send'),
    },
    deps.log,
  );
  const commands = new RequestCommands({
    access: deps.access,
    sender,
    parses,
    responses,
    view,
    history,
    settings,
    log: deps.log,
    dialogs: deps.dialogs ?? vscodeRequestDialogs,
    testMode: deps.testAnswers,
  });

  return [
    view,
    ...registerLanguageFeatures(parses, deps.access, responses),
    vscode.commands.registerCommand(Ids.send, (uri?: vscode.Uri, line?: number, test?: unknown) =>
      commands.send(uri, line, test),
    ),
    vscode.commands.registerCommand(Ids.sendAllPages, (uri?: vscode.Uri, line?: number, test?: unknown) =>
      commands.sendAllPages(uri, line, test),
    ),
    vscode.commands.registerCommand(Ids.copyAsCurl, (uri?: vscode.Uri, line?: number) =>
      commands.copyAsCurl(uri, line),
    ),
    vscode.commands.registerCommand(Ids.saveResponse, (uri?: vscode.Uri, test?: unknown) =>
      commands.saveResponse(uri, test),
    ),
    vscode.commands.registerCommand(Ids.history, (test?: unknown) => commands.showHistory(test)),
    vscode.commands.registerCommand(Ids.clearHistory, (test?: unknown) => commands.clearHistory(test)),
    vscode.commands.registerCommand(Ids.sendApiRequest, (test?: unknown) => commands.sendApiRequest(test)),
    vscode.commands.registerCommand(Ids.importCurl, () => commands.importCurl()),
    // Forget the responses kept for references when their request file closes.
    vscode.workspace.onDidCloseTextDocument((doc) => responses.delete(doc.uri.toString())),
  ];
}
