// The settings file's JSON Schema, defaults and on-screen wording: the one definition settings.json
// is checked against on every read and write, whether conf (Node mode, CLI) or electron-store
// (desktop) opens it. The schema is compiled by Ajv (conf's validator) ahead of time into
// settings-validator.generated.js. What the library does not do for us, and this file does: name an
// invalid setting the way the user sees it, and repair a file field by field (keeping every valid
// value and every unknown key) instead of rejecting all of it.

import type { ErrorObject } from 'ajv';
import type { EngineSettings } from '../../../shared/domain.js';
import { validate } from './settings-validator.generated.js';

export type { EngineSettings };

/** One JSON Schema per setting, in conf's `schema` layout (the properties of an object schema). */
export const SETTINGS_SCHEMA = {
  /** Identity-management webhook destination; null when not configured. */
  webhookUrl: { type: ['string', 'null'] },
  /** Refresh at this fraction of the token lifetime... */
  refreshFraction: { type: 'number', minimum: 0.5, maximum: 0.95 },
  /** ...but never later than this many seconds before expiry. */
  refreshMaxLeadSec: { type: 'integer', minimum: 30, maximum: 3600 },
  /** Clipboard is cleared this many seconds after a copy (0 = never). */
  clipboardClearSec: { type: 'integer', minimum: 0, maximum: 3600 },
  /** The user opted in to storing secrets even where the OS gives only weak protection. */
  persistSecretsWithWeakProtection: { type: 'boolean' },
  /** "Pause auto-refresh" from the tray. */
  autoRefreshPaused: { type: 'boolean' },
  /** Warn this many minutes before a token or its idle deadline runs out while refreshing fails. */
  warnBeforeMin: { type: 'integer', minimum: 1, maximum: 120 },
} as const satisfies Record<keyof EngineSettings, object>;

export const DEFAULT_SETTINGS: EngineSettings = {
  webhookUrl: null,
  refreshFraction: 0.8,
  refreshMaxLeadSec: 300,
  clipboardClearSec: 30,
  persistSecretsWithWeakProtection: false,
  autoRefreshPaused: false,
  warnBeforeMin: 10,
};

export const SETTING_KEYS = Object.keys(DEFAULT_SETTINGS) as (keyof EngineSettings)[];

// What each setting is called on screen and what it accepts: messages name the setting the way
// the user sees it, never by its internal key.
const SETTING_WORDS: Record<keyof EngineSettings, { label: string; rule: string }> = {
  webhookUrl: { label: 'Webhook URL', rule: 'a URL or nothing' },
  refreshFraction: { label: 'Renew at this share of the lifetime', rule: 'a share of the token lifetime between 0.5 and 0.95' },
  refreshMaxLeadSec: { label: 'Renew at most this many seconds before expiry', rule: 'a whole number of seconds from 30 to 3600' },
  clipboardClearSec: { label: 'Clear the clipboard after', rule: 'a whole number of seconds from 0 (never) to 3600' },
  persistSecretsWithWeakProtection: { label: 'Store secrets with weak protection', rule: 'on or off' },
  autoRefreshPaused: { label: 'Pause auto-refresh', rule: 'on or off' },
  warnBeforeMin: { label: 'Warn before a token runs out', rule: 'a whole number of minutes from 1 to 120' },
};

/** The settings (known keys only) that fail the schema. */
function invalidKeys(record: Record<string, unknown>): Set<keyof EngineSettings> {
  if (validate(record)) return new Set();
  const keys = (validate.errors ?? []).map((error: ErrorObject) => error.instancePath.split('/')[1]);
  return new Set(SETTING_KEYS.filter((key) => keys.includes(key)));
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** The first invalid setting, in words (the setting's label, the value, what is allowed), or undefined. */
export function settingsProblem(settings: EngineSettings): string | undefined {
  const [key] = invalidKeys(settings as unknown as Record<string, unknown>);
  if (key === undefined) return undefined;
  return `"${SETTING_WORDS[key].label}" cannot be ${shown(settings[key])}: use ${SETTING_WORDS[key].rule}.`;
}

/**
 * Keeps every valid setting and every unknown key of a parsed settings file and puts the default
 * in place of each invalid setting, naming it in `replaced` (label, bounded value, the default now
 * in force), so the user is told rather than finding a setting quietly reset.
 */
export function repairSettings(record: Record<string, unknown>): { repaired: Record<string, unknown>; replaced: string[] } {
  const repaired = { ...record };
  const replaced: string[] = [];
  for (const key of invalidKeys(record)) {
    const { label, rule } = SETTING_WORDS[key];
    replaced.push(`"${label}" was ${shown(record[key])} in the settings file, which is not ${rule}; TokenTray uses ${JSON.stringify(DEFAULT_SETTINGS[key])} until you change it in Settings.`);
    repaired[key] = DEFAULT_SETTINGS[key];
  }
  return { repaired, replaced };
}

/** The defaults in words, for the notice after a damaged settings file was set aside. */
export function defaultsInWords(): string {
  return SETTING_KEYS.map((key) => `${SETTING_WORDS[key].label}: ${JSON.stringify(DEFAULT_SETTINGS[key])}`).join('; ');
}
