// The refresher: obtains new access tokens for a profile, exactly one request in flight per
// profile however many callers ask, rotation-safe (new tokens are durably stored before anyone
// gets them), retrying 429s and transient failures within bounds, and stopping at once with
// "sign-in required" when the grant is rejected. Events carry no tokens.

import { createHash } from 'node:crypto';
import type { ProblemInfo, ProfileConfig, ProfileId, ProfileState } from '../../../shared/domain.js';
import {
  EngineError,
  silentLogger,
  type Clock,
  type FailureKind,
  type Logger,
  type ProfileSecrets,
  type SecretStore,
  type TokenSet,
} from '../contracts.js';
import { fullJitterBackoff } from '../http/backoff.js';
import { requestToken, type ResolveTokenEndpoint } from './token-client.js';
import type { FetchFunction } from '../http/fetch-with-timeout.js';

export type RefreshReason = 'scheduled' | 'forced' | 'unauthorized' | 'startup' | 'expired';

export interface RetryPolicy {
  /** Total tries within one refresh (first try included). */
  maxAttempts: number;
  baseMs: number;
  capMs: number;
  /** A Retry-After longer than this is not waited out in-call; the scheduler retries later. */
  maxRetryAfterWaitMs: number;
  timeoutMs: number;
  /** After the attempts are used up, try again this much later (network down, long outage). */
  giveUpRetryMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseMs: 500,
  capMs: 30_000,
  maxRetryAfterWaitMs: 60_000,
  timeoutMs: 15_000,
  giveUpRetryMs: 60_000,
};

export type RefreshEvent =
  | { type: 'refresh_started'; profileId: ProfileId; reason: RefreshReason; at: number }
  | { type: 'refresh_succeeded'; profileId: ProfileId; reason: RefreshReason; at: number; latencyMs: number; attempts: number; expiresAt: number; scope?: string; rotated: boolean }
  | { type: 'refresh_failed'; profileId: ProfileId; at: number; latencyMs: number; attempt: number; problem: ProblemInfo; kind: FailureKind; willRetry: boolean; nextAttemptAt?: number }
  | { type: 'signin_required'; profileId: ProfileId; at: number; problem: ProblemInfo }
  | { type: 'state_changed'; profileId: ProfileId; state: ProfileState };

