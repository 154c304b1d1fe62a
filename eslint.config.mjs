import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test/fixtures/**/dist/**', 'media/**'] },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.base],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      eqeqeq: ['error', 'smart'],
      'no-throw-literal': 'error',
      curly: ['error', 'multi-line'],
    },
  },
  {
    // The extension itself logs through the injected LogOutputChannel, never the console.
    files: ['src/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    // Plain Node (unit-tested without VS Code): the Zendesk protocol, the redirect strategies, the auth core, the
    // tickets model. A type-only import of `vscode` (the provider's interface) is allowed; a value import is not.
    files: [
      'src/events.ts',
      'src/timers.ts',
      'src/escape.ts',
      'src/zendesk/**/*.ts',
      'src/auth/redirect/**/*.ts',
      'src/auth/session.ts',
      'src/auth/tokenManager.ts',
      'src/auth/preflight.ts',
      'src/auth/signInProgress.ts',
      'src/auth/address.ts',
      'src/auth/accounts.ts',
      'src/auth/access.ts',
      'src/auth/accessService.ts',
      'src/auth/clients.ts',
      'src/auth/errors.ts',
      'src/auth/provider.ts',
      'src/auth/sessionStore.ts',
      'src/auth/refreshLease.ts',
      'src/api/**/*.ts',
      'src/tickets/ticketModel.ts',
      'src/tickets/reads.ts',
      'src/ui/errorText.ts',
      'src/tickets/statuses.ts',
      'src/tickets/actions.ts',
      'src/tickets/ticketChanges.ts',
      'src/tickets/statusCatalog.ts',
      'src/tickets/fields/*.ts',
      'src/tickets/detail/controller.ts',
      'src/tickets/macros.ts',
      'src/tickets/ticketTabs.ts',
      'src/tickets/ticketRef.ts',
      'src/tickets/recentTickets.ts',
      'src/tickets/newTicket.ts',
      'src/ui/walkthroughProgress.ts',
      'src/requests/parser.ts',
      'src/requests/variables.ts',
      'src/requests/endpoints.ts',
      'src/requests/paging.ts',
      'src/requests/curl.ts',
      'src/requests/history.ts',
      'src/requests/prepare.ts',
      'src/requests/printer.ts',
      'src/requests/responseText.ts',
      'src/requests/sender.ts',
      'src/chat/schemas.ts',
      'src/chat/validate.ts',
      'src/chat/plainText.ts',
      'src/chat/conversation.ts',
      'src/chat/format.ts',
      'src/chat/toolErrors.ts',
      'src/chat/operations.ts',
      'src/code/branchName.ts',
      'src/code/remoteLinks.ts',
      'src/code/codeBlock.ts',
      'src/code/workText.ts',
      'src/code/currentTicket.ts',
      'src/code/ticketUpdate.ts',
    ],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'vscode',
              allowTypeImports: true,
              message: 'This module is plain Node (unit-tested without VS Code).',
            },
          ],
        },
      ],
    },
  },
  {
    // The arrows point down: the Zendesk layer imports nothing of the layers above it.
    files: ['src/zendesk/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'The Zendesk layer is plain Node.' }],
          patterns: [
            {
              group: ['../*', '!../zendesk', '!../zendesk/*'],
              message: 'The Zendesk layer imports nothing of the layers above it (auth, ui, tickets, api, extension).',
            },
          ],
        },
      ],
    },
  },
  {
    // The auth layer does not reach up into the features, the UI or the exported API.
    files: ['src/auth/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '../ui',
                '../ui/*',
                '../tickets',
                '../tickets/*',
                '../requests',
                '../requests/*',
                '../chat',
                '../chat/*',
                '../api',
                '../api/*',
                '../extension',
                '../../ui',
                '../../ui/*',
                '../../tickets',
                '../../tickets/*',
                '../../requests',
                '../../requests/*',
                '../../chat',
                '../../chat/*',
                '../../api',
                '../../api/*',
                '../../extension',
              ],
              message: 'auth/ is below the features and the UI: the arrows point down.',
            },
          ],
        },
      ],
    },
  },
);
