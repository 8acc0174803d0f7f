// The one set of options for settings.json, passed verbatim to conf (Node mode, the CLI) and to
// electron-store (desktop, which is conf plus Electron's paths): same file, schema, defaults and
// migrations in both, so a value written by one is read by the other. electron-store names the
// file with `name`, conf with `configName`; both are set to the same name.

import type { Options } from 'conf';
import { DEFAULT_SETTINGS, repairSettings, SETTING_KEYS } from './settings-schema.js';

export type SettingsRecord = Record<string, unknown>;

export const SETTINGS_FILE_NAME = 'settings';

/** The version of the file's layout (not the app's): conf runs each migration up to it once. */
export const SETTINGS_LAYOUT_VERSION = '1.0.0';

/** Thrown by `deserialize` for JSON that is not an object of settings; the store sets such a file aside. */
export class NotSettingsError extends SyntaxError {
  constructor() {
    super('the settings file does not hold settings');
  }
}

export type SettingsStoreOptions = Options<SettingsRecord> & { name: string; configName: string; cwd: string };

/**
 * @param onReplaced told, in words, of each invalid setting the file held and the default used
 *   instead (conf re-reads the file on every access, so the same message can come more than once).
 */
export function settingsStoreOptions(dataDir: string, onReplaced: (message: string) => void = () => {}): SettingsStoreOptions {
  return {
    name: SETTINGS_FILE_NAME,
    configName: SETTINGS_FILE_NAME,
    cwd: dataDir,
    fileExtension: 'json',
    // Secrets never live here, but the file is the user's own: no one else needs to read it.
    configFileMode: 0o600,
    // No `schema` option: the same JSON Schema (SETTINGS_SCHEMA) is checked by `deserialize` on
    // every read and by SettingsStore.update on every write, precompiled; conf would compile it
    // with Ajv at every start (most of a standalone `tokentray` command's added start-up time)
    // and reject a whole file for one bad value, where the user should lose only that value.
    defaults: DEFAULT_SETTINGS as unknown as SettingsRecord,
    // Keys are plain names; a dotted key in an old or hand-edited file stays one key.
    accessPropertiesByDotNotation: false,
    // Never reset silently: a file conf cannot read makes it throw, and the store sets it aside.
    clearInvalidConfig: false,
    watch: false,
    projectVersion: SETTINGS_LAYOUT_VERSION,
    serialize: (value) => `${JSON.stringify(value, null, 2)}\n`,
    deserialize: (text) => {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new NotSettingsError();
      const { repaired, replaced } = repairSettings(parsed as SettingsRecord);
      for (const message of replaced) onReplaced(message);
      return repaired;
    },
    migrations: {
      // Desktop builds before 0.1 kept the settings in electron-store under an "engine" key
      // ({ engine: {...}, ui: {...} }): lift them to the top level. Other keys are kept.
      '1.0.0': (store) => {
        const legacy = store.get('engine');
        if (typeof legacy !== 'object' || legacy === null || Array.isArray(legacy)) return;
        const { repaired, replaced } = repairSettings(legacy as SettingsRecord);
        for (const message of replaced) onReplaced(message);
        for (const key of SETTING_KEYS) if (key in repaired) store.set(key, repaired[key]);
        store.delete('engine');
      },
    },
  };
}
