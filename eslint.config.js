// ESLint 10 flat config: TypeScript everywhere, Svelte components, browser + Node globals.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import { defineConfig } from 'eslint/config';
import ts from 'typescript-eslint';

export default defineConfig(
  {
    ignores: [
      'dist/',
      'dev-dist/',
      'test-results/',
      'playwright-report/',
      'bench-results/',
      'node_modules/',
      '.scratch/',
      '.ci/reports/',
    ],
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // The engine and its adapters work on octets: control characters in patterns are the point.
    files: ['src/engine/**/*.ts', 'src/adapters/**/*.ts', 'test/**/*.ts'],
    rules: { 'no-control-regex': 'off' },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: {
        parser: ts.parser,
        extraFileExtensions: ['.svelte'],
      },
    },
  },
);
