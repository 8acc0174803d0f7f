// The encrypted vault: the only place secrets live at rest, and the one owner of every profile's
// current secrets in memory (see SecretStore). The file is a journal (vault-file.ts): a durable
// write appends one encrypted record holding just the profiles it changed and fsyncs it; once the
// appended records outgrow the full state, the next write compacts (temp, fsync, rename) to one
// record again. One write runs at a time, with group commit: changes that arrive while a write is
// running share the next write, so `update` resolving still means the data is on disk, yet a
// thousand concurrent refreshes cost a few writes, not a thousand. Where the OS gives no real
// encryption the vault keeps secrets in memory only unless the user opts in, and says so.

import { constants } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import type { ProfileId, StorageProtection } from '../../../shared/domain.js';
import { silentLogger, systemClock, type Clock, type Logger, type ProfileSecrets, type SecretStore } from '../contracts.js';
import { appendDurably } from '../storage/append-durably.js';
import { writeFileAtomic } from '../storage/atomic-write.js';
import { readFileIfExists } from '../storage/read-optional.js';
import { SecretIndex } from '../logging/secret-index.js';
import { setAside } from '../storage/set-aside.js';
import { sweepTempFiles } from '../storage/sweep-temp.js';
import type { Cipher } from './cipher.js';
import { headerLine, readVault, recordLine, vaultBackendOf, type VaultRecord, type VaultRecovery } from './vault-file.js';

/** Appended records may grow to this many bytes, or twice the full record, before a compaction. */
const MIN_JOURNAL_BYTES = 64 * 1024;

export type PersistMode = 'auto' | 'always' | 'never';

export interface VaultOptions {
  file: string;
  cipher: Cipher;
  persist: PersistMode;
  logger?: Logger;
  clock?: Clock;
}

export class Vault implements SecretStore {
  private readonly data = new Map<ProfileId, ProfileSecrets>();
  /** The write running now, if any. */
  private writing: Promise<void> | undefined;
  /** Callers waiting for the write after the running one; it snapshots when it starts. */
  private nextWrite: { promise: Promise<void>; resolve: () => void; reject: (error: unknown) => void } | undefined;
  private writesStarted = 0;
  private recovered: VaultRecovery | undefined;
  /** Profiles changed since the last write started: what the next append carries. */
  private readonly dirty = new Set<ProfileId>();
  /** The next write must rewrite the whole file (none yet, old format, a torn or failed append). */
  private compactNext = true;
  private baseBytes = 0;
  private appendedBytes = 0;
  private foreign: { backend: string; file: string } | undefined;

  private constructor(
    private file: string,
    private readonly cipher: Cipher,
    private persistMode: PersistMode,
    private readonly logger: Logger,
    private readonly clock: Clock,
  ) {}

  static async open(options: VaultOptions): Promise<Vault> {
    const vault = new Vault(options.file, options.cipher, options.persist, options.logger ?? silentLogger, options.clock ?? systemClock);
    const swept = await sweepTempFiles(options.file);
    if (swept.length > 0) vault.logger.info('removed temp files of interrupted vault writes', { count: swept.length });
    await vault.load();
    return vault;
  }

  /** Whether secrets are written to disk right now. */
  get persistent(): boolean {
    if (this.persistMode === 'never' || !this.cipher.isAvailable()) return false;
    return this.persistMode === 'always' || this.cipher.strong;
  }

  protection(): StorageProtection {
    const { backend, strong } = this.cipher;
    const base = { backend, strong, persistent: this.persistent };
    if (!this.cipher.isAvailable()) {
      return { ...base, message: 'The operating system offers no encryption right now, so secrets are kept in memory only and are lost when TokenTray quits.' };
    }
    if (strong) return { ...base, message: `Secrets are encrypted at rest with the operating system's protection (${backend}).` };
    if (this.persistent) {
      return { ...base, message: `Secrets are stored with weak protection (${backend}) because you opted in: anyone who can read your data folder can recover them.` };
    }
    return {
      ...base,
      message: 'Secrets are kept in memory only because no OS keyring can hold the vault key here (a notice says why). Sign-ins are lost when TokenTray quits; turn on "Store secrets with weak protection" to keep them.',
    };
  }

  recovery(): VaultRecovery | undefined {
    return this.recovered;
  }

