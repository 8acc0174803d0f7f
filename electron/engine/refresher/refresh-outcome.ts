// What a failed try leads to, as pure functions: retry in-call (and after how long), retry later,
// or stop, and what a stop clears and shows.

import type { ProfileConfig } from '../../../shared/domain.js';
import { EngineError, type ProfileSecrets } from '../contracts.js';
import type { RefreshRecord } from '../core/profile-session.js';
import { fullJitterBackoff } from '../http/backoff.js';
import { boundedRetryAt } from '../http/server-bounds.js';
import type { RetryPolicy } from './refresh-types.js';

/** Whether to retry in-call (and after how long) or stop, possibly with a later retry. */
export function decideAfterFailure(error: EngineError, attempt: number, tokenExpiresAt: number | undefined, now: number, policy: RetryPolicy, random: () => number): { retryInMs?: number; nextAttemptAt?: number } {
  const { maxAttempts, maxRetryAfterWaitMs, giveUpRetryMs } = policy;
  if (error.kind === 'rate_limited' || error.kind === 'transient') {
    const wait = error.retryAfterMs ?? fullJitterBackoff(attempt - 1, policy, random);
    if (attempt < maxAttempts && wait <= maxRetryAfterWaitMs) return { retryInMs: wait };
    // A server's wait is capped (15 min, and before the current token lapses): see server-bounds.ts.
    return { nextAttemptAt: boundedRetryAt(now, Math.max(wait, giveUpRetryMs), tokenExpiresAt) };
  }
  return {};
}

/** The state a refresh that gave up leaves, and which secrets a rejected grant takes with it. */
export function stopFor(profile: ProfileConfig, error: EngineError, nextAttemptAt: number | undefined, attempt: number, lastRefreshAt: number | undefined): { record: RefreshRecord; clearSecrets: (keyof ProfileSecrets)[] } {
  if (error.kind === 'grant_rejected' || (error.kind === 'config' && error.problem.code === 'signin_needed')) {
    // The grant is dead: never send its refresh token again, and never hand out its access
    // token again, not even after a restart. The issue time stays as a trace of the sign-in.
    const dead: (keyof ProfileSecrets)[] = ['accessToken', 'accessTokenExpiresAt', 'idToken'];
    const clearSecrets = error.kind !== 'grant_rejected' ? [] : profile.grant === 'client_credentials' ? dead : ['refreshToken' as const, ...dead];
    return { record: { state: 'signin_required', lastError: error.problem, lastRefreshAt, ...(error.kind === 'grant_rejected' ? { grantRejected: true } : {}) }, clearSecrets };
  }
  if (nextAttemptAt !== undefined) return { record: { state: 'retrying', retry: { attempt, nextAttemptAt }, lastError: error.problem, lastRefreshAt }, clearSecrets: [] };
  return { record: { state: 'error', lastError: error.problem, lastRefreshAt }, clearSecrets: [] };
}

export function toEngineError(error: unknown, at: number): EngineError {
  if (error instanceof EngineError) return error;
  return new EngineError('transient', { code: 'unexpected', message: `Unexpected failure: ${error instanceof Error ? error.message : String(error)}`, at });
}
