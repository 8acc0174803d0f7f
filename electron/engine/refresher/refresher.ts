// The refresher: obtains new access tokens for a profile, exactly one request in flight per
// profile however many callers ask, rotation-safe (new tokens are stored the moment they arrive,
// see durable-tokens.ts), retrying 429s and transient failures within bounds, and stopping at once
// with "sign-in required" when the grant is rejected. It keeps no per-profile state of its own:
// everything lives in the profile's session, and a result for a session that has ended (sign-out,
// an edit, remove) is dropped. Events carry no tokens.

import type { ProfileConfig, ProfileId } from '../../../shared/domain.js';
import { EngineError, engineClock, silentLogger, sleepOn, type Clock, type EngineClock, type Logger, type ProfileSecrets, type SecretStore, type TokenSet } from '../contracts.js';
import { StandaloneSessions, type ProfileSession, type RefreshRecord, type SessionSource } from '../core/profile-session.js';
import type { FetchFunction } from '../http/fetch-with-timeout.js';
import type { RequestGate } from '../http/request-gate.js';
import type { Timers } from '../timers.js';
import { DurableTokens } from './durable-tokens.js';
import { grantParams } from './grant-params.js';
import { decideAfterFailure, stopFor, toEngineError } from './refresh-outcome.js';
import { DEFAULT_RETRY_POLICY, type RefreshEvent, type RefreshReason, type RefresherStatus, type RetryPolicy } from './refresh-types.js';
import { requestToken, type ResolveTokenEndpoint } from './token-client.js';
import { handleUnauthorized } from './unauthorized.js';

export { DEFAULT_RETRY_POLICY, type RefreshEvent, type RefreshReason, type RefresherStatus, type RetryPolicy } from './refresh-types.js';

export interface RefresherOptions {
  store: SecretStore;
  resolveEndpoint: ResolveTokenEndpoint;
  clock: Clock & Partial<Timers>;
  logger?: Logger;
  policy?: Partial<RetryPolicy>;
  /** Where each profile's session lives (the engine's profile registry); standalone by default. */
  sessions?: SessionSource;
  /** Bounds how many token requests run at once across profiles. */
  gate?: RequestGate;
  onEvent?: (event: RefreshEvent) => void;
  /** Overrides the wait between retries (tests record the waits instead). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  random?: () => number;
  /** The network for token requests (default: the global fetch). */
  fetch?: FetchFunction;
}

export class Refresher {
  private readonly policy: RetryPolicy;
  private readonly clock: EngineClock;
  private readonly sessions: SessionSource;
  private readonly durable: DurableTokens;
  private readonly listeners = new Set<(event: RefreshEvent) => void>();
  private readonly random: () => number;
  private readonly logger: Logger;

  constructor(private readonly options: RefresherOptions) {
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
    this.clock = engineClock(options.clock);
    this.sessions = options.sessions ?? new StandaloneSessions(() => this.clock.now());
    this.random = options.random ?? Math.random;
    this.logger = options.logger ?? silentLogger;
    this.durable = new DurableTokens(options.store, this.logger);
    if (options.onEvent) this.listeners.add(options.onEvent);
  }

