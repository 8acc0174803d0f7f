// One rate budget per token. Genesys counts requests per token per minute and says so on every
// answer (inin-ratelimit-allowed, -count, -reset); every consumer of a profile spends the same
// budget, so the gateway paces them all from one bucket:
// - a hard cap: never more sends in the server's window than it allows (what keeps 429s away);
// - even pacing: the budget left is spread over the time left, with a small burst after idling;
// - fairness: waiting consumers are served round robin, so a busy consumer queues behind itself
//   instead of starving the others; nobody is answered 429 for the budget, they wait.
// Time comes from an injected clock and timers, so tests drive it without sleeping.

import type { Timers } from '../engine/index.js';

export interface BudgetClock {
  now(): number;
}

/** What one answer said about the budget; absent fields were not sent. */
export interface BudgetReading {
  allowed?: number;
  count?: number;
  /** Seconds until the server's window resets. */
  resetSec?: number;
}

export interface BudgetSnapshot {
  /** Undefined until the server has told us its limit. */
  allowed?: number;
  used: number;
  left?: number;
  /** Epoch ms the current window ends (our estimate from -reset). */
  resetsAt?: number;
  waiting: number;
}

export interface BudgetOptions {
  clock: BudgetClock;
  timers: Timers;
  /** A consumer that took more than this share of an exhausted window is named (default 0.5). */
  burnShare?: number;
  onBurn?: (notice: { consumer: string; used: number; allowed: number }) => void;
  /** Most requests that may wait at once (beyond: refused, so memory stays bounded). */
  maxWaiting?: number;
}

/** Window length when the server has not told us yet (Genesys: a minute). */
export const DEFAULT_WINDOW_MS = 60_000;
/** -reset is whole seconds: our window is treated as ending this much after it says. */
const RESET_GUARD_MS = 1_000;
/** After idling, this much of the paced schedule may be spent at once. */
const BURST_MS = 1_000;

interface Waiter {
  resolve: () => void;
  reject: (error: Error) => void;
}

export class BudgetFullError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BudgetFullError';
  }
}

export class TokenBudget {
  private allowed: number | undefined;
  /**
   * Until the first answer says whether (and how much) the server limits this token, one request
   * at a time probes; an answer without the headers means no limit to pace by.
   */
  private limited: 'unknown' | 'unlimited' | 'limited' = 'unknown';
  private windowEndsAt = 0;
  private used = 0;
  private inFlight = 0;
  private nextSlotAt = 0;
  private readonly queues = new Map<string, Waiter[]>();
  /** Consumers with waiters, in round-robin order; the head is served next. */
  private ring: string[] = [];
  private waiting = 0;
  private timer: unknown;
  private timerAt = Infinity;
  private readonly perConsumer = new Map<string, number>();
  private named = new Set<string>();
  /** Consumers that had to queue in this window: the ones a budget burner costs. */
  private readonly waited = new Set<string>();

  constructor(private readonly options: BudgetOptions) {}

