// Consumer keys: random bearer keys (`ttgw_` + 256 random bits) that each name one profile and one
// consumer. Only their SHA-256 is kept, in gateway.json in the data folder (mode 0600, atomic
// writes); the key itself is returned once, at creation. Checking a key hashes what was presented
// and compares it with every stored hash in constant time, so timing tells nothing about a near miss.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as v from 'valibot';
import { writeFileAtomic } from '../engine/index.js';
import { parseAllowRule, type AllowRule } from './allowlist.js';

export const KEY_PREFIX = 'ttgw_';
export const DEFAULT_KEY_LIFETIME_MS = 30 * 24 * 3600 * 1000;
/** Revoked keys are remembered (hash only) so a late caller hears "revoked", not "unknown". */
const REMEMBERED_REVOKED = 200;
const CONSUMER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const KeyRecordSchema = v.object({
  consumer: v.pipe(v.string(), v.regex(CONSUMER_NAME)),
  profileId: v.string(),
  keySha256: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)),
  allow: v.array(v.string()),
  readOnly: v.boolean(),
  createdAt: v.number(),
  expiresAt: v.number(),
  /** Made by `tokentray exec --via-gateway`; revoked when the command ends. */
  temporary: v.optional(v.boolean()),
  revokedAt: v.optional(v.number()),
});
export type KeyRecord = v.InferOutput<typeof KeyRecordSchema>;

const GatewayFileSchema = v.object({
  version: v.literal(1),
  /** The listener's port, chosen once and kept so granted URLs stay valid across restarts. */
  port: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(65535))),
  keys: v.array(KeyRecordSchema),
});
type GatewayFile = v.InferOutput<typeof GatewayFileSchema>;

export interface GrantRequest {
  profileId: string;
  consumer: string;
  allow?: string[];
  readOnly?: boolean;
  lifetimeMs?: number;
  temporary?: boolean;
}

/** A consumer key's public face: everything but its hash. */
export interface ConsumerView {
  consumer: string;
  profileId: string;
  allow: string[];
  readOnly: boolean;
  createdAt: number;
  expiresAt: number;
  temporary: boolean;
}

export type KeyCheck =
  | { ok: true; record: KeyRecord; rules: AllowRule[] }
  | { ok: false; reason: string };

export class GrantError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GrantError';
  }
}

export const gatewayFile = (dataDir: string): string => join(dataDir, 'gateway.json');
export const hashKey = (key: string): Buffer => createHash('sha256').update(key, 'utf8').digest();

export class ConsumerKeyStore {
  private state: GatewayFile = { version: 1, port: null, keys: [] };
  private rules = new Map<string, AllowRule[]>();
  /** The stored hashes as bytes, decoded once (the check compares against every one of them). */
  private digests = new WeakMap<KeyRecord, Buffer>();
  private writes: Promise<void> = Promise.resolve();

  private constructor(private readonly file: string, private readonly now: () => number) {}

  static async open(dataDir: string, now: () => number = Date.now): Promise<ConsumerKeyStore> {
    const store = new ConsumerKeyStore(gatewayFile(dataDir), now);
    let raw: string | undefined;
    try {
      raw = await readFile(store.file, 'utf8');
    } catch {
      raw = undefined; // no gateway yet
    }
    if (raw !== undefined) {
      const parsed = v.safeParse(GatewayFileSchema, JSON.parse(raw) as unknown);
      if (!parsed.success) throw new Error(`${store.file} is not a TokenTray gateway file (${parsed.issues[0]?.message ?? 'unknown shape'}); move it aside to start with no consumer keys.`);
      store.state = parsed.output;
      for (const record of store.state.keys) store.rules.set(record.keySha256, compileRules(record.allow));
    }
    return store;
  }

  get port(): number | null {
    return this.state.port;
  }

  async setPort(port: number): Promise<void> {
    this.state.port = port;
    await this.save();
  }

  /** Active (not revoked) keys, expired ones included so the user sees them. */
  list(): ConsumerView[] {
    return this.state.keys.filter((k) => k.revokedAt === undefined).map(viewOf);
  }

  hasActiveKeys(): boolean {
    const now = this.now();
    return this.state.keys.some((k) => k.revokedAt === undefined && k.expiresAt > now);
  }

