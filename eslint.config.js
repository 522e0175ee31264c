// Lint: typescript-eslint's recommended rules; console only in the CLI entry and scripts. The bench peers
// (scripts/bench-peers/) are vendored verbatim and left unlinted.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** What reports/ never calls to print a number (issue 9: one press formatter on exact decimals). */
const numberFormatting = [
  { selector: "CallExpression[callee.property.name='toFixed']", message: 'No toFixed in reports/: digits() from lib/exact-digits.ts turns an exact decimal into digits (a float never reaches it).' },
  { selector: "CallExpression[callee.property.name=/^(toLocaleString|toPrecision|toExponential)$/]", message: 'Printed numbers come from reports/press/, not toLocaleString/toPrecision.' },
  { selector: "NewExpression[callee.object.name='Intl'][callee.property.name='NumberFormat'], CallExpression[callee.object.name='Intl'][callee.property.name='NumberFormat']", message: 'Printed numbers come from reports/press/, not Intl.NumberFormat.' },
  { selector: "Property[key.name=/^(format|formatType)$/][value.type=/^(Literal|TemplateLiteral)$/]", message: 'No Vega/d3 format string: pass pre-formatted labels (axis.values + labelExpr lookup, text fields) made by reports/press/.' },
  { selector: "Literal[value=/\\b(format|timeFormat|utcFormat|timeFormatLocale|numberFormat)\\(/]", message: 'No Vega expression format(): pass pre-formatted labels made by reports/press/.' },
];

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
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['**/pipelines/*', '**/cli/*'], message: 'reports/ is pure: it imports nothing from pipelines/ or cli/.' }],
          // Printed numbers come from the press formatter (reports/press/), never from d3-format.
          paths: ['d3-format', 'd3-time-format', 'vega-format'].map((name) => ({ name, message: 'Printed numbers come from reports/press/ (exact decimals, half away from zero), not from d3-format.' })),
        },
      ],
    },
  },
  // One press formatter (issue 9): in reports/ no number is formatted by JavaScript, Intl or
  // Vega/d3 format strings. Exact decimals become digits only through lib/exact-digits.ts's
  // digits(); rounding them for print (digits(x, places)) only inside reports/press/.
  {
    files: ['reports/**/*.ts'],
    ignores: ['reports/press/**'],
    rules: { 'no-restricted-syntax': ['error', ...numberFormatting, { selector: "CallExpression[callee.name='digits'][arguments.length>1]", message: 'Rounding for print belongs to reports/press/ (roundHalfUp, fixedGrouped …).' }] },
  },
  { files: ['reports/press/**/*.ts'], rules: { 'no-restricted-syntax': ['error', ...numberFormatting] } },
  {
    files: ['sources/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/pipelines/*', '**/reports/*', '**/cli/*'], message: 'sources/ imports nothing above it (pipelines/, reports/, cli/).' }] }] },
  },
  { files: ['cli/main.ts', 'bin/**', 'scripts/**', 'test/**', 'sources/sample/generate.ts'], rules: { 'no-console': 'off' } },
);
