// The token's remaining life as a bar that drains, with the countdown, and the Genesys idle
// deadline beside it when there is one. Nothing ticks once the token has expired.

import type { ProfileStatus } from '../../../shared/domain';
import { clockOf, countdown } from '../format';
import { useTokenLife } from './token-life';

export { hasLiveToken } from './token-life';

export function LifeBar({ status }: { status: ProfileStatus }) {
  const { now, live, left, share, tone } = useTokenLife(status);
  const idleLeft = live && status.idleAt ? status.idleAt - now : undefined;
  return (
    <div className="life">
      <div className="life-row">
        <div className={`bar tone-${tone}`} role="progressbar" aria-label="Token life left" aria-valuemin={0} aria-valuemax={100}
          aria-valuenow={Math.round(share * 100)} aria-valuetext={live ? `${countdown(left)} left` : 'no valid token'}>
          <span style={{ transform: `scaleX(${share.toFixed(3)})` }} />
        </div>
        <span className="countdown" data-testid="countdown">{live ? countdown(left) : status.expiresAt && status.tokenPreview ? 'expired' : '—'}</span>
      </div>
      <p className="life-meta">
        {live ? <>Expires {clockOf(status.expiresAt!)}</> : 'No valid token'}
        {idleLeft !== undefined ? (
          <span className={idleLeft < left ? 'idle-first' : ''} data-testid="idle">
            {' · '}Idle deadline {idleLeft > 0 ? `in ${countdown(idleLeft)}` : 'passed'}
          </span>
        ) : null}
      </p>
    </div>
  );
}
