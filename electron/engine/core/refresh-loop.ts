// Keeps every profile refreshing: starts each one from its stored token (or refreshes at once),
// refreshes when the scheduler says a token is due, and turns each refresh outcome into what
// follows from it: metrics, audit line, webhook event, notice, the next schedule, and a check of
// what the new token may do. It owns the scheduler, and after every outcome each live profile has
// exactly one of: a pending timer, a refresh in flight, or a stated reason why not (see plan()).

import type { ProblemInfo, ProfileConfig, ProfileId } from '../../../shared/domain.js';
import { EngineError, type EngineClock, type Logger, type ProfileSecrets, type TokenSet } from '../contracts.js';
import type { RequestGate } from '../http/request-gate.js';
import type { MetricsStore } from '../metrics/metrics-store.js';
import type { Refresher, RefreshEvent } from '../refresher/refresher.js';
import { MIN_REFRESH_GAP_MS, RefreshScheduler } from '../scheduler/scheduler.js';
import type { EngineBus } from './engine-bus.js';
import type { ProfileRegistry } from './profile-registry.js';
import type { ProfileRuntime } from './profile-runtime.js';
import type { ProfileSession } from './profile-session.js';
import type { TokenChecks } from './token-checks.js';

/** What a profile does next: the invariant every live profile satisfies after every step. */
export type RefreshPlan =
  | { kind: 'timer'; at: number }
  | { kind: 'in_flight' }
  | { kind: 'waiting'; reason: 'paused' | 'signin_required' | 'signed_out' | 'config_error' }
  | { kind: 'none' };

export interface RefreshLoopDeps {
  registry: Pick<ProfileRegistry, 'find' | 'findSession' | 'session' | 'live' | 'isCurrent'>;
  secrets(profileId: ProfileId): ProfileSecrets | undefined;
  refresher: Refresher;
  metrics: Pick<MetricsStore, 'recordRefresh'>;
  runtime: ProfileRuntime;
  checks: TokenChecks;
  bus: EngineBus;
  clock: EngineClock;
  logger: Logger;
  gate: RequestGate;
  policy: () => { fraction: number; maxLeadMs: number };
  paused: boolean;
  stopped(): boolean;
  random?: () => number;
}

export class RefreshLoop {
  readonly scheduler: RefreshScheduler;

  constructor(private readonly deps: RefreshLoopDeps) {
    this.scheduler = new RefreshScheduler({
      clock: deps.clock,
      onDue: (session) => this.due(session),
      sessions: () => deps.registry.live().map((entry) => entry.session),
      policy: deps.policy,
      ...(deps.random ? { random: deps.random } : {}),
    });
    if (deps.paused) this.scheduler.pause();
    deps.refresher.subscribe((event) => this.onRefreshEvent(event));
  }

  /**
   * Schedules a profile from its stored token, or refreshes at once when there is none. Paused
   * auto-refresh means no request of TokenTray's own, start-up included: a caller that asks for a
   * token still gets one refreshed on demand.
   */
  start(profile: ProfileConfig): void {
    const session = this.deps.registry.session(profile.id);
    const secrets = this.deps.secrets(profile.id);
    const now = this.deps.clock.now();
    this.scheduler.cancel(session);
    if (secrets?.accessToken && secrets.accessTokenExpiresAt && secrets.accessTokenExpiresAt > now + 30_000) {
      this.scheduler.schedule(session, { issuedAt: secrets.accessTokenIssuedAt ?? now, expiresAt: secrets.accessTokenExpiresAt }, 'first');
      this.deps.runtime.announce(profile);
      return;
    }
    if (this.scheduler.isPaused()) {
      this.deps.runtime.announce(profile);
      return;
    }
    this.scheduler.noteUnforced(session);
    this.deps.refresher.refresh(profile, 'startup').catch((error: unknown) => this.logCrash(profile, error));
  }

  setPaused(paused: boolean): void {
    if (paused) return this.scheduler.pause();
    // A profile that was started or edited while paused has nothing planned yet: checkAll starts it.
    this.scheduler.resume();
    this.checkAll();
  }

