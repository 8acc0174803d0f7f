// Finds the Electron binary, and fetches it when missing through Electron's own installer
// (node_modules/electron/install.js, the `install-electron` bin). From Electron 42 on nothing
// downloads the binary at `npm install`; it comes on first use. The installer honours Electron's
// mirror and cache settings (ELECTRON_MIRROR, ELECTRON_CUSTOM_DIR, electron_config_cache,
// electron_use_remote_checksums, ELECTRON_GET_USE_PROXY, …), so we never pass our own.
// Nothing here requires the `electron` package: its index.js would start a download by itself.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The electron package folder. TOKENTRAY_ELECTRON_DIR points elsewhere (tests use a copy). */
export function electronPackageDir(env = process.env) {
  return env.TOKENTRAY_ELECTRON_DIR || join(root, 'node_modules', 'electron');
}

/** @returns {{ path: string } | { missing: string }} */
export function findElectronBinary(env = process.env) {
  const pkgDir = electronPackageDir(env);
  const pathFile = join(pkgDir, 'path.txt');
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (!existsSync(join(pkgDir, 'package.json'))) return { missing: 'the electron package is not installed (run npm install)' };
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  if (override) {
    const candidate = join(override, relative ?? 'electron');
    return existsSync(candidate) ? { path: candidate } : { missing: `ELECTRON_OVERRIDE_DIST_PATH points at ${override}, which has no Electron binary` };
  }
  if (!relative) return { missing: 'the Electron binary has not been downloaded yet' };
  const candidate = join(pkgDir, 'dist', relative);
  return existsSync(candidate) ? { path: candidate } : { missing: `the Electron binary ${candidate} is absent` };
}

export const RETRY_HINT =
  'Retry with `npm start` (or `npx install-electron`); behind a proxy set ELECTRON_GET_USE_PROXY=1 with HTTPS_PROXY, or point ELECTRON_MIRROR at a mirror';

/**
 * Returns the binary, running Electron's installer first when it is missing. The installer keeps
 * the terminal for its progress bar; its error report (a stack trace) is captured on fd 3 by a
 * preloaded hook and reduced to one line for the caller.
 * @returns {Promise<{ path: string; downloaded: boolean } | { missing: string; downloadFailed?: boolean }>}
 */
export async function ensureElectronBinary({ env = process.env, log = (line) => console.log(line) } = {}) {
  const found = findElectronBinary(env);
  if ('path' in found) return { ...found, downloaded: false };
  if (env.ELECTRON_OVERRIDE_DIST_PATH) return found; // the user chose a binary; do not fetch another
  const pkgDir = electronPackageDir(env);
  const installer = join(pkgDir, 'install.js');
  if (!existsSync(installer)) return found;
  const version = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version;
  log(`TokenTray: fetching the Electron ${version} binary with Electron's installer (once; cached for later installs)…`);
  const failure = await runInstaller(installer, env);
  if (failure !== undefined) return { missing: `the Electron download failed: ${failure}`, downloadFailed: true };
  const after = findElectronBinary(env);
  if ('path' in after) return { ...after, downloaded: true };
  return { missing: `Electron's installer finished but ${after.missing}`, downloadFailed: true };
}

/** Resolves undefined on success, else a one-line reason. */
function runInstaller(installer, env) {
  return new Promise((resolve) => {
    const hook = join(root, 'scripts', 'installer-errors.cjs');
    const child = spawn(process.execPath, ['--require', hook, installer], { env, stdio: ['ignore', 'inherit', 'inherit', 'pipe'] });
    let report = '';
    child.stdio[3].on('data', (chunk) => (report += chunk));
    child.on('error', (error) => resolve(`could not run the installer (${error.message})`));
    child.on('close', (code, signal) => {
      if (code === 0) return resolve(undefined);
      resolve(summarise(report) || (signal ? `the installer was stopped (${signal})` : `the installer exited with code ${code}`));
    });
  });
}

/** The first meaningful line of the installer's report, with the cause of a bare "fetch failed". */
export function summarise(report) {
  const lines = report.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('at '));
  const cause = lines.find((l) => l.startsWith('cause: '))?.slice('cause: '.length);
  const first = (lines.find((l) => !l.startsWith('cause: ')) ?? '').replace(/^(Error|TypeError|HTTPError): /, '');
  return (cause && first === 'fetch failed' ? `fetch failed (${cause})` : first || cause || '').slice(0, 300);
}
