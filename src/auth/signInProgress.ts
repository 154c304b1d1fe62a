// What the sign-in's progress notification says. VS Code shows a notification's title and message as
// "title: message", so the title carries no punctuation of its own and each message continues the sentence.
// No `vscode` import: unit-tested in plain Node.
import * as l10n from '@vscode/l10n';

export const signInProgress = {
  title: () => l10n.t('Signing in to Zendesk'),
  inBrowser: () => l10n.t('allow access in your browser…'),
  gettingTokens: () => l10n.t('getting tokens…'),
} as const;
