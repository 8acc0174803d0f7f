// Builds the renderer-safe ProfileStatus from the engine's internal pieces. Pure: no I/O, no
// secrets out (only a masked token preview), so it is easy to test and safe to send over IPC.

import type {
  ProblemInfo,
  ProfileConfig,
  ProfileState,
  ProfileStatus,
  ScopeDrift,
  ScopeView,
} from '../../../shared/domain.js';

export interface StatusInputs {
  profile: ProfileConfig;
  now: number;
  /** The refresher's own view (refreshing, retrying, sign-in required, error). */
  refresherState: ProfileState;
  retry?: { attempt: number; nextAttemptAt: number };
  lastError?: ProblemInfo;
  lastRefreshAt?: number;
  accessToken?: string;
  expiresAt?: number;
  issuedAt?: number;
  idleAt?: number;
  nextRefreshAt?: number;
  scopes: ScopeView;
  lastDrift?: ScopeDrift;
  tokenPreview?: string;
  tokenFormat?: 'jwt' | 'opaque';
}

/**
 * A token counts as "expiring" once less than 10% of its lifetime or 2 minutes is left, whichever
 * is shorter. The scheduler renews at 80%, so a healthy profile never shows this; it appears only
 * when renewal is paused or keeps failing, which is exactly when the user should look.
 */
const EXPIRING_FRACTION = 0.1;
const EXPIRING_CAP_MS = 2 * 60_000;

export function buildProfileStatus(input: StatusInputs): ProfileStatus {
  return {
    profile: input.profile,
    state: deriveState(input),
    expiresAt: input.expiresAt,
    issuedAt: input.issuedAt,
    idleAt: input.idleAt,
    nextRefreshAt: input.nextRefreshAt,
    retry: input.refresherState === 'retrying' ? input.retry : undefined,
    lastError: input.lastError,
    lastRefreshAt: input.lastRefreshAt,
    tokenFormat: input.accessToken ? input.tokenFormat : undefined,
    tokenPreview: input.accessToken ? input.tokenPreview : undefined,
    scopes: input.scopes,
    lastDrift: input.lastDrift,
  };
}

function deriveState(input: StatusInputs): ProfileState {
  const { refresherState, accessToken, expiresAt, issuedAt, idleAt, now } = input;
  // States that need the user's attention win over what the stored token looks like.
  if (refresherState === 'signin_required' || refresherState === 'error') return refresherState;
  if (refresherState === 'refreshing' || refresherState === 'retrying') return refresherState;
  if (accessToken === undefined || expiresAt === undefined) return 'no_token';
  if (expiresAt <= now || (idleAt !== undefined && idleAt <= now)) return 'expired';
  const lifetime = issuedAt !== undefined ? expiresAt - issuedAt : 0;
  const warnWindow = Math.min(EXPIRING_CAP_MS, lifetime * EXPIRING_FRACTION);
  return expiresAt - now <= warnWindow ? 'expiring' : 'valid';
}
