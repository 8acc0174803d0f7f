// Notices the engine pushes (a token about to run out, a sign-in needed). A warning about a profile
// is not repeated here: that profile's row says it (in its current state, never stale) and the
// banner counts it; the desktop app raises it as a system notification too.

import { X } from 'lucide-react';
import type { ProfileStatus } from '../../../shared/domain';
import type { Notice } from '../../../shared/dashboard-types';
import { clip } from '../text';

export function Notices({ notices, statuses, dismiss }: { notices: Notice[]; statuses: ProfileStatus[]; dismiss: (index: number) => void }) {
  const known = new Set(statuses.map((s) => s.profile.id));
  const shown = notices.map((n, index) => ({ n, index })).filter(({ n }) => !(n.level === 'warning' && n.profileId && known.has(n.profileId)));
  return (
    <div aria-live="polite" className="notices">
      {shown.map(({ n, index }) => (
        <p key={index} className={n.level === 'warning' ? 'warning notice' : 'notice'}>
          <span><strong>{clip(n.title, 120)}</strong> {clip(n.message, 400)}</span>
          <button type="button" className="icon-button" onClick={() => dismiss(index)} aria-label={`Dismiss: ${clip(n.title, 60)}`}><X aria-hidden="true" size={16} /></button>
        </p>
      ))}
    </div>
  );
}
