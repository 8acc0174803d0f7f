// The layering of TokenTray, checked by dependency-cruiser on resolved paths (so `../engine/x.js`,
// `./x`, a dynamic `import()` and `import type` are all judged by the file they reach) and
// denied by default: each layer has one allowlist, and any import outside it is an error whose
// message says what to do instead. `npm run lint` runs it; tests/unit/shell/layering.test.ts
// plants forbidden imports in a copy of the tree and expects each to be caught.
//
// Adding a dependency a layer really needs: put it into that layer's `allow` below, with a reason.

/** Node built-ins a back-end layer may use: plain I/O and crypto. Spawning processes and loading code (child_process, worker_threads, vm, module) is not in it. */
const NODE_IO = ['crypto', 'fs', 'fs/promises', 'path', 'os', 'url', 'util', 'events', 'stream', 'stream/promises', 'timers', 'timers/promises', 'buffer', 'zlib', 'http', 'https', 'net', 'tls', 'dns', 'perf_hooks'];

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
/** An npm package, wherever node_modules sits (a symlinked copy resolves to its real path). */
const npm = (...names) => names.map((name) => `(^|/)node_modules/${escape(name)}/`);
/** Node built-ins resolve to their bare name (`node:fs` becomes `fs`). */
const node = (...names) => [`^(${names.map(escape).join('|')})$`];
const folder = (path) => [`^${escape(path)}/`];
const file = (path) => [`^${escape(path)}$`];

const ENGINE_ENTRY = file('electron/engine/index.ts');
/** What the CLI loads only with `await import(...)`, when no TokenTray answers: the engine, and the data-folder lock with proper-lockfile. */
const ON_DEMAND_FOR_CLI = [...file('electron/agent/standalone.ts'), ...file('electron/agent/data-folder-lock.ts')];
const SHARED = folder('shared');

/**
 * One entry per layer: which files belong to it (`from`), what they may import (`allow`), and what
 * to do instead of a forbidden import (`advice`). The order of `label`s is how messages name them.
 */
