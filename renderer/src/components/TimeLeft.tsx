// Time left on the token as a thin bar and a countdown, for a list row. Ticks through the shared
// clock, so only this small part re-renders each second.

import type { ProfileStatus } from '../../../shared/domain';
import { useNow } from '../clock';
import { countdown } from '../format';
import { hasLiveToken } from './LifeBar';

export function TimeLeft({ status }: { status: ProfileStatus }) {
  const now = useNow();
  const live = hasLiveToken(status, now);
  const left = live ? status.expiresAt! - now : 0;
  const lifetime = status.expiresAt && status.issuedAt ? status.expiresAt - status.issuedAt : 0;
  const share = live && lifetime > 0 ? Math.max(0, Math.min(1, left / lifetime)) : 0;
  const tone = share > 0.25 ? 'ok' : share > 0.1 ? 'warn' : 'bad';
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
