// The shared rate budget against a model of Genesys's per-token limit (fixed one-minute windows,
// 429 past the limit, inin-ratelimit-* on every answer), on a fake clock: whatever the consumers
// do, the server never has to say 429; waiting consumers are served round robin; a consumer that
// eats an exhausted window is named.

import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TokenBudget, readBudgetHeaders, type BudgetReading } from '../../../electron/gateway/rate-budget.js';

const WINDOW_MS = 60_000;

/** Genesys's side, as the sandbox plays it: a window per token starting at its first request. */
class ModelServer {
  private window: { startedAt: number; count: number } | undefined;
  rejected = 0;
  maxInWindow = 0;
  constructor(private readonly limit: number) {}

  serve(): { status: number; reading: BudgetReading } {
    const now = Date.now();
    if (!this.window || now - this.window.startedAt >= WINDOW_MS) this.window = { startedAt: now, count: 0 };
    const resetSec = Math.max(1, Math.ceil((this.window.startedAt + WINDOW_MS - now) / 1000));
    if (this.window.count >= this.limit) {
      this.rejected += 1;
      return { status: 429, reading: { allowed: this.limit, count: this.window.count, resetSec } };
    }
    this.window.count += 1;
    this.maxInWindow = Math.max(this.maxInWindow, this.window.count);
    return { status: 200, reading: { allowed: this.limit, count: this.window.count, resetSec } };
  }
}

const fakeTimers = {
  setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms),
  clearTimeout: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
const clock = { now: () => Date.now() };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Consumer {
  name: string;
  requests: number;
  latencyMs: number;
  thinkMs: number;
  /** Requests this consumer keeps in flight at once. */
  parallel: number;
}

/**
 * Runs every consumer to completion (or until `untilMs` of fake time), returning the grants each got.
 * Liveness: with `limit` requests a minute, everything must finish within the windows it needs
 * (each window is a little over a minute: -reset is whole seconds), or the run fails.
 */
