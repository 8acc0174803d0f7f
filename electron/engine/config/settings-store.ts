// The engine's settings, kept in settings.json through conf (Node mode, CLI) or electron-store
// (desktop): the entry point passes the library's constructor, the options are the same. This
// class adds what the library leaves to its user: a file it cannot read is set aside (never reset
// silently) and the user told which defaults are now in force; changes are validated with messages
// in the user's words; and the values are cached, since conf re-reads the file on every access.

import Conf from 'conf';
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { EngineError, systemClock, type Clock } from '../contracts.js';
import { defaultsInWords, DEFAULT_SETTINGS, SETTING_KEYS, settingsProblem, type EngineSettings } from './settings-schema.js';
import { NotSettingsError, settingsStoreOptions, type SettingsRecord, type SettingsStoreOptions } from './settings-store-options.js';

/** What the store needs of conf or electron-store (both are conf underneath). */
export type SettingsBackend = Pick<Conf<SettingsRecord>, 'store' | 'set' | 'path'>;
export type OpenSettingsBackend = (options: SettingsStoreOptions) => SettingsBackend;

/**
 * Opens settings.json with a conf-compatible class and the one set of options. Node mode and the
 * CLI use conf itself; the desktop app's adapter passes electron-store (a subclass of conf).
 */
export function settingsOpener(Store: new (options: SettingsStoreOptions) => SettingsBackend): OpenSettingsBackend {
  return (options) => new Store(options);
}

export const openConf: OpenSettingsBackend = settingsOpener(Conf<SettingsRecord>);

type SettingsChange = (patch: Partial<EngineSettings>, next: EngineSettings) => Promise<void> | void;

export class SettingsStore {
  private value: EngineSettings;
  private readonly changeListeners: SettingsChange[] = [];

  private constructor(
    private readonly backend: SettingsBackend,
    private readonly replaced: string[],
    private readonly recovered: { movedTo: string; reason: string } | undefined,
    private readonly clock: Clock,
  ) {
    this.value = pickSettings(backend.store);
  }

  static async open(dataDir: string, openBackend: OpenSettingsBackend = openConf, clock: Clock = systemClock): Promise<SettingsStore> {
    const replaced = new Set<string>();
    const options = settingsStoreOptions(dataDir, (message) => replaced.add(message));
    try {
      return new SettingsStore(openBackend(options), [...replaced], undefined, clock);
    } catch (error) {
      const reason = unreadableReason(error);
      if (!reason) throw error;
      // Keep the unreadable file for the user to inspect, and start from the defaults.
      const file = join(options.cwd, `${options.configName}.json`);
      const movedTo = `${file}.corrupt-${clock.now()}`;
      await rename(file, movedTo);
      replaced.clear();
      return new SettingsStore(openBackend(options), [...replaced], { movedTo, reason }, clock);
    }
  }

  current(): EngineSettings {
    return { ...this.value };
  }

  /** Validates, writes (atomically, through the library), then tells the parts the change governs. */
  async update(patch: Partial<EngineSettings>): Promise<EngineSettings> {
    const next = { ...this.value, ...patch };
    const problem = settingsProblem(next);
    if (problem) throw new EngineError('config', { code: 'invalid_setting', message: problem, at: this.clock.now() });
    this.backend.set({ ...pickSettings(next) });
    this.value = next;
    for (const listener of this.changeListeners) await listener(patch, this.current());
    return this.current();
  }

  /** Registers what must follow a saved change (the vault's persistence, the scheduler's pause). */
  onChange(listener: SettingsChange): void {
    this.changeListeners.push(listener);
  }

  /** The settings file, for messages. */
  get file(): string {
    return this.backend.path;
  }

  /** After open: the notice for a settings file that could not be read and was set aside. */
  recoveryNotice(): string | undefined {
    if (!this.recovered) return undefined;
    return `${this.recovered.reason}, so it was set aside as ${this.recovered.movedTo}. TokenTray now uses the default settings (${defaultsInWords()}) until you change them in Settings.`;
  }

  /** After open: each setting in the file that was invalid and replaced by its default, in words. */
  replacedSettings(): string[] {
    return [...this.replaced];
  }
}

function pickSettings(record: Readonly<SettingsRecord>): EngineSettings {
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const key of SETTING_KEYS) if (key in record) settings[key] = record[key];
  return settings as unknown as EngineSettings;
}

/**
 * Why conf could not read the file, in words; undefined for a filesystem failure (permissions,
 * disk), which is not the content's fault and must not move the file.
 */
function unreadableReason(error: unknown): string | undefined {
  if (error instanceof NotSettingsError) return 'The settings file does not hold settings';
  if (error instanceof SyntaxError) return 'The settings file is not valid JSON (damaged or truncated)';
  if (typeof (error as NodeJS.ErrnoException | undefined)?.code === 'string') return undefined;
  // conf's own bookkeeping in the file (its migration version) is damaged, or a migration failed.
  return 'The settings file could not be brought up to date';
}
