// The linter (issue 15): typescript-eslint's type-checked recommended rules over the repository's
// TypeScript, run by `npm test` (test/lint.test.ts) and `npm run lint`.
// https://typescript-eslint.io/getting-started/typed-linting
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // editors/vscode is a package of its own: its `vscode` types come with its own install.
  { ignores: ['dist/**', 'node_modules/**', 'fuzz-out/**', 'coverage/**', 'editors/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: { allowDefaultProject: ['vitest.config.ts'] }, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // `_`-names are kept on purpose: a destructuring that drops fields, a parameter an interface requires.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Messages print shapes as `[${shape}]` (a list of numbers joins with commas), and defensive
      // messages after an exhaustive check print a value TypeScript has narrowed to never.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowArray: true, allowNever: true }],
    },
  },
  {
    // Tests edit parsed JSON (a saved model.json, a manifest) to damage it on purpose, and reach
    // into tfjs-layers as the independent reference: `any` is the honest type there.
    files: ['test/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
