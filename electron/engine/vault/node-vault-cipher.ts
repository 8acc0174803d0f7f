// The vault's cipher in Node mode and the standalone CLI: AES-256-GCM whose key (one per data
// folder, not one entry per secret) lives in the OS keyring, so secrets persist safely by default
// and `tokentray` works with no TokenTray running. Without a usable keyring it falls back to the
// key file beside the vault (weak protection: memory-only unless the user opts in) and says why.
// A key file left by that fallback or by older versions moves into the keyring once. When the
// keyring answers but has lost the key of an existing vault, the vault is left untouched.

import { randomBytes } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { readFile, unlink } from 'node:fs/promises';
import { resolve } from 'node:path';
import { dataFiles } from '../config/data-dir.js';
import { readFileIfExists } from '../storage/read-optional.js';
import { AesGcmCipher } from './aes-gcm-cipher.js';
import type { Cipher, CipherNotice } from './cipher.js';
import { KeyringUnavailable, openKeyringSlot, type KeyringSlot } from './os-keyring.js';
import { backendFile } from './vault.js';
import { vaultBackendOf } from './vault-file.js';

/** The vault's backend name with the key in the OS keyring, and without (a key file beside it). */
export const KEYRING_BACKEND = 'node-keyring';
export const KEY_FILE_BACKEND = 'node-key-file';
export const NODE_VAULT_BACKENDS: readonly string[] = [KEYRING_BACKEND, KEY_FILE_BACKEND];

export interface NodeVaultCipherOptions {
  dataDir: string;
  env?: Record<string, string | undefined>;
  /** The keyring slot for this data folder; the OS keyring by default. */
  openSlot?: (account: string) => Promise<KeyringSlot>;
}

/** The keyring account for a data folder: one key per folder, named by its absolute path. */
export function keyringAccount(dataDir: string): string {
  let path = resolve(dataDir);
  try {
    path = realpathSync(path);
  } catch {
    // not created yet: the resolved path names it
  }
  return `vault-key:${path}`;
}

export async function openNodeVaultCipher(options: NodeVaultCipherOptions): Promise<Cipher> {
  const files = dataFiles(options.dataDir);
  const account = keyringAccount(options.dataDir);
  const openSlot = options.openSlot ?? ((name: string) => openKeyringSlot(name, options.env ?? process.env));
  let slot: KeyringSlot;
  let stored: string | undefined;
  try {
    slot = await openSlot(account);
    stored = await slot.read();
  } catch (error) {
    if (!(error instanceof KeyringUnavailable)) throw error;
    return keyFileFallback(files.nodeModeKey, error.message);
  }
  if (stored !== undefined) {
    const key = decodeKey(stored);
    if (key) return keyringCipher(key);
    return keyMissing(slot, files.vault, `the key stored in ${slot.where} is not a 32-byte base64 key`);
  }
  const keyFileText = await readFileIfExists(files.nodeModeKey);
  const fileKey = keyFileText === undefined ? undefined : decodeKey(keyFileText.trim());
  if (fileKey) return migrateKeyFile(slot, fileKey, files.nodeModeKey);
  if (await keyringVaultExists(files.vault)) return keyMissing(slot, files.vault, `${slot.where} holds no key for it`);
  const key = randomBytes(32);
  try {
    await slot.write(key.toString('base64'));
  } catch (error) {
    if (!(error instanceof KeyringUnavailable)) throw error;
    return keyFileFallback(files.nodeModeKey, error.message);
  }
  return keyringCipher(key);
}

function decodeKey(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]+=*$/.test(text)) return undefined;
  const key = Buffer.from(text, 'base64');
  return key.length === 32 ? key : undefined;
}

