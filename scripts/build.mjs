// Builds what `npm start` and the tests run, and only what changed since the last build:
//   renderer  the dashboard (Vite)                       -> dist/renderer/
//   electron  the Electron main process and preload       -> dist-electron/main.cjs, preload.cjs
//   node      the Node entry as one compiled ES module    -> dist/node/main.mjs
// Each target records a hash of its inputs (file paths and contents) beside its output; a build
// is skipped when the hash matches. `node scripts/build.mjs [--force] [target…]` (default: all).
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const SHARED_INPUTS = ['shared', 'package-lock.json', 'scripts/build.mjs'];

/** @type {Record<string, { inputs: string[]; outputs: string[]; stamp: string; run: () => Promise<void> }>} */
export const TARGETS = {
  renderer: {
    inputs: ['renderer', 'vite.config.ts', ...SHARED_INPUTS],
    outputs: ['dist/renderer/index.html'],
    stamp: 'dist/renderer.build-stamp',
    run: async () => {
      const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
      const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
      if (result.status !== 0) throw new Error('the dashboard build (vite build) failed; see the output above');
    },
  },
  electron: {
    inputs: ['electron', ...SHARED_INPUTS],
    outputs: ['dist-electron/main.cjs', 'dist-electron/preload.cjs'],
    stamp: 'dist-electron/build-stamp',
    run: async () => {
      const { build } = await import('esbuild');
      // The preload must be one CommonJS file (sandboxed preloads cannot load other modules);
      // `electron` stays external because Electron provides it at run time; the keyring binding
      // (Node mode only, loaded on demand) is a native module that cannot be bundled.
      const common = { bundle: true, platform: 'node', target: 'node22', format: 'cjs', external: ['electron', '@napi-rs/keyring'], sourcemap: true, logLevel: 'warning', absWorkingDir: root };
      await build({ ...common, entryPoints: ['electron/main.ts'], outfile: 'dist-electron/main.cjs' });
      await build({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'dist-electron/preload.cjs' });
    },
  },
  node: {
    inputs: ['electron', ...SHARED_INPUTS],
    outputs: ['dist/node/main.mjs'],
    stamp: 'dist/node/build-stamp',
    run: async () => {
      const { build } = await import('esbuild');
      // One file that plain `node` runs: no TypeScript loader, no npm, no launcher left alive.
      // dist/node/ sits two levels below the root like electron/headless/, so relative paths hold.
      await build({
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'esm',
        entryPoints: ['electron/headless/main.ts'],
        outfile: 'dist/node/main.mjs',
        sourcemap: true,
        logLevel: 'warning',
        absWorkingDir: root,
        // The OS keyring binding ships a native module per platform: loaded from node_modules.
        external: ['@napi-rs/keyring'],
        // Bundled CommonJS dependencies may call require() for Node built-ins.
        banner: { js: "import { createRequire as __tokentrayCreateRequire } from 'node:module'; const require = __tokentrayCreateRequire(import.meta.url);" },
      });
    },
  },
};

function* files(path) {
  const full = join(root, path);
  if (!existsSync(full)) return;
  if (statSync(full).isDirectory()) {
    for (const entry of readdirSync(full).sort()) yield* files(join(path, entry));
  } else {
    yield path;
  }
}

/** Hash of every input file's path and contents. */
export function inputHash(target) {
  const hash = createHash('sha256');
  for (const input of TARGETS[target].inputs) {
    for (const file of files(input)) hash.update(`${relative(root, join(root, file))}\0`).update(readFileSync(join(root, file))).update('\0');
  }
  return hash.digest('hex');
}

export function isUpToDate(target) {
  const spec = TARGETS[target];
  if (!spec.outputs.every((output) => existsSync(join(root, output)))) return false;
  const stampFile = join(root, spec.stamp);
  return existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === inputHash(target);
}

/** Builds the targets whose inputs changed; returns the names of those built. Throws on failure. */
export async function buildIfChanged(targets, { force = false, log = (line) => console.log(line) } = {}) {
  const built = [];
  for (const target of targets) {
    if (!TARGETS[target]) throw new Error(`unknown build target "${target}" (choose from ${Object.keys(TARGETS).join(', ')})`);
    if (!force && isUpToDate(target)) continue;
    log(`TokenTray: building ${target}…`);
    const hash = inputHash(target);
    try {
      await TARGETS[target].run();
    } finally {
      // esbuild keeps a service process alive after a build; end it so it does not idle beside the engine.
      await (await import('esbuild')).stop();
    }
    const stampFile = join(root, TARGETS[target].stamp);
    mkdirSync(dirname(stampFile), { recursive: true });
    writeFileSync(stampFile, `${hash}\n`);
    built.push(target);
  }
  return built;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const force = args.includes('--force');
  const targets = args.filter((a) => a !== '--force');
  try {
    await buildIfChanged(targets.length ? targets : Object.keys(TARGETS), { force });
  } catch (error) {
    console.error(`TokenTray: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
