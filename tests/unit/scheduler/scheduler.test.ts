import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { planNextRefresh } from '../../../electron/engine/scheduler/plan.js';
import { RefreshScheduler } from '../../../electron/engine/scheduler/scheduler.js';

const MIN = 60_000;

describe('planNextRefresh', () => {
  it.each([
    // lifetime, expected lead before expiry without jitter
    [300_000, 60_000],
    [3_600_000, 5 * MIN],
    [86_400_000, 5 * MIN],
    [172_800_000, 5 * MIN],
  ])('a %i ms token renews %i ms before expiry (80%% of lifetime, at most 5 min early)', (lifetime, lead) => {
    const issuedAt = 1_000_000;
    const at = planNextRefresh({ issuedAt, expiresAt: issuedAt + lifetime, now: issuedAt, random: () => 0 });
    expect(issuedAt + lifetime - at).toBe(lead);
  });

  it('spreads profiles over one more lead before the planned point, never before half the lifetime', () => {
    const early = planNextRefresh({ issuedAt: 0, expiresAt: 3_600_000, now: 0, random: () => 0.999999 });
    expect(3_600_000 - 5 * MIN - early).toBeGreaterThan(5 * MIN - 1_000);
    expect(3_600_000 - 5 * MIN - early).toBeLessThanOrEqual(5 * MIN);
    // 300 s token: lead 60 s, window 180–240 s.
    expect(planNextRefresh({ issuedAt: 0, expiresAt: 300_000, now: 0, random: () => 0.999999 })).toBeGreaterThanOrEqual(180_000);
    // fraction 0.4: planned at 120 s; the spread stops at half the lifetime (150 s) so adds nothing earlier.
    expect(planNextRefresh({ issuedAt: 0, expiresAt: 300_000, now: 0, fraction: 0.4, maxLeadMs: 10 * MIN, random: () => 0.999999 })).toBe(120_000);
    // fraction 0.6: planned at 180 s, spread back to 150 s at most.
    expect(planNextRefresh({ issuedAt: 0, expiresAt: 300_000, now: 0, fraction: 0.6, maxLeadMs: 10 * MIN, random: () => 0.999999 })).toBeGreaterThanOrEqual(150_000);
  });

  it('500 profiles issued in the same second refresh spread across the window, not bunched', () => {
    const perSecond = new Map<number, number>();
    for (let i = 0; i < 500; i += 1) {
      const at = planNextRefresh({ issuedAt: 0, expiresAt: 180_000, now: 0 });
      const second = Math.floor(at / 1000);
      perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
    }
    // 180 s tokens: a 36 s window, so about 14 a second; the old quarter-lead jitter put 55+ in one.
    expect(Math.max(...perSecond.values())).toBeLessThan(40);
    expect(perSecond.size).toBeGreaterThanOrEqual(30);
  });

  it('never plans in the past', () => {
    expect(planNextRefresh({ issuedAt: 0, expiresAt: 100_000, now: 99_000, random: () => 0 })).toBe(99_000);
  });
});

describe('RefreshScheduler', () => {
  let now = 0;
  const clock = { now: () => now };
  beforeEach(() => {
    vi.useFakeTimers();
    now = 0;
    vi.setSystemTime(0);
  });
  afterEach(() => vi.useRealTimers());

  const advance = (ms: number) => {
    now += ms;
    vi.advanceTimersByTime(ms);
  };

  it('fires when due, and not before', () => {
    const due: string[] = [];
    const scheduler = new RefreshScheduler({ clock, onDue: (id) => due.push(id), random: () => 0 });
    const at = scheduler.schedule('a', { issuedAt: 0, expiresAt: 300_000 });
    expect(at).toBe(240_000);
    advance(239_000);
    expect(due).toEqual([]);
    advance(1_000);
    expect(due).toEqual(['a']);
    expect(scheduler.nextRefreshAt('a')).toBeUndefined();
    scheduler.stop();
  });

  it('pauses and resumes; overdue work fires on resume', () => {
    const due: string[] = [];
    const scheduler = new RefreshScheduler({ clock, onDue: (id) => due.push(id), random: () => 0 });
    scheduler.scheduleAt('a', 10_000);
    scheduler.pause();
    advance(20_000);
    expect(due).toEqual([]);
    scheduler.resume();
    expect(due).toEqual(['a']);
    scheduler.stop();
  });

  it('notices a wall-clock jump (system sleep) and fires overdue refreshes', () => {
    const due: string[] = [];
    const scheduler = new RefreshScheduler({ clock, onDue: (id) => due.push(id), heartbeatMs: 30_000, random: () => 0 });
    scheduler.scheduleAt('a', 3_600_000);
    // The laptop sleeps for two hours: wall time jumps, timers have not run.
    now += 2 * 3_600_000;
    vi.advanceTimersByTime(30_000);
    expect(due).toEqual(['a']);
    scheduler.stop();
  });

  it('chains delays longer than setTimeout can hold', () => {
    const due: string[] = [];
    const scheduler = new RefreshScheduler({ clock, onDue: (id) => due.push(id), heartbeatMs: 10 * 24 * 3_600_000 });
    scheduler.scheduleAt('far', 40 * 24 * 3_600_000);
    advance(25 * 24 * 3_600_000);
    expect(due).toEqual([]);
    advance(15 * 24 * 3_600_000);
    expect(due).toEqual(['far']);
    scheduler.stop();
  });

  it('cancel removes the plan', () => {
    const due: string[] = [];
    const scheduler = new RefreshScheduler({ clock, onDue: (id) => due.push(id) });
    scheduler.scheduleAt('a', 1_000);
    scheduler.cancel('a');
    advance(5_000);
    expect(due).toEqual([]);
    scheduler.stop();
  });
});
