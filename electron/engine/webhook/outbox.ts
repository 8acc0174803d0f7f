// A durable outbox for webhook events: an event is on disk before enqueue resolves and leaves
// the disk only after the receiver answers 2xx (or 410 Gone). Retries back off with full jitter,
// their schedule is persisted (so it survives restarts), and the queue is bounded: when full the
// oldest event is dropped and reported rather than growing without end. An unreachable receiver
// is one outage, not one complaint per attempt: one report (log line, audit row) when it starts,
// one when it ends, with how many attempts failed in between.

import * as v from 'valibot';
import { silentLogger, systemClock, type Clock, type Logger } from '../contracts.js';
import { fullJitterBackoff } from '../http/backoff.js';
import type { FetchFunction } from '../http/fetch-with-timeout.js';
import { checkServiceUrl } from '../net/urls.js';
import { writeFileAtomic } from '../storage/atomic-write.js';
import { readFileIfExists } from '../storage/read-optional.js';
import { setAside } from '../storage/set-aside.js';
import { sweepTempFiles } from '../storage/sweep-temp.js';
import { WebhookEventSchema, buildWebhookEvent, type WebhookEvent } from './events.js';
import { postSignedEvent, type PostOutcome } from './post-event.js';
import { webhookSecretProblem } from './signing.js';

export type DeliveryResult =
  | { kind: 'delivered'; eventId: string; httpStatus: number }
  /** One attempt failed. Returned by deliverNow; reported through onResult only as an outage. */
  | { kind: 'failed'; eventId: string; httpStatus?: number; message: string; nextAttemptAt: number }
  | { kind: 'dropped'; eventId: string; reason: string };

/** Reported through onResult (and logged) once per outage of the receiver, not per attempt. */
export type OutageReport =
  | { kind: 'outage_started'; since: number; message: string; httpStatus?: number; nextAttemptAt: number }
  | { kind: 'outage_ended'; since: number; endedAt: number; failedAttempts: number; lastMessage: string };

interface QueuedEvent {
  event: WebhookEvent;
  attempts: number;
  nextAttemptAt: number;
}

/** The queue file: each event checked with the schema the event type comes from, as if it arrived from outside. */
const QueueSchema = v.object({
  version: v.literal(1),
  dropped: v.pipe(v.number(), v.integer(), v.minValue(0)),
  queue: v.array(v.object({ event: WebhookEventSchema, attempts: v.pipe(v.number(), v.integer(), v.minValue(0)), nextAttemptAt: v.number() })),
});

export interface OutboxOptions {
  file: string;
  clock?: Clock;
  logger?: Logger;
  maxEntries?: number;
  maxAttempts?: number;
  baseDelayMs?: number;
  capDelayMs?: number;
  timeoutMs?: number;
  random?: () => number;
  userAgent?: string;
  /** The network (default: the global fetch). */
  fetch?: FetchFunction;
  onResult?: (result: DeliveryResult | OutageReport) => void;
}

export class WebhookOutbox {
  private queue: QueuedEvent[] = [];
  private dropped = 0;
  private destination: { url: string; secret: string } | null = null;
  private writeChain: Promise<void> = Promise.resolve();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private delivering: Promise<DeliveryResult[]> | undefined;
  private lastError: string | undefined;
  private lastDeliveredAt: number | undefined;
  private recovered: { movedTo: string; reason: string } | undefined;
  private outage: { since: number; failedAttempts: number; lastMessage: string } | undefined;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly opts: Required<Omit<OutboxOptions, 'clock' | 'logger' | 'onResult' | 'random' | 'fetch'>> & Pick<OutboxOptions, 'onResult' | 'fetch'> & { random: () => number };

  private constructor(options: OutboxOptions) {
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.opts = {
      file: options.file,
      maxEntries: options.maxEntries ?? 500,
      maxAttempts: options.maxAttempts ?? 12,
      baseDelayMs: options.baseDelayMs ?? 2_000,
      capDelayMs: options.capDelayMs ?? 15 * 60_000,
      timeoutMs: options.timeoutMs ?? 10_000,
      userAgent: options.userAgent ?? 'TokenTray/0.1',
      random: options.random ?? Math.random,
      onResult: options.onResult,
      fetch: options.fetch,
    };
  }

  static async open(options: OutboxOptions): Promise<WebhookOutbox> {
    const outbox = new WebhookOutbox(options);
    await outbox.load();
    return outbox;
  }

