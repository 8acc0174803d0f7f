// One data folder for both modes and one settings format: TOKENTRAY_DATA_DIR wins everywhere (made
// absolute), platform defaults name the same "TokenTray" folder Electron is pointed at, and a
// settings file left by electron-store ({ engine: {...}, ui: {...} }) is read, not reset.

import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir } from '../../../electron/engine/config/data-dir.js';
import { DEFAULT_SETTINGS, SettingsFile } from '../../../electron/engine/config/settings.js';
import { useTempDirs } from '../../support/temp-dir.js';

const tempDir = useTempDirs();

describe('data folder', () => {
  it('honours TOKENTRAY_DATA_DIR on every platform, as an absolute path', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      expect(defaultDataDir({ TOKENTRAY_DATA_DIR: '/srv/tokentray', HOME: '/home/a' }, platform)).toBe(resolve('/srv/tokentray'));
    }
    expect(defaultDataDir({ TOKENTRAY_DATA_DIR: 'relative/dir', HOME: '/home/a' }, 'linux')).toBe(resolve('relative/dir'));
    expect(defaultDataDir({ TOKENTRAY_DATA_DIR: '   ', HOME: '/home/a' }, 'linux')).toBe(join('/home/a', '.config', 'TokenTray'));
  });

  it('names the same TokenTray folder per platform', () => {
    expect(defaultDataDir({ HOME: '/home/a' }, 'linux')).toBe(join('/home/a', '.config', 'TokenTray'));
    expect(defaultDataDir({ HOME: '/home/a', XDG_CONFIG_HOME: '/x' }, 'linux')).toBe(join('/x', 'TokenTray'));
    expect(defaultDataDir({ HOME: '/Users/a' }, 'darwin')).toBe(join('/Users/a', 'Library', 'Application Support', 'TokenTray'));
    expect(defaultDataDir({ HOME: 'C:/Users/a', APPDATA: 'C:/Users/a/AppData/Roaming' }, 'win32')).toBe(join('C:/Users/a/AppData/Roaming', 'TokenTray'));
  });
});

describe('settings.json', () => {
  it('reads a file electron-store wrote, keeps its values, and saves it flat', async () => {
    const file = join(tempDir(), 'settings.json');
    writeFileSync(file, JSON.stringify({ engine: { ...DEFAULT_SETTINGS, clipboardClearSec: 45, autoRefreshPaused: true }, ui: { defaultProfileId: 'x' } }));
    const settings = new SettingsFile(file);
    const loaded = await settings.load();
    expect(loaded).toEqual({ ...DEFAULT_SETTINGS, clipboardClearSec: 45, autoRefreshPaused: true });
    await settings.save(loaded);
    const written = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(written.clipboardClearSec).toBe(45);
    expect(written.engine).toBeUndefined();
  });

  it('falls back to defaults field by field for invalid values', async () => {
    const file = join(tempDir(), 'settings.json');
    writeFileSync(file, JSON.stringify({ clipboardClearSec: 45, refreshFraction: 7 }));
    expect(await new SettingsFile(file).load()).toEqual({ ...DEFAULT_SETTINGS, clipboardClearSec: 45 });
  });
});
