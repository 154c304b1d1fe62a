// What the activation bundle registers, read from the manifest VS Code already parsed: every contributed command,
// every contributed chat tool and the authentication provider. Reading it here, rather than importing the constants
// module, keeps the activation bundle free of the implementation's modules, and a command added to package.json gets
// its placeholder without anyone remembering to list it.
import * as vscode from 'vscode';

export interface Contributions {
  commands: string[];
  tools: string[];
  provider: { id: string; label: string };
}

/** A manifest without the contributions this extension declares cannot be the one it was built with. */
export function contributions(packageJSON: unknown): Contributions {
  const c = (packageJSON as { contributes?: Record<string, unknown> } | undefined)?.contributes ?? {};
  const field = (list: unknown, key: string): string[] =>
    (Array.isArray(list) ? list : [])
      .map((x: unknown) => (x as Record<string, unknown> | undefined)?.[key])
      .filter((v): v is string => typeof v === 'string');
  const [id] = field(c.authentication, 'id');
  const [label] = field(c.authentication, 'label');
  if (!id || !label) {
    throw new Error(
      vscode.l10n.t('package.json contributes no authentication provider: the extension is damaged. Reinstall it.'),
    );
  }
  return {
    commands: field(c.commands, 'command'),
    tools: field(c.languageModelTools, 'name'),
    provider: { id, label },
  };
}
