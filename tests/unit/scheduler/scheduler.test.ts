import { beforeEach, describe, expect, it } from 'vitest';
import { ProfileSession } from '../../../electron/engine/core/profile-session.js';
import { VirtualClock } from '../../support/virtual-clock.js';
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

  it('spreads profiles over three leads before the latest point, never before half the lifetime', () => {
    const early = planNextRefresh({ issuedAt: 0, expiresAt: 3_600_000, now: 0, random: () => 0.999999 });
    expect(3_600_000 - 5 * MIN - early).toBeGreaterThan(15 * MIN - 1_000);
    expect(3_600_000 - 5 * MIN - early).toBeLessThanOrEqual(15 * MIN);
    // 300 s token: lead 60 s, window 150–240 s (half the lifetime comes before three leads).
    expect(planNextRefresh({ issuedAt: 0, expiresAt: 300_000, now: 0, random: () => 0.999999 })).toBeGreaterThanOrEqual(150_000);
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

  it('a first schedule (start-up) opens the window at a quarter of the lifetime, so a restarted fleet is spread at once', () => {
    const first = planNextRefresh({ issuedAt: 0, expiresAt: 30_000, now: 0, spread: 'first', random: () => 0.999999 });
    expect(first).toBeGreaterThanOrEqual(7_500);
    expect(first).toBeLessThan(8_000);
    // Never before now, for a stored token already past its quarter.
    expect(planNextRefresh({ issuedAt: 0, expiresAt: 30_000, now: 20_000, spread: 'first', random: () => 0.999999 })).toBeGreaterThanOrEqual(20_000);
  });

  it('never plans in the past', () => {
    expect(planNextRefresh({ issuedAt: 0, expiresAt: 100_000, now: 99_000, random: () => 0 })).toBe(99_000);
  });
});

describe('RefreshScheduler', () => {
  let clock: VirtualClock;
  const sessions: ProfileSession[] = [];
  const session = (id: string) => {
    const made = new ProfileSession(id, clock.now());
    sessions.push(made);
    return made;
  };
  beforeEach(() => {
    clock = new VirtualClock(0);
    sessions.length = 0;
  });
  const make = (due: string[], extra: Partial<ConstructorParameters<typeof RefreshScheduler>[0]> = {}) =>
    new RefreshScheduler({ clock, onDue: (s) => due.push(s.profileId), sessions: () => sessions, random: () => 0, ...extra });

  it('fires when due, and not before', async () => {
    const due: string[] = [];
    const scheduler = make(due);
    const a = session('a');
    const { at } = scheduler.schedule(a, { issuedAt: 0, expiresAt: 300_000 });
    expect(at).toBe(240_000);
    await clock.advance(239_000);
    expect(due).toEqual([]);
    await clock.advance(1_000);
    expect(due).toEqual(['a']);
    expect(scheduler.nextRefreshAt(a)).toBeUndefined();
    scheduler.stop();
  });

  it('pauses and resumes; overdue work fires on resume, once', async () => {
    const due: string[] = [];
    const scheduler = make(due);
    scheduler.scheduleAt(session('a'), 10_000);
    scheduler.pause();
    await clock.advance(20_000);
    expect(due).toEqual([]);
    scheduler.resume();
    await clock.advance(0);
    expect(due).toEqual(['a']);
    await clock.advance(60_000);
    expect(due).toEqual(['a']);
    scheduler.stop();
  });

  it('notices a wall-clock jump (system sleep) and fires overdue refreshes', async () => {
    const due: string[] = [];
    const scheduler = make(due, { heartbeatMs: 30_000 });
    scheduler.scheduleAt(session('a'), 3_600_000);
    // The laptop sleeps for two hours: wall time jumps, timers have not run.
    clock.jump(2 * 3_600_000);
    await clock.advance(30_000);
    expect(due).toEqual(['a']);
    scheduler.stop();
  });

  it('a clock set back re-arms against the new time instead of firing early', async () => {
    const due: string[] = [];
    const scheduler = make(due, { heartbeatMs: 30_000 });
    scheduler.scheduleAt(session('a'), 600_000);
    clock.jump(-300_000);
    await clock.advance(600_000);
    expect(due).toEqual([]);
    await clock.advance(300_000);
    expect(due).toEqual(['a']);
    scheduler.stop();
  });

  it('chains delays longer than setTimeout can hold', async () => {
    const due: string[] = [];
    const scheduler = make(due, { heartbeatMs: 10 * 24 * 3_600_000 });
    scheduler.scheduleAt(session('far'), 40 * 24 * 3_600_000);
    await clock.advance(25 * 24 * 3_600_000);
    expect(due).toEqual([]);
    await clock.advance(15 * 24 * 3_600_000);
    expect(due).toEqual(['far']);
    scheduler.stop();
  });

  it('cancel removes the plan, and an ended session never fires', async () => {
    const due: string[] = [];
    const scheduler = make(due);
    const a = session('a');
    scheduler.scheduleAt(a, 1_000);
    scheduler.cancel(a);
    const b = session('b');
    scheduler.scheduleAt(b, 1_000);
    b.end('signed out', clock.now(), (h) => clock.clearTimeout(h));
    await clock.advance(5_000);
    expect(due).toEqual([]);
    scheduler.stop();
  });

  it('holds unforced refreshes of absurdly short tokens to one per 5 s', async () => {
    const due: string[] = [];
    const scheduler = make(due);
    const a = session('a');
    for (let i = 0; i < 12; i += 1) {
      // A token that expires at once (expires_in 0 is clamped to 1 s), re-planned after each fire.
      scheduler.schedule(a, { issuedAt: clock.now(), expiresAt: clock.now() + 1_000 });
      await clock.advance(1_000);
    }
    expect(due.length).toBeLessThanOrEqual(3);
    scheduler.stop();
  });
});
