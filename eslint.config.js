// One linter (typescript-eslint's recommended rules, type-aware where cheap), run in CI.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.cache/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-control-regex': 'off',
    },
  },
  {
    // type-aware, where a fault action is carried out: a switch over a union
    // (a Decision, a Request) must name every member or have a default
    files: ['src/faults/**/*.ts', 'src/engine/**/*.ts', 'src/backends/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true } },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
    },
  },
  {
    // layers point one way: src (the engine, protocol, faults) knows nothing
    // of the harness, the cases or the CLI; the harness knows nothing of the
    // cases or the CLI (it finds cases by path at run time); the CLI sits on top
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/harness/**', '**/cases/**', '**/cli/**'],
              message: 'src is the bottom layer',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['harness/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/cases/**', '**/cli/**'],
              message: 'the harness sits below the cases and the CLI',
            },
          ],
        },
      ],
    },
  },
  {
    // a case reads like the write-up it reproduces: it is written with
    // harness/case-api.ts (and its own cases/lib), never with the engine or the CLI
    files: ['cases/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src/**', '**/cli/**'],
              message: 'cases take what they need through harness/case-api.ts',
            },
          ],
        },
      ],
    },
  },
);
