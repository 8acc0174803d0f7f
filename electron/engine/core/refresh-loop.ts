// Keeps every profile refreshing: starts each one from its stored token (or refreshes at once),
// refreshes when the scheduler says a token is due, and turns each refresh outcome into what
// follows from it: metrics, audit line, webhook event, notice, the next schedule, and a check of
// what the new token may do.

import type { ProblemInfo, ProfileConfig, ProfileId } from '../../../shared/domain.js';
import { EngineError, type Clock, type Logger, type ProfileSecrets, type TokenSet } from '../contracts.js';
import type { MetricsStore } from '../metrics/metrics-store.js';
import type { Refresher, RefreshEvent } from '../refresher/refresher.js';
import type { RefreshScheduler } from '../scheduler/scheduler.js';
import type { EngineBus } from './engine-bus.js';
import type { ProfileRuntime } from './profile-runtime.js';
import type { TokenChecks } from './token-checks.js';

export interface RefreshLoopDeps {
  profile(profileId: ProfileId): ProfileConfig | undefined;
  secrets(profileId: ProfileId): ProfileSecrets | undefined;
  refresher: Pick<Refresher, 'refresh'>;
  scheduler: Pick<RefreshScheduler, 'schedule' | 'scheduleAt' | 'cancel'>;
  metrics: Pick<MetricsStore, 'recordRefresh'>;
  runtime: ProfileRuntime;
  checks: TokenChecks;
  bus: EngineBus;
  clock: Clock;
  logger: Logger;
  stopped(): boolean;
}

export class RefreshLoop {
  constructor(private readonly deps: RefreshLoopDeps) {}

  /** Schedules a profile from its stored token, or refreshes at once when there is none. */
  start(profile: ProfileConfig): void {
    const secrets = this.deps.secrets(profile.id);
    const now = this.deps.clock.now();
    if (secrets?.accessToken && secrets.accessTokenExpiresAt && secrets.accessTokenExpiresAt > now + 30_000) {
      this.deps.scheduler.schedule(profile.id, { issuedAt: secrets.accessTokenIssuedAt ?? now, expiresAt: secrets.accessTokenExpiresAt });
      this.deps.runtime.announce(profile);
      return;
    }
    this.deps.refresher.refresh(profile, 'startup').catch((error: unknown) => this.logCrash(profile, error));
  }

  /** The scheduler's callback: this profile's token is due. */
  due(profileId: ProfileId): void {
    const profile = this.deps.profile(profileId);
    if (!profile || this.deps.stopped()) return;
    this.deps.refresher.refresh(profile, 'scheduled').catch((error: unknown) => this.logCrash(profile, error));
  }

  /** New tokens from a sign-in: scheduled like a refresh's, then checked. */
  signedIn(profile: ProfileConfig, tokens: TokenSet): void {
    this.deps.scheduler.schedule(profile.id, { issuedAt: tokens.issuedAt, expiresAt: tokens.expiresAt });
    this.learnAbout(profile, tokens.scope);
  }

  /** The refresher's callback: everything that follows from one refresh outcome. */
  onRefreshEvent(event: RefreshEvent): void {
    const profile = this.deps.profile(event.profileId);
    if (!profile || this.deps.stopped()) return;
    const { bus, metrics, scheduler } = this.deps;
    switch (event.type) {
      case 'refresh_succeeded': {
        const expiresAt = new Date(event.expiresAt).toISOString();
        void metrics.recordRefresh(profile.id, { ms: event.latencyMs, ok: true, attempts: event.attempts });
        void bus.audit('refresh_succeeded', profile.id, { reason: event.reason, latencyMs: Math.round(event.latencyMs), attempts: event.attempts, rotated: event.rotated, expiresAt });
        void bus.webhook('refresh.succeeded', profile, { latencyMs: Math.round(event.latencyMs), attempts: event.attempts, expiresAt });
        scheduler.schedule(profile.id, { issuedAt: this.deps.secrets(profile.id)?.accessTokenIssuedAt ?? event.at, expiresAt: event.expiresAt });
        this.learnAbout(profile, event.scope);
        break;
      }
      case 'refresh_failed': {
        // A try that will be retried is part of a refresh still running: counted when it ends.
        if (!event.willRetry) void metrics.recordRefresh(profile.id, { ms: event.latencyMs, ok: false, code: event.problem.code, attempts: event.attempt });
        void bus.audit('refresh_failed', profile.id, {
          code: event.problem.code,
          message: event.problem.message,
          serverError: event.problem.serverError ?? null,
          httpStatus: event.problem.httpStatus ?? null,
          attempt: event.attempt,
          willRetry: event.willRetry,
        });
        if (!event.willRetry && event.kind !== 'grant_rejected') {
          void bus.webhook('refresh.failed', profile, { error: problemForWebhook(event.problem), willRetry: false, attempts: event.attempt });
        }
        if (event.nextAttemptAt !== undefined && !event.willRetry) scheduler.scheduleAt(profile.id, event.nextAttemptAt);
        break;
      }
      case 'signin_required': {
        scheduler.cancel(profile.id);
        void bus.audit('signin_required', profile.id, { code: event.problem.code, message: event.problem.message, serverError: event.problem.serverError ?? null });
        void bus.webhook('signin.required', profile, { error: problemForWebhook(event.problem) });
        bus.notify('warning', profile.id, `${profile.name}: sign-in required`, event.problem.message);
        break;
      }
      default:
        break;
    }
    this.deps.runtime.announce(profile);
  }

  /** After new tokens: what they may do (response or JWT scopes), and Genesys's own word in the background. */
  private learnAbout(profile: ProfileConfig, responseScope: string | undefined): void {
    const { runtime, checks } = this.deps;
    runtime.observeTokenScopes(profile, responseScope);
    if (profile.provider.kind !== 'genesys') return;
    // tokens/me is the runtime truth for scopes and gives the idle deadline.
    if (profile.grant !== 'client_credentials') checks.validate(profile).catch(() => {});
    // Client credentials: ask tokens/me once which org this client belongs to, for the card.
    else if (!runtime.knowsOrganization(profile.id)) checks.inspect(profile).then(() => runtime.announce(profile), () => {});
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
