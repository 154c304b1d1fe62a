import * as vscode from 'vscode';

export const EXTENSION_ID = 'zendesk-vscode.zendesk-vscode';

export async function activateExtension(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not loaded`);
  await ext.activate();
  return ext;
}
