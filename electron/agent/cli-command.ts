// The `tokentray` command as a user types it in any terminal on this machine: the installed
// command (on PATH, never `npx`, which would ask the registry outside the clone), preceded by
// TOKENTRAY_DATA_DIR when this TokenTray uses another data folder than the default, so the command
// reaches this TokenTray and not another (or none).

import { resolve } from 'node:path';
import { defaultDataDir } from '../engine/index.js';

const posixQuote = (value: string): string => (/^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`);
const powershellQuote = (value: string): string => `'${value.replace(/['\u2018\u2019\u201A\u201B]/g, '$&$&')}'`;

export function cliCommand(dataDir: string, env: Record<string, string | undefined> = process.env, platform: NodeJS.Platform = process.platform): string {
  const withoutOverride = { ...env, TOKENTRAY_DATA_DIR: undefined };
  if (resolve(dataDir) === defaultDataDir(withoutOverride, platform)) return 'tokentray';
  return platform === 'win32' ? `$env:TOKENTRAY_DATA_DIR = ${powershellQuote(dataDir)}; tokentray` : `TOKENTRAY_DATA_DIR=${posixQuote(dataDir)} tokentray`;
}
