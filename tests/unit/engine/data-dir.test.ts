// One data folder for both modes: TOKENTRAY_DATA_DIR wins everywhere (made absolute), and platform
// defaults name the same "TokenTray" folder Electron is pointed at. (settings.json: settings-store.test.ts.)

import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir } from '../../../electron/engine/config/data-dir.js';

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
