// The token engine's one public entry. Everything outside electron/engine (the desktop app, the
// Node entry, the agent, app services, adapters, the CLI's standalone mode) imports from here and
// nothing deeper, so the engine's inside can change without reaching them (lint-enforced; tests
// may reach inside to test a part on its own).

export { TokenEngine, type DeviceSignInStart, type EngineChange, type TokenEngineOptions } from './engine.js';
export { EngineError, silentLogger, systemClock, type Clock, type Logger, type ProfileSecrets } from './contracts.js';
export type { DemoPeer, DemoProfile, StartDemo } from './demo-peer.js';
export { dataFiles, defaultDataDir } from './config/data-dir.js';
export { settingsOpener, type OpenSettingsBackend, type SettingsBackend } from './config/settings-store.js';
export type { SettingsStoreOptions } from './config/settings-store-options.js';
export { createLogger } from './logging/logger.js';
export { maskToken, redactString } from './logging/redact.js';
export { GENESYS_REGIONS, genesysEndpoints } from './regions/regions.js';
export { isLoopbackHost } from './net/urls.js';
export { createNodeNetwork } from './http/node-network.js';
export { unrefTimers, type Timers } from './timers.js';
export { AesGcmCipher } from './vault/aes-gcm-cipher.js';
export { vaultBackendOf } from './vault/vault-file.js';
export { writeFileAtomic } from './storage/atomic-write.js';
export { parseRetryAfter } from './http/retry-after.js';
export type { Cipher, CipherNotice } from './vault/cipher.js';
export { openNodeVaultCipher, NODE_VAULT_BACKENDS, KEYRING_BACKEND, KEY_FILE_BACKEND } from './vault/node-vault-cipher.js';
