// The vault's cipher in the desktop app: Electron's safeStorage (Keychain on macOS, DPAPI on
// Windows, libsecret/kwallet on Linux). Must be created after app 'ready'. Linux's `basic_text`
// backend only obfuscates with a hard-coded key, so it is reported as not strong and the vault
// then keeps secrets in memory unless the user opts in.

import type { SafeStorage } from 'electron';
import type { Cipher } from '../engine/index.js';

export type SafeStorageLike = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> & {
  getSelectedStorageBackend?: SafeStorage['getSelectedStorageBackend'];
};

const WEAK_LINUX_BACKENDS = new Set(['basic_text', 'unknown']);

export function createSafeStorageCipher(safeStorage: SafeStorageLike, platform: NodeJS.Platform): Cipher {
  const backend = platform === 'darwin' ? 'keychain' : platform === 'win32' ? 'dpapi' : (safeStorage.getSelectedStorageBackend?.() ?? 'unknown');
  return {
    backend,
    strong: platform !== 'linux' || !WEAK_LINUX_BACKENDS.has(backend),
    isAvailable: () => safeStorage.isEncryptionAvailable(),
    encrypt: (plain) => safeStorage.encryptString(plain.toString('utf8')),
    decrypt: (data) => Buffer.from(safeStorage.decryptString(data), 'utf8'),
  };
}
