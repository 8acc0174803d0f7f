// `npm run dist`: packages the desktop app with electron-builder for the current OS (AppImage and
// deb on Linux, dmg on macOS, nsis on Windows; see electron-builder.yml, fuses included) into
// release/. Builds what changed first. When `npm start` has already fetched the Electron binary,
// electron-builder uses it instead of downloading another.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfChanged, root } from './build.mjs';
import { electronPackageDir, findElectronBinary } from './electron-binary.mjs';
import { nodeVersionProblem } from './node-version.mjs';

/** electron-builder's arguments for this OS. */
export function builderArgs(platform, electronDist) {
  const target = { linux: '--linux', darwin: '--mac', win32: '--win' }[platform];
  if (!target) throw new Error(`electron-builder cannot package for ${platform} here; use Linux, macOS or Windows`);
  return [target, '--publish', 'never', ...(electronDist ? [`-c.electronDist=${electronDist}`] : [])];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const problem = nodeVersionProblem();
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
  await buildIfChanged(['renderer', 'electron']);
  // The tokentray CLI ships beside the app (extraResources) and is linked onto PATH by the installers.
  await (await import('../cli/build.mjs')).buildCli();
  const local = findElectronBinary();
  const electronDist = 'path' in local ? join(electronPackageDir(), 'dist') : undefined;
  const cli = join(root, 'node_modules', 'electron-builder', 'cli.js');
  if (!existsSync(cli)) {
    console.error('electron-builder is not installed: run npm install first.');
    process.exit(1);
  }
  const result = spawnSync(process.execPath, [cli, ...builderArgs(process.platform, electronDist)], { cwd: root, stdio: 'inherit' });
  if (result.status === 0) console.log(`Packages are in ${join(root, 'release')}.`);
  process.exit(result.status ?? 1);
}
