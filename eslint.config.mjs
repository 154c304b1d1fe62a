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
    // The Zendesk protocol layer and the browser-redirect strategies are plain Node: no `vscode` import.
    files: ['src/zendesk/**/*.ts', 'src/auth/redirect/**/*.ts', 'src/auth/session.ts', 'src/auth/sessionStore.ts', 'src/auth/refreshLease.ts', 'src/auth/tokenManager.ts', 'src/auth/preflight.ts', 'src/auth/address.ts', 'src/ui/errorText.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'This module is plain Node (unit-tested without VS Code).' }] }] },
  },
);
