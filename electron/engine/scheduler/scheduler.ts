// Proactive refresh timers. The timer and due time live in each profile's session (ending the
// session cancels them); this service arms them on the engine's clock and keeps no per-profile
// state. It also notices sleep and wall-clock jumps (the clock moved much more, or backwards,
// between heartbeats) and re-evaluates every session, since timers do not fire while a laptop
// sleeps. Every due time is reached through a timer, never by a call from inside an outcome, so a
// due time already past when an outcome is processed runs once, right after.

import type { EngineClock } from '../contracts.js';
import type { ProfileSession } from '../core/profile-session.js';
import { planNextRefresh, type PlanSpread } from './plan.js';

/** setTimeout's limit: longer delays overflow and fire at once, so long waits are chained. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** Never more than one unforced request per profile this often, whatever the token's lifetime. */
export const MIN_REFRESH_GAP_MS = 5_000;

export interface SchedulerOptions {
  clock: EngineClock;
  onDue: (session: ProfileSession) => void;
  /** Every live session, for re-evaluation after sleep, a clock jump or resume. */
  sessions: () => Iterable<ProfileSession>;
  heartbeatMs?: number;
  policy?: () => { fraction: number; maxLeadMs: number };
  random?: () => number;
  minGapMs?: number;
}

export class RefreshScheduler {
  private readonly heartbeatMs: number;
  private readonly minGapMs: number;
  private heartbeatHandle: unknown;
  private lastBeat: number;
  private paused = false;
  private stopped = false;

  constructor(private readonly options: SchedulerOptions) {
    this.heartbeatMs = options.heartbeatMs ?? 30_000;
    this.minGapMs = options.minGapMs ?? MIN_REFRESH_GAP_MS;
    this.lastBeat = options.clock.now();
    this.beat();
  }

  /** Plans the refresh of a token; returns when it will happen and whether the floor held it back. */
  schedule(session: ProfileSession, token: { issuedAt: number; expiresAt: number }, spread: PlanSpread = 'steady'): { at: number; floored: boolean } {
    const policy = this.options.policy?.() ?? { fraction: 0.8, maxLeadMs: 5 * 60_000 };
    const planned = planNextRefresh({ ...token, now: this.options.clock.now(), spread, ...policy, ...(this.options.random ? { random: this.options.random } : {}) });
    return this.scheduleAt(session, planned);
  }

  scheduleAt(session: ProfileSession, at: number): { at: number; floored: boolean } {
    const floor = session.schedule.lastUnforcedAt === undefined ? at : session.schedule.lastUnforcedAt + this.minGapMs;
    const due = Math.max(at, floor);
    if (this.stopped || session.ended) return { at: due, floored: false };
    session.schedule.dueAt = due;
    this.arm(session);
    return { at: due, floored: floor > at };
  }

  /** A refresh of TokenTray's own that no timer started (start-up's): the floor counts from it too. */
  noteUnforced(session: ProfileSession): void {
    session.schedule.lastUnforcedAt = this.options.clock.now();
  }

  cancel(session: ProfileSession): void {
    this.disarm(session);
    session.schedule.dueAt = undefined;
    session.schedule.dueWhileBusy = undefined;
  }

  nextRefreshAt(session: ProfileSession): number | undefined {
    return this.paused ? undefined : session.schedule.dueAt;
  }

  /** Whether the session has a live timer (for the invariant: timer, in flight, or a reason). */
  armed(session: ProfileSession): boolean {
    return session.schedule.timer !== undefined || session.schedule.dueWhileBusy === true;
  }

  isPaused(): boolean {
    return this.paused;
  }

  pause(): void {
    this.paused = true;
    for (const session of this.options.sessions()) this.disarm(session);
  }

  resume(): void {
    this.paused = false;
    this.checkNow();
  }

  /** System resumed, came online or the clock jumped: re-arm every due time against the current time. */
  checkNow(): void {
    if (this.paused || this.stopped) return;
    for (const session of this.options.sessions()) if (session.schedule.dueAt !== undefined) this.arm(session);
  }

  stop(): void {
    this.stopped = true;
    for (const session of this.options.sessions()) this.disarm(session);
    if (this.heartbeatHandle !== undefined) this.options.clock.clearTimeout(this.heartbeatHandle);
  }

  private arm(session: ProfileSession): void {
    this.disarm(session);
    const at = session.schedule.dueAt;
    if (this.paused || this.stopped || session.ended || at === undefined) return;
    const delay = Math.max(0, at - this.options.clock.now());
    session.schedule.timer = this.options.clock.setTimeout(() => {
      session.schedule.timer = undefined;
      if (session.ended || this.paused || this.stopped || session.schedule.dueAt !== at) return;
      // Long delays are chained, and a clock that went back re-arms against the current time.
      if (this.options.clock.now() >= at) this.fire(session);
      else this.arm(session);
    }, Math.min(delay, MAX_TIMER_MS));
  }

  private fire(session: ProfileSession): void {
    session.schedule.dueAt = undefined;
    session.schedule.lastUnforcedAt = this.options.clock.now();
    this.options.onDue(session);
  }

  private disarm(session: ProfileSession): void {
    if (session.schedule.timer !== undefined) this.options.clock.clearTimeout(session.schedule.timer);
    session.schedule.timer = undefined;
  }

  private beat(): void {
    if (this.stopped) return;
    this.heartbeatHandle = this.options.clock.setTimeout(() => {
      const now = this.options.clock.now();
      const elapsed = now - this.lastBeat;
      // Much more time passed than the heartbeat interval (the machine slept), or the clock went back.
      if (elapsed > 2 * this.heartbeatMs || elapsed < 0) this.checkNow();
      this.lastBeat = now;
      this.beat();
    }, this.heartbeatMs);
  }
}