export const LAYERS = [
  {
    name: 'shared',
    label: 'shared/ (the IPC and agent contracts, domain types)',
    from: folder('shared'),
    allow: [...SHARED, ...npm('valibot')],
    advice: 'shared/ is read by the main process, the preload, the renderer and the CLI alike: it imports nothing from Node, Electron, React or any other folder. Move the code that needs them to the side that uses it, and keep only types, schemas and constants here.',
  },
  {
    name: 'engine',
    label: 'the engine (electron/engine)',
    from: folder('electron/engine'),
    allow: [
      ...folder('electron/engine'), ...SHARED, ...node(...NODE_IO), ...npm('jose', 'undici', 'valibot', 'escape-html'),
      // p-queue bounds how many refreshes and checks run at once (start-up of thousands of profiles).
      ...npm('p-queue'),
      // The vault key in the OS keyring, and the settings file through conf (electron-store's engine) with its JSON schema.
      ...npm('@napi-rs/keyring', 'conf', 'ajv'),
    ],
    advice: 'The engine is plain TypeScript that runs under Node and inside Electron alike: it never imports electron, the sandbox (electron/sandbox) or the layers built on it (services, adapters, headless, agent, gateway, cli, renderer). Take what you need by injection, an option or a small interface, as it takes its cipher, fetch and demo peer (DemoPeer in electron/engine/demo-peer.ts).',
  },
  {
    name: 'desktop-main',
    label: 'the desktop composition root (electron/main.ts)',
    from: file('electron/main.ts'),
    allow: [
      ...folder('electron/services'), ...folder('electron/adapters'), ...folder('electron/agent'), ...folder('electron/sandbox'), ...folder('electron/gateway'),
      ...ENGINE_ENTRY, ...SHARED, ...node(...NODE_IO), ...npm('electron', 'valibot'),
    ],
    advice: 'main.ts only wires services, adapters, the agent, the gateway and the sandbox together; it reaches the engine only through electron/engine/index.ts (export what you need from there) and never imports the headless entry, the CLI or the renderer.',
  },
  {
    name: 'preload',
    label: 'the preload (electron/preload.ts)',
    from: file('electron/preload.ts'),
    allow: [...SHARED, ...npm('electron')],
    advice: 'The preload runs sandboxed in the dashboard window: it exposes the typed API from shared/ through contextBridge and imports nothing but electron and shared/. Put logic in the main process and reach it over IPC.',
  },
  {
    name: 'adapters',
    label: 'the Electron adapters (electron/adapters)',
    from: folder('electron/adapters'),
    allow: [
      ...folder('electron/adapters'), ...folder('electron/services'), ...ENGINE_ENTRY, ...SHARED, ...npm('electron', 'electron-store', 'valibot'),
      // child_process: macOS's own administrator prompt (osascript) for linking tokentray into PATH.
      ...node(...NODE_IO, 'child_process'),
    ],
    advice: 'An adapter wraps one Electron object that main.ts hands it: it may use the services, shared/ and the engine through electron/engine/index.ts only, never the agent, headless entry, sandbox, gateway, CLI or renderer.',
  },
  {
    name: 'services',
    label: 'the app services (electron/services)',
    from: folder('electron/services'),
    allow: [
      ...folder('electron/services'), ...ENGINE_ENTRY, ...SHARED, ...node(...NODE_IO), ...npm('valibot'),
      // v8: the heap policy both long-lived entry points apply (services/heap-policy.ts).
      ...node('v8'),
      // The `tokentray` command line the dashboard shows, built where the agent's socket is named.
      ...file('electron/agent/cli-command.ts'),
      // The dashboard's Consumers calls reuse the agent's gateway translations (one wording for the CLI and the dashboard).
      ...file('electron/gateway/agent-gateway.ts'),
    ],
    advice: 'Services are shared by the desktop app and the Node entry, so they never import electron (take an adapter\'s interface by injection), the adapters, the agent, the headless entry or the sandbox; they reach the engine only through electron/engine/index.ts (export what you need from there).',
  },
  {
    name: 'headless',
    label: 'the Node entry (electron/headless)',
    from: folder('electron/headless'),
    allow: [
      ...folder('electron/headless'), ...folder('electron/services'), ...folder('electron/agent'), ...folder('electron/sandbox'), ...folder('electron/gateway'),
      ...ENGINE_ENTRY, ...SHARED, ...node(...NODE_IO), ...npm('open', 'clipboardy', 'valibot'),
    ],
    advice: 'The Node entry runs without Electron: it never imports electron or the adapters, and reaches the engine only through electron/engine/index.ts (export what you need from there).',
  },
  {
    name: 'agent',
    label: 'the local agent (electron/agent)',
    from: folder('electron/agent'),
    allow: [
      ...folder('electron/agent'), ...folder('electron/gateway'), ...file('electron/services/version.ts'),
      ...ENGINE_ENTRY, ...SHARED, ...node(...NODE_IO), ...npm('proper-lockfile', 'smol-toml', 'valibot'),
    ],
    advice: 'The agent runs in the desktop app, the Node entry and the standalone CLI: it never imports electron, the adapters, the headless entry, the sandbox or the renderer, takes from the services only version.ts, and reaches the engine only through electron/engine/index.ts (export what you need from there).',
  },
  {
    name: 'sandbox',
    label: 'the sandbox identity provider (electron/sandbox)',
    from: folder('electron/sandbox'),
    allow: [...folder('electron/sandbox'), ...ENGINE_ENTRY, ...SHARED, ...node(...NODE_IO), ...npm('jose')],
    advice: 'The sandbox is a demo peer the entry points start: it is built like a foreign server and uses the engine only through electron/engine/index.ts, never the app around it (services, adapters, headless, agent, gateway) or electron.',
  },
  {
    name: 'gateway',
    label: 'the local API gateway (electron/gateway)',
    from: folder('electron/gateway'),
    allow: [...folder('electron/gateway'), ...ENGINE_ENTRY, ...SHARED, ...node(...NODE_IO), ...npm('undici', 'valibot')],
    advice: 'The gateway gets its tokens from the engine through electron/engine/index.ts (export what you need from there) and never imports electron, the services, adapters, agent, headless entry, sandbox, CLI or renderer; the entry points start it and hand it what it needs.',
  },
  {
    name: 'cli',
    label: 'the tokentray CLI (cli/)',
    from: folder('cli'),
    fromNot: ['^cli/build\\.'],
    allow: [
      ...folder('cli'), ...SHARED,
      // The thin agent client, the socket's name and how a profile is named: all a CLI call needs while TokenTray runs.
      ...file('electron/agent/agent-client.ts'), ...file('electron/agent/socket-path.ts'), ...file('electron/agent/profile-ref.ts'),
      // The folder-trust check (StrictModes) runs before the CLI asks any agent: Node's fs, os and path only.
      ...file('electron/agent/folder-trust.ts'),
      // Loaded only when no TokenTray runs (see cli-loads-the-engine-on-demand below).
      ...ON_DEMAND_FOR_CLI,
      // Where the data folder is: a leaf module of Node's os and path; the engine's index would load the whole engine.
      ...file('electron/engine/config/data-dir.ts'),
      ...node(...NODE_IO, 'child_process'), ...npm('commander', 'valibot', 'strip-ansi'),
    ],
    advice: 'The CLI starts nearly as fast as Node: it imports shared/, the thin agent client (electron/agent/agent-client.ts, socket-path.ts) and small helpers, never React, the renderer, electron, the services or the engine up front; the engine comes in only through a dynamic import of electron/agent/standalone.ts.',
  },
  {
    name: 'cli-build',
    label: 'the CLI\'s bundler script (cli/build.mjs)',
    from: ['^cli/build\\.'],
    allow: [...node(...NODE_IO), ...npm('esbuild')],
    advice: 'cli/build.mjs only bundles the CLI with esbuild; it imports nothing of the app.',
  },
  {
    name: 'renderer',
    label: 'the dashboard (renderer/)',
    from: folder('renderer'),
    allow: [...folder('renderer'), ...SHARED, ...npm('react', 'react-dom', 'uplot', 'eventsource-parser', 'lucide-react', 'radix-ui')],
    advice: 'The dashboard talks to the main process only over the typed API (window.tokentray or the browser transport): it imports shared/, its own files and browser UI packages, never Node modules, electron, the engine or anything else under electron/ or cli/. Ask the main process for what you need by adding a call to shared/ipc.ts.',
  },
];