  /** Subscribes to refresh events (the refresh loop turns them into schedules, audit lines, notices). */
  subscribe(listener: (event: RefreshEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  status(profileId: ProfileId): RefresherStatus {
    const secrets = this.secretsOf(profileId);
    return { ...this.sessions.session(profileId).refresh, expiresAt: secrets.accessTokenExpiresAt, issuedAt: secrets.accessTokenIssuedAt };
  }

  /** Standalone use: ends the profile's session (its stop, retries, 401 bookkeeping); late results are dropped. */
  forget(profileId: ProfileId): void {
    this.sessions.endSession(profileId, 'the profile was changed or removed');
  }

  /** After a successful sign-in: forget the stop so scheduling resumes. */
  clearSigninRequired(profileId: ProfileId): void {
    const session = this.sessions.session(profileId);
    if (session.refresh.state === 'signin_required' || session.refresh.signedOut) this.setStatus(session, { state: 'valid', lastRefreshAt: session.refresh.lastRefreshAt });
  }

  /** One refresh per profile in flight: concurrent callers share the same promise and result. */
  refresh(profile: ProfileConfig, reason: RefreshReason): Promise<TokenSet> {
    const session = this.sessions.session(profile.id);
    if (session.inFlight) return session.inFlight;
    const { state, lastError, signedOut } = session.refresh;
    // Signed out: nothing of TokenTray's own or a caller's starts a new grant; a forced refresh (the user's) may.
    if (signedOut && reason !== 'forced') return Promise.reject(new EngineError('config', signedOut));
    if (state === 'signin_required' && reason !== 'forced' && lastError) {
      // Stopped until the user signs in: no request, no loop.
      return Promise.reject(new EngineError('grant_rejected', lastError));
    }
    return this.track(session, this.run(profile, session, reason));
  }

  /**
   * Proves a refresh token the user supplied by refreshing with it, and only then stores it. When
   * the server rejects it, the stored refresh token, tokens and state stay exactly as they were.
   * Waits for a refresh already in flight, so the two never race on the stored token.
   */
  async refreshWithCandidate(profile: ProfileConfig, candidateRefreshToken: string): Promise<TokenSet> {
    const session = this.sessions.session(profile.id);
    while (session.inFlight) await session.inFlight.catch(() => undefined);
    return this.track(session, this.run(profile, session, 'forced', candidateRefreshToken));
  }

  /** A token valid for at least `minValidityMs`, refreshing (shared single flight) when needed. */
  async getAccessToken(profile: ProfileConfig, options: { minValidityMs?: number } = {}): Promise<{ token: string; expiresAt: number }> {
    const minValidity = options.minValidityMs ?? 30_000;
    const stop = this.sessions.session(profile.id).refresh;
    if (stop.signedOut) throw new EngineError('config', stop.signedOut);
    if (stop.state === 'signin_required' && stop.grantRejected && stop.lastError) {
      throw new EngineError('grant_rejected', {
        ...stop.lastError,
        code: 'grant_revoked',
        message: `Sign-in required: ${stop.lastError.message} The last access token belongs to that rejected grant, so TokenTray no longer hands it out.`,
      });
    }
    const secrets = this.secretsOf(profile.id);
    if (secrets.accessToken && secrets.accessTokenExpiresAt && secrets.accessTokenExpiresAt - this.clock.now() >= minValidity) {
      return { token: secrets.accessToken, expiresAt: secrets.accessTokenExpiresAt };
    }
    const tokens = await this.refresh(profile, 'expired');
    return { token: tokens.accessToken, expiresAt: tokens.expiresAt };
  }

  /**
   * The API answered 401 for `rejected`. Every caller holding that token waits for one shared
   * refresh and gets the new token to retry once with. Undefined only when the server rejects
   * the very token that refresh produced: retrying again could only loop.
   */
  handleUnauthorized(profile: ProfileConfig, rejected: string): Promise<TokenSet | undefined> {
    return handleUnauthorized(this.sessions.session(profile.id), rejected, () => this.currentToken(profile.id), () => this.refresh(profile, 'unauthorized'));
  }

  private track(session: ProfileSession, run: Promise<TokenSet>): Promise<TokenSet> {
    const tracked = run.finally(() => {
      if (session.inFlight === tracked) session.inFlight = undefined;
      this.emit({ type: 'refresh_settled', profileId: session.profileId });
    });
    session.inFlight = tracked;
    return tracked;
  }

  private currentToken(profileId: ProfileId): TokenSet | undefined {
    const secrets = this.secretsOf(profileId);
    const now = this.clock.now();
    if (!secrets.accessToken || !secrets.accessTokenExpiresAt || secrets.accessTokenExpiresAt <= now) return undefined;
    return { accessToken: secrets.accessToken, tokenType: 'bearer', expiresAt: secrets.accessTokenExpiresAt, issuedAt: secrets.accessTokenIssuedAt ?? now };
  }

  private secretsOf(profileId: ProfileId): ProfileSecrets {
    return this.options.store.get(profileId) ?? {};
  }

  private async run(profile: ProfileConfig, session: ProfileSession, reason: RefreshReason, candidate?: string): Promise<TokenSet> {
    const { clock } = this;
    const started = clock.now();
    const previous = session.refresh;
    this.emit({ type: 'refresh_started', profileId: profile.id, reason, at: started });
    this.setStatus(session, { state: 'refreshing', lastRefreshAt: previous.lastRefreshAt, lastError: previous.lastError });
    await this.durable.settle(session);

    for (let attempt = 1; ; attempt += 1) {
      // A retry must not pick up credentials given to the profile after its session ended.
      if (session.ended) throw session.signal.reason as Error;
      try {
        const tokens = await this.gated(profile, reason, () => this.attempt(profile, candidate, session.signal));
        // A late answer for an ended session is dropped: a sign-out never comes back signed in.
        if (session.ended) throw session.signal.reason as Error;
        const secretsBefore = this.secretsOf(profile.id);
        this.durable.save(session, tokens, candidate ?? secretsBefore.refreshToken, (why) => this.emit({ type: 'storage_failed', profileId: profile.id, at: clock.now(), reason: why }));
        const at = clock.now();
        this.setStatus(session, { state: 'valid', lastRefreshAt: at });
        this.emit({
          type: 'refresh_succeeded',
          profileId: profile.id,
          reason,
          at,
          latencyMs: at - started,
          attempts: attempt,
          expiresAt: tokens.expiresAt,
          issuedAt: tokens.issuedAt,
          ...(tokens.scope !== undefined ? { scope: tokens.scope } : {}),
          rotated: tokens.refreshToken !== undefined && tokens.refreshToken !== secretsBefore.refreshToken,
        });
        return tokens;
      } catch (caught) {
        if (session.ended) throw session.signal.reason as Error;
        const error = toEngineError(caught, clock.now());
        const decision = decideAfterFailure(error, attempt, this.secretsOf(profile.id).accessTokenExpiresAt, clock.now(), this.policy, this.random);
        const now = clock.now();
        this.emit({
          type: 'refresh_failed',
          profileId: profile.id,
          at: now,
          latencyMs: now - started,
          attempt,
          problem: error.problem,
          kind: error.kind,
          willRetry: decision.retryInMs !== undefined,
          ...(decision.nextAttemptAt !== undefined ? { nextAttemptAt: decision.nextAttemptAt } : {}),
        });
        if (decision.retryInMs !== undefined) {
          this.setStatus(session, { state: 'retrying', retry: { attempt, nextAttemptAt: now + decision.retryInMs }, lastError: error.problem, lastRefreshAt: previous.lastRefreshAt });
          await this.wait(decision.retryInMs, session.signal);
          continue;
        }
        if (candidate !== undefined) throw this.rejectCandidate(session, error, previous);
        await this.stop(profile, session, error, decision.nextAttemptAt, attempt, previous.lastRefreshAt);
        throw error;
      }
    }
  }

  private wait(ms: number, signal: AbortSignal): Promise<void> {
    return this.options.sleep ? this.options.sleep(ms, signal) : sleepOn(this.clock, ms, signal);
  }

  /** Through the gate when there is one: a caller waiting on this refresh goes first. */
  private gated<T>(profile: ProfileConfig, reason: RefreshReason, task: () => Promise<T>): Promise<T> {
    if (!this.options.gate) return task();
    const urgent = reason === 'forced' || reason === 'expired' || reason === 'unauthorized';
    return this.options.gate.run(task, { urgent, expiresAt: this.secretsOf(profile.id).accessTokenExpiresAt });
  }

  /** A supplied refresh token did not work: nothing stored changes, the profile's state returns. */
  private rejectCandidate(session: ProfileSession, error: EngineError, previous: RefreshRecord): EngineError {
    this.setStatus(session, previous);
    if (error.kind !== 'grant_rejected') return error;
    return new EngineError('grant_rejected', {
      ...error.problem,
      message: `The refresh token you supplied was not accepted: ${error.problem.message} The profile keeps the refresh token it had.`,
    });
  }

  private async stop(profile: ProfileConfig, session: ProfileSession, error: EngineError, nextAttemptAt: number | undefined, attempt: number, lastRefreshAt: number | undefined): Promise<void> {
    const stop = stopFor(profile, error, nextAttemptAt, attempt, lastRefreshAt);
    if (stop.clearSecrets.length > 0) await this.options.store.clear(profile.id, stop.clearSecrets).catch(() => {});
    if (session.ended) return;
    this.setStatus(session, stop.record);
    if (stop.record.state === 'signin_required') this.emit({ type: 'signin_required', profileId: profile.id, at: this.clock.now(), problem: error.problem });
  }

  private async attempt(profile: ProfileConfig, candidate: string | undefined, signal: AbortSignal): Promise<TokenSet> {
    const { clock } = this;
    const secrets = this.secretsOf(profile.id);
    const endpoint = await this.options.resolveEndpoint(profile).catch((error: unknown) => {
      throw new EngineError('transient', { code: 'endpoint_unavailable', message: error instanceof Error ? error.message : String(error), at: clock.now() });
    });
    const params = grantParams(profile, secrets, clock.now(), candidate);
    return requestToken({
      tokenUrl: endpoint.tokenUrl,
      clientAuth: { method: endpoint.authMethod, clientId: profile.clientId, ...(secrets.clientSecret ? { clientSecret: secrets.clientSecret } : {}) },
      params,
      timeoutMs: this.policy.timeoutMs,
      clock,
      signal,
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
    });
  }

  private setStatus(session: ProfileSession, record: RefreshRecord): void {
    if (session.ended) return;
    const before = session.refresh.state;
    session.refresh = record;
    if (before !== record.state) this.emit({ type: 'state_changed', profileId: session.profileId, state: record.state });
  }

  private emit(event: RefreshEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.logger.warn('refresh event listener threw', { error: error instanceof Error ? error.message : String(error) });
      }
    }
  }
}