  /** System resume, network back, or a clock jump: everything due runs now, the rest is re-armed. */
  checkAll(): void {
    this.scheduler.checkNow();
    if (this.scheduler.isPaused()) return;
    for (const { profile } of this.deps.registry.live()) if (this.plan(profile.id).kind === 'none') this.start(profile);
  }

  stop(): void {
    this.scheduler.stop();
  }

  /** What the profile does next (the dashboard's "next refresh", and the invariant tests assert). */
  plan(profileId: ProfileId): RefreshPlan {
    const session = this.deps.registry.session(profileId);
    if (session.inFlight) return { kind: 'in_flight' };
    const dueAt = session.schedule.dueAt;
    if (this.scheduler.armed(session) && dueAt !== undefined) return { kind: 'timer', at: dueAt };
    if (session.refresh.signedOut) return { kind: 'waiting', reason: 'signed_out' };
    if (session.refresh.state === 'signin_required') return { kind: 'waiting', reason: 'signin_required' };
    if (session.refresh.state === 'error') return { kind: 'waiting', reason: 'config_error' };
    if (this.scheduler.isPaused()) return { kind: 'waiting', reason: 'paused' };
    return { kind: 'none' };
  }

  /** The scheduler's callback: this session's token is due. */
  private due(session: ProfileSession): void {
    const profile = this.deps.registry.find(session.profileId);
    if (!profile || this.deps.stopped() || !this.deps.registry.isCurrent(session)) return;
    // A refresh is finishing (its answer is being stored): run once more right after it settles.
    if (session.inFlight) {
      session.schedule.dueWhileBusy = true;
      return;
    }
    this.deps.refresher.refresh(profile, 'scheduled').catch((error: unknown) => this.logCrash(profile, error));
  }

  /** New tokens from a sign-in: scheduled like a refresh's, then checked. */
  signedIn(profile: ProfileConfig, session: ProfileSession, tokens: TokenSet): void {
    this.scheduler.schedule(session, { issuedAt: tokens.issuedAt, expiresAt: tokens.expiresAt });
    this.learnAbout(profile, session, tokens.scope);
  }

