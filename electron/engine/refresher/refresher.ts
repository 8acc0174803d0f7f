// The refresher: obtains new access tokens for a profile, exactly one request in flight per
// profile however many callers ask, rotation-safe (new tokens are durably stored before anyone
// gets them), retrying 429s and transient failures within bounds, and stopping at once with
// "sign-in required" when the grant is rejected. Events carry no tokens.

import type { ProfileConfig, ProfileId } from '../../../shared/domain.js';
import {
  EngineError,
  silentLogger,
  type Clock,
  type Logger,
  type ProfileSecrets,
  type SecretStore,
  type TokenSet,
} from '../contracts.js';
import { fullJitterBackoff } from '../http/backoff.js';
import { boundedRetryAt } from '../http/server-bounds.js';
import { grantParams } from './grant-params.js';
import { DEFAULT_RETRY_POLICY, type RefreshEvent, type RefreshReason, type RefresherStatus, type RetryPolicy } from './refresh-types.js';
import { DurableTokens } from './durable-tokens.js';
import { requestToken, type ResolveTokenEndpoint } from './token-client.js';
import { UnauthorizedCoalescer } from './unauthorized.js';
import type { FetchFunction } from '../http/fetch-with-timeout.js';

export { DEFAULT_RETRY_POLICY, type RefreshEvent, type RefreshReason, type RefresherStatus, type RetryPolicy } from './refresh-types.js';

