// Proactive refresh timers, one per profile. Also notices system sleep (a wall-clock jump between
// heartbeats) and re-checks everything, since timers do not fire while a laptop sleeps.

import type { ProfileId } from '../../../shared/domain.js';
import type { Clock } from '../contracts.js';
import { unrefTimers, type Timers } from '../timers.js';
import { planNextRefresh } from './plan.js';

/** setTimeout's limit: longer delays overflow and fire at once, so long waits are chained. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export type SchedulerTimers = Timers;

export interface SchedulerOptions {
  clock: Clock;
  onDue: (profileId: ProfileId) => void;
  timers?: SchedulerTimers;
  heartbeatMs?: number;
  policy?: () => { fraction: number; maxLeadMs: number };
  random?: () => number;
}

export class RefreshScheduler {
  private readonly due = new Map<ProfileId, number>();
  private readonly handles = new Map<ProfileId, unknown>();
  private readonly timers: SchedulerTimers;
  private readonly heartbeatMs: number;
  private heartbeatHandle: unknown;
  private lastBeat: number;
  private paused = false;
  private stopped = false;

  constructor(private readonly options: SchedulerOptions) {
    this.timers = options.timers ?? unrefTimers;
    this.heartbeatMs = options.heartbeatMs ?? 30_000;
    this.lastBeat = options.clock.now();
    this.beat();
  }

  /** Plans the refresh of a freshly obtained token; returns when it will happen. */
  schedule(profileId: ProfileId, token: { issuedAt: number; expiresAt: number }): number {
    const policy = this.options.policy?.() ?? { fraction: 0.8, maxLeadMs: 5 * 60_000 };
    const at = planNextRefresh({ ...token, now: this.options.clock.now(), ...policy, ...(this.options.random ? { random: this.options.random } : {}) });
    this.scheduleAt(profileId, at);
    return at;
  }

  scheduleAt(profileId: ProfileId, at: number): void {
    if (this.stopped) return;
    this.due.set(profileId, at);
    this.arm(profileId);
  }

  cancel(profileId: ProfileId): void {
    this.disarm(profileId);
    this.due.delete(profileId);
  }

  nextRefreshAt(profileId: ProfileId): number | undefined {
    return this.paused ? undefined : this.due.get(profileId);
  }

  isPaused(): boolean {
    return this.paused;
  }

  pause(): void {
    this.paused = true;
    for (const id of this.handles.keys()) this.disarm(id);
  }

  resume(): void {
    this.paused = false;
    this.checkNow();
  }

  /** System resumed or came online: fire what is due now, re-arm the rest with fresh timers. */
  checkNow(): void {
    if (this.paused || this.stopped) return;
    for (const id of [...this.due.keys()]) this.arm(id);
  }

  stop(): void {
    this.stopped = true;
    for (const id of [...this.handles.keys()]) this.disarm(id);
    this.due.clear();
    if (this.heartbeatHandle !== undefined) this.timers.clearTimeout(this.heartbeatHandle);
  }

  private arm(profileId: ProfileId): void {
    this.disarm(profileId);
    if (this.paused || this.stopped) return;
    const at = this.due.get(profileId);
    if (at === undefined) return;
    const delay = at - this.options.clock.now();
    if (delay <= 0) {
      this.fire(profileId);
      return;
    }
    this.handles.set(profileId, this.timers.setTimeout(() => {
      this.handles.delete(profileId);
      // Long delays are chained; re-arming recomputes against the current time.
      if (this.options.clock.now() >= at) this.fire(profileId);
      else this.arm(profileId);
    }, Math.min(delay, MAX_TIMER_MS)));
  }

  private fire(profileId: ProfileId): void {
    this.due.delete(profileId);
    this.options.onDue(profileId);
  }

  private disarm(profileId: ProfileId): void {
    const handle = this.handles.get(profileId);
    if (handle !== undefined) this.timers.clearTimeout(handle);
    this.handles.delete(profileId);
  }

  private beat(): void {
    if (this.stopped) return;
    this.heartbeatHandle = this.timers.setTimeout(() => {
      const now = this.options.clock.now();
      // Much more time passed than the heartbeat interval: the machine slept.
      if (now - this.lastBeat > 2 * this.heartbeatMs) this.checkNow();
      this.lastBeat = now;
      this.beat();
    }, this.heartbeatMs);
  }
}