  /** Sets the destination; throws with a message saying what is wrong with the URL or secret. */
  configure(destination: { url: string; secret: string } | null): void {
    if (destination === null) {
      this.destination = null;
      return;
    }
    const check = checkServiceUrl(destination.url, 'webhook URL');
    if (!check.ok) throw new Error(check.message);
    if (!destination.secret) throw new Error('The webhook signing secret is empty; generate one or paste the receiver\'s secret.');
    const weakness = webhookSecretProblem(destination.secret);
    if (weakness) throw new Error(weakness);
    this.destination = { url: check.url.href, secret: destination.secret };
    this.arm();
  }

  get configured(): boolean {
    return this.destination !== null;
  }

  recovery(): { movedTo: string; reason: string } | undefined {
    return this.recovered;
  }

  stats(): { pending: number; dropped: number; lastError?: string; lastDeliveredAt?: number; configured: boolean } {
    return {
      pending: this.queue.length,
      dropped: this.dropped,
      configured: this.configured,
      ...(this.lastError ? { lastError: this.lastError } : {}),
      ...(this.lastDeliveredAt ? { lastDeliveredAt: this.lastDeliveredAt } : {}),
    };
  }

  /** Resolves once the event is on disk. Without a destination nothing is stored. */
  async enqueue(event: WebhookEvent): Promise<void> {
    if (!this.destination) return;
    this.queue.push({ event, attempts: 0, nextAttemptAt: this.clock.now() });
    while (this.queue.length > this.opts.maxEntries) {
      const oldest = this.queue.shift();
      this.dropped += 1;
      if (oldest) this.report({ kind: 'dropped', eventId: oldest.event.id, reason: `outbox full (${this.opts.maxEntries} events)` });
    }
    await this.save();
    this.arm();
  }

  start(): void {
    this.running = true;
    this.arm();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.delivering;
  }

  async flush(): Promise<void> {
    await this.writeChain;
  }

  /** Tries every due event once, oldest first. */
  deliverNow(): Promise<DeliveryResult[]> {
    if (!this.delivering) {
      this.delivering = this.deliverDue().finally(() => {
        this.delivering = undefined;
        this.arm();
      });
    }
    return this.delivering;
  }

  /** "Send test event": immediate, not queued, with a sentence for the settings screen. */
  async sendTest(): Promise<{ ok: boolean; httpStatus?: number; message: string }> {
    if (!this.destination) return { ok: false, message: 'No webhook URL is configured.' };
    const event = buildWebhookEvent('test', { profile: null, data: {}, occurredAt: new Date(this.clock.now()).toISOString() });
    const outcome = await this.post(event);
    if (outcome.ok) return { ok: true, httpStatus: outcome.status, message: `Delivered: the receiver answered ${outcome.status}.` };
    if (outcome.status === 401 || outcome.status === 403) {
      return { ok: false, httpStatus: outcome.status, message: `The receiver answered ${outcome.status}: check the signing secret on the receiving side.` };
    }
    return { ok: false, ...(outcome.status ? { httpStatus: outcome.status } : {}), message: outcome.message };
  }

  private async deliverDue(): Promise<DeliveryResult[]> {
    const results: DeliveryResult[] = [];
    if (!this.destination) return results;
    const now = this.clock.now();
    for (const item of [...this.queue]) {
      if (item.nextAttemptAt > now) continue;
      const outcome = await this.post(item.event);
      if (outcome.ok || outcome.status === 410) {
        this.endOutage();
        this.remove(item);
        if (outcome.ok) this.lastDeliveredAt = this.clock.now();
        const result: DeliveryResult = outcome.ok
          ? { kind: 'delivered', eventId: item.event.id, httpStatus: outcome.status }
          : { kind: 'dropped', eventId: item.event.id, reason: 'the receiver answered 410 Gone' };
        results.push(result);
        this.report(result);
        continue;
      }
      item.attempts += 1;
      this.lastError = outcome.message;
      this.noteFailure(outcome);
      if (item.attempts >= this.opts.maxAttempts) {
        this.remove(item);
        this.dropped += 1;
        const result: DeliveryResult = { kind: 'dropped', eventId: item.event.id, reason: `gave up after ${item.attempts} attempts: ${outcome.message}` };
        results.push(result);
        this.report(result);
        continue;
      }
      const backoff = fullJitterBackoff(item.attempts, { baseMs: this.opts.baseDelayMs, capMs: this.opts.capDelayMs }, this.opts.random);
      item.nextAttemptAt = this.clock.now() + Math.max(backoff, outcome.retryAfterMs ?? 0, this.opts.baseDelayMs / 2);
      const result: DeliveryResult = { kind: 'failed', eventId: item.event.id, message: outcome.message, nextAttemptAt: item.nextAttemptAt, ...(outcome.status ? { httpStatus: outcome.status } : {}) };
      results.push(result);
      if (this.outage?.failedAttempts === 1) this.report({ kind: 'outage_started', since: this.outage.since, message: outcome.message, nextAttemptAt: item.nextAttemptAt, ...(outcome.status ? { httpStatus: outcome.status } : {}) });
    }
    await this.save();
    return results;
  }

