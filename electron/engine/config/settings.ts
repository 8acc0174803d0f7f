// Non-secret engine settings (webhook destination, refresh policy, secret persistence opt-in,
// pause), in ONE file in ONE format for both modes: settings.json in the data folder, written by
// SettingsFile for the desktop app and the Node entry alike. (Earlier desktop builds kept them in
// electron-store under an "engine" key; such a file is read once and rewritten flat.)

import { readFile } from 'node:fs/promises';
import * as v from 'valibot';
import type { EngineSettings } from '../../../shared/domain.js';
import { writeFileAtomic } from '../storage/atomic-write.js';
import { setAside } from '../storage/set-aside.js';
import { sweepTempFiles } from '../storage/sweep-temp.js';

export const EngineSettingsSchema = v.object({
  /** Identity-management webhook destination; null when not configured. */
  webhookUrl: v.nullable(v.string()),
  /** Refresh at this fraction of the token lifetime... */
  refreshFraction: v.pipe(v.number(), v.minValue(0.5), v.maxValue(0.95)),
  /** ...but never later than this many seconds before expiry. */
  refreshMaxLeadSec: v.pipe(v.number(), v.integer(), v.minValue(30), v.maxValue(3600)),
  /** Clipboard is cleared this many seconds after a copy (0 = never). */
  clipboardClearSec: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(3600)),
  /** The user opted in to storing secrets even where the OS gives only weak protection. */
  persistSecretsWithWeakProtection: v.boolean(),
  /** "Pause auto-refresh" from the tray. */
  autoRefreshPaused: v.boolean(),
  /** Warn this many minutes before a token or its idle deadline runs out while refreshing fails. */
  warnBeforeMin: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(120)),
});

export type { EngineSettings };
// The schema must produce exactly the shared type.
const _schemaMatchesSharedType: v.InferOutput<typeof EngineSettingsSchema> extends EngineSettings ? (EngineSettings extends v.InferOutput<typeof EngineSettingsSchema> ? true : never) : never = true;
void _schemaMatchesSharedType;

export const DEFAULT_SETTINGS: EngineSettings = {
  webhookUrl: null,
  refreshFraction: 0.8,
  refreshMaxLeadSec: 300,
  clipboardClearSec: 30,
  persistSecretsWithWeakProtection: false,
  autoRefreshPaused: false,
  warnBeforeMin: 10,
};

export interface SettingsRepository {
  load(): Promise<EngineSettings>;
  save(settings: EngineSettings): Promise<void>;
  /** After load: where an unreadable settings file was moved, so the user can be told. */
  recovery?(): { movedTo: string; reason: string } | undefined;
  /** After load: each setting in the file that was invalid and replaced by its default, in words. */
  replacedSettings?(): string[];
}

/** Settings in a JSON file; unknown or invalid values fall back to defaults field by field. */
export class SettingsFile implements SettingsRepository {
  private recovered: { movedTo: string; reason: string } | undefined;
  private replaced: string[] = [];

  constructor(private readonly file: string) {}

  recovery(): { movedTo: string; reason: string } | undefined {
    return this.recovered;
  }

  replacedSettings(): string[] {
    return [...this.replaced];
  }

  async load(): Promise<EngineSettings> {
    await sweepTempFiles(this.file);
    let raw: string;
    try {
      raw = await readFile(this.file, 'utf8');
    } catch {
      return { ...DEFAULT_SETTINGS };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      // Keep the unreadable file for the user to inspect, and say so, rather than resetting silently.
      const movedTo = await setAside(this.file, Date.now()).catch(() => this.file);
      this.recovered = { movedTo, reason: 'the settings file is not valid JSON (damaged or truncated)' };
      return { ...DEFAULT_SETTINGS };
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      const movedTo = await setAside(this.file, Date.now()).catch(() => this.file);
      this.recovered = { movedTo, reason: 'the settings file does not hold settings' };
      return { ...DEFAULT_SETTINGS };
    }
    const merged = mergeWithDefaults(unwrapLegacyStore(parsed));
    this.replaced = merged.replaced;
    return merged.settings;
  }

  async save(settings: EngineSettings): Promise<void> {
    await writeFileAtomic(this.file, `${JSON.stringify(v.parse(EngineSettingsSchema, settings), null, 2)}\n`, { mode: 0o600 });
  }
}

// What each setting is called on screen and what it accepts: messages name the setting the way
// the user sees it, never by its internal key.
const SETTING_RULES: Record<keyof EngineSettings, { label: string; rule: string }> = {
  webhookUrl: { label: 'Webhook URL', rule: 'a URL or nothing' },
  refreshFraction: { label: 'Renew at this share of the lifetime', rule: 'a share of the token lifetime between 0.5 and 0.95' },
  refreshMaxLeadSec: { label: 'Renew at most this many seconds before expiry', rule: 'a whole number of seconds from 30 to 3600' },
  clipboardClearSec: { label: 'Clear the clipboard after', rule: 'a whole number of seconds from 0 (never) to 3600' },
  persistSecretsWithWeakProtection: { label: 'Store secrets with weak protection', rule: 'on or off' },
  autoRefreshPaused: { label: 'Pause auto-refresh', rule: 'on or off' },
  warnBeforeMin: { label: 'Warn before a token runs out', rule: 'a whole number of minutes from 1 to 120' },
};

/** The first invalid setting, in words (the setting's label, the value, what is allowed), or undefined. */
export function settingsProblem(settings: EngineSettings): string | undefined {
  for (const key of Object.keys(SETTING_RULES) as (keyof EngineSettings)[]) {
    if (!v.safeParse(EngineSettingsSchema.entries[key], settings[key]).success) {
      const shown = JSON.stringify(settings[key]) ?? String(settings[key]);
      return `"${SETTING_RULES[key].label}" cannot be ${shown.length > 40 ? `${shown.slice(0, 40)}…` : shown}: use ${SETTING_RULES[key].rule}.`;
    }
  }
  return undefined;
}

/** electron-store's layout was { engine: {...settings}, ui: {...} }; take the settings from it. */
function unwrapLegacyStore(parsed: unknown): unknown {
  if (typeof parsed !== 'object' || parsed === null) return parsed;
  const record = parsed as Record<string, unknown>;
  const known = Object.keys(DEFAULT_SETTINGS).some((key) => key in record);
  return !known && typeof record.engine === 'object' && record.engine !== null ? record.engine : parsed;
}

/**
 * Keeps every valid field of `input` and takes the default for the rest. A field that is present
 * but invalid is named in `replaced` (label, bounded value, the default now in force), so the user
 * is told rather than finding a setting quietly reset.
 */
export function mergeWithDefaults(input: unknown): { settings: EngineSettings; replaced: string[] } {
  const settings: EngineSettings = { ...DEFAULT_SETTINGS };
  const replaced: string[] = [];
  if (typeof input !== 'object' || input === null) return { settings, replaced };
  const record = input as Record<string, unknown>;
  for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof EngineSettings)[]) {
    if (!(key in record)) continue;
    const check = v.safeParse(EngineSettingsSchema.entries[key], record[key]);
    if (check.success) {
      (settings as Record<keyof EngineSettings, unknown>)[key] = check.output;
      continue;
    }
    const shown = JSON.stringify(record[key]) ?? String(record[key]);
    const { label, rule } = SETTING_RULES[key];
    replaced.push(`"${label}" was ${shown.length > 40 ? `${shown.slice(0, 40)}…` : shown} in the settings file, which is not ${rule}; TokenTray uses ${JSON.stringify(DEFAULT_SETTINGS[key])} until you change it in Settings.`);
  }
  return { settings, replaced };
}
