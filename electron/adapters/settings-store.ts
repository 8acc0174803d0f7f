// Non-secret settings in electron-store (schema-checked JSON in userData). The engine sees only
// the SettingsRepository port; invalid stored values fall back to defaults field by field.

import type { EngineSettings } from '../../shared/domain.js';
import { mergeWithDefaults, type SettingsRepository } from '../engine/config/settings.js';

/** The two electron-store methods we use, so tests can pass a Map-backed fake. */
export interface StoreLike {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

export class ElectronStoreSettings implements SettingsRepository {
  constructor(private readonly store: StoreLike) {}

  async load(): Promise<EngineSettings> {
    return mergeWithDefaults(this.store.get('engine'));
  }

  async save(settings: EngineSettings): Promise<void> {
    this.store.set('engine', mergeWithDefaults(settings));
  }
}

/** UI preferences that are not engine settings. */
export interface UiPreferences {
  defaultProfileId?: string;
}

export function readUiPreferences(store: StoreLike): UiPreferences {
  const value = store.get('ui');
  if (typeof value !== 'object' || value === null) return {};
  const id = (value as Record<string, unknown>).defaultProfileId;
  return typeof id === 'string' ? { defaultProfileId: id } : {};
}
