// Request files (`.zendesk`) and "Send API Request…", wired in one place: the composition root calls
// registerRequestFiles and pushes what it returns.
import * as vscode from 'vscode';
import type { AccountAccess } from '../auth/access';
import { RequestCommands as Ids } from '../constants';
import type { Logger } from '../log';
import { confirmSend, RequestCommands, type RequestDialogs } from './commands';
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
  /** The dialogs a person answers (VS Code's; the test build's in the integration tests). */
  ui: RequestDialogs;
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
      confirm: (question, detail) => confirmSend(deps.ui, question, detail),
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
    ui: deps.ui,
  });

  return [
    view,
    ...registerLanguageFeatures(parses, deps.access, responses),
    vscode.commands.registerCommand(Ids.send, (uri?: vscode.Uri, line?: number) => commands.send(uri, line)),
    vscode.commands.registerCommand(Ids.sendAllPages, (uri?: vscode.Uri, line?: number) =>
      commands.sendAllPages(uri, line),
    ),
    vscode.commands.registerCommand(Ids.copyAsCurl, (uri?: vscode.Uri, line?: number) =>
      commands.copyAsCurl(uri, line),
    ),
    vscode.commands.registerCommand(Ids.saveResponse, (uri?: vscode.Uri) => commands.saveResponse(uri)),
    vscode.commands.registerCommand(Ids.history, () => commands.showHistory()),
    vscode.commands.registerCommand(Ids.clearHistory, () => commands.clearHistory()),
    vscode.commands.registerCommand(Ids.sendApiRequest, () => commands.sendApiRequest()),
    vscode.commands.registerCommand(Ids.importCurl, () => commands.importCurl()),
    // Forget the responses kept for references when their request file closes.
    vscode.workspace.onDidCloseTextDocument((doc) => responses.delete(doc.uri.toString())),
  ];
}
