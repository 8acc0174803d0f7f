// Where TokenTray keeps its files: the one place both modes resolve the data folder. The desktop
// app calls this too and points Electron's userData at the result (before the single-instance
// lock, which lives there), so TOKENTRAY_DATA_DIR means the same in both modes and a packaged app
// does not drift to a folder named after package.json's lowercase "name".

import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const APP_DIR_NAME = 'TokenTray';

export function defaultDataDir(env: Record<string, string | undefined> = process.env, platform: NodeJS.Platform = process.platform): string {
  const chosen = env.TOKENTRAY_DATA_DIR?.trim();
  if (chosen) return resolve(chosen);
  const home = env.HOME ?? env.USERPROFILE ?? homedir();
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_DIR_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), APP_DIR_NAME);
}

/** The files inside the data directory, named once so every module and the README agree. */
export function dataFiles(dataDir: string) {
  return {
    profiles: join(dataDir, 'profiles.json'),
    vault: join(dataDir, 'vault.json'),
    metrics: join(dataDir, 'metrics.json'),
    outbox: join(dataDir, 'webhook-outbox.json'),
    settings: join(dataDir, 'settings.json'),
    auditDir: join(dataDir, 'audit'),
    nodeModeKey: join(dataDir, 'node-mode.key'),
  };
}