  /** Resolves when this consumer may send one request; call `settled` with its answer afterwards. */
  acquire(consumer: string, signal?: AbortSignal): Promise<void> {
    this.roll();
    if (this.waiting === 0 && this.mayGrantNow()) {
      this.grant(consumer);
      return Promise.resolve();
    }
    if (this.waiting >= (this.options.maxWaiting ?? 10_000)) return Promise.reject(new BudgetFullError('too many requests are waiting for this token\'s rate budget'));
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject };
      const queue = this.queues.get(consumer) ?? [];
      if (queue.length === 0) this.ring.push(consumer);
      this.waited.add(consumer);
      queue.push(waiter);
      this.queues.set(consumer, queue);
      this.waiting += 1;
      signal?.addEventListener('abort', () => this.cancel(consumer, waiter), { once: true });
      this.pump();
    });
  }

  /** An answer arrived for a granted request: learn the server's view of the window. */
  settled(reading: BudgetReading): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    this.observe(reading);
    this.pump();
  }

  /** A granted request never reached the server (refused before sending, connection failed). */
  released(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    this.used = Math.max(0, this.used - 1);
    this.pump();
  }

  /** The server answered 429 anyway (its budget is shared with the Genesys UI): stop until it says. */
  exhaustedFor(waitMs: number): void {
    const now = this.options.clock.now();
    if (this.allowed !== undefined) this.used = Math.max(this.used, this.allowed);
    else this.allowed = this.used;
    // Retry-After is the server's word for when its window resets.
    this.windowEndsAt = now + waitMs - RESET_GUARD_MS;
    this.limited = 'limited';
    this.pump();
  }

  snapshot(): BudgetSnapshot {
    this.roll();
    return {
      ...(this.allowed !== undefined ? { allowed: this.allowed, left: Math.max(0, this.allowed - this.used), resetsAt: this.windowEndsAt } : {}),
      used: this.used,
      waiting: this.waiting,
    };
  }

  /** Rejects every waiter (the gateway stops). */
  close(): void {
    for (const [, queue] of this.queues) for (const waiter of queue) waiter.reject(new BudgetFullError('the gateway is stopping'));
    this.queues.clear();
    this.ring = [];
    this.waiting = 0;
    if (this.timer !== undefined) this.options.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private observe(reading: BudgetReading): void {
    const { allowed, count, resetSec } = reading;
    if (allowed === undefined || !Number.isFinite(allowed) || allowed <= 0) {
      if (this.limited === 'unknown') this.limited = 'unlimited';
      return;
    }
    this.limited = 'limited';
    const now = this.options.clock.now();
    const first = this.allowed === undefined;
    this.allowed = allowed;
    if (count === undefined || resetSec === undefined || !Number.isFinite(count) || !Number.isFinite(resetSec)) return;
    const serverEnd = now + resetSec * 1000;
    if (first || serverEnd > this.windowEndsAt + RESET_GUARD_MS * 1.5) {
      // The server is in a newer window than we thought: adopt it. Requests still in flight may land in it too.
      this.windowEndsAt = serverEnd;
      this.used = count + this.inFlight;
      this.resetShares();
    } else if (serverEnd >= this.windowEndsAt - RESET_GUARD_MS * 1.5) {
      this.used = Math.max(this.used, count);
    } // else: a late answer from an older window; nothing to learn about this one
  }

  private roll(): void {
    const now = this.options.clock.now();
    if (this.allowed === undefined || now < this.windowEndsAt + RESET_GUARD_MS) return;
    this.noticeBurners();
    this.used = 0;
    this.windowEndsAt = now + DEFAULT_WINDOW_MS - RESET_GUARD_MS;
    this.resetShares();
  }

  private resetShares(): void {
    this.noticeBurners();
    this.perConsumer.clear();
    this.named.clear();
    this.waited.clear();
  }

  private mayGrantNow(): boolean {
    if (this.limited === 'unknown') return this.inFlight === 0;
    if (this.allowed === undefined) return true; // the server does not say it limits us
    if (this.used >= this.allowed) return false;
    return this.options.clock.now() >= this.nextSlotAt;
  }

  private grant(consumer: string): void {
    const now = this.options.clock.now();
    this.used += 1;
    this.inFlight += 1;
    this.perConsumer.set(consumer, (this.perConsumer.get(consumer) ?? 0) + 1);
    if (this.allowed !== undefined) {
      // The grants left are spaced so that the last one still falls inside the window.
      const left = Math.max(0, this.allowed - this.used);
      const interval = Math.max(0, this.windowEndsAt + RESET_GUARD_MS - now) / (left + 1);
      this.nextSlotAt = Math.max(this.nextSlotAt, now - BURST_MS) + interval;
    }
  }

  private pump(): void {
    this.roll();
    while (this.waiting > 0 && this.mayGrantNow()) {
      const consumer = this.ring.shift();
      if (consumer === undefined) break;
      const queue = this.queues.get(consumer) ?? [];
      const waiter = queue.shift();
      if (queue.length > 0) this.ring.push(consumer);
      else this.queues.delete(consumer);
      if (!waiter) continue;
      this.waiting -= 1;
      this.grant(consumer);
      waiter.resolve();
    }
    if (this.waiting > 0) this.wakeAt(this.allowed !== undefined && this.used >= this.allowed ? this.windowEndsAt + RESET_GUARD_MS : this.nextSlotAt);
  }

  private wakeAt(at: number): void {
    if (this.timer !== undefined && this.timerAt <= at) return;
    if (this.timer !== undefined) this.options.timers.clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = this.options.timers.setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.pump();
    }, Math.max(0, at - this.options.clock.now()));
  }

  private cancel(consumer: string, waiter: Waiter): void {
    const queue = this.queues.get(consumer);
    const index = queue?.indexOf(waiter) ?? -1;
    if (!queue || index === -1) return;
    queue.splice(index, 1);
    this.waiting -= 1;
    if (queue.length === 0) {
      this.queues.delete(consumer);
      this.ring = this.ring.filter((c) => c !== consumer);
    }
    waiter.reject(new BudgetFullError('the consumer went away while waiting'));
  }

  /** A window ended: name whoever took more than their share of it while another consumer had to wait. */
  private noticeBurners(): void {
    if (this.allowed === undefined || !this.options.onBurn) return;
    const share = this.options.burnShare ?? 0.5;
    for (const [consumer, used] of this.perConsumer) {
      const othersWaited = [...this.waited].some((other) => other !== consumer);
      if (this.named.has(consumer) || !othersWaited || used <= this.allowed * share) continue;
      this.named.add(consumer);
      this.options.onBurn({ consumer, used, allowed: this.allowed });
    }
  }
}

/** The budget headers of one answer, read leniently (absent or unreadable → undefined). */
export function readBudgetHeaders(get: (name: string) => string | undefined): BudgetReading {
  const num = (name: string): number | undefined => {
    const raw = get(name);
    if (raw === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(raw)) return undefined;
    return Number(raw);
  };
  const reading: BudgetReading = {};
  const allowed = num('inin-ratelimit-allowed');
  const count = num('inin-ratelimit-count');
  const resetSec = num('inin-ratelimit-reset');
  if (allowed !== undefined) reading.allowed = allowed;
  if (count !== undefined) reading.count = count;
  if (resetSec !== undefined) reading.resetSec = resetSec;
  return reading;
}
