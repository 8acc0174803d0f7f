// Per-profile refresh latency (bounded history) and counters, persisted so charts survive a
// restart. A refresh is counted once, however many attempts (429s, 5xx retries) it took; the
// attempts are counted apart, so a refresh that succeeded on its third try is one success and
// two failed attempts, never two failed refreshes. Writes are coalesced: a burst of samples causes one file write, not one per sample.

import * as v from 'valibot';
import type { LatencySample, MetricsSummary, ProfileId } from '../../../shared/domain.js';
import { systemClock, type Clock } from '../contracts.js';
import { writeFileAtomic } from '../storage/atomic-write.js';
import { readFileIfExists } from '../storage/read-optional.js';
import { setAside } from '../storage/set-aside.js';
import { sweepTempFiles } from '../storage/sweep-temp.js';
import { mean, percentile } from './percentiles.js';

const ProfileMetricsSchema = v.object({
  successes: v.number(),
  failures: v.number(),
  /** Absent in files written before attempts were counted apart. */
  attempts: v.optional(v.number()),
  failedAttempts: v.optional(v.number()),
  validityChecks: v.number(),
  validityPassed: v.number(),
  validityUnverified: v.optional(v.number()),
  samples: v.array(v.object({ at: v.number(), ms: v.number(), ok: v.boolean(), code: v.optional(v.string()) })),
});
const FileSchema = v.object({ version: v.literal(1), profiles: v.record(v.string(), ProfileMetricsSchema) });
type ProfileMetrics = v.InferOutput<typeof ProfileMetricsSchema>;

/** Metrics are rewritten at most this often. */
const WRITE_INTERVAL_MS = 1_000;

const empty = (): ProfileMetrics => ({ successes: 0, failures: 0, attempts: 0, failedAttempts: 0, validityChecks: 0, validityPassed: 0, samples: [] });

export class MetricsStore {
  private readonly profiles = new Map<ProfileId, ProfileMetrics>();
  private pendingWrite: Promise<void> | undefined;
  private dirty = false;
  private lastWriteAt = 0;
  private wakeWriter: (() => void) | undefined;
  private recovered: { movedTo: string; reason: string } | undefined;

  private constructor(private readonly file: string, private readonly maxSamples: number, private readonly clock: Clock) {}

  static async open(options: { file: string; maxSamples?: number; clock?: Clock }): Promise<MetricsStore> {
    const store = new MetricsStore(options.file, options.maxSamples ?? 500, options.clock ?? systemClock);
    await store.load();
    return store;
  }

  recovery(): { movedTo: string; reason: string } | undefined {
    return this.recovered;
  }

  /** The outcome of one whole refresh; `attempts` is how many tries it took (default 1). */
  recordRefresh(profileId: ProfileId, sample: { ms: number; ok: boolean; code?: string; attempts?: number }): Promise<void> {
    const m = this.entry(profileId);
    const attempts = Math.max(1, sample.attempts ?? 1);
    if (sample.ok) m.successes += 1;
    else m.failures += 1;
    m.attempts = (m.attempts ?? 0) + attempts;
    // Every try failed but a successful last one.
    m.failedAttempts = (m.failedAttempts ?? 0) + (sample.ok ? attempts - 1 : attempts);
    const entry: LatencySample = { at: this.clock.now(), ms: Math.round(sample.ms * 100) / 100, ok: sample.ok };
    if (sample.code) entry.code = sample.code;
    m.samples.push(entry);
    if (m.samples.length > this.maxSamples) m.samples.splice(0, m.samples.length - this.maxSamples);
    return this.writeSoon();
  }

  /** A check's outcome; "unverified" is no verdict on the token and stays out of the validity rate. */
  recordValidity(profileId: ProfileId, outcome: 'valid' | 'invalid' | 'unverified'): Promise<void> {
    const m = this.entry(profileId);
    if (outcome === 'unverified') m.validityUnverified = (m.validityUnverified ?? 0) + 1;
    else m.validityChecks += 1;
    if (outcome === 'valid') m.validityPassed += 1;
    return this.writeSoon();
  }

  summary(profileId: ProfileId): MetricsSummary {
    const m = this.profiles.get(profileId) ?? empty();
    const okLatencies = m.samples.filter((s) => s.ok).map((s) => s.ms).sort((a, b) => a - b);
    // Each refresh is one observation of "did we end up with a valid token", like each check.
    const observations = m.successes + m.failures + m.validityChecks;
    return {
      successes: m.successes,
      failures: m.failures,
      attempts: m.attempts ?? 0,
      failedAttempts: m.failedAttempts ?? 0,
      validityChecks: m.validityChecks,
      validityPassed: m.validityPassed,
      validityUnverified: m.validityUnverified ?? 0,
      validityRate: observations === 0 ? null : (m.successes + m.validityPassed) / observations,
      meanMs: mean(okLatencies),
      p50Ms: percentile(okLatencies, 50),
      p95Ms: percentile(okLatencies, 95),
      samples: m.samples.map((s) => ({ ...s })),
    };
  }

  remove(profileId: ProfileId): Promise<void> {
    this.profiles.delete(profileId);
    return this.writeSoon();
  }

  async flush(): Promise<void> {
    this.wakeWriter?.();
    while (this.pendingWrite) await this.pendingWrite;
  }

  private entry(profileId: ProfileId): ProfileMetrics {
    let m = this.profiles.get(profileId);
    if (!m) {
      m = empty();
      this.profiles.set(profileId, m);
    }
    return m;
  }

  /**
   * At most one write in flight, and at most one a second: samples arriving meanwhile ride on the
   * next one. History is no secret and no rotation rides on it, so a second of it may be lost to a
   * crash; without the pause 2,000 profiles rewrote the whole file back to back.
   */
  private scheduleWrite(): Promise<void> {
    this.dirty = true;
    if (!this.pendingWrite) {
      this.pendingWrite = (async () => {
        try {
          while (this.dirty) {
            await this.pause(WRITE_INTERVAL_MS - (Date.now() - this.lastWriteAt));
            this.dirty = false;
            this.lastWriteAt = Date.now();
            await writeFileAtomic(this.file, JSON.stringify({ version: 1, profiles: Object.fromEntries(this.profiles) }), { mode: 0o600 });
          }
        } finally {
          this.pendingWrite = undefined;
        }
      })();
    }
    return this.pendingWrite;
  }

  /** Schedules the write without making the caller wait for it (a failed write is retried with the next sample). */
  private writeSoon(): Promise<void> {
    this.scheduleWrite().catch(() => undefined);
    return Promise.resolve();
  }

  /** Waits up to `ms` (never keeping the process alive); flush() ends the wait at once. */
  private pause(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      timer.unref?.();
      this.wakeWriter = done;
      function done() {
        clearTimeout(timer);
        resolve();
      }
    }).finally(() => (this.wakeWriter = undefined));
  }

  private async load(): Promise<void> {
    await sweepTempFiles(this.file);
    const text = await readFileIfExists(this.file);
    if (text === undefined) return;
    try {
      const parsed = v.safeParse(FileSchema, JSON.parse(text));
      if (parsed.success) {
        // Older files counted every attempt as a refresh: their counts are the best estimate there is.
        for (const [id, m] of Object.entries(parsed.output.profiles)) this.profiles.set(id, { ...m, attempts: m.attempts ?? m.successes + m.failures, failedAttempts: m.failedAttempts ?? m.failures });
        return;
      }
    } catch {
      // fall through to set the file aside
    }
    const movedTo = await setAside(this.file, this.clock.now());
    this.recovered = { movedTo, reason: 'the metrics file was damaged' };
  }
}
