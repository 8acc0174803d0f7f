// The encrypted vault: the only place secrets live at rest, and the one owner of every profile's
// current secrets in memory (see SecretStore). One file, an envelope around the cipher's output,
// replaced atomically (temp, fsync, rename), one write at a time, with group commit: changes that
// arrive while a write is running share the next write, so `update` resolving still means the
// data is on disk, yet a thousand concurrent refreshes cost a few writes, not a thousand. Where the OS gives no real encryption the vault
// keeps secrets in memory only unless the user opts in, and says so.

import * as v from 'valibot';
import type { ProfileId, StorageProtection } from '../../../shared/domain.js';
import { silentLogger, systemClock, type Clock, type Logger, type ProfileSecrets, type SecretStore } from '../contracts.js';
import { writeFileAtomic } from '../storage/atomic-write.js';
import { readFileIfExists } from '../storage/read-optional.js';
import { SecretIndex } from '../logging/secret-index.js';
import { setAside } from '../storage/set-aside.js';
import { sweepTempFiles } from '../storage/sweep-temp.js';
import type { Cipher } from './cipher.js';

export type PersistMode = 'auto' | 'always' | 'never';

const EnvelopeSchema = v.object({
  format: v.literal('tokentray-vault'),
  version: v.literal(1),
  backend: v.string(),
  data: v.string(),
});

const SecretsSchema = v.record(v.string(), v.object({
  clientSecret: v.optional(v.string()),
  refreshToken: v.optional(v.string()),
  accessToken: v.optional(v.string()),
  accessTokenExpiresAt: v.optional(v.number()),
  accessTokenIssuedAt: v.optional(v.number()),
  grantedScope: v.optional(v.string()),
  idToken: v.optional(v.string()),
  environmentRefreshTokenSha256: v.optional(v.string()),
  boundTo: v.optional(v.string()),
  webhookSigningSecret: v.optional(v.string()),
}));

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
  private recovered: { movedTo: string; reason: string } | undefined;
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

  recovery(): { movedTo: string; reason: string } | undefined {
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
    // Memory-only mode writes nothing, so it need not serialise either.
    const snapshot = this.persistent ? JSON.stringify(Object.fromEntries(this.data)) : '';
    this.writing = this.writeSnapshot(snapshot).then(group.resolve, group.reject).finally(() => {
      this.writing = undefined;
      this.startNextWrite();
    });
  }

  private async writeSnapshot(snapshot: string): Promise<void> {
    if (!this.persistent) return;
    const envelope = {
      format: 'tokentray-vault',
      version: 1,
      backend: this.cipher.backend,
      data: this.cipher.encrypt(Buffer.from(snapshot, 'utf8')).toString('base64'),
    };
    await writeFileAtomic(this.file, JSON.stringify(envelope), { mode: 0o600 });
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
      const other = writtenBy(text);
      if (other !== undefined && !readable.includes(other)) {
        this.foreign = { backend: other, file: this.file };
        this.file = backendFile(this.file, this.cipher.backend);
        return;
      }
    }
    const reason = this.decode(text);
    if (reason === undefined) return;
    try {
      const movedTo = await setAside(this.file, this.clock.now());
      this.recovered = { movedTo, reason };
      this.logger.warn('vault set aside', { movedTo, reason });
    } catch (error) {
      this.recovered = { movedTo: this.file, reason: `${reason}; it could not be moved aside either (${error instanceof Error ? error.message : String(error)})` };
    }
  }

  /** Fills `data` from the file text; returns why it could not, or undefined on success. */
  private decode(text: string): string | undefined {
    let envelope: v.InferOutput<typeof EnvelopeSchema>;
    try {
      const parsed = v.safeParse(EnvelopeSchema, JSON.parse(text));
      if (!parsed.success) return 'the file is not a TokenTray vault';
      envelope = parsed.output;
    } catch {
      return 'the file is not valid JSON (damaged or truncated)';
    }
    let plain: string;
    try {
      plain = this.cipher.decrypt(Buffer.from(envelope.data, 'base64')).toString('utf8');
    } catch {
      return `it could not be decrypted with the current ${this.cipher.backend} key (written with ${envelope.backend}; the OS keyring may have changed)`;
    }
    try {
      const secrets = v.safeParse(SecretsSchema, JSON.parse(plain));
      if (!secrets.success) return 'its decrypted contents have an unexpected shape';
      for (const [profileId, secretsOfProfile] of Object.entries(secrets.output)) this.setEntry(profileId, secretsOfProfile);
      return undefined;
    } catch {
      return 'its decrypted contents are not valid JSON';
    }
  }
}

/** `vault.json` → `vault.<backend>.json`, for a process whose backend differs from the main vault's. */
export function backendFile(file: string, backend: string): string {
  const safe = backend.replace(/[^A-Za-z0-9_-]+/g, '_') || 'unknown';
  return file.replace(/(\.json)?$/, `.${safe}.json`);
}

/** The backend named in a vault envelope, or undefined when the text is no vault at all. */
function writtenBy(text: string): string | undefined {
  try {
    const parsed = v.safeParse(EnvelopeSchema, JSON.parse(text));
    return parsed.success ? parsed.output.backend : undefined;
  } catch {
    return undefined;
  }
}

function secretValuesOf(secrets: ProfileSecrets | undefined): (string | undefined)[] {
  if (!secrets) return [];
  return [secrets.clientSecret, secrets.refreshToken, secrets.accessToken, secrets.idToken, secrets.webhookSigningSecret];
}
