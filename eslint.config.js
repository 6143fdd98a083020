// @ts-check
/**
 * ESLint: the ecosystem defaults (`@eslint/js` recommended + typescript-eslint recommended), plus
 * the type-aware rules that catch a lost promise: in a sending engine an un-awaited write or send
 * is a silent bug. An `eslint-disable` comment that suppresses nothing is an error.
 * Import layering is checked by dependency-cruiser (`.dependency-cruiser.cjs`), also in `npm run lint`.
 */
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores(['node_modules/', 'dist/', '.wrangler/', '.react-email/', 'data/', 'tests/artifacts/', 'migrations/meta/', 'public/api/']),
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // `const { secret: _omit, ...rest } = row` is how this codebase leaves a field out.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  // The config files (this one, .dependency-cruiser.cjs) run in Node.
  { files: ['**/*.{js,cjs,mjs}'], languageOptions: { globals: globals.node } },
);