const KNOWN_FILES = LAYERS.flatMap((layer) => layer.from);

const layerRule = (layer) => ({
  name: `${layer.name}-imports-only-its-allowlist`,
  severity: 'error',
  comment: `${layer.label.charAt(0).toUpperCase()}${layer.label.slice(1)} imports something outside its allowlist. ${layer.advice} If the dependency truly belongs here, add it to the "${layer.name}" allowlist in .dependency-cruiser.mjs with a reason.`,
  from: { path: layer.from, ...(layer.fromNot ? { pathNot: layer.fromNot } : {}) },
  to: { pathNot: layer.allow, couldNotResolve: false },
});

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    ...LAYERS.map(layerRule),
    {
      name: 'cli-loads-the-engine-on-demand',
      severity: 'error',
      comment: 'The CLI imports electron/agent/standalone.ts (and with it the engine) and data-folder-lock.ts only with a dynamic `await import(...)`, when no TokenTray answers: a static import would load them on every call. Write `const { runStandalone } = await import(\'../electron/agent/standalone.js\')` where it is needed.',
      from: { path: folder('cli') },
      to: { path: ON_DEMAND_FOR_CLI, dependencyTypesNot: ['dynamic-import'] },
    },
    {
      name: 'adapters-take-electron-objects-by-injection',
      severity: 'error',
      comment: 'Adapters import electron only as types (`import type`): main.ts hands them the Electron objects, so each adapter loads and is tested under Node with a fake. Take the object as a constructor argument instead of importing its value.',
      from: { path: folder('electron/adapters') },
      to: { path: npm('electron'), dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'file-outside-every-layer',
      severity: 'error',
      comment: 'This file belongs to no layer, so nothing says what it may import. Move it into a layer\'s folder (electron/engine, services, adapters, headless, agent, sandbox, gateway, cli, renderer, shared), or add a layer for it in .dependency-cruiser.mjs.',
      from: { path: '^(electron|cli|renderer|shared)/', pathNot: KNOWN_FILES },
      to: {},
    },
    {
      name: 'import-resolves',
      severity: 'error',
      comment: 'This import resolves to no file or package: fix the path (imports name the .js of a .ts file) or install the package; an import nobody can resolve cannot be checked against the layers.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    // `import type` counts too: a type-only import still ties one layer to another's code.
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    // Style sheets are files too (the renderer's own CSS, uPlot's); they resolve like modules.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs', '.json', '.css'],
    },
  },
};
