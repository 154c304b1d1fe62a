// Points `@vscode/l10n`, which the plain-Node modules use because they cannot import `vscode`, at the bundle VS Code
// loaded for this extension's display language. main.ts imports this module first, so that text a module
// computes when it loads is translated too. With no bundle (English), `l10n.t` returns the English text.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';

if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
