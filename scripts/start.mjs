// `npm start`: the desktop app. Fetches the Electron binary when it is missing (Electron's own
// installer, with its progress output), builds what changed, and launches the tray app. Only when
// the binary cannot be had does it run the same engine under Node, saying why in one line and how
// to retry. Node mode runs in THIS process from one compiled bundle: no TypeScript loader, no
// extra launcher process beside the engine. TOKENTRAY_NODE_MODE=1 skips Electron altogether.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildIfChanged, root } from './build.mjs';
import { RETRY_HINT, ensureElectronBinary } from './electron-binary.mjs';
import { nodeVersionProblem } from './node-version.mjs';

const args = process.argv.slice(2);
const tooOld = nodeVersionProblem();
if (tooOld) {
  console.error(tooOld);
  process.exit(1);
}

async function runNodeEntry(reason) {
  console.log(`TokenTray: running under Node (dashboard in your browser, no tray) because ${reason}.`);
  try {
    await buildIfChanged(['renderer', 'node']);
  } catch (error) {
    console.error(`TokenTray: could not build the Node entry: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  await import(pathToFileURL(join(root, 'dist', 'node', 'main.mjs')).href);
}

async function runDesktop(binary) {
  try {
    await buildIfChanged(['renderer', 'electron']);
  } catch (error) {
    return runNodeEntry(`the desktop build failed (${error instanceof Error ? error.message : String(error)})`);
  }
  const child = spawn(binary, [root, ...args], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => {
    void runNodeEntry(`Electron could not be started (${error.message})`);
  });
  const startedAt = Date.now();
  child.on('exit', (code, signal) => {
    if (code && Date.now() - startedAt < 10_000) {
      console.error(`TokenTray: Electron stopped at once (exit code ${code}; see above). Without a desktop session (no display), run the engine under Node instead: TOKENTRAY_NODE_MODE=1 npm start.`);
    }
    process.exit(code ?? (signal ? 1 : 0));
  });
}

if (process.env.TOKENTRAY_NODE_MODE === '1') {
  await runNodeEntry('TOKENTRAY_NODE_MODE=1 is set');
} else {
  const electron = await ensureElectronBinary();
  if ('path' in electron) await runDesktop(electron.path);
  else await runNodeEntry(`${electron.missing}. ${electron.downloadFailed ? RETRY_HINT : 'Run npm install, then npm start'}`);
}