  private post(event: WebhookEvent): Promise<PostOutcome> {
    if (!this.destination) return Promise.resolve({ ok: false, message: 'No webhook URL is configured.' });
    return postSignedEvent(event, this.destination, { clock: this.clock, userAgent: this.opts.userAgent, timeoutMs: this.opts.timeoutMs, ...(this.opts.fetch ? { fetch: this.opts.fetch } : {}) });
  }

  private noteFailure(outcome: { message: string }): void {
    if (this.outage) {
      this.outage.failedAttempts += 1;
      this.outage.lastMessage = outcome.message;
      return;
    }
    this.outage = { since: this.clock.now(), failedAttempts: 1, lastMessage: outcome.message };
  }

  private endOutage(): void {
    const outage = this.outage;
    if (!outage) return;
    this.outage = undefined;
    this.report({ kind: 'outage_ended', since: outage.since, endedAt: this.clock.now(), failedAttempts: outage.failedAttempts, lastMessage: outage.lastMessage });
  }

  private remove(item: QueuedEvent): void {
    this.queue = this.queue.filter((q) => q !== item);
  }

  private report(result: DeliveryResult | OutageReport): void {
    if (result.kind === 'dropped') this.logger.warn('webhook event dropped', { eventId: result.eventId, reason: result.reason });
    if (result.kind === 'outage_started') this.logger.warn('webhook receiver unreachable; retrying quietly until it answers', { message: result.message });
    if (result.kind === 'outage_ended') this.logger.info('webhook receiver reachable again', { failedAttempts: result.failedAttempts, outageSec: Math.round((result.endedAt - result.since) / 1000) });
    this.opts.onResult?.(result);
  }

  /** One timer for the earliest due event; nothing polls. */
  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.running || !this.destination || this.queue.length === 0 || this.delivering) return;
    const next = Math.min(...this.queue.map((q) => q.nextAttemptAt));
    const delay = Math.max(0, Math.min(next - this.clock.now(), 2 ** 31 - 1));
    this.timer = setTimeout(() => void this.deliverNow(), delay);
    this.timer.unref?.();
  }

  private save(): Promise<void> {
    const snapshot = JSON.stringify({ version: 1, dropped: this.dropped, queue: this.queue });
    const write = this.writeChain.then(() => writeFileAtomic(this.opts.file, snapshot, { mode: 0o600 }));
    this.writeChain = write.catch(() => {});
    return write;
  }

  private async load(): Promise<void> {
    await sweepTempFiles(this.opts.file);
    const text = await readFileIfExists(this.opts.file);
    if (text === undefined) return;
    let reason: string;
    try {
      const parsed = v.safeParse(QueueSchema, JSON.parse(text));
      if (parsed.success) {
        this.dropped = parsed.output.dropped;
        this.queue = parsed.output.queue;
        return;
      }
      reason = `the webhook outbox file does not hold valid queued events (${describeIssue(parsed.issues)})`;
    } catch {
      reason = 'the webhook outbox file is not JSON';
    }
    // Nothing of a damaged queue is sent (a field someone added would be signed and delivered):
    // the file is set aside for inspection and the outbox starts empty, and says so.
    const movedTo = await setAside(this.opts.file, this.clock.now());
    this.recovered = { movedTo, reason };
    this.logger.warn('webhook outbox set aside', { movedTo, reason });
  }

}

/** Where and what: `queue.0.event.data.accessToken: Invalid key`. */
function describeIssue(issues: readonly v.BaseIssue<unknown>[]): string {
  const first = issues[0];
  const path = first?.path?.map((item) => String(item.key)).join('.');
  return `${path ? `${path.slice(0, 120)}: ` : ''}${first?.message.slice(0, 200) ?? 'unknown problem'}`;
}
