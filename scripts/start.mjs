// `npm start`: run the desktop app when the Electron binary is installed; otherwise run the same
// engine under Node (with the built-in sandbox when nothing is configured) and say why.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electron = findElectronBinary();
const args = process.argv.slice(2);

function runNodeEntry(reason) {
  console.log(`TokenTray: starting under Node because ${reason}. The dashboard opens in your browser instead of a window.`);
  // Build the dashboard (a second or so) so the browser dashboard serves the current code.
  const built = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'build:renderer'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (built.status !== 0) console.log('TokenTray: the dashboard build failed (see above); the engine runs anyway.');
  const tsx = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'tsx.cmd' : 'tsx');
  const child = spawn(tsx, [join(root, 'electron', 'node', 'main.ts'), ...args], { stdio: 'inherit' });
  forward(child);
}

function forward(child) {
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if ('path' in electron) {
  // Build the renderer and the main/preload bundles, then launch the desktop app.
  const built = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0 || !existsSync(join(root, 'dist-electron', 'main.cjs'))) {
    runNodeEntry('the desktop build failed (see the output above)');
  } else {
    const child = spawn(electron.path, [root, ...args], { stdio: 'inherit' });
    forward(child);
  }
} else {
  runNodeEntry(electron.missing);
}
