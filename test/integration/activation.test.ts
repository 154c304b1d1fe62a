import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, activateExtension } from './helpers';

describe('activation', () => {
  it('activates, and the manifest it runs from is ours', async () => {
    const ext = await activateExtension();
    assert.equal(ext.isActive, true);
    assert.equal(ext.id, EXTENSION_ID);
  });

  it('a silent getSession for zendesk resolves to undefined when nobody signed in', async () => {
    await activateExtension();
    const session = await vscode.authentication.getSession('zendesk', ['read'], { silent: true });
    assert.equal(session, undefined);
  });

  it('every contributed command has a handler, and every registered zendesk.* command is contributed', async () => {
    const ext = await activateExtension();
    const manifest = ext.packageJSON as {
      contributes: { commands: { command: string }[]; views: Record<string, { id: string }[]> };
    };
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    // VS Code itself registers `<viewId>.focus`, `.open`, ... for every contributed view: not ours to contribute.
    const viewIds = Object.values(manifest.contributes.views)
      .flat()
      .map((v) => `${v.id}.`);
    const registered = (await vscode.commands.getCommands(true))
      .filter((c) => c.startsWith('zendesk.') && !viewIds.some((v) => c.startsWith(v)))
      .sort();
    assert.deepEqual(
      registered.filter((c) => !contributed.includes(c)),
      [],
      'registered but not in package.json',
    );
    assert.deepEqual(
      contributed.filter((c) => !registered.includes(c)),
      [],
      'in package.json but without a handler',
    );
  });
});