export interface RefresherStatus {
  state: ProfileState;
  retry?: { attempt: number; nextAttemptAt: number };
  lastError?: ProblemInfo;
  lastRefreshAt?: number;
  expiresAt?: number;
  issuedAt?: number;
}

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
  /** New tokens the vault failed to store: kept here so nothing is lost, and used before the vault's. */
  private readonly unsaved = new Map<ProfileId, Partial<ProfileSecrets>>();
  /** Hashes of access tokens a 401 already refreshed for: one refresh per rejected token, never a loop. */
  private readonly refreshedAfter401 = new Set<string>();
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly logger: Logger;

  constructor(private readonly options: RefresherOptions) {
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
    this.logger = options.logger ?? silentLogger;
  }

  status(profileId: ProfileId): RefresherStatus {
    const secrets = this.secretsOf(profileId);
    const status = this.statuses.get(profileId) ?? { state: 'valid' };
    return { ...status, expiresAt: secrets.accessTokenExpiresAt, issuedAt: secrets.accessTokenIssuedAt };
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
    const run = this.run(profile, reason).finally(() => this.inFlight.delete(profile.id));
    this.inFlight.set(profile.id, run);
    return run;
  }

  /** A token valid for at least `minValidityMs`, refreshing (shared single flight) when needed. */
  async getAccessToken(profile: ProfileConfig, options: { minValidityMs?: number } = {}): Promise<{ token: string; expiresAt: number }> {
    const minValidity = options.minValidityMs ?? 30_000;
    const secrets = this.secretsOf(profile.id);
    if (secrets.accessToken && secrets.accessTokenExpiresAt && secrets.accessTokenExpiresAt - this.options.clock.now() >= minValidity) {
      return { token: secrets.accessToken, expiresAt: secrets.accessTokenExpiresAt };
    }
    const tokens = await this.refresh(profile, 'expired');
    return { token: tokens.accessToken, expiresAt: tokens.expiresAt };
  }

  /**
   * The API answered 401 for `rejected`. If a newer token exists, use it; otherwise refresh once
   * for this token. A second 401 for the same token returns undefined: the caller gives up.
   */
  async handleUnauthorized(profile: ProfileConfig, rejected: string): Promise<TokenSet | undefined> {
    const secrets = this.secretsOf(profile.id);
    if (secrets.accessToken && secrets.accessToken !== rejected && secrets.accessTokenExpiresAt && secrets.accessTokenExpiresAt > this.options.clock.now()) {
      return { accessToken: secrets.accessToken, tokenType: 'bearer', expiresAt: secrets.accessTokenExpiresAt, issuedAt: secrets.accessTokenIssuedAt ?? this.options.clock.now() };
    }
    const key = createHash('sha256').update(rejected).digest('hex');
    if (this.refreshedAfter401.has(key)) return undefined;
    if (this.refreshedAfter401.size > 256) this.refreshedAfter401.clear();
    this.refreshedAfter401.add(key);
    return this.refresh(profile, 'unauthorized');
  }

  private secretsOf(profileId: ProfileId): ProfileSecrets {
    return { ...this.options.store.get(profileId), ...this.unsaved.get(profileId) };
  }

  private async run(profile: ProfileConfig, reason: RefreshReason): Promise<TokenSet> {
    const { clock } = this.options;
    const started = clock.now();
    const previous = this.statuses.get(profile.id);
    this.emit({ type: 'refresh_started', profileId: profile.id, reason, at: started });
    this.setStatus(profile.id, { state: 'refreshing', lastRefreshAt: previous?.lastRefreshAt, lastError: previous?.lastError });
    await this.retryUnsaved(profile.id);

    for (let attempt = 1; ; attempt += 1) {
      try {
        const tokens = await this.attempt(profile);
        const secretsBefore = this.secretsOf(profile.id);
        await this.persist(profile.id, tokens, secretsBefore.refreshToken);
        const at = clock.now();
        this.setStatus(profile.id, { state: 'valid', lastRefreshAt: at });
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
        const decision = this.decide(error, attempt);
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
        await this.stop(profile, error, decision.nextAttemptAt, attempt, previous?.lastRefreshAt);
        throw error;
      }
    }
  }

  /** Whether to retry in-call (and after how long) or stop, possibly with a later retry. */
  private decide(error: EngineError, attempt: number): { retryInMs?: number; nextAttemptAt?: number } {
    const now = this.options.clock.now();
    const { maxAttempts, maxRetryAfterWaitMs, giveUpRetryMs } = this.policy;
    if (error.kind === 'rate_limited' || error.kind === 'transient') {
      const wait = error.retryAfterMs ?? fullJitterBackoff(attempt - 1, this.policy, this.random);
      if (attempt < maxAttempts && wait <= maxRetryAfterWaitMs) return { retryInMs: wait };
      return { nextAttemptAt: now + Math.max(wait, giveUpRetryMs) };
    }
    return {};
  }

  private async stop(profile: ProfileConfig, error: EngineError, nextAttemptAt: number | undefined, attempt: number, lastRefreshAt: number | undefined): Promise<void> {
    const { clock } = this.options;
    if (error.kind === 'grant_rejected' || (error.kind === 'config' && error.problem.code === 'signin_needed')) {
      if (error.kind === 'grant_rejected' && profile.grant !== 'client_credentials') {
        // The rejected refresh token is dead: never send it again.
        await this.options.store.clear(profile.id, ['refreshToken']).catch(() => {});
        this.unsaved.delete(profile.id);
      }
      this.setStatus(profile.id, { state: 'signin_required', lastError: error.problem, lastRefreshAt });
      this.emit({ type: 'signin_required', profileId: profile.id, at: clock.now(), problem: error.problem });
      return;
    }
    if (nextAttemptAt !== undefined) {
      this.setStatus(profile.id, { state: 'retrying', retry: { attempt, nextAttemptAt }, lastError: error.problem, lastRefreshAt });
      return;
    }
    this.setStatus(profile.id, { state: 'error', lastError: error.problem, lastRefreshAt });
  }

  private async attempt(profile: ProfileConfig): Promise<TokenSet> {
    const { clock } = this.options;
    const secrets = this.secretsOf(profile.id);
    const endpoint = await this.options.resolveEndpoint(profile).catch((error: unknown) => {
      throw new EngineError('transient', { code: 'endpoint_unavailable', message: error instanceof Error ? error.message : String(error), at: clock.now() });
    });
    const params = this.grantParams(profile, secrets);
    return requestToken({
      tokenUrl: endpoint.tokenUrl,
      clientAuth: { method: endpoint.authMethod, clientId: profile.clientId, ...(secrets.clientSecret ? { clientSecret: secrets.clientSecret } : {}) },
      params,
      timeoutMs: this.policy.timeoutMs,
      clock,
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
    });
  }

  private grantParams(profile: ProfileConfig, secrets: ProfileSecrets): Record<string, string> {
    const at = this.options.clock.now();
    if (profile.grant === 'client_credentials') {
      const params: Record<string, string> = { grant_type: 'client_credentials' };
      // Genesys client-credentials clients are governed by roles and take no scope parameter.
      if (profile.provider.kind === 'oidc' && profile.requiredScopes.length > 0) params.scope = profile.requiredScopes.join(' ');
      return params;
    }
    if (!secrets.refreshToken) {
      const message = profile.grant === 'pkce'
        ? 'PKCE sign-ins come without a refresh token, so the token cannot be renewed: sign in again before it expires.'
        : 'There is no refresh token for this profile yet (or it was rejected): sign in to get one.';
      throw new EngineError('config', { code: 'signin_needed', message, at });
    }
    // No `scope` on refresh: the server keeps the original grant, so we can never ask for more.
    return { grant_type: 'refresh_token', refresh_token: secrets.refreshToken };
  }

  /** Stores the new tokens before anyone sees them; on failure keeps them in memory and says so. */
  private async persist(profileId: ProfileId, tokens: TokenSet, previousRefreshToken: string | undefined): Promise<void> {
    const patch: Partial<ProfileSecrets> = {
      accessToken: tokens.accessToken,
      accessTokenExpiresAt: tokens.expiresAt,
      accessTokenIssuedAt: tokens.issuedAt,
      refreshToken: tokens.refreshToken ?? previousRefreshToken,
      ...(tokens.scope !== undefined ? { grantedScope: tokens.scope } : {}),
      ...(tokens.idToken ? { idToken: tokens.idToken } : {}),
    };
    try {
      await this.options.store.update(profileId, patch);
      this.unsaved.delete(profileId);
    } catch (error) {
      this.unsaved.set(profileId, { ...this.unsaved.get(profileId), ...patch });
      this.logger.error('vault write failed after refresh', { profileId, error: error instanceof Error ? error.message : String(error) });
      throw new EngineError('storage', {
        code: 'vault_write_failed',
        message: `Could not save the new tokens to the encrypted store (${error instanceof Error ? error.message : String(error)}). They are kept in memory and TokenTray will retry saving; check free disk space and permissions of the data folder.`,
        at: this.options.clock.now(),
      });
    }
  }

  private async retryUnsaved(profileId: ProfileId): Promise<void> {
    const pending = this.unsaved.get(profileId);
    if (!pending) return;
    try {
      await this.options.store.update(profileId, pending);
      this.unsaved.delete(profileId);
    } catch {
      // Still failing: keep using the in-memory tokens (secretsOf overlays them).
    }
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
