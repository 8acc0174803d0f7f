// Notices the engine pushes (a token about to run out, a sign-in needed). One about a profile the
// attention banner already names is not repeated: the banner and that row say it once.

import { X } from 'lucide-react';
import type { ProfileStatus } from '../../../shared/domain';
import type { Notice } from '../../../shared/dashboard-types';
import { useCanCopy } from '../app-info';
import { diagnose } from '../status/diagnosis';
import { clip } from '../text';

export function Notices({ notices, statuses, dismiss }: { notices: Notice[]; statuses: ProfileStatus[]; dismiss: (index: number) => void }) {
  const canCopy = useCanCopy();
  const now = Date.now();
  const covered = new Set(statuses.filter((s) => diagnose(s, { now, canCopy }).needsAttention).map((s) => s.profile.id));
  const shown = notices.map((n, index) => ({ n, index })).filter(({ n }) => !n.profileId || !covered.has(n.profileId));
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
