// @ts-check
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Lint rules for the server, the portlet, the tests and the benchmarks (house style: strict, no `any`). */
export default defineConfig(
  {
    ignores: [
      'dist/**',
      'portlet/dist/**',
      'portlet/src/graphql/generated/**',
      'node_modules/**',
      '.data/**',
      'coverage/**',
      'bench/results/**',
    ],
  },
  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          // Config files outside tsconfig's `include` are linted with default compiler options.
          allowDefaultProject: ['eslint.config.js'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // We write `x!` after a check the compiler cannot follow (and entity fields are declared with `!`).
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
      // TypeGraphQL resolvers and input classes are decorated classes with only static-like members.
      '@typescript-eslint/no-extraneous-class': ['error', { allowWithDecorator: true }],
      // TypeGraphQL input/output classes are plain data shapes: services and seeds pass object literals for them.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
      // `(msg) => log(msg)` callbacks are clear enough; braces everywhere would only add noise.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // Numbers and booleans in template strings are fine (messages, SQL identifiers built from numbers).
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // knex's pool is not its public API: the next knex or MikroORM release may change it under our writes (docs/stack.md).
      'no-restricted-properties': [
        'error',
        ...['acquireConnection', 'releaseConnection'].map((property) => ({
          property,
          message: "knex's pool is private: take a connection through knex's transaction() (lifecycle/transaction.ts)",
        })),
      ],
    },
  },
  {
    // Migrations keep MikroORM's generated shape: `async up()` that only calls the synchronous addSql().
    files: ['server/db/migrations/**/*.ts'],
    rules: { '@typescript-eslint/require-await': 'off' },
  },
  {
    // Lit calls `@event=${this.handler}` listeners with `this` bound to the element.
    files: ['portlet/src/**/*.ts'],
    rules: { '@typescript-eslint/unbound-method': 'off' },
  },
  {
    // Plain JavaScript files (this config, scripts such as test/smoke/*.mjs): Node globals, no type information.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
);