  async grant(request: GrantRequest): Promise<{ key: string; view: ConsumerView }> {
    if (!CONSUMER_NAME.test(request.consumer)) throw new GrantError(`"${request.consumer}" cannot name a consumer: use 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit (e.g. terraform-prod).`);
    if (this.state.keys.some((k) => k.revokedAt === undefined && k.consumer === request.consumer)) {
      throw new GrantError(`The consumer "${request.consumer}" already has a key. Revoke it first (tokentray gateway revoke ${request.consumer}) or choose another name.`);
    }
    const allow = request.allow ?? [];
    compileRules(allow); // throws GrantError with the rule's problem
    const lifetime = request.lifetimeMs ?? DEFAULT_KEY_LIFETIME_MS;
    if (!Number.isFinite(lifetime) || lifetime <= 0) throw new GrantError('A key must live for some time: give --expires as e.g. 30d, 12h or 90m.');
    const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
    const now = this.now();
    const record: KeyRecord = {
      consumer: request.consumer,
      profileId: request.profileId,
      keySha256: hashKey(key).toString('hex'),
      allow: [...allow],
      readOnly: request.readOnly ?? false,
      createdAt: now,
      expiresAt: now + lifetime,
      ...(request.temporary ? { temporary: true } : {}),
    };
    this.state.keys.push(record);
    this.rules.set(record.keySha256, compileRules(record.allow));
    await this.save();
    return { key, view: viewOf(record) };
  }

  /** Revokes the consumer's key; false when no active key has that name. */
  async revoke(consumer: string): Promise<boolean> {
    const record = this.state.keys.find((k) => k.revokedAt === undefined && k.consumer === consumer);
    if (!record) return false;
    record.revokedAt = this.now();
    const revoked = this.state.keys.filter((k) => k.revokedAt !== undefined);
    if (revoked.length > REMEMBERED_REVOKED) {
      const forget = new Set(revoked.slice(0, revoked.length - REMEMBERED_REVOKED));
      this.state.keys = this.state.keys.filter((k) => !forget.has(k));
    }
    await this.save();
    return true;
  }

  /** Revokes every key of a profile (the profile was removed). */
  async revokeProfile(profileId: string): Promise<string[]> {
    const names = this.state.keys.filter((k) => k.revokedAt === undefined && k.profileId === profileId).map((k) => k.consumer);
    for (const name of names) await this.revoke(name);
    return names;
  }

  /** Checks a presented key in constant time over every stored hash; the reason is one line. */
  check(presented: string): KeyCheck {
    const digest = hashKey(presented);
    let found: KeyRecord | undefined;
    for (const record of this.state.keys) {
      // No early exit: every hash is compared, whatever matched before.
      if (timingSafeEqual(digest, this.digestOf(record))) found = record;
    }
    if (!found) return { ok: false, reason: 'the gateway key is not known here (mistyped, or from another TokenTray)' };
    if (found.revokedAt !== undefined) return { ok: false, reason: `the key of consumer "${found.consumer}" was revoked` };
    if (found.expiresAt <= this.now()) return { ok: false, reason: `the key of consumer "${found.consumer}" expired at ${new Date(found.expiresAt).toISOString()}; grant a new one` };
    return { ok: true, record: found, rules: this.rules.get(found.keySha256) ?? [] };
  }

  private digestOf(record: KeyRecord): Buffer {
    let digest = this.digests.get(record);
    if (!digest) {
      digest = Buffer.from(record.keySha256, 'hex');
      this.digests.set(record, digest);
    }
    return digest;
  }

  /** Writes serialised, so two grants at once cannot lose one another. */
  private save(): Promise<void> {
    const snapshot = `${JSON.stringify(this.state, null, 2)}\n`;
    this.writes = this.writes.catch(() => {}).then(() => writeFileAtomic(this.file, snapshot, { mode: 0o600 }));
    return this.writes;
  }
}

function compileRules(allow: readonly string[]): AllowRule[] {
  return allow.map((text) => {
    const parsed = parseAllowRule(text);
    if (!parsed.ok) throw new GrantError(parsed.message);
    return parsed.rule;
  });
}

function viewOf(record: KeyRecord): ConsumerView {
  return {
    consumer: record.consumer,
    profileId: record.profileId,
    allow: [...record.allow],
    readOnly: record.readOnly,
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
    temporary: record.temporary ?? false,
  };
}
