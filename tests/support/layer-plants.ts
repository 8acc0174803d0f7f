// Forbidden (and a few allowed) imports to plant in a copy of the source tree, for the layering
// test. The matrix below is the specification, written out by hand from the architecture notes:
// it is not derived from .dependency-cruiser.mjs, so a rule that goes missing there is noticed.

import { dirname, relative } from 'node:path';

/** One real file of each layer, used as an import target; gateway's is planted (the folder is new). */
export const TARGETS = {
  shared: 'shared/ipc.ts',
  engineEntry: 'electron/engine/index.ts',
  engineInner: 'electron/engine/vault/vault.ts',
  services: 'electron/services/dispatch.ts',
  adapters: 'electron/adapters/ipc-main.ts',
  desktopMain: 'electron/main.ts',
  preload: 'electron/preload.ts',
  headless: 'electron/headless/dashboard-server.ts',
  agent: 'electron/agent/agent-host.ts',
  sandbox: 'electron/sandbox/sandbox-demo.ts',
  gateway: 'electron/gateway/token-source.ts',
  cli: 'cli/format.ts',
  renderer: 'renderer/src/format.ts',
} as const;
export type Target = keyof typeof TARGETS;

/** The gateway target does not exist in the tree yet; it is planted as an empty module. */
export const GATEWAY_STUB: { path: string; content: string; append?: boolean } = { path: TARGETS.gateway, content: 'export const gatewayStub = 1;\n' };

interface Layer {
  /** Rule name prefix in .dependency-cruiser.mjs. */
  rule: string;
  /** Folder the planted importer goes into. */
  dir: string;
  /** Layers this one must never import. */
  forbidden: Target[];
}

const ALL: Target[] = Object.keys(TARGETS) as Target[];
const except = (...allowed: Target[]): Target[] => ALL.filter((t) => !allowed.includes(t));

export const LAYERS: Layer[] = [
  { rule: 'shared', dir: 'shared', forbidden: except('shared') },
  { rule: 'engine', dir: 'electron/engine/core', forbidden: except('shared', 'engineEntry', 'engineInner') },
  { rule: 'services', dir: 'electron/services', forbidden: except('shared', 'engineEntry', 'services') },
  { rule: 'adapters', dir: 'electron/adapters', forbidden: except('shared', 'engineEntry', 'services', 'adapters') },
  { rule: 'headless', dir: 'electron/headless', forbidden: except('shared', 'engineEntry', 'services', 'headless', 'agent', 'sandbox', 'gateway') },
  { rule: 'agent', dir: 'electron/agent', forbidden: except('shared', 'engineEntry', 'agent', 'gateway') },
  { rule: 'sandbox', dir: 'electron/sandbox', forbidden: except('shared', 'engineEntry', 'sandbox') },
  { rule: 'gateway', dir: 'electron/gateway', forbidden: except('shared', 'engineEntry', 'gateway') },
  { rule: 'cli', dir: 'cli', forbidden: except('shared', 'cli') },
  { rule: 'renderer', dir: 'renderer/src', forbidden: except('shared', 'renderer') },
];

export type ImportForm = 'static' | 'type-only' | 'dynamic';

export interface Plant {
  /** The planted file, relative to the tree's root. */
  file: string;
  specifier: string;
  form: ImportForm;
  /** The rule expected to catch it, or null for an import the layering allows. */
  rule: string | null;
  /** True when the import is appended to an existing file (a one-file layer: main.ts, preload.ts). */
  append?: boolean;
}

function source(specifier: string, form: ImportForm): string {
  if (form === 'dynamic') return `export const load = () => import('${specifier}');\n`;
  if (form === 'type-only') return `import type * as planted from '${specifier}';\nexport type Planted = typeof planted;\n`;
  return `import * as planted from '${specifier}';\nexport const used = planted;\n`;
}

/** The specifier a file in `fromDir` writes for `target` (a .ts file is imported as .js). */
function specifierFor(fromDir: string, target: string): string {
  const path = relative(fromDir, target).replace(/\.tsx?$/, '.js');
  return path.startsWith('.') ? path : `./${path}`;
}

