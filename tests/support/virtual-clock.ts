// A virtual clock for the engine: `now` and timers move only when the test says. `advance` runs
// every timer that comes due in order, letting promises and loopback I/O settle after each, so a
// test drives minutes of refreshes in milliseconds; `jump` moves the wall clock without running
// timers, as a laptop that sleeps or a clock that is set back does.

import type { EngineClock } from '../../electron/engine/contracts.js';

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
}

export class VirtualClock implements EngineClock {
  private time: number;
  private seq = 0;
  private readonly timers = new Map<number, Timer>();

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): number {
    const id = ++this.seq;
    this.timers.set(id, { at: this.time + Math.max(0, ms), seq: id, fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  pendingTimers(): number {
    return this.timers.size;
  }

  /** Moves time forward by `ms`, firing due timers in order and settling after each. */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    await settle();
    for (;;) {
      const next = this.earliest();
      if (!next || next.at > target) break;
      this.timers.delete(next.seq);
      this.time = Math.max(this.time, next.at);
      next.fn();
      await settle();
    }
    this.time = target;
    await settle();
  }

  /**
   * The wall clock jumps while timers keep their relative delays, as when a laptop sleeps (timers
   * do not run during sleep) or the clock is set back: no timer comes due by the jump itself.
   */
  jump(ms: number): void {
    this.time += ms;
    for (const timer of this.timers.values()) timer.at += ms;
  }

  /** The event loop was stuck for `ms` (a stall): time moves on and every timer due meanwhile is late. */
  stall(ms: number): void {
    this.time += ms;
  }

  private earliest(): Timer | undefined {
    let best: Timer | undefined;
    for (const timer of this.timers.values()) if (!best || timer.at < best.at || (timer.at === best.at && timer.seq < best.seq)) best = timer;
    return best;
  }
}

/** Lets microtasks, and loopback or file I/O already under way, run to completion. */
export async function settle(rounds = 4): Promise<void> {
  for (let i = 0; i < rounds; i += 1) {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
