// Lint, including the layer boundaries of DEVELOPERS.md: common/ and renderer/ run anywhere (no Electron, no Node),
// services under electron/main never import Electron (only the composition root index.ts does).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';
import vueParser from 'vue-eslint-parser';
import globals from 'globals';

const NODE_BUILTINS = [
  'assert', 'buffer', 'child_process', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises', 'http', 'https', 'module', 'net', 'os',
  'path', 'process', 'readline', 'stream', 'timers', 'tls', 'url', 'util', 'worker_threads', 'zlib',
];

const noElectron = { name: 'electron', message: 'Only electron/main/index.ts and electron/preload may import Electron.' };
const noNode = [
  { group: ['node:*'], message: 'This layer runs anywhere (renderer, browser): no Node built-ins.' },
  ...NODE_BUILTINS.map((m) => ({ group: [m], message: 'This layer runs anywhere: no Node built-ins.' })),
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.node22/**', 'test-results/**', '**/*.d.ts', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parser: vueParser, parserOptions: { parser: tseslint.parser, sourceType: 'module', extraFileExtensions: ['.vue'] } },
  },
  {
    languageOptions: { globals: { ...globals.node, ...globals.es2023 } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
      'vue/attributes-order': 'off',
      'vue/first-attribute-linebreak': 'off',
    },
  },
  {
    files: ['renderer/**/*.{ts,vue}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noElectron],
        patterns: [...noNode, { group: ['**/electron/**', '**/server/**', '**/cli/**'], message: 'The renderer reaches main only through the IPC contract (api/client.ts).' }],
      }],
    },
  },
  {
    // The central office console (issue 13): a browser page served by masa-server; it talks to the server only
    // through the console API contract (common/console/api.ts), never by importing it.
    files: ['console/src/**/*.{ts,vue}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noElectron],
        patterns: [...noNode, { group: ['**/electron/**', '**/server/**', '**/cli/**', '**/node-common/**'], message: 'The console reaches the server only through its HTTP API (console/src/api.ts).' }],
      }],
    },
  },
  {
    files: ['common/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noElectron],
        patterns: [...noNode, { group: ['**/electron/**', '**/renderer/**', '**/server/**', '**/cli/**', 'vue', 'pinia'], message: 'common/ depends on nothing but itself and pure libraries.' }],
      }],
    },
  },
  {
    files: ['electron/main/**/*.ts', 'electron/browser-host/**/*.ts'],
    ignores: ['electron/main/index.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noElectron], patterns: [{ group: ['**/renderer/**'], message: 'Main-process code never imports the renderer.' }] }],
    },
  },
  {
    // Printed documents are built from stored rows (db/queries), never from the flow services.
    files: ['electron/main/printing/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noElectron],
        patterns: [
          { group: ['**/renderer/**'], message: 'Main-process code never imports the renderer.' },
          { group: ['**/flows/**', '../flows', './flows'], message: 'printing/ never imports flows/ (flows use printing, not the other way).' },
        ],
      }],
    },
  },
  {
    // The sync server runs on its own machine: it shares common/ and node-common/ with the desk, nothing else.
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noElectron],
        patterns: [{ group: ['**/electron/**', '**/renderer/**', '**/cli/**'], message: 'server/ imports only common/ and node-common/, never the desk (electron/, renderer/, cli/).' }],
      }],
    },
  },
  {
    // The masa CLI runs on the desk's services (through compose.ts) but is not a window: no renderer, no server.
    files: ['cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noElectron],
        patterns: [{ group: ['**/renderer/**', '**/server/**'], message: 'cli/ uses the desk services (electron/main) and common/, never the renderer or the server.' }],
      }],
    },
  },
  {
    // The desk database (electron/main/db/database.ts): a transaction is opened with withTx, which hands out the
    // WritableDb write queries need, and every pragma is set in openDatabase — nowhere else.
    files: ['electron/**/*.ts', 'cli/**/*.ts'],
    ignores: ['electron/main/db/database.ts'],
    rules: {
      'no-restricted-syntax': ['error',
        { selector: "CallExpression[callee.property.name='transaction']", message: 'Open a transaction with withTx(db, (tx) => …) from electron/main/db/database.ts.' },
        { selector: "CallExpression[callee.property.name='pragma']", message: 'Database pragmas are set in openDatabase (electron/main/db/database.ts) only.' },
      ],
    },
  },
  {
    // Node-only code shared by the desk and the sync server (password hashing): Node built-ins and common/ only.
    files: ['node-common/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noElectron],
        patterns: [{ group: ['**/electron/**', '**/renderer/**', '**/server/**', '**/cli/**', 'vue', 'pinia'], message: 'node-common/ is shared by the desk and the server: it imports only Node and common/.' }],
      }],
    },
  },
);