function keyringCipher(key: Buffer, notice?: CipherNotice): Cipher {
  const aes = new AesGcmCipher(key, { strong: true, backend: KEYRING_BACKEND });
  return {
    backend: KEYRING_BACKEND,
    strong: true,
    // A vault written with the key file is read with the same key once it moved into the keyring.
    alsoReads: [KEY_FILE_BACKEND],
    isAvailable: () => true,
    encrypt: (plain) => aes.encrypt(plain),
    decrypt: (data) => aes.decrypt(data),
    startupNotice: () => notice,
  };
}

/** The key file's key moves into the keyring (checked by reading it back), then the file goes. */
async function migrateKeyFile(slot: KeyringSlot, key: Buffer, keyFile: string): Promise<Cipher> {
  try {
    await slot.write(key.toString('base64'));
    if ((await slot.read()) !== key.toString('base64')) throw new KeyringUnavailable('failed', 'the key read back from the keyring differs from the one written');
  } catch (error) {
    if (!(error instanceof KeyringUnavailable)) throw error;
    return keyFileFallback(keyFile, error.message);
  }
  await unlink(keyFile);
  return keyringCipher(key, {
    level: 'info',
    title: 'Vault key moved into the OS keyring',
    message: `The vault's key was in ${keyFile} (weak protection: anyone who can read the data folder could use it). It is now kept in ${slot.where} and the key file was removed; secrets are stored encrypted by default.`,
  });
}

/** No usable keyring: today's key file beside the vault, memory-only unless the user opted in. */
async function keyFileFallback(keyFile: string, reason: string): Promise<Cipher> {
  const aes = await AesGcmCipher.fromKeyFile(keyFile, { strong: false, backend: KEY_FILE_BACKEND });
  const notice: CipherNotice = {
    level: 'warning',
    title: 'No OS keyring',
    message: `TokenTray cannot keep its vault key in the OS keyring: ${reason}. So TokenTray keeps secrets in memory only and sign-ins are lost when it quits, unless you turn on "Store secrets with weak protection" (a key file beside the vault).`,
    messageWhenPersisted: `TokenTray cannot keep its vault key in the OS keyring: ${reason}. Secrets are stored with weak protection, as you chose: the key is a file beside the vault, so anyone who can read the data folder can recover them.`,
  };
  return {
    backend: aes.backend,
    strong: false,
    isAvailable: () => true,
    encrypt: (plain) => aes.encrypt(plain),
    decrypt: (data) => aes.decrypt(data),
    keyRecovery: () => aes.keyRecovery(),
    startupNotice: () => notice,
  };
}

/**
 * The keyring works but has no (valid) key for a vault written with one: keep the vault exactly as
 * it is, run memory-only, and say how to recover. Writing a new key would orphan the vault for good.
 */
function keyMissing(slot: KeyringSlot, vaultFile: string, what: string): Cipher {
  const unavailable = (): never => {
    throw new Error('The vault key is missing from the OS keyring.');
  };
  const notice: CipherNotice = {
    level: 'warning',
    title: 'Vault key missing from the OS keyring',
    message: `The vault ${vaultFile} was encrypted with a key kept in the OS keyring, but ${what}. The vault was left untouched and TokenTray keeps secrets in memory only for now. To recover, restore the keyring (or its backup) that holds ${slot.where} and start TokenTray again; or, to start over, move ${vaultFile} aside and sign in again.`,
  };
  return { backend: KEYRING_BACKEND, strong: true, isAvailable: () => false, encrypt: unavailable, decrypt: unavailable, startupNotice: () => notice };
}

/** Whether the data folder holds a vault written with a keyring key (in vault.json or beside it). */
async function keyringVaultExists(vaultFile: string): Promise<boolean> {
  for (const file of [vaultFile, backendFile(vaultFile, KEYRING_BACKEND), backendFile(vaultFile, KEY_FILE_BACKEND)]) {
    try {
      if (vaultBackendOf(await readFile(file, 'utf8')) === KEYRING_BACKEND) return true;
    } catch {
      // absent or not a vault
    }
  }
  return false;
}
