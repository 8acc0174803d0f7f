// settings.json in the desktop app goes through electron-store, as the design card asks; Node
// mode and the CLI open the same file with conf (electron-store's engine) and the same options
// (engine/config/settings-store-options.ts), so either reads what the other wrote.

import ElectronStore from 'electron-store';
import { settingsOpener, type OpenSettingsBackend } from '../engine/index.js';

export const openElectronSettings: OpenSettingsBackend = settingsOpener(ElectronStore);