  /** The refresher's events: everything that follows from one refresh outcome. */
  private onRefreshEvent(event: RefreshEvent): void {
    const profile = this.deps.registry.find(event.profileId);
    const session = this.deps.registry.findSession(event.profileId);
    if (!profile || !session || this.deps.stopped()) return;
    const { bus, metrics } = this.deps;
    switch (event.type) {
      case 'refresh_succeeded': {
        const expiresAt = new Date(event.expiresAt).toISOString();
        void metrics.recordRefresh(profile.id, { ms: event.latencyMs, ok: true, attempts: event.attempts });
        void bus.audit('refresh_succeeded', profile.id, { reason: event.reason, latencyMs: Math.round(event.latencyMs), attempts: event.attempts, rotated: event.rotated, expiresAt });
        void bus.webhook('refresh.succeeded', profile, { latencyMs: Math.round(event.latencyMs), attempts: event.attempts, expiresAt });
        // A profile's first token after start-up is planned over the wider window, so a fleet
        // started together does not come due together again.
        const spread = event.reason === 'startup' ? 'first' : 'steady';
        const { floored } = this.scheduler.schedule(session, { issuedAt: event.issuedAt, expiresAt: event.expiresAt }, spread);
        if (floored || event.expiresAt - event.issuedAt < 2 * MIN_REFRESH_GAP_MS) this.noticeShortLifetime(profile, session, event.expiresAt - event.issuedAt);
        this.learnAbout(profile, session, event.scope);
        break;
      }
      case 'refresh_failed': {
        // A try that will be retried is part of a refresh cycle still running: the cycle is
        // counted and audited once, when it ends, with its attempt count.
        if (event.willRetry) break;
        // "Sign in first" is a state the user knows about, not a failed refresh.
        if (event.problem.code !== 'signin_needed') void metrics.recordRefresh(profile.id, { ms: event.latencyMs, ok: false, code: event.problem.code, attempts: event.attempt });
        void bus.audit('refresh_failed', profile.id, {
          code: event.problem.code,
          message: event.problem.message,
          serverError: event.problem.serverError ?? null,
          httpStatus: event.problem.httpStatus ?? null,
          attempts: event.attempt,
          nextAttemptAt: event.nextAttemptAt !== undefined ? new Date(event.nextAttemptAt).toISOString() : null,
        });
        if (event.kind !== 'grant_rejected') void bus.webhook('refresh.failed', profile, { error: problemForWebhook(event.problem), willRetry: false, attempts: event.attempt });
        if (event.nextAttemptAt !== undefined) this.scheduler.scheduleAt(session, event.nextAttemptAt);
        break;
      }
      case 'signin_required': {
        this.scheduler.cancel(session);
        void bus.audit('signin_required', profile.id, { code: event.problem.code, message: event.problem.message, serverError: event.problem.serverError ?? null });
        void bus.webhook('signin.required', profile, { error: problemForWebhook(event.problem) });
        bus.notify('warning', profile.id, `${profile.name}: sign-in required`, event.problem.message);
        break;
      }
      case 'storage_failed':
        bus.notify('warning', profile.id, `${profile.name}: new tokens not saved`, `Could not save the new tokens to the encrypted store (${event.reason}). They are kept in memory and TokenTray retries saving before the next refresh; check free disk space and permissions of the data folder.`);
        break;
      case 'refresh_started':
        // The state change that comes with it is announced; nothing else changed yet.
        return;
      case 'refresh_settled':
        // The due time came while the refresh was finishing and nothing re-planned it: run it now, once.
        if (session.schedule.dueWhileBusy) {
          session.schedule.dueWhileBusy = false;
          if (!this.scheduler.armed(session)) this.scheduler.scheduleAt(session, this.deps.clock.now());
        }
        return;
      default:
        break;
    }
    this.deps.runtime.announce(profile);
  }

  private noticeShortLifetime(profile: ProfileConfig, session: ProfileSession, lifetimeMs: number): void {
    if (session.notices.has('short_lifetime')) return;
    session.notices.add('short_lifetime');
    this.deps.bus.notify('warning', profile.id, `${profile.name}: tokens expire almost at once`, `The server issues tokens that live ${Math.max(0, Math.round(lifetimeMs / 1000))} s. TokenTray refreshes this profile at most once every ${MIN_REFRESH_GAP_MS / 1000} s on its own, so it may be expired between refreshes; check the OAuth client's token lifetime.`);
  }

  /** After new tokens: what they may do (response or JWT scopes), and Genesys's own word in the background. */
  private learnAbout(profile: ProfileConfig, session: ProfileSession, responseScope: string | undefined): void {
    const { runtime, checks, gate } = this.deps;
    runtime.observeTokenScopes(profile, session, responseScope);
    if (profile.provider.kind !== 'genesys') return;
    const expiresAt = this.deps.secrets(profile.id)?.accessTokenExpiresAt;
    // tokens/me is the runtime truth for scopes and gives the idle deadline; bounded like refreshes.
    if (profile.grant !== 'client_credentials') gate.run(() => checks.validateStored(profile), { expiresAt }).catch(() => {});
    // Client credentials: ask tokens/me once which org this client belongs to, for the card.
    else if (!runtime.knowsOrganization(session)) gate.run(() => checks.inspect(profile), { expiresAt }).then(() => runtime.announce(profile), () => {});
  }

  private logCrash(profile: ProfileConfig, error: unknown): void {
    // Details are already in the audit log and status; this only keeps unexpected bugs visible.
    if (!(error instanceof EngineError)) {
      this.deps.logger.error('refresh crashed', { profileId: profile.id, error: error instanceof Error ? error.message : String(error) });
    }
  }
}

function problemForWebhook(problem: ProblemInfo): { code: string; message: string; serverError?: string; serverDescription?: string } {
  return { code: problem.code, message: problem.message, serverError: problem.serverError, serverDescription: problem.serverDescription };
}
