// settings.json through the card's library: conf in Node mode and the CLI, electron-store (conf
// underneath) in the desktop app, with one options builder. electron-store imports electron, so
// the desktop side is exercised here as its adapter builds it (settingsOpener with the same
// options) around conf. Bad input keeps today's behaviour: a damaged file is set aside with a
// notice naming the defaults now in force, an invalid value is replaced and named, an unknown key
// is kept.

import Conf from 'conf';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../electron/engine/config/settings-schema.js';
import { settingsStoreOptions, type SettingsRecord } from '../../../electron/engine/config/settings-store-options.js';
import { settingsOpener, SettingsStore } from '../../../electron/engine/config/settings-store.js';
import { useTempDirs } from '../../support/temp-dir.js';
import { GENERATED_VALIDATOR, settingsValidatorSource } from '../../../scripts/generate-settings-validator.js';

const tempDir = useTempDirs();
const clock = { now: () => 1_700_000_000_000 };
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

/** The desktop app's store as its adapter opens it: the shared opener, the class swapped for conf. */
const desktopLikeOpener = settingsOpener(Conf<SettingsRecord>);

describe('one settings file for both modes', () => {
  it('reads through conf what the desktop options wrote, and the other way round', async () => {
    const dataDir = tempDir();
    const desktop = await SettingsStore.open(dataDir, desktopLikeOpener, clock);
    await desktop.update({ clipboardClearSec: 45, webhookUrl: 'https://hooks.example.com/idm' });

    const nodeMode = await SettingsStore.open(dataDir, undefined, clock);
    expect(nodeMode.current()).toEqual({ ...DEFAULT_SETTINGS, clipboardClearSec: 45, webhookUrl: 'https://hooks.example.com/idm' });
    await nodeMode.update({ autoRefreshPaused: true });

    expect((await SettingsStore.open(dataDir, desktopLikeOpener, clock)).current().autoRefreshPaused).toBe(true);
    expect(nodeMode.file).toBe(join(dataDir, 'settings.json'));
  });

  it('names the file the same for electron-store (name) and conf (configName), and keeps it private', async () => {
    const dataDir = tempDir();
    const options = settingsStoreOptions(dataDir);
    expect(options.name).toBe(options.configName);
    await (await SettingsStore.open(dataDir)).update({ warnBeforeMin: 20 });
    expect(statSync(join(dataDir, 'settings.json')).mode & 0o777).toBe(0o600);
  });

  it('rejects an invalid change in the user\'s words and leaves the file as it was', async () => {
    const dataDir = tempDir();
    const store = await SettingsStore.open(dataDir);
    await store.update({ clipboardClearSec: 60 });
    await expect(store.update({ clipboardClearSec: -5 })).rejects.toThrow('"Clear the clipboard after" cannot be -5: use a whole number of seconds from 0 (never) to 3600.');
    expect(readJson(store.file).clipboardClearSec).toBe(60);
    expect(store.current().clipboardClearSec).toBe(60);
  });

  it('tells the parts a saved change governs, after it is saved', async () => {
    const dataDir = tempDir();
    const store = await SettingsStore.open(dataDir);
    const seen: unknown[] = [];
    store.onChange((patch, next) => void seen.push([patch, next.autoRefreshPaused, readJson(store.file).autoRefreshPaused]));
    await store.update({ autoRefreshPaused: true });
    expect(seen).toEqual([[{ autoRefreshPaused: true }, true, true]]);
  });
});

describe('bad settings files', () => {
  it('sets a damaged file aside and names the defaults now in force', async () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'settings.json'), '{"clipboardClearSec": 4');
    const store = await SettingsStore.open(dataDir, undefined, clock);
    expect(store.current()).toEqual(DEFAULT_SETTINGS);
    const movedTo = join(dataDir, `settings.json.corrupt-${clock.now()}`);
    expect(store.recoveryNotice()).toBe(`The settings file is not valid JSON (damaged or truncated), so it was set aside as ${movedTo}. TokenTray now uses the default settings `
      + '(Webhook URL: null; Renew at this share of the lifetime: 0.8; Renew at most this many seconds before expiry: 300; Clear the clipboard after: 30; '
      + 'Store secrets with weak protection: false; Pause auto-refresh: false; Warn before a token runs out: 10) until you change them in Settings.');
    expect(readFileSync(movedTo, 'utf8')).toBe('{"clipboardClearSec": 4');
  });

  it('sets aside JSON that is not an object of settings', async () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'settings.json'), '[1, 2]');
    const store = await SettingsStore.open(dataDir, undefined, clock);
    expect(store.recoveryNotice()).toMatch(/^The settings file does not hold settings, so it was set aside as .*settings\.json\.corrupt-\d+\./);
  });

  it('replaces an invalid value by its default, says so, and keeps the valid ones', async () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ clipboardClearSec: 45, refreshFraction: 7 }));
    const store = await SettingsStore.open(dataDir);
    expect(store.current()).toEqual({ ...DEFAULT_SETTINGS, clipboardClearSec: 45 });
    expect(store.replacedSettings()).toEqual(['"Renew at this share of the lifetime" was 7 in the settings file, which is not a share of the token lifetime between 0.5 and 0.95; TokenTray uses 0.8 until you change it in Settings.']);
    expect(store.recoveryNotice()).toBeUndefined();
  });

  it('keeps a key it does not know across a write', async () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ clipboardClearSec: 45, futureFeature: { on: true } }));
    const store = await SettingsStore.open(dataDir);
    await store.update({ warnBeforeMin: 15 });
    expect(readJson(store.file)).toMatchObject({ clipboardClearSec: 45, warnBeforeMin: 15, futureFeature: { on: true } });
  });

  it('migrates the layout of older desktop builds ({ engine, ui }) once, keeping the rest', async () => {
    const dataDir = tempDir();
    const file = join(dataDir, 'settings.json');
    writeFileSync(file, JSON.stringify({ engine: { ...DEFAULT_SETTINGS, clipboardClearSec: 45, autoRefreshPaused: true }, ui: { defaultProfileId: 'x' } }));
    const store = await SettingsStore.open(dataDir);
    expect(store.current()).toEqual({ ...DEFAULT_SETTINGS, clipboardClearSec: 45, autoRefreshPaused: true });
    const written = readJson(file);
    expect(written.engine).toBeUndefined();
    expect(written.ui).toEqual({ defaultProfileId: 'x' });
    expect(written.__internal__).toEqual({ migrations: { version: '1.0.0' } });
  });
});

describe('the precompiled settings validator', () => {
  it('is what Ajv makes of SETTINGS_SCHEMA today (regenerate: npx tsx scripts/generate-settings-validator.ts)', () => {
    expect(readFileSync(GENERATED_VALIDATOR, 'utf8')).toBe(settingsValidatorSource());
  });
});
