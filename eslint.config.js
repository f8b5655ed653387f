// ESLint for the TypeScript sources, tests, benchmarks and the page; formatting is Prettier's job.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'models/', 'index/', 'test-results/', 'bench/results/', '.scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  { files: ['web/src/**/*.ts'], languageOptions: { globals: { ...globals.browser } } },
  // Small functions with one job: split a longer one (as a list of small rules where it is a chain of checks).
  {
    files: ['src/**/*.ts', 'web/src/**/*.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 60 }], 'max-lines': ['error', { max: 250 }] },
  },
  {
    // Every calibrated number of the tutor and retrieval lives in src/tuning.ts, with the data that set it.
    files: ['src/tutor/**/*.ts', 'src/retrieval/**/*.ts'],
    ignores: ['src/tuning.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'Literal[raw=/^\\d*\\.\\d+(e-?\\d+)?$/]',
          message: 'a fractional number here is a tuned number: put it in src/tuning.ts, saying which data set it',
        },
      ],
    },
  },
  prettier,
);
