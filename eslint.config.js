// Lint with the process boundaries made checkable: shared/ stays process-neutral, the engine
// never touches Electron, and the renderer never reaches into Node.
import tseslint from 'typescript-eslint';

const electronImport = {
  group: ['electron', 'electron/*'],
  message: 'Only the thin adapters in electron/adapters (and main.ts/preload.ts) may import electron.',
};
const nodeImport = {
  group: ['node:*', 'fs', 'fs/*', 'path', 'os', 'crypto', 'http', 'https', 'net', 'child_process', 'url', 'stream', 'events', 'util', 'buffer'],
  message: 'The renderer and shared/ must not import Node modules; ask the main process over the typed API.',
};
const reactImport = { group: ['react', 'react-dom', 'react/*', 'react-dom/*'], message: 'shared/ must not import react.' };

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'dist-electron', 'release', 'test-results'] },
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
    files: ['electron/engine/**/*.ts', 'electron/node/**/*.ts', 'electron/app/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [electronImport] }] },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: { 'no-restricted-imports': ['error', { patterns: [electronImport, nodeImport] }] },
  },
);
