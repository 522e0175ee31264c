// Lint: typescript-eslint's recommended rules; console only in the CLI entry and scripts. The bench peers
// (scripts/bench-peers/) are vendored verbatim and left unlinted.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'workspace/**', 'coverage/**', '**/*.tmp*', 'scripts/bench-peers/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly' },
    },
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Layers (house style): reports/ is pure and imports nothing from pipelines/ or cli/;
  // sources/ imports nothing above it.
  {
    files: ['reports/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/pipelines/*', '**/cli/*'], message: 'reports/ is pure: it imports nothing from pipelines/ or cli/.' }] }] },
  },
  {
    files: ['sources/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/pipelines/*', '**/reports/*', '**/cli/*'], message: 'sources/ imports nothing above it (pipelines/, reports/, cli/).' }] }] },
  },
  { files: ['cli/main.ts', 'bin/**', 'scripts/**', 'test/**', 'sources/sample/generate.ts'], rules: { 'no-console': 'off' } },
);
