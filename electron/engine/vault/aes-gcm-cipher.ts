// AES-256-GCM with a random IV per message and an authenticated tag: a real cipher for tests and
// the Node entry. Its key lives in a file next to the vault, so on its own it protects against a
// copied vault file but not against someone who can read the whole data folder; hence the
// `strong` flag is the caller's to set, and the Node entry marks it weak.

import { createCipheriv, createDecipheriv, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { setAside } from '../storage/set-aside.js';
import { dirname } from 'node:path';
import type { Cipher } from './cipher.js';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 1;

export class AesGcmCipher implements Cipher {
  readonly backend: string;
  readonly strong: boolean;
  private recovered: { movedTo: string; reason: string } | undefined;
  /** Imported once: every vault write encrypts, and importing a raw key per call costs more than the encryption. */
  private readonly key: KeyObject;

  constructor(key: Buffer, options: { strong?: boolean; backend?: string } = {}) {
    if (key.length !== 32) throw new Error('AesGcmCipher needs a 32-byte key.');
    this.key = createSecretKey(key);
    this.strong = options.strong ?? true;
    this.backend = options.backend ?? 'aes-256-gcm';
  }

  static random(options?: { strong?: boolean; backend?: string }): AesGcmCipher {
    return new AesGcmCipher(randomBytes(32), options);
  }

  /**
   * Loads the key file, creating it (mode 0600) with a fresh random key when absent. A damaged
   * key file (wrong length, not base64) is set aside and replaced, and `keyRecovery` says so:
   * whatever it encrypted is lost either way, and start-up must never wait on it.
   */
  static async fromKeyFile(path: string, options?: { strong?: boolean; backend?: string }): Promise<AesGcmCipher> {
    let recovered: { movedTo: string; reason: string } | undefined;
    try {
      const text = (await readFile(path, 'utf8')).trim();
      const key = Buffer.from(text, 'base64');
      if (key.length === 32 && /^[A-Za-z0-9+/]+=*$/.test(text)) return new AesGcmCipher(key, options);
      recovered = { movedTo: await setAside(path, Date.now()), reason: `the key file ${path} is damaged (it does not hold a 32-byte base64 key)` };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const key = randomBytes(32);
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    try {
      await writeFile(path, key.toString('base64'), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // Another process created it in between: use theirs (once; never loop on a bad file).
      const theirs = Buffer.from((await readFile(path, 'utf8')).trim(), 'base64');
      if (theirs.length !== 32) throw new Error(`The key file ${path} was replaced with a damaged one while TokenTray started; remove it and start again.`);
      return new AesGcmCipher(theirs, options);
    }
    const cipher = new AesGcmCipher(key, options);
    cipher.recovered = recovered;
    return cipher;
  }

  keyRecovery(): { movedTo: string; reason: string } | undefined {
    return this.recovered;
  }

  isAvailable(): boolean {
    return true;
  }

  encrypt(plain: Buffer): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
  }

  decrypt(data: Buffer): Buffer {
    if (data.length < 1 + IV_BYTES + TAG_BYTES || data[0] !== VERSION) throw new Error('not an AES-GCM vault payload');
    const iv = data.subarray(1, 1 + IV_BYTES);
    const tag = data.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]);
  }
}
