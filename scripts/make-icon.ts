// Writes build/icon.png (512×512), the packaging icon electron-builder converts for every
// platform, from the same drawing code as the tray icons.
import { writeFileSync } from 'node:fs';
import { trayIconPng } from '../electron/services/tray-icons.js';

writeFileSync(new URL('../build/icon.png', import.meta.url), trayIconPng('valid', 512));