export function buildPlants(): Plant[] {
  const plants: Plant[] = [];
  const plant = (dir: string, specifier: string, form: ImportForm, rule: string | null) =>
    plants.push({ file: `${dir}/planted-${plants.length}.ts`, specifier, form, rule });

  // Every forbidden pair of layers, as a static and as a dynamic import.
  for (const layer of LAYERS) {
    for (const target of layer.forbidden) {
      for (const form of ['static', 'dynamic'] as const) plant(layer.dir, specifierFor(layer.dir, TARGETS[target]), form, `${layer.rule}-imports-only-its-allowlist`);
    }
  }
  // Node built-ins where no Node runs, electron where it must not load, React in the CLI.
  for (const [dir, rule] of [['shared', 'shared'], ['renderer/src', 'renderer']] as const) {
    plant(dir, 'node:fs', 'static', `${rule}-imports-only-its-allowlist`);
    plant(dir, 'path', 'static', `${rule}-imports-only-its-allowlist`);
    plant(dir, 'node:crypto', 'dynamic', `${rule}-imports-only-its-allowlist`);
  }
  for (const layer of LAYERS.filter((l) => l.rule !== 'adapters')) {
    plant(layer.dir, 'electron', 'static', `${layer.rule}-imports-only-its-allowlist`);
  }
  plant('electron/engine', 'electron', 'type-only', 'engine-imports-only-its-allowlist');
  plant('electron/engine/vault', 'electron', 'dynamic', 'engine-imports-only-its-allowlist');
  plant('electron/engine', 'node:child_process', 'static', 'engine-imports-only-its-allowlist');
  plant('electron/services', 'electron', 'type-only', 'services-imports-only-its-allowlist');
  plant('electron/adapters', 'electron', 'static', 'adapters-take-electron-objects-by-injection');
  plant('cli', 'react', 'static', 'cli-imports-only-its-allowlist');
  plant('shared', 'react', 'type-only', 'shared-imports-only-its-allowlist');
  plant('cli', specifierFor('cli', 'electron/agent/standalone.ts'), 'static', 'cli-loads-the-engine-on-demand');
  plant('cli', specifierFor('cli', 'electron/agent/data-folder-lock.ts'), 'type-only', 'cli-loads-the-engine-on-demand');
  plant('electron/services', specifierFor('electron/services', TARGETS.engineInner), 'type-only', 'services-imports-only-its-allowlist');
  plant('electron/engine', './no-such-module.js', 'static', 'import-resolves');
  plant('electron/stray', specifierFor('electron/stray', TARGETS.shared), 'static', 'file-outside-every-layer');

  // The one-file layers get their import appended to the file itself.
  plants.push({ file: TARGETS.preload, specifier: specifierFor('electron', TARGETS.engineEntry), form: 'dynamic', rule: 'preload-imports-only-its-allowlist', append: true });
  plants.push({ file: TARGETS.desktopMain, specifier: specifierFor('electron', TARGETS.headless), form: 'static', rule: 'desktop-main-imports-only-its-allowlist', append: true });

  // Controls: imports the layering allows must pass.
  plant('electron/services', specifierFor('electron/services', TARGETS.engineEntry), 'static', null);
  plant('electron/headless', specifierFor('electron/headless', TARGETS.sandbox), 'static', null);
  plant('electron/adapters', 'electron', 'type-only', null);
  plant('cli', specifierFor('cli', 'electron/agent/standalone.ts'), 'dynamic', null);
  plant('cli', specifierFor('cli', 'electron/agent/data-folder-lock.ts'), 'dynamic', null);
  plant('renderer/src', specifierFor('renderer/src', TARGETS.shared), 'static', null);
  plant('electron/gateway', 'undici', 'static', null);
  plant('electron/engine', 'node:fs/promises', 'static', null);
  return plants;
}

export function plantSource(plant: Plant): string {
  return source(plant.specifier, plant.form);
}

export const plantDir = (plant: Plant): string => dirname(plant.file);
