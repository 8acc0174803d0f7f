// How much of a token's life is left, ticking with the shared clock: one computation for the
// row's thin bar (TimeLeft) and the detail's bar (LifeBar).

import type { ProfileStatus } from '../../../shared/domain';
import { useNow } from '../clock';

export function hasLiveToken(status: ProfileStatus, now: number): boolean {
  return status.tokenPreview !== undefined && status.expiresAt !== undefined && status.expiresAt > now && status.state !== 'no_token';
}

export interface TokenLife {
  now: number;
  live: boolean;
  /** Milliseconds left (0 without a live token). */
  left: number;
  /** Share of the lifetime left, 0…1. */
  share: number;
  tone: 'ok' | 'warn' | 'bad';
}

export function useTokenLife(status: ProfileStatus): TokenLife {
  const now = useNow();
  const live = hasLiveToken(status, now);
  const left = live ? status.expiresAt! - now : 0;
  const lifetime = status.expiresAt && status.issuedAt ? status.expiresAt - status.issuedAt : 0;
  const share = live && lifetime > 0 ? Math.max(0, Math.min(1, left / lifetime)) : 0;
  return { now, live, left, share, tone: share > 0.25 ? 'ok' : share > 0.1 ? 'warn' : 'bad' };
}
