// Flat config. Not type-aware on purpose: lint stays a few seconds on 2 cores.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const root = path.dirname(fileURLToPath(import.meta.url));
const uiDirs = ['src/views', 'src/store'].map((d) => path.join(root, d));

/**
 * Habit 1 (design.md): the engine is a leaf. no-restricted-imports covers packages and
 * src-rooted specifiers; this rule resolves relative specifiers against the importing file so
 * that `../../store/x` from src/engine/mm/ is caught but `./store` (a step handler) is not.
 */
const leafImports = {
  meta: {
    type: 'problem',
    docs: { description: 'src/engine and src/scenario must not import src/views or src/store' },
    schema: [],
  },
  create(context) {
    const check = (node) => {
      const spec = node.source && node.source.value;
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const target = path.resolve(path.dirname(context.filename), spec);
      const hit = uiDirs.find((d) => target === d || target.startsWith(d + path.sep));
      if (hit) {
        context.report({
          node: node.source,
          message: `'${spec}' reaches ${path.relative(root, hit)}: the engine is a leaf (design.md habit 1); views and store import the engine, never the reverse.`,
        });
      }
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

const leafMessage = 'The engine is a leaf (design.md habit 1): no UI, store or D3 here.';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'coverage/**',
      '.cache/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.browser, ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    files: ['src/engine/**', 'src/scenario/**'],
    plugins: { faultline: { rules: { 'leaf-imports': leafImports } } },
    rules: {
      'faultline/leaf-imports': 'error',
      'no-restricted-imports': [
        'error',
        {
          paths: ['react', 'react-dom', 'zustand', 'd3'].map((name) => ({
            name,
            message: leafMessage,
          })),
          patterns: [
            {
              group: ['react/*', 'react-dom/*', 'zustand/*', 'd3-*', 'd3/*'],
              message: leafMessage,
            },
            {
              regex: '(^|/)src/(views|store)(/|$)',
              message: leafMessage,
            },
          ],
        },
      ],
    },
  },
  {
    // Habit 7: deterministic by construction. Tests may time themselves.
    files: ['src/engine/**'],
    ignores: ['src/engine/**/*.test.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'Math',
          property: 'random',
          message: 'Use the seeded generator held in the state (habit 7).',
        },
        { object: 'Date', property: 'now', message: 'The engine has no clock (habit 7).' },
        { object: 'performance', property: 'now', message: 'The engine has no clock (habit 7).' },
      ],
      'no-restricted-globals': [
        'error',
        ...[
          'window',
          'document',
          'performance',
          'navigator',
          'localStorage',
          'crypto',
          'process',
        ].map((name) => ({
          name,
          message: `No '${name}' in the engine: it is pure and identical in Node and the browser (habits 1, 7).`,
        })),
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'], CallExpression[callee.name='Date']",
          message: 'The engine has no clock (habit 7): no Date.',
        },
      ],
    },
  },
);
