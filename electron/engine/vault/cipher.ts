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
}