async function simulate(budget: TokenBudget, server: ModelServer, consumers: Consumer[], untilMs = Infinity, limit = 1): Promise<Record<string, number>> {
  const done: Record<string, number> = {};
  const started = Date.now();
  const loops = consumers.flatMap((c) => Array.from({ length: c.parallel }, async () => {
    for (let i = 0; i < Math.ceil(c.requests / c.parallel) && Date.now() - started < untilMs; i += 1) {
      await budget.acquire(c.name);
      const { reading } = server.serve();
      await sleep(c.latencyMs);
      budget.settled(reading);
      done[c.name] = (done[c.name] ?? 0) + 1;
      if (c.thinkMs) await sleep(c.thinkMs);
    }
  }));
  const all = Promise.all(loops);
  let finished = false;
  void all.then(() => (finished = true));
  const total = consumers.reduce((sum, c) => sum + Math.ceil(c.requests / c.parallel) * c.parallel, 0);
  const windows = Math.ceil(total / limit);
  const cap = Math.min(untilMs + 5 * WINDOW_MS, (windows * 1.05 + 5) * WINDOW_MS);
  while (!finished && Date.now() - started < cap) await vi.advanceTimersByTimeAsync(1_000);
  expect(finished || untilMs !== Infinity).toBe(true);
  return done;
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_700_000_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('one budget per token', () => {
  it('never lets the server answer 429, whatever the consumers do (model-based)', async () => {
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 4, max: 60 }),
      fc.array(fc.record({
        requests: fc.integer({ min: 1, max: 40 }),
        latencyMs: fc.integer({ min: 1, max: 800 }),
        thinkMs: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5_000 })),
        parallel: fc.integer({ min: 1, max: 4 }),
      }), { minLength: 1, maxLength: 5 }),
      async (limit, shapes) => {
        const server = new ModelServer(limit);
        const budget = new TokenBudget({ clock, timers: fakeTimers });
        const consumers = shapes.map((shape, i) => ({ ...shape, name: `c${i}` }));
        const done = await simulate(budget, server, consumers, Infinity, limit);
        expect(server.rejected).toBe(0);
        expect(server.maxInWindow).toBeLessThanOrEqual(limit);
        // Everyone finished: waiting is bounded by the windows, nobody starves.
        for (const c of consumers) expect(done[c.name]).toBe(Math.ceil(c.requests / c.parallel) * c.parallel);
        budget.close();
      },
    ), { numRuns: 30 });
  }, 90_000);

  it('serves waiting consumers round robin: a consumer with eight requests in flight gets no more than one with one', async () => {
    const server = new ModelServer(60);
    const budget = new TokenBudget({ clock, timers: fakeTimers });
    const done = await simulate(budget, server, [
      { name: 'greedy', requests: 10_000, latencyMs: 20, thinkMs: 0, parallel: 8 },
      { name: 'calm-1', requests: 10_000, latencyMs: 20, thinkMs: 0, parallel: 1 },
      { name: 'calm-2', requests: 10_000, latencyMs: 20, thinkMs: 0, parallel: 1 },
    ], 3 * WINDOW_MS);
    budget.close();
    const counts = Object.values(done);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(Math.ceil(0.05 * Math.max(...counts)) + 8);
    expect(server.rejected).toBe(0);
    expect(Math.max(...counts)).toBeLessThanOrEqual(4 * 60 / 3 + 8);
  });

  it('spreads the budget over the window instead of spending it in the first seconds', async () => {
    const server = new ModelServer(60);
    const budget = new TokenBudget({ clock, timers: fakeTimers });
    const started = Date.now();
    const grants: number[] = [];
    const loop = (async () => {
      for (let i = 0; i < 70; i += 1) {
        await budget.acquire('one');
        grants.push(Date.now() - started);
        const { reading } = server.serve();
        await sleep(5);
        budget.settled(reading);
      }
    })();
    while (grants.length < 70) await vi.advanceTimersByTimeAsync(250);
    await loop;
    budget.close();
    expect(grants.filter((t) => t < 10_000).length).toBeLessThanOrEqual(15); // ~a sixth of 60, plus a small burst
    expect(server.rejected).toBe(0);
  });

  it('names a consumer that ate an exhausted window while another waited', async () => {
    const named: string[] = [];
    const server = new ModelServer(40);
    const budget = new TokenBudget({ clock, timers: fakeTimers, onBurn: ({ consumer }) => named.push(consumer) });
    const hog = simulate(budget, server, [{ name: 'hog', requests: 200, latencyMs: 10, thinkMs: 0, parallel: 4 }], 2 * WINDOW_MS);
    await vi.advanceTimersByTimeAsync(50_000);
    const polite = simulate(budget, server, [{ name: 'polite', requests: 5, latencyMs: 10, thinkMs: 0, parallel: 1 }], WINDOW_MS);
    await Promise.all([hog, polite]);
    budget.close();
    expect(named).toContain('hog');
    expect(named).not.toContain('polite');
  });

  it('waits out a 429 it could not foresee (the Genesys UI shares the budget) before granting again', async () => {
    const budget = new TokenBudget({ clock, timers: fakeTimers });
    budget.settled({ allowed: 10, count: 1, resetSec: 60 });
    budget.exhaustedFor(20_000);
    let granted = false;
    void budget.acquire('x').then(() => (granted = true));
    await vi.advanceTimersByTimeAsync(19_000);
    expect(granted).toBe(false);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(granted).toBe(true);
    budget.close();
  });
});

describe('reading the budget headers', () => {
  it('takes the numbers Genesys sends and ignores what is not a number', () => {
    const headers: Record<string, string> = { 'inin-ratelimit-allowed': '300', 'inin-ratelimit-count': '12', 'inin-ratelimit-reset': '41' };
    expect(readBudgetHeaders((n) => headers[n])).toEqual({ allowed: 300, count: 12, resetSec: 41 });
    expect(readBudgetHeaders((n) => (n === 'inin-ratelimit-allowed' ? 'lots' : undefined))).toEqual({});
  });
});
