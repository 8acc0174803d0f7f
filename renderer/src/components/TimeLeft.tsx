// Time left on the token as a thin bar and a countdown, for a list row. Ticks through the shared
// clock, so only this small part re-renders each second.

import type { ProfileStatus } from '../../../shared/domain';
import { countdown } from '../format';
import { useTokenLife } from './token-life';

export function TimeLeft({ status }: { status: ProfileStatus }) {
  const { live, left, share, tone } = useTokenLife(status);
  const text = live ? countdown(left) : status.expiresAt && status.tokenPreview ? 'expired' : '—';
  return (
    <div className="time-left">
      {/* No token, no bar: an empty track would read as "no time left" on a row that never had any. */}
      {status.expiresAt === undefined ? <span className="thin-bar-none" /> : <div className={`thin-bar tone-${tone}`} role="progressbar" aria-label={`Token life left for ${status.profile.name}`} aria-valuemin={0} aria-valuemax={100}
        aria-valuenow={Math.round(share * 100)} aria-valuetext={live ? `${countdown(left)} left` : 'no valid token'}>
        <span style={{ transform: `scaleX(${share.toFixed(3)})` }} />
      </div>}
      <span className="countdown" data-testid="countdown">{text}</span>
    </div>
  );
}