export interface RefresherOptions {
  store: SecretStore;
  resolveEndpoint: ResolveTokenEndpoint;
  clock: Clock;
  logger?: Logger;
  policy?: Partial<RetryPolicy>;
  onEvent?: (event: RefreshEvent) => void;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** The network for token requests (default: the global fetch). */
  fetch?: FetchFunction;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class Refresher {
  private readonly policy: RetryPolicy;
  private readonly inFlight = new Map<ProfileId, Promise<TokenSet>>();
  private readonly statuses = new Map<ProfileId, RefresherStatus>();
  /** Stores new tokens before anyone sees them; owes a retry where a durable write failed. */
  private readonly durable: DurableTokens;
  private readonly unauthorized = new UnauthorizedCoalescer();
  /** Bumped by forget(): runs started before it may not write their outcome back. */
  private readonly epochs = new Map<ProfileId, number>();
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly logger: Logger;

  constructor(private readonly options: RefresherOptions) {
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
    this.logger = options.logger ?? silentLogger;
    this.durable = new DurableTokens(options.store, options.clock, this.logger);
  }

  status(profileId: ProfileId): RefresherStatus {
    const secrets = this.secretsOf(profileId);
    const status = this.statuses.get(profileId) ?? { state: 'valid' };
    return { ...status, expiresAt: secrets.accessTokenExpiresAt, issuedAt: secrets.accessTokenIssuedAt };
  }

  /**
   * Forget everything about a profile (its stop, retry state, 401 bookkeeping), as when it is
   * removed, or edited with new credentials: the next refresh starts from what the store holds.
   * A refresh still in flight finishes, but cannot put the old stop back.
   */
  forget(profileId: ProfileId): void {
    this.epochs.set(profileId, this.epochOf(profileId) + 1);
    this.statuses.delete(profileId);
    this.durable.forget(profileId);
    this.unauthorized.forget(profileId);
    this.inFlight.delete(profileId);
  }

  /** After a successful sign-in: forget the stop so scheduling resumes. */
  clearSigninRequired(profileId: ProfileId): void {
    const status = this.statuses.get(profileId);
    if (status?.state === 'signin_required') this.setStatus(profileId, { state: 'valid', lastRefreshAt: status.lastRefreshAt });
  }

  /** One refresh per profile in flight: concurrent callers share the same promise and result. */
  refresh(profile: ProfileConfig, reason: RefreshReason): Promise<TokenSet> {
    const running = this.inFlight.get(profile.id);
    if (running) return running;
    const status = this.statuses.get(profile.id);
    if (status?.state === 'signin_required' && reason !== 'forced' && status.lastError) {
      // Stopped until the user signs in: no request, no loop.
      return Promise.reject(new EngineError('grant_rejected', status.lastError));
    }
    return this.track(profile.id, this.run(profile, reason));
  }

  /**
   * Proves a refresh token the user supplied by refreshing with it, and only then stores it. When
   * the server rejects it, the stored refresh token, tokens and state stay exactly as they were.
   * Waits for a refresh already in flight, so the two never race on the stored token.
   */
  async refreshWithCandidate(profile: ProfileConfig, candidateRefreshToken: string): Promise<TokenSet> {
    for (let running = this.inFlight.get(profile.id); running; running = this.inFlight.get(profile.id)) {
      await running.catch(() => undefined);
    }
    return this.track(profile.id, this.run(profile, 'forced', candidateRefreshToken));
  }

  private epochOf(profileId: ProfileId): number {
    return this.epochs.get(profileId) ?? 0;
  }

  private track(profileId: ProfileId, run: Promise<TokenSet>): Promise<TokenSet> {
    const tracked = run.finally(() => {
      if (this.inFlight.get(profileId) === tracked) this.inFlight.delete(profileId);
    });
    this.inFlight.set(profileId, tracked);
    return tracked;
  }

  /** A token valid for at least `minValidityMs`, refreshing (shared single flight) when needed. */
  async getAccessToken(profile: ProfileConfig, options: { minValidityMs?: number } = {}): Promise<{ token: string; expiresAt: number }> {
    const minValidity = options.minValidityMs ?? 30_000;
    const stop = this.statuses.get(profile.id);
    if (stop?.state === 'signin_required' && stop.grantRejected && stop.lastError) {
      throw new EngineError('grant_rejected', {
        ...stop.lastError,
        code: 'grant_revoked',
        message: `Sign-in required: ${stop.lastError.message} The last access token belongs to that rejected grant, so TokenTray no longer hands it out.`,
      });
    }
    const secrets = this.secretsOf(profile.id);
    if (secrets.accessToken && secrets.accessTokenExpiresAt && secrets.accessTokenExpiresAt - this.options.clock.now() >= minValidity) {
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
    return this.unauthorized.handle(profile.id, rejected, () => this.currentToken(profile.id), () => this.refresh(profile, 'unauthorized'));
  }

  private currentToken(profileId: ProfileId): TokenSet | undefined {
    const secrets = this.secretsOf(profileId);
    const now = this.options.clock.now();
    if (!secrets.accessToken || !secrets.accessTokenExpiresAt || secrets.accessTokenExpiresAt <= now) return undefined;
    return { accessToken: secrets.accessToken, tokenType: 'bearer', expiresAt: secrets.accessTokenExpiresAt, issuedAt: secrets.accessTokenIssuedAt ?? now };
  }

  private secretsOf(profileId: ProfileId): ProfileSecrets {
    return this.options.store.get(profileId) ?? {};
  }

  private async run(profile: ProfileConfig, reason: RefreshReason, candidate?: string): Promise<TokenSet> {
    const { clock } = this.options;
    const started = clock.now();
    const previous = this.statuses.get(profile.id);
    const epoch = this.epochOf(profile.id);
    // After forget(), this run's outcome belongs to a profile that no longer exists as it was.
    const live = () => this.epochOf(profile.id) === epoch;
    this.emit({ type: 'refresh_started', profileId: profile.id, reason, at: started });
    if (live()) this.setStatus(profile.id, { state: 'refreshing', lastRefreshAt: previous?.lastRefreshAt, lastError: previous?.lastError });
    await this.durable.retryOwed(profile.id);

    const discarded = () => new EngineError('config', { code: 'profile_changed', message: 'The profile was changed or removed while this refresh ran; its result was discarded.', at: clock.now() });
    for (let attempt = 1; ; attempt += 1) {
      // A retry must not pick up credentials given to the profile after forget(): the new run owns them.
      if (!live()) throw discarded();
      try {
        const tokens = await this.attempt(profile, candidate);
        if (!live()) throw discarded();
        const secretsBefore = this.secretsOf(profile.id);
        await this.durable.save(profile.id, tokens, candidate ?? secretsBefore.refreshToken);
        const at = clock.now();
        if (live()) this.setStatus(profile.id, { state: 'valid', lastRefreshAt: at });
        this.emit({
          type: 'refresh_succeeded',
          profileId: profile.id,
          reason,
          at,
          latencyMs: at - started,
          attempts: attempt,
          expiresAt: tokens.expiresAt,
          ...(tokens.scope !== undefined ? { scope: tokens.scope } : {}),
          rotated: tokens.refreshToken !== undefined && tokens.refreshToken !== secretsBefore.refreshToken,
        });
        return tokens;
      } catch (caught) {
        const error = toEngineError(caught, clock.now());
        if (!live()) throw error;
        const decision = this.decide(error, attempt, this.secretsOf(profile.id).accessTokenExpiresAt);
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
          this.setStatus(profile.id, { state: 'retrying', retry: { attempt, nextAttemptAt: now + decision.retryInMs }, lastError: error.problem, lastRefreshAt: previous?.lastRefreshAt });
          await this.sleep(decision.retryInMs);
          continue;
        }
        if (candidate !== undefined) throw this.rejectCandidate(profile.id, error, previous);
        await this.stop(profile, error, decision.nextAttemptAt, attempt, previous?.lastRefreshAt);
        throw error;
      }
    }
  }

  /** A supplied refresh token did not work: nothing stored changes, the profile's state returns. */
  private rejectCandidate(profileId: ProfileId, error: EngineError, previous: RefresherStatus | undefined): EngineError {
    if (previous) this.setStatus(profileId, previous);
    else {
      this.statuses.delete(profileId);
      this.emit({ type: 'state_changed', profileId, state: 'valid' });
    }
    if (error.kind !== 'grant_rejected') return error;
    return new EngineError('grant_rejected', {
      ...error.problem,
      message: `The refresh token you supplied was not accepted: ${error.problem.message} The profile keeps the refresh token it had.`,
    });
  }

  /** Whether to retry in-call (and after how long) or stop, possibly with a later retry. */
  private decide(error: EngineError, attempt: number, tokenExpiresAt: number | undefined): { retryInMs?: number; nextAttemptAt?: number } {
    const now = this.options.clock.now();
    const { maxAttempts, maxRetryAfterWaitMs, giveUpRetryMs } = this.policy;
    if (error.kind === 'rate_limited' || error.kind === 'transient') {
      const wait = error.retryAfterMs ?? fullJitterBackoff(attempt - 1, this.policy, this.random);
      if (attempt < maxAttempts && wait <= maxRetryAfterWaitMs) return { retryInMs: wait };
      // A server's wait is capped (15 min, and before the current token lapses): see server-bounds.ts.
      return { nextAttemptAt: boundedRetryAt(now, Math.max(wait, giveUpRetryMs), tokenExpiresAt) };
    }
    return {};
  }

  private async stop(profile: ProfileConfig, error: EngineError, nextAttemptAt: number | undefined, attempt: number, lastRefreshAt: number | undefined): Promise<void> {
    const { clock } = this.options;
    if (error.kind === 'grant_rejected' || (error.kind === 'config' && error.problem.code === 'signin_needed')) {
      if (error.kind === 'grant_rejected') {
        // The grant is dead: never send its refresh token again, and never hand out its access
        // token again, not even after a restart. The issue time stays as a trace of the sign-in.
        const dead: (keyof ProfileSecrets)[] = ['accessToken', 'accessTokenExpiresAt', 'idToken'];
        await this.options.store.clear(profile.id, profile.grant === 'client_credentials' ? dead : ['refreshToken', ...dead]).catch(() => {});
      }
      this.setStatus(profile.id, { state: 'signin_required', lastError: error.problem, lastRefreshAt, ...(error.kind === 'grant_rejected' ? { grantRejected: true } : {}) });
      this.emit({ type: 'signin_required', profileId: profile.id, at: clock.now(), problem: error.problem });
      return;
    }
    if (nextAttemptAt !== undefined) {
      this.setStatus(profile.id, { state: 'retrying', retry: { attempt, nextAttemptAt }, lastError: error.problem, lastRefreshAt });
      return;
    }
    this.setStatus(profile.id, { state: 'error', lastError: error.problem, lastRefreshAt });
  }

  private async attempt(profile: ProfileConfig, candidate: string | undefined): Promise<TokenSet> {
    const { clock } = this.options;
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
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
    });
  }

  private setStatus(profileId: ProfileId, status: RefresherStatus): void {
    const before = this.statuses.get(profileId)?.state;
    this.statuses.set(profileId, status);
    if (before !== status.state) this.emit({ type: 'state_changed', profileId, state: status.state });
  }

  private emit(event: RefreshEvent): void {
    try {
      this.options.onEvent?.(event);
    } catch (error) {
      this.logger.warn('refresh event listener threw', { error: error instanceof Error ? error.message : String(error) });
    }
  }
}

function toEngineError(error: unknown, at: number): EngineError {
  if (error instanceof EngineError) return error;
  return new EngineError('transient', { code: 'unexpected', message: `Unexpected failure: ${error instanceof Error ? error.message : String(error)}`, at });
}
