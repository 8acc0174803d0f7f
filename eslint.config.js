// Lint with the layering made checkable, each rule with a message that says what to do instead:
// shared/ stays process-neutral; the engine never touches Electron, the app services, adapters,
// the headless entry, the agent or the sandbox demo peer; everything else reaches the engine only
// through its public entry (electron/engine/index.ts); the renderer imports only shared/.
import tseslint from 'typescript-eslint';

const electronImport = {
  group: ['electron', 'electron/*', 'electron-store'],
  message: 'Only the thin adapters in electron/adapters (and main.ts/preload.ts) may import electron (electron-store imports it too).',
};
const nodeImport = {
  group: ['node:*', 'fs', 'fs/*', 'path', 'os', 'crypto', 'http', 'https', 'net', 'child_process', 'url', 'stream', 'events', 'util', 'buffer'],
  message: 'The renderer and shared/ must not import Node modules; ask the main process over the typed API.',
};
const sandboxImport = {
  group: ['**/sandbox', '**/sandbox/**'],
  message: 'The engine never imports the sandbox (electron/sandbox/): it is a demo peer the entry points start and hand in as TokenEngineOptions.startDemo; depend on the DemoPeer interface in electron/engine/demo-peer.ts instead.',
};
const reactImport = { group: ['react', 'react-dom', 'react/*', 'react-dom/*'], message: 'shared/ must not import react.' };
const engineUpward = {
  group: ['**/services', '**/services/**', '**/adapters', '**/adapters/**', '**/headless', '**/headless/**', '**/agent', '**/agent/**'],
  message: 'The engine never imports what is built on it (electron/services, adapters, headless, agent): take what you need by injection (an option or a small interface), as the engine takes its cipher and fetch.',
};
const engineInternals = {
  group: ['**/engine/**', '!**/engine/index.js'],
  message: 'Outside electron/engine, import the engine only through its public entry, electron/engine/index.js (export what you need from there).',
};
const rendererOutside = {
  group: ['**/electron/**', '**/cli/**', '**/tests/**', '**/scripts/**'],
  message: 'The renderer talks to the main process only over the typed API; it may import shared/ and its own files, nothing from electron/ or cli/.',
};

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'dist-electron', 'dist-cli', 'release', 'test-results', '**/*.generated.js'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // CommonJS scripts (the hook preloaded into Electron's installer) load modules with require.
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [electronImport, nodeImport, reactImport] }] },
  },
  {
    files: ['electron/headless/**/*.ts', 'electron/services/**/*.ts', 'electron/agent/**/*.ts', 'electron/sandbox/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [electronImport, engineInternals] }] },
  },
  {
    files: ['electron/adapters/**/*.ts', 'electron/main.ts', 'electron/preload.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [engineInternals] }] },
  },
  {
    files: ['electron/engine/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [electronImport, sandboxImport, engineUpward] }] },
  },
  {
    // The CLI starts nearly as fast as Node: only shared/, the thin agent client and small helpers
    // load up front; the engine comes in through a dynamic import, and only when no TokenTray runs.
    files: ['cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: electronImport.message }, { name: 'electron-store', message: electronImport.message }],
        patterns: [{ group: ['electron/*', '!../electron/*'], message: electronImport.message }, { group: ['react', 'react-dom', 'react/*', '**/renderer/**', '**/electron/services/**', '**/electron/headless/**', '**/electron/engine/engine*', '**/electron/engine/index*', '**/electron/agent/standalone*'], message: 'The CLI imports only shared/ and the thin agent client up front (load the engine with a dynamic import).' }],
      }],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: { 'no-restricted-imports': ['error', { patterns: [electronImport, nodeImport, rendererOutside] }] },
  },
);
