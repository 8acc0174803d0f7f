// Bundles the CLI (cli/bin.ts and what it imports) into plain JavaScript under dist-cli/, so
// `npx tokentray` and package.json's `bin` run without a TypeScript loader. The engine, needed
// only when no TokenTray runs, goes into a separate chunk that is loaded on demand.
// Run by `npm install` (prepare), by the launcher in bin/ when the bundle is missing or older than
// its sources, and by the CLI tests and benchmark. Each output file is written atomically, so
// concurrent builds (50 commands started at once on a fresh clone) never see half a file.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_OUT_DIR = join(root, 'dist-cli');

export async function buildCli() {
  const { build } = await import('esbuild');
  const result = await build({
    absWorkingDir: root,
    entryPoints: { tokentray: 'cli/bin.ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Splitting keeps one copy of the modules both paths use (the agent client's error classes must
    // be the same classes on both sides of the dynamic import, or instanceof checks fail).
    splitting: true,
    outdir: CLI_OUT_DIR,
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    metafile: true,
    write: false,
    legalComments: 'none',
    minify: true,
    sourcemap: false,
    logLevel: 'warning',
    // The OS keyring binding (standalone mode only) ships a native module: loaded from node_modules.
    external: ['@napi-rs/keyring'],
    // Bundled CommonJS dependencies (proper-lockfile) call require() for Node's own modules.
    banner: { js: "import { createRequire as __tokentrayRequire } from 'node:module'; const require = __tokentrayRequire(import.meta.url);" },
  });
  const inputs = Object.keys(result.metafile.inputs).filter((path) => !path.startsWith('node_modules/'));
  const files = [...result.outputFiles.map((file) => ({ path: file.path, contents: file.contents })), { path: join(CLI_OUT_DIR, 'inputs.json'), contents: JSON.stringify(inputs) }];
  for (const file of files) {
    await mkdir(dirname(file.path), { recursive: true });
    const temporary = `${file.path}.${process.pid}.tmp`;
    await writeFile(temporary, file.contents);
    await rename(temporary, file.path);
  }
  return { outDir: CLI_OUT_DIR, files: files.map((file) => relative(root, file.path)), metafile: result.metafile };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const { files } = await buildCli();
    console.log(`tokentray CLI bundled: ${files.join(', ')}`);
  } catch (error) {
    // `npm install --omit=dev` has no esbuild: the launcher builds on first use where it can.
    if (!process.argv.includes('--if-possible') || error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    console.log('tokentray CLI not bundled (esbuild is not installed); bin/tokentray.mjs will bundle it on first use.');
  }
}