  /**
   * A vault written by another cipher backend (the desktop app's safeStorage, seen from Node mode,
   * or the reverse). It cannot be decrypted here, so it is left exactly as it is and this process
   * keeps its own vault beside it (`vault.<backend>.json`), never setting the other one aside.
   */
  foreignVault(): { backend: string; file: string } | undefined {
    return this.foreign;
  }

  /** Every secret string held, for redaction of opaque tokens (logging/redact.ts). */
  /** Every secret the vault holds, indexed for redaction (kept in step with each change). */
  readonly secretIndex = new SecretIndex();

  private setEntry(profileId: ProfileId, next: ProfileSecrets | undefined): void {
    const before = this.data.get(profileId);
    for (const value of secretValuesOf(before)) this.secretIndex.remove(value);
    for (const value of secretValuesOf(next)) this.secretIndex.add(value);
    if (next) this.data.set(profileId, next);
    else this.data.delete(profileId);
    this.dirty.add(profileId);
  }

  get(profileId: ProfileId): ProfileSecrets | undefined {
    const secrets = this.data.get(profileId);
    return secrets ? { ...secrets } : undefined;
  }

  async update(profileId: ProfileId, patch: Partial<ProfileSecrets>): Promise<void> {
    const next: ProfileSecrets = { ...this.data.get(profileId) };
    for (const [key, value] of Object.entries(patch) as [keyof ProfileSecrets, ProfileSecrets[keyof ProfileSecrets]][]) {
      if (value === undefined) continue;
      (next as Record<string, unknown>)[key] = value;
    }
    this.setEntry(profileId, next);
    await this.persist();
  }

  async clear(profileId: ProfileId, fields: (keyof ProfileSecrets)[]): Promise<void> {
    const current = this.data.get(profileId);
    if (!current) return;
    const next = { ...current };
    for (const field of fields) delete next[field];
    this.setEntry(profileId, next);
    await this.persist();
  }

  async remove(profileId: ProfileId): Promise<void> {
    this.setEntry(profileId, undefined);
    await this.persist();
  }

  /** The user's choice about weak protection; switching to persistent writes at once. */
  async setPersist(mode: PersistMode): Promise<void> {
    this.persistMode = mode;
    await this.persist();
  }

  /** Waits for every queued write (used on quit). */
  async flush(): Promise<void> {
    while (this.writing || this.nextWrite) {
      await (this.nextWrite?.promise ?? this.writing)?.catch(() => {});
    }
  }

  /** How many durable writes were started: group commit keeps this far below the update count. */
  writeCount(): number {
    return this.writesStarted;
  }

  /**
   * Every caller's promise resolves once a snapshot taken AFTER its change is on disk. A caller
   * arriving while a write runs joins the next one, which snapshots only when it starts, so it
   * carries every change made meanwhile: one write for the whole group.
   */
  private persist(): Promise<void> {
    const group = this.nextWrite ?? this.openGroup();
    if (!this.writing) this.startNextWrite();
    return group.promise;
  }

  private openGroup(): NonNullable<Vault['nextWrite']> {
    let resolve!: () => void;
    let reject!: (error: unknown) => void;
    const promise = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    this.nextWrite = { promise, resolve, reject };
    return this.nextWrite;
  }

  private startNextWrite(): void {
    const group = this.nextWrite;
    if (!group) return;
    this.nextWrite = undefined;
    this.writesStarted += 1;
    // The record is encrypted now, so the write carries every change made before it started.
    let write: () => Promise<void>;
    try {
      write = this.prepareWrite();
    } catch (error) {
      // The cipher refused (an OS keyring gone away): this group fails, the next write starts whole.
      this.compactNext = true;
      write = () => Promise.reject(error);
    }
    this.writing = write().then(group.resolve, group.reject).finally(() => {
      this.writing = undefined;
      this.startNextWrite();
    });
  }

