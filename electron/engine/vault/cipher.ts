// What the vault needs from an encryption backend. In the app: Electron's safeStorage (OS
// keychain, DPAPI, libsecret/kwallet). In tests and the Node entry: AesGcmCipher.

export interface Cipher {
  /** e.g. `keychain`, `dpapi`, `gnome_libsecret`, `basic_text`, `node-key-file`. */
  readonly backend: string;
  /** False where the "encryption" is obfuscation only (Linux basic_text, a key file beside the data). */
  readonly strong: boolean;
  isAvailable(): boolean;
  encrypt(plain: Buffer): Buffer;
  decrypt(data: Buffer): Buffer;
  /** Set when the key material was damaged and replaced on open, so the user can be told. */
  keyRecovery?(): { movedTo: string; reason: string } | undefined;
  /**
   * Other backends whose vaults this cipher decrypts too, because the same key moved (a Node-mode
   * key file migrated into the OS keyring): such a vault is read, not treated as foreign.
   */
  readonly alsoReads?: readonly string[];
  /** What the user must know about where the key lives (keyring missing, key moved), told at start. */
  startupNotice?(): CipherNotice | undefined;
}

export interface CipherNotice {
  level: 'info' | 'warning';
  title: string;
  message: string;
  /** Said instead of `message` when the vault is written to disk after all (weak protection opted in). */
  messageWhenPersisted?: string;
}
