// Import boundaries are the point of this file: each folder runs in one runtime
// and may only import what that runtime has.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const NODE_BUILTINS = [
  'node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'net', 'http', 'https', 'crypto', 'stream', 'url',
  'util', 'events', 'worker_threads', 'zlib', 'dgram', 'tls', 'module', 'process', 'buffer', 'timers',
];
const ipcOnlyInShell = {
  name: 'electron',
  importNames: ['ipcRenderer', 'ipcMain'],
  message: 'ipcRenderer/ipcMain live only in src-main/electron; use the desktop API.',
};

function restrict(patterns, paths = []) {
  return ['error', { patterns, paths }];
}

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.vigil/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': restrict([], [ipcOnlyInShell]),
    },
  },
  {
    files: ['src-shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': restrict([
        { group: NODE_BUILTINS, message: 'src-shared is runtime-neutral: no Node built-ins.' },
        { group: ['electron', 'react', 'react-dom', 'better-sqlite3', 'socket.io', 'socket.io-client', 'fastify', 'ws'], message: 'src-shared is runtime-neutral.' },
        { group: ['**/src-main/**', '**/src-renderer/**', '**/server/**', '../src-main/*', '../src-renderer/*', '../server/*'], message: 'src-shared imports nothing outside itself.' },
      ]),
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': restrict([
        { group: NODE_BUILTINS, message: 'The renderer has no Node: use the desktop API.' },
        { group: ['electron', 'better-sqlite3', 'socket.io', 'socket.io-client', 'fastify', 'ws'], message: 'The renderer knows only the desktop API (window.vigil).' },
        { group: ['**/src-main/**', '**/server/**', '../src-main/*', '../../src-main/*', '../server/*', '../../server/*'], message: 'The renderer never imports src-main or server.' },
      ]),
    },
  },
  {
    files: ['src-main/host/**/*.ts', 'src-main/kiosk/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([
        { group: ['electron'], message: 'The host core and kiosk shell run without Electron.' },
        { group: ['**/src-renderer/**', '**/server/**'], message: 'Talk to the server over the sync protocol only.' },
      ]),
    },
  },
  {
    files: ['src-main/electron/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([
        { group: ['**/src-renderer/**', '**/server/**'], message: 'The shell hosts the renderer; it never imports it.' },
      ]),
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([
        { group: ['electron', 'react', 'react-dom', 'zustand'], message: 'The server is plain Node.' },
        { group: ['**/src-main/**', '**/src-renderer/**'], message: 'The server shares only src-shared with the workstation.' },
      ]),
    },
  },
);
