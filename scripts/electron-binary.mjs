// Finds the Electron binary WITHOUT requiring the `electron` package: its index.js downloads the
// binary on first use, which cannot work on machines that only reach the npm registry.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** @returns {{ path: string } | { missing: string }} */
export function findElectronBinary() {
  const pkgDir = join(root, 'node_modules', 'electron');
  const pathFile = join(pkgDir, 'path.txt');
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (!existsSync(join(pkgDir, 'package.json'))) return { missing: 'the electron package is not installed (run npm install)' };
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  if (override) {
    const candidate = join(override, relative ?? 'electron');
    return existsSync(candidate) ? { path: candidate } : { missing: `ELECTRON_OVERRIDE_DIST_PATH points at ${override}, which has no Electron binary` };
  }
  if (!relative) return { missing: 'the Electron binary has not been downloaded (node_modules/electron/path.txt is absent; this machine cannot reach the download host)' };
  const candidate = join(pkgDir, 'dist', relative);
  return existsSync(candidate) ? { path: candidate } : { missing: `the Electron binary ${candidate} is absent` };
}
