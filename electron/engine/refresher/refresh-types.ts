// The refresher's vocabulary: why a refresh runs, how it retries, what it reports, and the state
// it keeps per profile. Types and defaults only, so listeners can import them without the class.

import type { ProblemInfo, ProfileId, ProfileState } from '../../../shared/domain.js';
import type { FailureKind } from '../contracts.js';
import type { RefreshRecord } from '../core/profile-session.js';

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
  | { type: 'refresh_succeeded'; profileId: ProfileId; reason: RefreshReason; at: number; latencyMs: number; attempts: number; expiresAt: number; issuedAt: number; scope?: string; rotated: boolean }
  | { type: 'refresh_failed'; profileId: ProfileId; at: number; latencyMs: number; attempt: number; problem: ProblemInfo; kind: FailureKind; willRetry: boolean; nextAttemptAt?: number }
  | { type: 'signin_required'; profileId: ProfileId; at: number; problem: ProblemInfo }
  | { type: 'state_changed'; profileId: ProfileId; state: ProfileState }
  /** The refresh in flight is over (whatever its outcome): a due time that came meanwhile may run now. */
  | { type: 'refresh_settled'; profileId: ProfileId }
  /** New tokens are in memory but their durable write failed; it is retried before the next refresh. */
  | { type: 'storage_failed'; profileId: ProfileId; at: number; reason: string };

/** A session's refresh record as callers see it, with the stored token's times. */
export type RefresherStatus = RefreshRecord & { expiresAt?: number; issuedAt?: number };