  /** Takes the snapshot for the next write (sync) and returns the I/O that makes it durable. */
  private prepareWrite(): () => Promise<void> {
    const changed = [...this.dirty];
    this.dirty.clear();
    if (!this.persistent) {
      // Nothing is written, so once writes resume the file must be rewritten whole.
      this.compactNext = true;
      return async () => {};
    }
    if (this.compactNext || this.appendedBytes > Math.max(MIN_JOURNAL_BYTES, 2 * this.baseBytes)) return this.compaction();
    const entries: VaultRecord['entries'] = {};
    for (const profileId of changed) entries[profileId] = this.data.get(profileId) ?? null;
    const line = recordLine(this.cipher, { reset: false, entries });
    return async () => {
      try {
        await appendDurably(this.file, line);
        this.appendedBytes += line.length;
      } catch (error) {
        // The file went missing, or part of a record may be left behind: rewrite it whole, now.
        this.logger.warn('vault append failed; rewriting the file whole', { error: error instanceof Error ? error.message : String(error) });
        this.compactNext = true;
        await this.compaction()();
      }
    };
  }

  /** The whole state as one record, snapshotted now, replacing the file atomically when run. */
  private compaction(): () => Promise<void> {
    const line = recordLine(this.cipher, { reset: true, entries: Object.fromEntries(this.data) });
    return async () => {
      await writeFileAtomic(this.file, headerLine(this.cipher.backend) + line, { mode: 0o600 });
      this.compactNext = false;
      this.baseBytes = line.length;
      this.appendedBytes = 0;
    };
  }

  private async load(): Promise<void> {
    // No key right now (the keyring is locked, or lost the key): secrets stay in memory and the
    // file is neither read nor set aside, so it is all still there once the key is back.
    if (!this.cipher.isAvailable()) return;
    const readable = [this.cipher.backend, ...(this.cipher.alsoReads ?? [])];
    let text: string | undefined;
    for (const backend of readable) {
      text = await readFileIfExists(backendFile(this.file, backend));
      if (text !== undefined) {
        this.file = backendFile(this.file, backend);
        break;
      }
    }
    if (text === undefined) {
      text = await readFileIfExists(this.file);
      if (text === undefined) return;
      const other = vaultBackendOf(text);
      if (other !== undefined && !readable.includes(other)) {
        this.foreign = { backend: other, file: this.file };
        this.file = backendFile(this.file, this.cipher.backend);
        return;
      }
    }
    const read = readVault(text, this.cipher);
    if (read.ok) {
      for (const [profileId, secrets] of read.entries) this.setEntry(profileId, secrets);
      this.dirty.clear();
      // Read through `alsoReads` (a key-file key moved into the keyring): the next write names the current backend.
      this.compactNext = read.needsCompaction || read.backend !== this.cipher.backend;
      this.baseBytes = read.baseBytes;
      this.appendedBytes = read.appendedBytes;
      if (read.tornTail) this.logger.info('vault: dropped the end of a write a crash interrupted');
      if (read.damagedRecords > 0) await this.keepDamagedCopy(read.damagedRecords);
      return;
    }
    try {
      const movedTo = await setAside(this.file, this.clock.now());
      this.recovered = { movedTo, reason: read.reason, kept: false };
      this.logger.warn('vault set aside', { movedTo, reason: read.reason });
    } catch (error) {
      this.recovered = { movedTo: this.file, reason: `${read.reason}; it could not be moved aside either (${error instanceof Error ? error.message : String(error)})`, kept: false };
    }
  }

  /** Some records were damaged and the rest was read: a copy of the file as found is kept for support. */
  private async keepDamagedCopy(damagedRecords: number): Promise<void> {
    const copy = `${this.file}.corrupt-${this.clock.now()}`;
    const reason = `${damagedRecords} damaged record${damagedRecords === 1 ? ' was' : 's were'} skipped and the rest was kept`;
    try {
      await copyFile(this.file, copy, constants.COPYFILE_EXCL);
      this.recovered = { movedTo: copy, reason, kept: true };
    } catch (error) {
      this.recovered = { movedTo: this.file, reason: `${reason}; a copy could not be made (${error instanceof Error ? error.message : String(error)})`, kept: true };
    }
    this.logger.warn('vault partly damaged', { copy, damagedRecords });
  }
}

/** `vault.json` → `vault.<backend>.json`, for a process whose backend differs from the main vault's. */
export function backendFile(file: string, backend: string): string {
  const safe = backend.replace(/[^A-Za-z0-9_-]+/g, '_') || 'unknown';
  return file.replace(/(\.json)?$/, `.${safe}.json`);
}

function secretValuesOf(secrets: ProfileSecrets | undefined): (string | undefined)[] {
  if (!secrets) return [];
  return [secrets.clientSecret, secrets.refreshToken, secrets.accessToken, secrets.idToken, secrets.webhookSigningSecret];
}
