// Where TokenTray keeps its files. The Electron app passes app.getPath('userData'); the Node entry
// (browser dashboard, tests) computes the same folder itself so both modes find one place.

import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_DIR_NAME = 'TokenTray';

export function defaultDataDir(env: Record<string, string | undefined> = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.TOKENTRAY_DATA_DIR) return env.TOKENTRAY_DATA_DIR;
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
